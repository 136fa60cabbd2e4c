"""Who may start a massage session, and when.

Screening answers, clearances and today's checks are health records: they are insert-only. A
correction is a new record (ScreeningSubmission.replaces); nothing is ever edited or deleted in
place, so what a parent answered on a given day can always be shown to a clinician.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safety import rules
from safety.rules import Outcome

SCREENING_VALID_DAYS = 30
DAILY_CHECK_VALID_HOURS = 12


class BodyArea(models.TextChoices):
    """The seven body areas. Kept here so a clinician's clearance can leave areas out without
    the safety app knowing anything about the massage content."""

    HEAD = "head", _("Head & face")
    STOMACH = "stomach", _("Stomach")
    CHEST = "chest", _("Chest")
    ARMS = "arms", _("Hands & arms")
    LEGS = "legs", _("Legs")
    FEET = "feet", _("Feet")
    BACK = "back", _("Back")


class InsertOnlyError(Exception):
    """Raised when code tries to change or delete a health record."""


class InsertOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise InsertOnlyError(f"{self.model.__name__} records are insert-only: add a new record instead.")

    def delete(self):
        raise InsertOnlyError(f"{self.model.__name__} records are insert-only and are never deleted.")


class InsertOnlyModel(models.Model):
    objects = InsertOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Integrity, not business logic: a health record, once written, stays as it was.
        if not self._state.adding:
            raise InsertOnlyError(f"{type(self).__name__} records are insert-only: add a new record instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise InsertOnlyError(f"{type(self).__name__} records are insert-only and are never deleted.")


class BabyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(removed_at__isnull=True)


class Baby(models.Model):
    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="babies", verbose_name=_("parent")
    )
    name = models.CharField(_("name or nickname"), max_length=60)
    birth_date = models.DateField(_("date of birth"))
    weeks_at_birth = models.PositiveSmallIntegerField(
        _("weeks of pregnancy at birth"), default=40, validators=[MinValueValidator(22), MaxValueValidator(44)],
        help_text=_("40 weeks is a full-term birth. Born early? Enter the week your baby was born."),
    )
    intensive_care = models.BooleanField(
        _("stayed in neonatal intensive care"), default=False,
        help_text=_("Tick this if your baby stayed in a special care unit for newborns (NICU)."),
    )
    # Set when the parent says "health changed": every screening before it stops counting.
    health_changed_at = models.DateTimeField(_("health changed at"), null=True, blank=True, editable=False)
    # A removed baby disappears from the parent's pages; its health records stay (they are insert-only).
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = BabyQuerySet.as_manager()

    class Meta:
        ordering = ["birth_date", "pk"]
        verbose_name = _("baby")
        verbose_name_plural = _("babies")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        # The baby's own page belongs to the app that knows about sessions; settings name it, so that
        # the safety app names no URL of another app.
        return reverse(settings.SAFETY_BABY_PAGE, args=[self.pk])

    def clean(self):
        if self.birth_date is None:
            return
        today = timezone.localdate()
        if self.birth_date > today:
            raise ValidationError({"birth_date": _("The date of birth cannot be in the future.")})
        if self.birth_date < rules.oldest_birth_date(today):
            raise ValidationError(
                {"birth_date": _("This app is for babies and children up to 6 years old. Check the date of birth.")}
            )

    def age_days(self, today=None):
        return rules.age_days(self.birth_date, today or timezone.localdate())

    def corrected_age_days(self, today=None):
        return rules.corrected_age_days(self.birth_date, self.weeks_at_birth, today or timezone.localdate())

    @property
    def born_early(self):
        return self.weeks_at_birth < rules.PRETERM_BEFORE_WEEKS


class QuestionnaireVersion(models.Model):
    number = models.PositiveIntegerField(_("version"), unique=True)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    notes = models.TextField(_("what changed"), blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")

    def __str__(self):
        return f"v{self.number}"

    @classmethod
    def current(cls):
        return cls.objects.order_by("-number").first()


class Question(models.Model):
    class Group(models.TextChoices):
        ELIGIBILITY = "eligibility", _("About your baby's birth")
        STANDING = "standing", _("Health conditions")
        SPECIALIST = "specialist", _("Conditions a specialist treats")
        APPROVAL = "approval", _("Your doctor's approval")

    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT, related_name="questions")
    qid = models.SlugField(_("question id"), help_text=_("Stable across versions; answers are stored by it."))
    group = models.CharField(_("group"), max_length=12, choices=Group.choices)
    order = models.PositiveIntegerField(_("order"))
    text = models.CharField(_("question"), max_length=300)
    term = models.CharField(_("medical term"), max_length=200, blank=True)
    # The answer that raises a concern: "yes" for conditions, "no" for "has a doctor approved massage?".
    concern_answer = models.CharField(max_length=3, choices=[("yes", "yes"), ("no", "no")], default="yes")

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "qid"], name="unique_question_id_per_version")]

    def __str__(self):
        return self.qid


class ScreeningSubmission(InsertOnlyModel):
    baby = models.ForeignKey(Baby, on_delete=models.PROTECT, related_name="screenings")
    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT, related_name="submissions")
    answers = models.JSONField(_("answers by question id"))
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices)
    concerns = models.JSONField(_("question ids that raised a concern"), default=list, blank=True)
    eligible_from = models.DateField(_("massage possible from"))
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("answered at"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("valid until"))
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by",
        verbose_name=_("corrects"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self):
        return f"{self.baby} · {self.get_outcome_display()} · {self.created_at:%Y-%m-%d}"

    def counts_at(self, now):
        """Within 30 days, and answered after the parent last said the baby's health changed.
        (That it is on the current questionnaire version is checked by the query that finds it.)"""
        if now >= self.expires_at:
            return False
        changed = self.baby.health_changed_at
        return changed is None or self.created_at > changed


class Clearance(InsertOnlyModel):
    class Role(models.TextChoices):
        PEDIATRICIAN = "pediatrician", _("Pediatrician")
        SPECIALIST = "specialist", _("Treating specialist")
        OTHER = "other", _("Other doctor")

    baby = models.ForeignKey(Baby, on_delete=models.PROTECT, related_name="clearances")
    clinician_name = models.CharField(_("doctor's name"), max_length=120)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    approved_on = models.DateField(_("date of the approval"))
    expires_on = models.DateField(_("approval valid until"))
    excluded_areas = models.JSONField(_("body areas to leave out"), default=list, blank=True)
    # The concerns the doctor saw; a later screening with a new concern needs a new clearance.
    covers = models.JSONField(_("concerns covered"), default=list, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("clearance")
        verbose_name_plural = _("clearances")

    def __str__(self):
        return f"{self.baby} · {self.clinician_name} · {self.approved_on}"

    def clean(self):
        today = timezone.localdate()
        errors = {}
        if self.approved_on and self.approved_on > today:
            errors["approved_on"] = _("The approval date cannot be in the future.")
        if self.approved_on and self.expires_on and self.expires_on < self.approved_on:
            errors["expires_on"] = _("The approval cannot end before it was given.")
        unknown = set(self.excluded_areas or []) - set(BodyArea.values)
        if unknown:
            errors["excluded_areas"] = _("Unknown body area.")
        if errors:
            raise ValidationError(errors)

    def covers_screening(self, screening, today):
        return self.approved_on <= today <= self.expires_on and set(screening.concerns) <= set(self.covers)


class DailyCheck(InsertOnlyModel):
    """The "is today a good day?" check before each session. Valid for 12 hours."""

    baby = models.ForeignKey(Baby, on_delete=models.PROTECT, related_name="daily_checks")
    answers = models.JSONField(_("answers"))
    minutes_since_feed = models.PositiveIntegerField(_("minutes since the last feed"))
    hours_since_vaccine = models.PositiveIntegerField(_("hours since a vaccine"), null=True, blank=True)
    temperature = models.DecimalField(_("temperature (°C)"), max_digits=3, decimal_places=1, null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    check_again_at = models.DateTimeField(_("check again at"), null=True, blank=True)
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("answered at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("today's check")
        verbose_name_plural = _("today's checks")

    def __str__(self):
        return f"{self.baby} · {self.get_outcome_display()} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def expires_at(self):
        return self.created_at + timedelta(hours=DAILY_CHECK_VALID_HOURS)

    @property
    def feed_wait_minutes(self):
        return max(rules.FEED_WAIT_MINUTES - self.minutes_since_feed, 0)

    def is_valid(self, now):
        return self.outcome == Outcome.CLEARED and self.created_at <= now < self.expires_at

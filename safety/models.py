"""Who may start a massage session, and when.

Screening answers, clearances and today's checks are health records: they are insert-only. A
correction is a new record (ScreeningSubmission.replaces); nothing is ever edited or deleted in
place, so what a parent answered on a given day can always be shown to a clinician.
"""

import functools
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from safety import rules, texts
from safety.rules import BodyArea, Effect, Outcome, TemperatureUnit, VaccineSite

SCREENING_VALID_DAYS = 30
DAILY_CHECK_VALID_HOURS = 2  # DESIGN.md: today's check is valid 2 hours


class InsertOnlyError(Exception):
    """Raised when code tries to change or delete a health record."""


class InsertOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise InsertOnlyError(f"{self.model.__name__} records are insert-only: add a new record instead.")

    def delete(self):
        raise InsertOnlyError(f"{self.model.__name__} records are insert-only and are never deleted.")

    def erase(self):
        """Erasure at the family's request: the one way health records leave (DESIGN.md "Records"). Only the
        erasure services call it (safety.services.erase_baby_records); an Erasure row keeps the count. Returns
        how many rows left. One DELETE, without Django's collector: the records of one baby point at each
        other (a correction at the screening it replaces), and the database checks at commit that nothing
        still points at them."""
        return self._raw_delete(self.db)


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


class Role(models.TextChoices):
    """What a person may do for a baby (DESIGN.md "Who")."""

    OWNER = "owner", _("Parent")  # answers the health questions, changes the profile, invites and removes people
    CAREGIVER = "caregiver", _("Caregiver")  # answers today's check and runs sessions


class BabyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(removed_at__isnull=True)

    def seen_by(self, user, roles=(Role.OWNER, Role.CAREGIVER)):
        """The babies `user` has one of `roles` for. One join with the membership table: both conditions in one
        filter() so that they hold for the same membership row."""
        return self.filter(memberships__user=user, memberships__role__in=roles)


class Baby(models.Model):
    # Who added the baby (or the owner it was handed to when they left). Who may see the baby is in Membership.
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
        return rules.born_early(self.weeks_at_birth)

    def profile(self):
        """The facts a screening is judged against. A screening keeps the ones it used; when they change,
        it stops counting (DESIGN.md "Expiry")."""
        return {field: _jsonable(getattr(self, field)) for field in PROFILE_FIELDS}


PROFILE_FIELDS = ("birth_date", "weeks_at_birth", "intensive_care")


def _jsonable(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


class ProfileChange(InsertOnlyModel):
    """A change to a baby's birth date, weeks at birth or intensive care: what it was, what it became, who
    changed it and when. The baby's row holds only the newest values; this keeps the trace."""

    baby = models.ForeignKey(Baby, on_delete=models.PROTECT, related_name="profile_changes")
    before = models.JSONField(_("before"))
    after = models.JSONField(_("after"))
    # Who, while their account exists. Erasing an account that another parent's baby keeps leaves the record
    # without a name (the one change a record takes, with erasure: DESIGN.md "Records").
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("profile change")
        verbose_name_plural = _("profile changes")

    def __str__(self):
        return f"{self.baby} · {self.changed_at:%Y-%m-%d %H:%M}"


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
        NOW = "now", _("How your baby is right now")
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
    # What that answer does (safety/rules.py screen()); version 1's questions all asked for a clearance.
    effect = models.CharField(_("effect"), max_length=10, choices=Effect.choices, default=Effect.CLEARANCE)
    areas = models.JSONField(_("body areas left out (or suggested to the doctor)"), default=list, blank=True)
    follows = models.SlugField(_("follows up the question"), blank=True)
    ask_under_days = models.PositiveSmallIntegerField(_("asked while younger than (days)"), null=True, blank=True)

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "qid"], name="unique_question_id_per_version")]

    def __str__(self):
        return self.qid


class ScreeningSubmission(InsertOnlyModel):
    baby = models.ForeignKey(Baby, on_delete=models.PROTECT, related_name="screenings")
    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT, related_name="submissions")
    answers = models.JSONField(_("answers by question id"))
    # The baby's birth date, weeks at birth and intensive care as they were when this was judged
    # (empty on screenings from before they were kept: those count for nothing now).
    profile = models.JSONField(_("profile judged"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices)
    concerns = models.JSONField(_("question ids that need a doctor's clearance"), default=list, blank=True)
    acute = models.JSONField(_("question ids that stop massage now"), default=list, blank=True)
    acute_outcome = models.CharField(
        _("stop no clearance lifts"), max_length=24, choices=Outcome.choices, blank=True,
        help_text=_("Ill right now, or a hernia that is stuck: from these answers or an earlier one still standing."),
    )
    stop_until = models.DateTimeField(_("that stop stands until"), null=True, blank=True)
    excluded_areas = models.JSONField(_("body areas left out"), default=list, blank=True)
    eligible_from = models.DateField(_("massage possible from"))
    # Who, while their account exists. Erasing an account that another parent's baby keeps leaves the record
    # without a name (the one change a record takes, with erasure: DESIGN.md "Records").
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # The language the questions were shown in when answered ("en" for every screening from before languages).
    language = models.CharField(_("answered in"), max_length=8, choices=settings.LANGUAGES, default="en",
                                editable=False)
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
        """Within 30 days, answered after the parent last said the baby's health changed, and judged against
        the baby's profile as it is now. (That it is on the current questionnaire version is checked by the
        query that finds it.)"""
        if now >= self.expires_at or self.profile != self.baby.profile():
            return False
        changed = self.baby.health_changed_at
        return changed is None or self.created_at > changed

    def effective_outcome(self, today, clearance=None, excluded_areas=()):
        return rules.effective_screening_outcome(
            concerns=self.concerns, acute_outcome=self.acute_outcome, eligible_from=self.eligible_from, today=today,
            cleared_by_doctor=clearance is not None, excluded_areas=excluded_areas,
        )


class Clearance(InsertOnlyModel):
    """A doctor's approval of massage for the standing conditions of one screening."""

    class Role(models.TextChoices):
        PEDIATRICIAN = "pediatrician", _("Pediatrician")
        SPECIALIST = "specialist", _("Treating specialist")
        OTHER = "other", _("Other doctor")

    class Source(models.TextChoices):
        PARENT = "parent", _("Reported by the parent")
        CLINIC = "clinic", _("Recorded by the clinic")

    baby = models.ForeignKey(Baby, on_delete=models.PROTECT, related_name="clearances")
    # The screening whose concerns the doctor saw: a clearance covers that screening only (empty on clearances
    # from before they were linked: those cover nothing now).
    screening = models.ForeignKey(
        ScreeningSubmission, on_delete=models.PROTECT, null=True, blank=True, related_name="clearances",
    )
    clinician_name = models.CharField(_("doctor's name"), max_length=120)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    approved_on = models.DateField(_("date of the approval"))
    expires_on = models.DateField(_("approval valid until"))
    excluded_areas = models.JSONField(_("body areas to leave out"), default=list, blank=True)
    covers = models.JSONField(_("concerns covered"), default=list, blank=True)
    source = models.CharField(_("recorded by"), max_length=6, choices=Source.choices, default=Source.PARENT)
    # The clinic that recorded it, by name: safety knows no clinic model (the clinics app fills this in).
    organisation = models.CharField(_("clinic"), max_length=120, blank=True)
    # Who, while their account exists. Erasing an account that another parent's baby keeps leaves the record
    # without a name (the one change a record takes, with erasure: DESIGN.md "Records").
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("clearance")
        verbose_name_plural = _("clearances")

    def __str__(self):
        return f"{self.baby} · {self.clinician_name} · {self.approved_on}"

    @property
    def reported_by_parent(self):
        return self.source != self.Source.CLINIC

    @property
    def longest_until(self):
        """The last day this approval may run to (3 months when the parent reports it, 6 from a clinic)."""
        return rules.add_months(self.approved_on, rules.clearance_months(self.reported_by_parent))

    def clean(self):
        errors = {}
        birth_date = self.baby.birth_date if self.baby_id else None
        for name, code in rules.clearance_problems(
            approved_on=self.approved_on, expires_on=self.expires_on, birth_date=birth_date,
            today=timezone.localdate(), reported_by_parent=self.reported_by_parent,
        ):
            errors[name] = texts.CLEARANCE_ERRORS[code] % {
                "months": rules.clearance_months(self.reported_by_parent),
                "date": date_format(self.longest_until) if code == "too_long" else "",
            }
        if self.source == self.Source.CLINIC and not self.organisation.strip():
            errors["organisation"] = _("Say which clinic recorded this approval.")
        if set(self.excluded_areas or []) - set(BodyArea.values):
            errors["excluded_areas"] = _("Unknown body area.")
        elif self.screening_id is not None:
            earlier = self.earlier_excluded_areas()
            dropped = rules.dropped_areas(earlier, self.excluded_areas or [])
            if dropped:
                errors["excluded_areas"] = _(
                    "An earlier approval said to leave out: %(areas)s. A new approval can only add body areas. "
                    "If the doctor has changed their mind, answer the health questions again."
                ) % {"areas": ", ".join(str(BodyArea(area).label) for area in dropped)}
        if errors:
            raise ValidationError(errors)

    def earlier_excluded_areas(self):
        """The areas every clearance recorded before for the same screening left out."""
        earlier = Clearance.objects.filter(screening_id=self.screening_id).exclude(pk=self.pk)
        return rules.area_order(area for areas in earlier.values_list("excluded_areas", flat=True) for area in areas)

    def valid_on(self, today):
        return rules.clearance_valid_on(
            approved_on=self.approved_on, expires_on=self.expires_on, birth_date=self.baby.birth_date, today=today,
            reported_by_parent=self.reported_by_parent,
        )


class DailyCheckQuerySet(InsertOnlyQuerySet):
    def that_count_at(self, now):
        """The checks the gate reads, newest first, in one query: those still valid, and older ones whose
        stop or left-out areas still stand."""
        return self.that_may_count_from(now).filter(created_at__lte=now)

    def that_may_count_from(self, now):
        """The checks that count at `now` or at some time after it, newest first: the gate keeps these and picks
        the ones that count at each later moment with DailyCheck.counts_at() (a check that no longer counts
        never counts again). Includes a check stamped after `now` by a server whose clock runs ahead."""
        recent = now - timedelta(hours=DAILY_CHECK_VALID_HOURS)
        return self.filter(
            models.Q(created_at__gt=recent) | models.Q(check_again_at__gt=now) | models.Q(areas_until__gt=now),
        ).order_by("-created_at", "-pk")


class DailyCheck(InsertOnlyModel):
    """The "is today a good day?" check before each session. Valid for 2 hours; a stop it gives stands until
    its check_again_at, whatever newer checks say."""

    baby = models.ForeignKey(Baby, on_delete=models.PROTECT, related_name="daily_checks")
    answers = models.JSONField(_("answers"))
    minutes_since_feed = models.PositiveIntegerField(_("minutes since the last feed"))
    hours_since_vaccine = models.PositiveIntegerField(_("hours since a vaccine"), null=True, blank=True)
    vaccine_site = models.CharField(_("where the vaccine was given"), max_length=8, choices=VaccineSite.choices,
                                    blank=True)
    temperature = models.DecimalField(
        _("temperature (°C)"), max_digits=3, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(rules.TEMPERATURE_RANGE[TemperatureUnit.CELSIUS][0]),
                    MaxValueValidator(rules.TEMPERATURE_RANGE[TemperatureUnit.CELSIUS][1])],
    )
    temperature_entered = models.DecimalField(_("temperature as entered"), max_digits=4, decimal_places=1,
                                              null=True, blank=True)
    temperature_unit = models.CharField(_("unit entered"), max_length=1, choices=TemperatureUnit.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    check_again_at = models.DateTimeField(_("check again at"), null=True, blank=True)
    excluded_areas = models.JSONField(_("body areas left out"), default=list, blank=True)
    areas_until = models.DateTimeField(_("areas left out until"), null=True, blank=True)
    # Who, while their account exists. Erasing an account that another parent's baby keeps leaves the record
    # without a name (the one change a record takes, with erasure: DESIGN.md "Records").
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("answered at"), default=timezone.now, editable=False)

    objects = DailyCheckQuerySet.as_manager()

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

    @property
    def reason_texts(self):
        return [texts.DAILY_REASONS[code] for code in self.reasons if code in texts.DAILY_REASONS]

    @property
    def excluded_labels(self):
        return [BodyArea(area).label for area in rules.area_order(self.excluded_areas)]

    def counts_at(self, now):
        """The gate reads it at `now`: what DailyCheckQuerySet.that_count_at(now) selects."""
        if self.created_at > now:
            return False
        return (self.created_at > now - timedelta(hours=DAILY_CHECK_VALID_HOURS)
                or any(until is not None and until > now for until in (self.check_again_at, self.areas_until)))

    def is_valid(self, now):
        """It lets a session start: it said go ahead, within the last 2 hours."""
        return self.outcome in rules.GO and self.created_at <= now < self.expires_at

    def stands_at(self, now):
        return rules.stop_stands(self.outcome, self.check_again_at, now)

    def leaves_out_areas_at(self, now):
        return self.areas_until is not None and self.created_at <= now < self.areas_until


def validate_time_zone(value):
    if value and value not in available_time_zones():
        raise ValidationError(_("Choose a time zone from the list."))


@functools.cache
def available_time_zones():
    return frozenset(zoneinfo.available_timezones())


LANGUAGES = settings.LANGUAGES


class ParentSettings(models.Model):
    """A parent's own choices that the app remembers (not a health record)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_settings")
    temperature_unit = models.CharField(_("temperature in"), max_length=1, choices=TemperatureUnit.choices,
                                        default=TemperatureUnit.CELSIUS)
    # Every time the app shows this parent is in this zone (the browser's, taken at sign-up or login).
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True, validators=[validate_time_zone])
    # The language the app speaks to this parent (the switcher's choice, set again on each login).
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES, default="en")

    class Meta:
        verbose_name = _("parent settings")
        verbose_name_plural = _("parent settings")

    def __str__(self):
        return str(self.user)

    @classmethod
    def temperature_unit_of(cls, user):
        found = cls.objects.filter(user=user).values_list("temperature_unit", flat=True).first()
        return found or TemperatureUnit.CELSIUS

    @classmethod
    def remember_time_zone(cls, user, zone, *, replace=True):
        """Keep `zone` as the parent's time zone (only if none is kept yet, unless `replace`); the zone kept."""
        found, _created = cls.objects.get_or_create(user=user)
        if zone and (replace or not found.time_zone):
            found.time_zone = zone
            found.save(update_fields=["time_zone"])
        return found.time_zone

    @classmethod
    def remember_language(cls, user, language):
        cls.objects.update_or_create(user=user, defaults={"language": language})

    @classmethod
    def language_of(cls, user):
        return cls.objects.filter(user=user).values_list("language", flat=True).first()

    @classmethod
    def remember_temperature_unit(cls, user, unit):
        cls.objects.update_or_create(user=user, defaults={"temperature_unit": unit})


class Membership(models.Model):
    """A person's access to a baby: as an owner (a parent; a baby may have two) or as a caregiver an owner
    invited. Anyone without one gets 404 for the baby."""

    baby = models.ForeignKey(Baby, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    added_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["baby", "user"], name="one_membership_per_person_and_baby")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.baby}"

    @property
    def is_owner(self):
        return self.role == Role.OWNER


class LinkInvalid(Exception):
    """A link sent by email (an invitation, a new address) that cannot be used: `reason` says why, in words for
    the person who opened it."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class Invitation(models.Model):
    """An owner's invitation to another adult, sent by email as a signed link that works once, for 7 days."""

    VALID_DAYS = 7
    SALT = "safety.invitation"

    baby = models.ForeignKey(Baby, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.CAREGIVER)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("sent"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    # Withdrawn invitations stay (without a link that works) so that they still count for the hourly limit.
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} · {self.baby}"

    def token(self):
        return signing.dumps(self.pk, salt=self.SALT)

    @classmethod
    def from_token(cls, token):
        """The invitation a link names, if it can still be accepted; LinkInvalid says why not."""
        try:
            pk = signing.loads(token, salt=cls.SALT, max_age=timedelta(days=cls.VALID_DAYS))
        except signing.SignatureExpired:
            raise LinkInvalid(texts.LINK_EXPIRED) from None
        except signing.BadSignature:
            raise LinkInvalid(texts.LINK_BROKEN) from None
        found = cls.objects.select_related("baby", "invited_by").filter(pk=pk).first()
        if found is None or found.withdrawn_at is not None or found.baby.removed_at is not None:
            raise LinkInvalid(texts.INVITATION_WITHDRAWN)
        found.check_usable(timezone.now())
        return found

    def check_usable(self, now):
        if self.accepted_at is not None:
            raise LinkInvalid(texts.LINK_USED)
        if now >= self.expires_at:
            raise LinkInvalid(texts.LINK_EXPIRED)

    def is_pending(self, now):
        return self.accepted_at is None and self.withdrawn_at is None and now < self.expires_at


class Erasure(models.Model):
    """What an erasure left behind: how many records of each kind went, the day, and whether staff carried it
    out. Nothing about whom (DESIGN.md "Records": an anonymous count stays)."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", _("An account and its babies")
        BABY = "baby", _("One baby")

    kind = models.CharField(_("what was erased"), max_length=8, choices=Kind.choices)
    by_staff = models.BooleanField(_("carried out by staff"), default=False)
    erased_on = models.DateField(_("erased on"), default=timezone.localdate, editable=False)
    counts = models.JSONField(_("records erased, by kind"), default=dict)

    class Meta:
        ordering = ["-erased_on", "-pk"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.erased_on}"


def person_name(user):
    """How the family sees a person: the name they gave on their account page, or their email."""
    if user is None:
        return _("someone whose account was deleted")
    return user.first_name or user.email

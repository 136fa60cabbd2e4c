"""The massage content library: techniques, routines and their steps, courses and games.

Ages are kept in days so that a baby's age (or corrected age) compares directly.
"""

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from routines.diagrams import diagram_choices
from routines.images import validate_image_upload
from safety.models import BodyArea


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


# How long one repetition of a counted stroke takes: the player's countdown and the course plan's minutes
# both count with it, so what a course says it takes is what the player times.
SECONDS_PER_REPETITION = 4


class RoutineQuerySet(PublishedQuerySet):
    def with_steps(self):
        """Each routine's steps with their techniques, in one more query."""
        return self.prefetch_related(models.Prefetch("steps", queryset=Step.objects.select_related("technique")))

    def with_choices(self):
        """Each routine's "sources and choices" (where we read the article differently), in one more query."""
        return self.prefetch_related("choices")


class StepQuerySet(models.QuerySet):
    def in_library(self):
        """The steps of published routines, with their technique and routine, in the library's order."""
        return (self.filter(routine__published=True).select_related("technique", "routine")
                .order_by("routine__order", "routine__title", "routine_id", "order", "pk"))

    def with_course(self, course):
        """Each step annotated with its place in `course`: `course_order` (the order of its routine in the course,
        None when the routine is not in it) and `plan_session` (the session of the course's plan that adds it,
        None when the plan does not name it). Both are subqueries, so this stays one query."""
        routine_order = CourseRoutine.objects.filter(course=course, routine=OuterRef("routine_id")).values("order")
        plan = CourseStep.objects.filter(course=course, step=OuterRef("pk")).values("from_session")
        return self.annotate(course_order=Subquery(routine_order[:1]), plan_session=Subquery(plan[:1]))

    def for_course(self, course):
        """The steps of `course`'s published routines, annotated as by with_course(), in the order of a session."""
        return (self.in_library().with_course(course).filter(course_order__isnull=False)
                .order_by("course_order", "routine_id", "order", "pk"))


def _check_age_range(min_value, max_value, min_field, max_field):
    # No unit in the message: the admin shows ages in weeks or months (routines/widgets.py AgeField).
    if min_value is not None and max_value is not None and min_value >= max_value:
        raise ValidationError({max_field: _("The oldest age must be greater than the youngest age.")})


# The group whose members may mark a routine or a course clinically reviewed (routines/0010 creates it).
# Membership, not a permission, so that a superuser editor does not sign off their own changes by default.
CLINICAL_REVIEWERS = "clinical reviewers"


def is_clinical_reviewer(user):
    return bool(user.is_active and user.is_staff and user.groups.filter(name=CLINICAL_REVIEWERS).exists())


class StaleReview(Exception):
    """The content changed after the reviewer opened it: what they read is not what would be marked reviewed."""


class ClinicallyReviewed(models.Model):
    """Content that a clinician reviews before clinics hand it out: a routine (with its steps) or a course.

    A change to what a parent reads or does (the model's REVIEWED_FIELDS, and its children's) marks it
    "changed since the last clinical review" (mark_changed(), called by the admin's save path and by a revert
    from history); a member of the "clinical reviewers" group signs the version they read (mark_reviewed()).
    Print sheets say which, in their footer. Content loaded from the shipped fixtures counts as reviewed by
    the project (reviewed_at set, no reviewer).
    """

    changed_since_review = models.BooleanField(
        _("changed since the last clinical review"), default=True, editable=False,
    )
    changed_at = models.DateTimeField(_("parent-facing content last changed"), null=True, blank=True, editable=False)
    reviewed_at = models.DateTimeField(_("clinically reviewed on"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+",
        verbose_name=_("clinically reviewed by"),
    )
    # The reviewer's name as it was, so a sheet still says who reviewed it after their account is gone.
    reviewed_by_name = models.CharField(_("reviewer's name"), max_length=150, blank=True, editable=False)

    REVIEW_STATE_FIELDS = ("changed_since_review", "changed_at", "reviewed_at", "reviewed_by", "reviewed_by_name")

    class Meta:
        abstract = True

    @property
    def reviewer_name(self):
        """Who signed the last review: the clinician's name, or the project for content shipped with the app."""
        return self.reviewed_by_name or gettext("the Baby massage project")

    @property
    def review_status(self):
        """"reviewed", "changed" (since the last review) or "unreviewed" (never reviewed)."""
        if not self.changed_since_review and self.reviewed_at:
            return "reviewed"
        return "changed" if self.reviewed_at else "unreviewed"

    def mark_changed(self):
        """What parents read or do has changed: the last clinical review no longer covers it."""
        now = timezone.now()
        type(self).objects.filter(pk=self.pk).update(changed_since_review=True, changed_at=now)
        self.changed_since_review, self.changed_at = True, now

    def mark_reviewed(self, *, by, seen_version):
        """`by`, a clinical reviewer, has reviewed this content as it was saved at `seen_version` (its
        updated_at when they opened it). Raises PermissionError for anyone else, and StaleReview when it was
        saved again since: the reviewer signs only what they read. The content's version date stays."""
        if not is_clinical_reviewer(by):
            raise PermissionError("Only a clinical reviewer can mark content reviewed.")
        with transaction.atomic():
            current = type(self).objects.select_for_update().get(pk=self.pk)
            if current.updated_at != seen_version:
                raise StaleReview(current.updated_at)
            fields = {"changed_since_review": False, "reviewed_at": timezone.now(), "reviewed_by": by,
                      "reviewed_by_name": (by.get_full_name() or by.get_username())[:150]}
            type(self).objects.filter(pk=self.pk).update(**fields)
        for name, value in fields.items():
            setattr(self, name, value)

    def mark_shipped(self):
        """For the loader: content exactly as the project ships it counts as reviewed by the project."""
        self.changed_since_review, self.reviewed_at = False, timezone.now()
        self.reviewed_by, self.reviewed_by_name = None, ""


class Technique(models.Model):
    class Effect(models.TextChoices):
        CALMING = "calming", _("Calming")
        STIMULATING = "stimulating", _("Stimulating")

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"))
    effect = models.CharField(_("effect"), max_length=12, choices=Effect.choices)
    min_age_days = models.PositiveIntegerField(
        _("minimum age (days)"), default=0, help_text=_("The youngest age at which this technique may be used.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("technique")
        verbose_name_plural = _("techniques")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Routine(ClinicallyReviewed):
    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=120)
    body_area = models.CharField(_("body area"), max_length=12, choices=BodyArea.choices)
    summary = models.TextField(_("summary"))
    position = models.CharField(
        _("baby's position"), max_length=200, help_text=_("How the baby lies, e.g. on the back, feet towards you.")
    )
    lies_on = models.CharField(
        _("baby lies on"), max_length=6, choices=[("back", _("the back")), ("tummy", _("the tummy"))],
        default="back", help_text=_("When it changes between routines, the player first asks the parent to turn "
                                    "the baby."),
    )
    cautions = models.TextField(_("cautions"), blank=True)
    min_age_days = models.PositiveIntegerField(_("minimum age (days)"), default=14)
    max_age_days = models.PositiveIntegerField(_("maximum age (days)"), default=365)
    minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=3,
        validators=[MinValueValidator(1, _("A routine takes 1 to 60 minutes.")),
                    MaxValueValidator(60, _("A routine takes 1 to 60 minutes."))],
    )
    image = models.ImageField(
        _("illustration"), upload_to="routines/", blank=True, validators=[validate_image_upload]
    )
    published = models.BooleanField(_("published"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = RoutineQuerySet.as_manager()

    # What a parent reads or does, on screen and on paper: a change to any of these (or to a step's) needs a
    # clinician's review again. The slug, the order in lists, "published" and the illustration do not.
    REVIEWED_FIELDS = frozenset({"title", "summary", "position", "cautions", "min_age_days", "max_age_days", "minutes"})

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("routine")
        verbose_name_plural = _("routines")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("routines:routine_detail", args=[self.slug])

    def clean(self):
        # "A published routine has at least one step" needs the steps being edited alongside it, so the
        # admin's StepInlineFormSet checks it, and the content loader refuses a published routine without steps.
        _check_age_range(self.min_age_days, self.max_age_days, "min_age_days", "max_age_days")


class Step(models.Model):
    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="steps", verbose_name=_("routine"))
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=120)
    instruction = models.TextField(_("what to do"))
    technique = models.ForeignKey(
        Technique, on_delete=models.PROTECT, related_name="steps", verbose_name=_("technique")
    )
    direction = models.CharField(
        _("direction"), max_length=200, help_text=_("Which way the hands move, e.g. from the foot up to the thigh.")
    )
    repetitions = models.PositiveSmallIntegerField(_("repetitions"), null=True, blank=True)
    seconds = models.PositiveSmallIntegerField(_("seconds"), null=True, blank=True)
    caution = models.TextField(_("caution"), blank=True)
    min_age_days = models.PositiveIntegerField(
        _("minimum age (days)"), null=True, blank=True,
        help_text=_("Leave empty to use the technique's and the routine's minimum age. Set it to start this step "
                    "later than they do; the step is shown from the oldest of the three."),
    )
    source_note = models.TextField(
        _("source note"), help_text=_("Where the facts in this step come from, for a clinician to review.")
    )
    diagram = models.CharField(
        _("diagram"), max_length=40, blank=True, choices=diagram_choices,
        help_text=_("The drawing of where the hands go and which way they move. An uploaded image replaces it."),
    )
    image = models.ImageField(_("image"), upload_to="steps/", blank=True, validators=[validate_image_upload])
    per_side = models.BooleanField(
        _("done on each side"), default=False,
        help_text=_("One arm, leg or foot at a time: the player runs the routine's one-sided steps on the left, "
                    "then again on the right, each with its own countdown."),
    )

    objects = StepQuerySet.as_manager()

    # A step's words, ages, technique, timing, drawing and place in the routine all reach the parent; its source
    # note is for the clinician.
    REVIEWED_FIELDS = frozenset({"order", "title", "instruction", "technique", "direction", "repetitions", "seconds",
                                 "caution", "min_age_days", "diagram", "image"})

    class Meta:
        ordering = ["routine", "order", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self):
        return self.title

    @property
    def from_age_days(self):
        """The youngest age this step suits: the oldest of its routine's, its technique's and its own minimum.

        Reads `routine` and `technique`, so callers load them with the step (select_related, or the routine's
        prefetched steps, which know their routine)."""
        return max(self.routine.min_age_days, self.technique.min_age_days, self.min_age_days or 0)

    @property
    def countdown_seconds(self):
        """How long the player gives this step: its seconds, or its repetitions at SECONDS_PER_REPETITION each."""
        return self.seconds or (self.repetitions or 0) * SECONDS_PER_REPETITION

    @property
    def session_seconds(self):
        """How long it takes in a session: a step done on each side runs twice."""
        return self.countdown_seconds * (2 if self.per_side else 1)

    def clean(self):
        if self.seconds is not None and self.seconds <= 0:
            raise ValidationError({"seconds": _("Seconds must be more than zero.")})
        if self.repetitions is not None and self.repetitions <= 0:
            raise ValidationError({"repetitions": _("Repetitions must be more than zero.")})
        if self.seconds is None and self.repetitions is None:
            raise ValidationError(_("Give either a number of repetitions or a number of seconds."))


class Course(ClinicallyReviewed):
    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=120)
    min_age_days = models.PositiveIntegerField(_("from age (days)"))
    max_age_days = models.PositiveIntegerField(_("to age (days)"))
    sessions = models.PositiveSmallIntegerField(
        _("number of sessions"),
        validators=[MinValueValidator(10, _("A course has 10 to 15 sessions.")),
                    MaxValueValidator(15, _("A course has 10 to 15 sessions."))],
    )
    milestone = models.CharField(_("milestone focus"), max_length=200)
    minutes_per_session = models.PositiveSmallIntegerField(
        _("minutes per session"),
        validators=[MinValueValidator(1, _("A session takes 1 to 60 minutes.")),
                    MaxValueValidator(60, _("A session takes 1 to 60 minutes."))],
        help_text=_("The length of a full session (the last ones of the plan), as the player times it. The course "
                    "page shows what each session of the plan takes; keep this the same as its last session."),
    )
    intro = models.TextField(_("introduction"))
    needs_pediatrician_ok = models.BooleanField(
        _("needs the pediatrician's approval"), default=False
    )
    published = models.BooleanField(_("published"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    routines = models.ManyToManyField(Routine, through="CourseRoutine", related_name="courses")
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = PublishedQuerySet.as_manager()  # a course's steps, in order and with its plan: Step.objects.for_course()

    REVIEWED_FIELDS = frozenset({"title", "min_age_days", "max_age_days", "sessions", "milestone",
                                 "minutes_per_session", "intro", "needs_pediatrician_ok"})

    class Meta:
        # In age order everywhere (admin, public list, the start page): a new course takes its place by age.
        ordering = ["min_age_days", "max_age_days", "order", "title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("routines:course_detail", args=[self.slug])

    def clean(self):
        _check_age_range(self.min_age_days, self.max_age_days, "min_age_days", "max_age_days")


class CourseRoutine(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="course_routines")
    routine = models.ForeignKey(Routine, on_delete=models.PROTECT, related_name="course_routines")
    order = models.PositiveIntegerField(_("order"), default=0)

    # Which routines a course prints, and in which order, reach the parent.
    REVIEWED_FIELDS = frozenset({"routine", "order"})

    class Meta:
        ordering = ["course", "order", "pk"]
        verbose_name = _("routine in course")
        verbose_name_plural = _("routines in course")
        constraints = [models.UniqueConstraint(
            fields=["course", "routine"], name="one_routine_once_per_course",
            violation_error_message=_("This routine is already in the course. A routine can be in a course once."),
        )]

    def __str__(self):
        return f"{self.course} – {self.routine}"


class CourseStep(models.Model):
    """One move of a course's session plan: the session of the course from which it is done.

    Session N of the course does every planned move whose `from_session` is N or less, in the order of the
    course's routines and of their steps, so the first sessions are a few strokes and later ones add moves.
    A course with no plan at all does all its moves from the first session.
    """

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="plan", verbose_name=_("course"))
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="course_plans", verbose_name=_("step"))
    from_session = models.PositiveSmallIntegerField(
        _("from session"), default=1,
        validators=[MinValueValidator(1, _("Sessions are numbered from 1 to 15.")),
                    MaxValueValidator(15, _("Sessions are numbered from 1 to 15."))],
        help_text=_("The session that adds this move. It stays in every later session."),
    )

    REVIEWED_FIELDS = frozenset({"step", "from_session"})

    class Meta:
        ordering = ["course", "from_session", "pk"]
        verbose_name = _("move in the session plan")
        verbose_name_plural = _("session plan: which session adds each move")
        constraints = [models.UniqueConstraint(
            fields=["course", "step"], name="one_plan_row_per_step",
            violation_error_message=_("This move is already in the plan. A move is added by one session only."),
        )]

    def __str__(self):
        return f"{self.course} – {self.step} (from session {self.from_session})"

    def clean(self):
        if self.course_id is None or self.step_id is None:
            return
        errors = {}
        if self.course.sessions and self.from_session and self.from_session > self.course.sessions:
            errors["from_session"] = _("The course has only %(n)d sessions.") % {"n": self.course.sessions}
        if self.course.pk and not self.course.course_routines.filter(routine_id=self.step.routine_id).exists():
            errors["step"] = _("This move's routine is not in the course. Add the routine, save, then plan its moves.")
        elif self.step.from_age_days >= self.course.max_age_days:
            errors["step"] = _("This move is for older babies than the course is for.")
        if errors:
            raise ValidationError(errors)


class Game(models.Model):
    class Kind(models.TextChoices):
        SELF_MASSAGE = "self", _("Self-massage")
        WITH_ADULT = "adult", _("Finger game with an adult")
        FINGERS = "fingers", _("Finger exercise")

    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=120)
    min_age_years = models.PositiveSmallIntegerField(
        _("from age (years)"),
        validators=[MinValueValidator(1, _("Games are for children of 1 to 6 years.")),
                    MaxValueValidator(6, _("Games are for children of 1 to 6 years."))],
    )
    max_age_years = models.PositiveSmallIntegerField(
        _("to age (years)"),
        validators=[MinValueValidator(1, _("Games are for children of 1 to 6 years.")),
                    MaxValueValidator(6, _("Games are for children of 1 to 6 years."))],
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    intro = models.TextField(_("introduction"))
    published = models.BooleanField(_("published"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("game")
        verbose_name_plural = _("games")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("routines:game_detail", args=[self.slug])

    def clean(self):
        ages = (self.min_age_years, self.max_age_years)
        if None not in ages and ages[0] > ages[1]:
            raise ValidationError({"max_age_years": _("The oldest age must not be below the youngest age.")})


class GameLine(models.Model):
    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveIntegerField(_("order"), default=0)
    verse = models.CharField(_("verse"), max_length=200)
    movement = models.CharField(_("movement"), max_length=300)

    class Meta:
        ordering = ["game", "order", "pk"]
        verbose_name = _("line")
        verbose_name_plural = _("lines")

    def __str__(self):
        return self.verse


class ChecklistItem(models.Model):
    """One point of the "before you start" list shown before every session."""

    slug = models.SlugField(_("slug"), unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"))
    source_note = models.TextField(
        _("source note"), blank=True,
        help_text=_("Where this advice comes from (the source article, or the guidance it follows), for a clinician."),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self):
        return self.title


class Clinic(models.Model):
    """A pediatric clinic whose name, logo and phone head the print sheets it hands out."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True, help_text=_("Used in print links: ?clinic=<slug>"))
    logo = models.ImageField(_("logo"), upload_to="clinics/", blank=True, validators=[validate_image_upload])
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    note = models.CharField(_("short note"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("clinic")
        verbose_name_plural = _("clinics")

    def __str__(self):
        return self.name


class SourceChoice(models.Model):
    """A place where we read the source article differently from one of its sentences, and why.

    Listed on the "Sources and choices" page; the routines it shapes link to it."""

    slug = models.SlugField(_("slug"), unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("our choice, in short"), max_length=160)
    article_says = models.TextField(_("what the article says"), help_text=_("The article's words that we weigh."))
    we_do = models.TextField(_("what we do"))
    reason = models.TextField(_("why"))
    routines = models.ManyToManyField(
        Routine, blank=True, related_name="choices", verbose_name=_("routines it shapes"),
        help_text=_("Their pages and print sheets link to this choice."),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("source choice")
        verbose_name_plural = _("sources and choices")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("routines:sources") + f"#{self.slug}"


class CalmingStrokeQuerySet(models.QuerySet):
    def allowed(self, left_out_areas=()):
        """The strokes on body areas a clearance has not left out, the preferred one first."""
        return self.exclude(body_area__in=list(left_out_areas))


class CalmingStroke(models.Model):
    """The one slow stroke that ends a session gently ("Finish gently" when the baby is fussing).

    There is one per body area; the player uses the first (by order) on an area the session does not leave out."""

    body_area = models.CharField(_("body area"), max_length=12, choices=BodyArea.choices, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0, help_text=_("The lowest number is used first."))
    title = models.CharField(_("title"), max_length=120)
    instruction = models.TextField(_("what to do"))
    source_note = models.TextField(_("source note"), help_text=_("Where this comes from, for a clinician to review."))

    objects = CalmingStrokeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("calming stroke")
        verbose_name_plural = _("calming strokes (finish gently)")

    def __str__(self):
        return self.title


# History (django-reversion, README "An admin account"): every save through the admin keeps a version of the object
# together with the children edited on its page, so going back to a version brings a routine back with its steps,
# a course with its routines and session plan, a game with its lines. The loader keeps the shipped versions.
reversion.register(Step)
reversion.register(Routine, follow=["steps"])
reversion.register(Technique)
reversion.register(CourseRoutine)
reversion.register(CourseStep)
reversion.register(Course, follow=["course_routines", "plan"])
reversion.register(GameLine)
reversion.register(Game, follow=["lines"])
reversion.register(ChecklistItem)
reversion.register(SourceChoice)
reversion.register(CalmingStroke)
reversion.register(Clinic)

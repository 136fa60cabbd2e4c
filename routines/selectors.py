"""What suits a baby of a given age, and what each session of a course holds: reads of the content library
(no writes, no baby records).

Ages are in days, the baby's corrected age for a baby born early. A step suits a baby from its
`from_age_days` (the oldest of its routine's, its technique's and its own minimum age). A course keeps
only the steps that suit some age inside its range: a step for babies older than the course's upper age
is left out of the course's pages, paper and sessions, and one that becomes suitable inside the range is
marked with its age.
"""

import time
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import IntegerField, Max, Min
from django.db.models.expressions import RawSQL
from django.utils.translation import get_language

from routines.models import CalmingStroke, Course, Game, Routine, Step

# How long an app process keeps the library's steps and calming strokes for one content version. A version
# changes with every edit through admin, the loader or a revert from history (each makes a revision); a deletion
# outside those shows at the latest after this.
LIBRARY_CACHE_SECONDS = 10 * 60


@dataclass
class PlannedStep:
    """A step as a course (or a routine page) shows it."""

    step: Step
    from_session: int = 1  # the session of the course's plan that adds it
    later: bool = False  # suits only from an age inside the course's range: marked "only from …"


@dataclass
class CoursePart:
    """One routine of a course, with the steps the course keeps of it, in order."""

    routine: object
    steps: list


@dataclass
class Stage:
    """A session of the plan that adds moves, and what a session takes from then on."""

    session: int
    added: list  # the steps it adds
    moves: int  # moves in a session from here on
    seconds: int  # ... and their time as the player counts it down

    @property
    def minutes(self):
        return minutes(self.seconds)


def minutes(seconds):
    """Seconds as the whole minutes a parent is told ("about 3 minutes"): never less than 1."""
    return max(1, round(seconds / 60))


@dataclass
class CourseOutline:
    """A course as its pages, its handout and its sessions follow it."""

    course: Course
    parts: list = field(default_factory=list)  # CoursePart, in the order of a session
    planned: bool = False  # False: the course has no session plan, so every session does every move

    @property
    def steps(self):
        return [item for part in self.parts for item in part.steps]

    def session(self, number):
        """The steps of session `number` (for any baby in the course's range), in order."""
        return [item for item in self.steps if item.from_session <= number]

    def stages(self):
        """The sessions that add moves, first to last, each with the length of a session from then on."""
        stages = []
        for number in sorted({item.from_session for item in self.steps}):
            session = self.session(number)
            stages.append(Stage(
                session=number, added=[item.step for item in session if item.from_session == number],
                moves=len(session), seconds=sum(item.step.session_seconds for item in session),
            ))
        return stages


def suits_course(step, course):
    """A step belongs in a course only if some baby inside the course's range may do it (the range's upper
    age is where the next stage begins, so a step from exactly that age waits for the next course)."""
    return step.from_age_days < course.max_age_days


def course_outline(course, steps, plan_sessions=None):
    """`course` as its sessions run it. `steps` are the course's steps in order, each annotated with its
    plan_session as Step.objects.for_course() reads them; or, for the library's shared steps, which nothing may
    change, with their plan sessions in `plan_sessions` (step id → session; None: not in the plan).

    With a session plan, only the planned steps are in the course, each from its session (a session beyond
    the course's last counts as the last). Without one, every step is, from session 1."""
    sessions = plan_sessions if plan_sessions is not None else {step.pk: step.plan_session for step in steps}
    planned = any(session is not None for session in sessions.values())
    outline = CourseOutline(course=course, planned=planned)
    for step in steps:
        session = sessions[step.pk]
        if not suits_course(step, course) or (planned and session is None):
            continue
        item = PlannedStep(step=step, from_session=min(session, course.sessions) if planned else 1,
                           later=step.from_age_days > course.min_age_days)
        if not outline.parts or outline.parts[-1].routine.pk != step.routine_id:
            outline.parts.append(CoursePart(routine=step.routine, steps=[]))
        outline.parts[-1].steps.append(item)
    return outline


def routine_for_age(routine, age_days):
    """(steps that suit `age_days`, steps for later) of a routine whose steps are prefetched; all of them now
    when no age is given."""
    steps = [PlannedStep(step=step) for step in routine.steps.all()]
    if age_days is None:
        return steps, []
    return ([item for item in steps if item.step.from_age_days <= age_days],
            [item for item in steps if item.step.from_age_days > age_days])


def course_for_age(courses, age_days):
    """The course for this age, from `courses` in age order: the one whose range holds it; between two courses,
    the one before (a baby keeps doing it until the next one begins); None before the first course and from the
    end of the last one (a child past the baby courses is offered the self-massage games instead)."""
    courses = list(courses)
    started = [course for course in courses if course.min_age_days <= age_days]
    within = [course for course in started if age_days < course.max_age_days]
    if within:
        return within[0]
    if not started or age_days >= max(course.max_age_days for course in courses):
        return None
    return started[-1]


def next_course(courses, age_days):
    """The first course that starts after `age_days`, or None."""
    return next((course for course in courses if course.min_age_days > age_days), None)


def game_ages():
    """(youngest, oldest) age in years of the published games, in one query; (None, None) without games."""
    ages = Game.objects.published().aggregate(youngest=Min("min_age_years"), oldest=Max("max_age_years"))
    return ages["youngest"], ages["oldest"]


@dataclass
class SessionPlan:
    """What a baby of `age_days` may do today."""

    age_days: int
    course: Course | None
    number: int | None = None  # which session of the course this is
    outline: CourseOutline | None = None
    steps: list = field(default_factory=list)  # session `number` for this baby: suited to its age, areas left out
    routines: list = field(default_factory=list)  # the routines of those steps, in order
    left_out: list = field(default_factory=list)  # routines of the course a clearance leaves out
    next_course: Course | None = None  # the course after this age, when one is still to come
    outgrown: bool = False  # older than the oldest course: no baby course fits any more
    single: list = field(default_factory=list)  # routines a parent may do one at a time
    library: dict = field(default_factory=dict)  # routine pk -> its steps that suit the age, in order

    @property
    def between(self):
        """True when the baby is past its course's range and the next course has not begun yet."""
        return self.course is not None and self.age_days >= self.course.max_age_days

    @property
    def seconds(self):
        return sum(step.session_seconds for step in self.steps)

    @property
    def minutes(self):
        return minutes(self.seconds)


def session_plan(*, age_days, excluded_areas=(), course=None, number=1, courses=None):
    """What a baby of `age_days` (corrected age for babies born early) may do: the course for the age (or the one
    given) and the steps of its session `number`, the routines a clearance leaves out, and the single routines.

    One query: the published courses with the content's version (none when `courses` are given, read with
    `content_version` annotated). Every published step with its technique, its routine and its place in the course
    comes from the library this app process keeps for that version (two more queries the first time).
    """
    if courses is None:
        courses = list(Course.objects.published().order_by("min_age_days", "order")
                       .annotate(content_version=content_version()))
    if course is None:
        course = course_for_age(courses, age_days)
    plan = SessionPlan(
        age_days=age_days, course=course, number=number if course else None,
        next_course=next_course(courses, age_days),
        outgrown=course is None and bool(courses) and age_days >= max(c.max_age_days for c in courses),
    )
    # (step, order of its routine in the course, its session of the course's plan), in the library's order.
    rows = _library(courses[0].content_version).in_library(course) if courses else _uncached_rows(course)
    for step, _, _ in rows:
        if step.from_age_days <= age_days:
            plan.library.setdefault(step.routine_id, []).append(step)
    plan.single = [routine_steps[0].routine for routine_steps in plan.library.values()
                   if routine_steps[0].routine.body_area not in excluded_areas
                   and age_days < routine_steps[0].routine.max_age_days]
    if course is None:
        return plan
    in_course = sorted((row for row in rows if row[1] is not None),
                       key=lambda row: (row[1], row[0].routine_id, row[0].order, row[0].pk))
    plan.outline = course_outline(course, [step for step, _, _ in in_course],
                                  plan_sessions={step.pk: session for step, _, session in in_course})
    for part in plan.outline.parts:
        if part.routine.body_area in excluded_areas:
            plan.left_out.append(part.routine)
            continue
        chosen = [item.step for item in part.steps
                  if item.from_session <= number and item.step.from_age_days <= age_days]
        if chosen:
            plan.steps += chosen
            plan.routines.append(part.routine)
    return plan


def _uncached_rows(course):
    """session_plan's rows read afresh: with no course published there is no course row to carry the content's
    version."""
    steps = Step.objects.in_library()
    if course is None:
        return [(step, None, None) for step in steps]
    return [(step, step.course_order, step.plan_session) for step in steps.with_course(course)]


@dataclass(frozen=True)
class AwaitingReview:
    """A published routine or course whose parent-facing content changed since a clinician last reviewed it
    (or that no clinician has reviewed yet): what a clinic's sheets of it say until a reviewer signs it."""

    content: object  # the Routine or Course
    kind: str  # "routine" or "course"
    changed_at: object  # when its parent-facing content last changed (None: never changed since it was added)
    last_reviewed_by: str | None  # who signed the review before the change, None if nobody has
    last_reviewed_at: object


def awaiting_review(routines=None, courses=None):
    """Published routines and courses that wait for a clinical review, the longest waiting first: two queries, or
    none when the caller passes every published routine and course it has already read.

    For the clinic desk: "what awaits review". Drafts are left out until they are published: no clinic prints
    them (staff preview them instead)."""
    read = {"routine": routines, "course": courses}
    waiting = [
        AwaitingReview(content=obj, kind=kind, changed_at=obj.changed_at,
                       last_reviewed_by=obj.reviewer_name if obj.reviewed_at else None,
                       last_reviewed_at=obj.reviewed_at)
        for kind, model in (("routine", Routine), ("course", Course))
        for obj in (model.objects.published().filter(changed_since_review=True) if read[kind] is None
                    else [obj for obj in read[kind] if obj.changed_since_review])
    ]
    # Never-changed content (added by an editor, not yet reviewed) has no changed_at: it sorts by when it was added.
    return sorted(waiting, key=lambda item: (item.changed_at or item.content.updated_at, item.kind, item.content.pk))


# --- the content library as the player reads it, cached per content version -----------------------------------

# The content's version: the id of the newest revision in the content history (django-reversion), which every
# change through admin, the content loader and a revert from history makes. NULL before the first.
CONTENT_VERSION_SQL = "(SELECT MAX(r.id) FROM reversion_revision r)"


def content_version():
    """The content's version, as an expression to annotate onto a query a request makes anyway."""
    return RawSQL(CONTENT_VERSION_SQL, (), output_field=IntegerField())  # noqa: S611 - a constant, no input


class _Library:
    """The content at one version, each part read the first time a request of this app process needs it."""

    def __init__(self):
        self.read_at = time.monotonic()
        self._in_library = {}  # (course id, language) → [(step id, course_order, plan_session)]

    @cached_property
    def steps(self):
        """id → step, with its technique and routine: every step, published or not (a session keeps the steps it
        started with)."""
        return Step.objects.select_related("technique", "routine").in_bulk()

    @cached_property
    def strokes(self):
        """The calming strokes, in CalmingStroke.objects.allowed()'s order."""
        return list(CalmingStroke.objects.all())

    def in_library(self, course):
        """Step.objects.in_library() as (step, course_order, plan_session) rows: the place of each step in `course`
        as with_course() reads it (None, None without a course). The steps are the player's (`steps`); only their
        ids and places are kept per course and language (the library's order breaks ties by the routine's title in
        the request's language), so a course costs a few integers, not a copy of the library."""
        key = (course.pk if course else None, get_language())
        places = self._in_library.get(key)
        if places is None:
            steps = Step.objects.in_library()
            places = self._in_library[key] = (
                list(steps.with_course(course).values_list("pk", "course_order", "plan_session")) if course
                else [(pk, None, None) for pk in steps.values_list("pk", flat=True)])
        by_id = self.steps
        # A step added outside a revision after `steps` was read is left out until the version changes.
        return [(by_id[pk], order, session) for pk, order, session in places if pk in by_id]


# The library as Python objects in this app process, for the newest few content versions. Not in Django's cache:
# that pickles, and unpickling two steps cost a step swap more than the rest of its reads (issue 19). The objects
# serve every language: a translated field reads the request's language when a template shows it. They are shared
# by every request this process serves, so nothing may change them: a reader copies what it needs to change.
_LIBRARY = {}
LIBRARY_VERSIONS_KEPT = 3


def _library(version):
    """The content at `version` (content_version()): each part costs a query the first time this app process needs
    it at that version, and again after LIBRARY_CACHE_SECONDS; none in between."""
    found = _LIBRARY.get(version)
    if found is None or time.monotonic() - found.read_at > LIBRARY_CACHE_SECONDS:
        found = _Library()
        _LIBRARY.pop(version, None)
        _LIBRARY[version] = found
        while len(_LIBRARY) > LIBRARY_VERSIONS_KEPT:
            del _LIBRARY[next(iter(_LIBRARY))]  # the one read longest ago
    return found


def forget_library():
    """Read the library afresh at the next request: for a process whose database was replaced under it (tests)."""
    _LIBRARY.clear()


def steps_by_id(ids, version):
    """The steps with these ids (missing ones left out), with their technique and routine, from the content
    at `version` (content_version()). No query once this app process has read that version."""
    library = _library(version)
    library.strokes  # noqa: B018 - read with the steps, so that a swap that ends gently is never the first to (≤ 4 queries)
    return {pk: library.steps[pk] for pk in ids if pk in library.steps}


def calming_stroke(left_out_areas, version):
    """The calming stroke that ends a session gently on an area the session does not leave out (None: a cuddle),
    from the content at `version`, in CalmingStroke.objects.allowed()'s order."""
    strokes = _library(version).strokes
    return next((stroke for stroke in strokes if stroke.body_area not in left_out_areas), None)

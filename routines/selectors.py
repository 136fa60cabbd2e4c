"""What suits a baby of a given age: reads of the content library (no writes, no baby records)."""

from dataclasses import dataclass, field

from routines.models import Course, Routine


@dataclass
class SessionPlan:
    age_days: int
    course: Course | None
    routines: list = field(default_factory=list)  # in order, suitable for the age, areas left out removed
    left_out: list = field(default_factory=list)  # routines skipped because a clearance leaves their area out


def course_for_age(courses, age_days):
    """The course for this age: the one whose range holds it, or else the latest one already begun
    (between stages a baby keeps doing the earlier course)."""
    started = [course for course in courses if course.min_age_days <= age_days]
    within = [course for course in started if age_days < course.max_age_days]
    if within:
        return within[0]
    return started[-1] if started else None


def session_plan(*, age_days, excluded_areas=(), course=None):
    """What a baby of `age_days` (corrected age for babies born early) may do: the course for the age
    (or the one given), its routines suited to the age, and those a clearance leaves out.

    Two queries: the published courses, and their published routines.
    """
    courses = Course.objects.published().with_published_routines().order_by("min_age_days", "order")
    courses = list(courses.filter(pk=course.pk) if course else courses)
    course = courses[0] if course and courses else course_for_age(courses, age_days)
    plan = SessionPlan(age_days=age_days, course=course)
    if course is None:
        return plan
    for item in course.course_routines.all():
        routine = item.routine
        if routine.body_area in excluded_areas:
            plan.left_out.append(routine)
        elif routine.min_age_days <= age_days:
            plan.routines.append(routine)
    return plan


def suitable_steps(routine, age_days):
    """The routine's steps whose technique suits the age (e.g. no tapping before about a year)."""
    return [step for step in routine.steps.all() if step.technique.min_age_days <= age_days]


def single_routines(age_days, excluded_areas=()):
    """The routines a parent may pick one at a time: published, suited to the age, not left out."""
    return list(Routine.objects.published().filter(min_age_days__lte=age_days).exclude(body_area__in=excluded_areas))

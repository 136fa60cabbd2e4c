"""Workflows that bring content, a baby's health records and a session together."""

from itertools import groupby

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from guide.models import MassageSession
from routines.models import Course
from routines.selectors import content_version, course_for_age, session_plan


class NothingToDo(Exception):
    """Every step of the chosen course or routine is left out for this baby."""


def todays_plan(*, baby, excluded_areas, course=None):
    """What `baby` may do today (routines.selectors.session_plan for its corrected age), with the number of
    its next session of the course: the sessions of that course it has finished, plus one, but never past
    the course's last session (a baby that keeps doing a course repeats its last, fullest session).

    One query: the published courses, each with this baby's finished sessions of it and the content's version (the
    library's steps come from this app process's cache under it; one more query the first time). Raises
    NothingToDo for a `course` that is not published.
    """
    finished = (MassageSession.objects.filter(baby=baby, course=OuterRef("pk"), finished_at__isnull=False)
                .values("course").annotate(n=Count("pk")).values("n"))
    courses = list(Course.objects.published().order_by("min_age_days", "order").annotate(
        finished_sessions=Coalesce(Subquery(finished, output_field=IntegerField()), 0),
        content_version=content_version()))
    age_days = baby.corrected_age_days()
    if course is not None:
        wanted, course = course, next((c for c in courses if c.pk == course.pk), None)
        if course is None:
            raise NothingToDo(wanted)
    else:
        course = course_for_age(courses, age_days)
    number = min(course.finished_sessions + 1, course.sessions) if course else 1
    return session_plan(age_days=age_days, excluded_areas=excluded_areas, course=course, number=number,
                        courses=courses)


def with_sides_and_turns(steps):
    """The cards of a session, as (step, side, turn): each routine's steps in order, its one-sided steps on the
    left and then again on the right (the routines say "every step on one arm, then on the other"), and a turn
    of the baby before the first step of a routine that lies the baby differently (everything starts on the back)."""
    cards, lying = [], "back"
    for _routine, group in groupby(steps, key=lambda step: step.routine_id):
        group = list(group)
        lies_on = group[0].routine.lies_on
        turn, lying = (lies_on if lies_on != lying else ""), lies_on
        sided = [(step, "left" if step.per_side else "") for step in group]
        sided += [(step, "right") for step in group if step.per_side]
        cards += [(step, side, turn if i == 0 else "") for i, (step, side) in enumerate(sided)]
    return cards


@transaction.atomic
def start_session(*, gate, course=None, routine=None, hands_free=False, plan=None, started_by=None):
    """Start a guided session for the baby that passed `gate` (a safety GateStatus), by `started_by` (a parent
    or a caregiver: the journal shows who).

    The steps are fixed now. For a course: session N of its plan (N = the baby's finished sessions of it + 1,
    at most the last), without steps not yet for the baby's corrected age and without the body areas a
    clearance leaves out. For a single routine: its steps that suit the age. `plan` is today's plan when the
    caller has already read it (todays_plan).
    """
    baby = gate.baby
    for left in baby.massage_sessions.unfinished():
        left.close_if_abandoned()  # left for 12 hours: into the journal as stopped early
    if plan is None or (course is not None and plan.course != course):
        plan = todays_plan(baby=baby, excluded_areas=gate.excluded_areas, course=course)
    if course is not None:
        steps, number = plan.steps, plan.number
    else:
        if routine.pk not in {r.pk for r in plan.single}:
            raise NothingToDo(routine)
        steps, number = plan.library[routine.pk], None
    if not steps:
        raise NothingToDo(course or routine)
    cards = with_sides_and_turns(steps)
    session = MassageSession(
        baby=baby, course=course, routine=None if course else routine, screening=gate.screening,
        daily_check=gate.daily_check, course_session_number=number, step_ids=[step.pk for step, _, _ in cards],
        step_areas=[step.routine.body_area for step, _, _ in cards], step_sides=[side for _, side, _ in cards],
        step_turns=[turn for _, _, turn in cards],
        # Every area the clearance leaves out, not only the course's: "finish gently" reads it too.
        left_out_areas=list(gate.excluded_areas), hands_free=hands_free, started_by=started_by,
    )
    session.full_clean()
    session.save()
    return session


def erase_sessions(*, baby_ids):
    """Delete every session of these babies: part of erasing them (family/services.py). Sessions are the
    guide's own records, so they go before the health records they point at. Returns how many went."""
    return MassageSession.objects.filter(baby__in=baby_ids).delete()[0]

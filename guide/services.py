"""Workflows that bring content, a baby's health records and a session together."""

from django.db import transaction

from guide.models import MassageSession
from routines.models import Routine
from routines.selectors import session_plan, suitable_steps


class NothingToDo(Exception):
    """Every step of the chosen course or routine is left out for this baby."""


@transaction.atomic
def start_session(*, gate, course=None, routine=None, hands_free=False, started_by=None):
    """Start a guided session for the baby that passed `gate` (a safety GateStatus), by `started_by` (a parent
    or a caregiver: the journal shows who).

    The steps are fixed now: the course's routines (or the single routine) suited to the baby's
    corrected age, without the body areas a clearance leaves out, and without steps whose technique
    is not yet for this age.
    """
    baby = gate.baby
    for left in baby.massage_sessions.unfinished():
        left.close_if_abandoned()  # left for 12 hours: into the journal as stopped early
    age_days = baby.corrected_age_days()
    if course is not None:
        plan = session_plan(age_days=age_days, excluded_areas=gate.excluded_areas, course=course)
        chosen, left_out = plan.routines, [r.body_area for r in plan.left_out]
        number = baby.massage_sessions.filter(course=course, finished_at__isnull=False).count() + 1
    else:
        if routine.body_area in gate.excluded_areas or routine.min_age_days > age_days:
            raise NothingToDo(routine)
        chosen, left_out, number = [routine], [], None
    with_steps = Routine.objects.filter(pk__in=[r.pk for r in chosen]).with_steps().in_bulk()
    steps = [step for r in chosen for step in suitable_steps(with_steps[r.pk], age_days)]
    if not steps:
        raise NothingToDo(course or routine)
    session = MassageSession(
        baby=baby, course=course, routine=None if course else routine, screening=gate.screening,
        daily_check=gate.daily_check, course_session_number=number, step_ids=[step.pk for step in steps],
        step_areas=[with_steps[step.routine_id].body_area for step in steps], left_out_areas=left_out,
        hands_free=hands_free, started_by=started_by,
    )
    session.full_clean()
    session.save()
    return session


def erase_sessions(*, baby_ids):
    """Delete every session of these babies: part of erasing them (family/services.py). Sessions are the
    guide's own records, so they go before the health records they point at. Returns how many went."""
    return MassageSession.objects.filter(baby__in=baby_ids).delete()[0]

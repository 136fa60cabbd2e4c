"""Workflows that bring content and a baby together."""

import csv
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from routines.models import Course, CourseRoutine, MassageSession, Routine, Step


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
    routine_items = CourseRoutine.objects.filter(routine__published=True).select_related("routine")
    courses = list(
        Course.objects.published()
        .filter(**({"pk": course.pk} if course else {}))
        .order_by("min_age_days", "order")
        .prefetch_related(Prefetch("course_routines", queryset=routine_items))
    )
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



class NothingToDo(Exception):
    """Every step of the chosen course or routine is left out for this baby."""


def plan_steps(routines, age_days):
    """The step ids of `routines`, in order, leaving out steps whose technique is too advanced for the age."""
    return [step.pk for routine in routines for step in suitable_steps(routine, age_days)]


@transaction.atomic
def start_session(*, gate, course=None, routine=None, hands_free=False):
    """Start a guided session for the baby that passed `gate` (a safety GateStatus).

    The steps are fixed now: the course's routines (or the single routine) suited to the baby's
    corrected age, without the body areas a clearance leaves out, and without steps whose technique
    is not yet for this age.
    """
    baby = gate.baby
    age_days = baby.corrected_age_days()
    if course is not None:
        plan = session_plan(age_days=age_days, excluded_areas=gate.excluded_areas, course=course)
        chosen, left_out = plan.routines, [r.body_area for r in plan.left_out]
        number = baby.massage_sessions.filter(course=course, finished_at__isnull=False).count() + 1
    else:
        if routine.body_area in gate.excluded_areas or routine.min_age_days > age_days:
            raise NothingToDo(routine)
        chosen, left_out, number = [routine], [], None
    steps = Prefetch("steps", queryset=Step.objects.select_related("technique"))
    with_steps = Routine.objects.filter(pk__in=[r.pk for r in chosen]).prefetch_related(steps).in_bulk()
    step_ids = plan_steps([with_steps[r.pk] for r in chosen], age_days)
    if not step_ids:
        raise NothingToDo(course or routine)
    session = MassageSession(
        baby=baby, course=course, routine=None if course else routine, screening=gate.screening,
        daily_check=gate.daily_check, course_session_number=number, step_ids=step_ids, left_out_areas=left_out,
        hands_free=hands_free,
    )
    session.full_clean()
    session.save()
    return session


def active_session(baby):
    """The baby's unfinished session, to resume, if there is one."""
    return baby.massage_sessions.filter(finished_at__isnull=True).select_related("course", "routine").first()


def _save(session, *fields):
    session.save(update_fields=[*fields, "updated_at"])


def _finish(session):
    session.finished_at = timezone.now()


def record_step(*, session, step_id, done):
    """Mark the current step done (or skipped) and move on. A stale or repeated request changes nothing."""
    if session.current_step_id != step_id:
        return False
    (session.done_ids if done else session.skipped_ids).append(step_id)
    session.position += 1
    if session.position >= session.total_steps:
        _finish(session)
    _save(session, "done_ids", "skipped_ids", "position", "finished_at")
    return True


def skip_to_next_area(*, session, step_id):
    """Skip the rest of the current body area (the baby is fussing) and go to the next one."""
    if session.current_step_id != step_id:
        return False
    area_of = dict(Step.objects.filter(pk__in=session.step_ids).values_list("pk", "routine__body_area"))
    current_area = area_of.get(step_id)
    while session.current_step_id is not None and area_of.get(session.current_step_id) == current_area:
        session.skipped_ids.append(session.current_step_id)
        session.position += 1
    if session.position >= session.total_steps:
        _finish(session)
    _save(session, "skipped_ids", "position", "finished_at")
    return True


def note_cue(*, session, cue):
    session.cues.append({"cue": cue, "at": timezone.now().isoformat(), "position": session.position})
    _save(session, "cues")


def end_gently(*, session):
    """Stop the planned steps; the player shows one calming stroke and then the finish page."""
    session.skipped_ids.extend(session.step_ids[session.position:])
    session.ending_gently = True
    _save(session, "skipped_ids", "ending_gently")


def finish(*, session, mood="", cues=(), note=""):
    """Close the session (if the player has not already) and keep how the baby took it."""
    if not session.finished:
        session.skipped_ids.extend(i for i in session.step_ids[session.position:] if i not in session.skipped_ids)
        session.position = session.total_steps
        _finish(session)
    seen = {c["cue"] for c in session.cues}
    session.cues.extend({"cue": cue, "at": timezone.now().isoformat(), "position": None}
                        for cue in cues if cue not in seen)
    session.mood, session.note = mood, note
    session.full_clean()
    _save(session, "skipped_ids", "position", "finished_at", "cues", "mood", "note")


def single_routines(age_days, gate):
    """The routines a parent may pick one at a time: published, suited to the age, not left out."""
    return list(
        Routine.objects.published().filter(min_age_days__lte=age_days).exclude(body_area__in=gate.excluded_areas)
    )


def set_checklist(*, session, value):
    session.checklist = value
    _save(session, "checklist")


# A repetition takes about this long, so that hands-free mode can move on after counted strokes too.
SECONDS_PER_REPETITION = 4


def player_context(session):
    """What the player shows: the current and next step (one query), and where the parent is."""
    wanted = [pk for pk in (session.current_step_id, session.next_step_id) if pk is not None]
    steps = Step.objects.select_related("technique", "routine").in_bulk(wanted)
    step = steps.get(session.current_step_id)
    return {
        "session": session,
        "step": step,
        "next_step": steps.get(session.next_step_id),
        "step_number": session.position + 1,
        "seconds": (step.seconds or step.repetitions * SECONDS_PER_REPETITION) if step else 0,
        "cue_choices": MassageSession.Cue.choices,
    }


def _cell(value):
    """A spreadsheet cell that cannot run as a formula when the file is opened."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def write_journal_csv(out, baby):
    writer = csv.writer(out)
    writer.writerow(["date", "started", "minutes", "course or routine", "session of course", "steps done",
                     "steps skipped", "mood", "cues", "note"])
    for session in baby.massage_sessions.filter(finished_at__isnull=False).select_related("course", "routine"):
        number = f"{session.course_session_number} of {session.course.sessions}" if session.course else ""
        started = timezone.localtime(session.started_at)
        writer.writerow([_cell(value) for value in (
            started.date().isoformat(), started.strftime("%H:%M"), session.minutes, session.title, number,
            len(session.done_ids), len(session.skipped_ids), session.get_mood_display(),
            "; ".join(str(label) for label in session.cue_labels()), session.note,
        )])

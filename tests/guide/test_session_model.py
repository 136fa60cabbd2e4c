"""Starting, stepping through, fussing, resuming and finishing a guided session."""

import pytest
from django.db import transaction
from reversion.models import Revision

from guide import services
from guide.models import MassageSession
from routines import selectors
from routines.models import Step
from safety.services import gate_status
from tests.factories import check_today, clear, make_baby, make_course, make_routine, make_technique, screen

pytestmark = pytest.mark.django_db


def passed_gate(baby):
    status = gate_status(baby)
    assert status.passed, status.next_step
    return status


@pytest.fixture
def course():
    gentle = make_technique(min_age_days=0)
    tapping = make_technique(name="Tapping", min_age_days=300)
    tummy = make_routine(steps=3, technique=gentle, body_area="stomach", title="Tummy")
    Step.objects.create(routine=tummy, order=9, title="Tapping", instruction="Tap lightly.", technique=tapping,
                        direction="Anywhere", repetitions=5, source_note="Test.")
    legs = make_routine(steps=2, technique=gentle, body_area="legs", title="Legs")
    late = make_routine(steps=2, technique=gentle, body_area="back", title="Back, later", min_age_days=200)
    return make_course(routines=[tummy, legs, late], min_age_days=30, max_age_days=120)


def ready(age_days=60, **overrides):
    baby = make_baby(age_days=age_days)
    screen(baby, **overrides)
    check_today(baby)
    return baby


def test_the_course_for_the_age_leaves_out_routines_and_steps_too_advanced(course):
    baby = ready()
    session = services.start_session(gate=passed_gate(baby), course=course)
    steps = list(course.routines.get(title="Tummy").steps.exclude(title="Tapping")) + list(
        course.routines.get(title="Legs").steps.all())
    assert session.step_ids == [s.pk for s in steps]
    assert session.course_session_number == 1
    assert session.screening == baby.screenings.get() and session.daily_check == baby.daily_checks.get()


def test_areas_a_clearance_leaves_out_are_skipped_and_recorded(course):
    baby = make_baby(age_days=60)
    clear(baby, screen(baby, hips="yes"), excluded_areas=["legs"])
    check_today(baby)
    gate = passed_gate(baby)
    plan = selectors.session_plan(age_days=60, excluded_areas=gate.excluded_areas)
    assert [r.title for r in plan.left_out] == ["Legs"]
    session = services.start_session(gate=gate, course=course)
    assert session.left_out_areas == ["legs"]
    assert not set(session.step_ids) & set(course.routines.get(title="Legs").steps.values_list("pk", flat=True))


def test_a_routine_left_out_by_the_doctor_cannot_be_started_alone(course):
    baby = make_baby(age_days=60)
    clear(baby, screen(baby, hips="yes"), excluded_areas=["legs"])
    check_today(baby)
    with pytest.raises(services.NothingToDo):
        services.start_session(gate=passed_gate(baby), routine=course.routines.get(title="Legs"))


def test_steps_done_and_skipped_are_saved_one_by_one(course):
    session = services.start_session(gate=passed_gate(ready()), course=course)
    first, second = session.step_ids[:2]
    assert session.record_step(first, done=True)
    assert session.record_step(second, done=False)
    saved = MassageSession.objects.get()
    assert (saved.position, saved.done_ids, saved.skipped_ids) == (2, [first], [second])


def test_the_locked_read_is_the_saved_session_of_that_baby_only(course):
    """The swap reads its session with a statement written out in SQL (MassageSession.objects.locked): the same
    session the ORM reads, and only the baby's own."""
    baby = ready()
    session = services.start_session(gate=passed_gate(baby), course=course)
    session.record_step(session.step_ids[0], done=True)
    with transaction.atomic():
        locked = MassageSession.objects.locked(baby=baby, pk=session.pk)
        with pytest.raises(MassageSession.DoesNotExist):
            MassageSession.objects.locked(baby=ready(), pk=session.pk)
    saved = MassageSession.objects.get()
    assert [getattr(locked, f.attname) for f in MassageSession._meta.concrete_fields] == \
        [getattr(saved, f.attname) for f in MassageSession._meta.concrete_fields]
    assert locked.content_version == Revision.objects.order_by("-pk").values_list("pk", flat=True).first()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_locked_read_needs_a_transaction(course):
    baby = ready()
    session = services.start_session(gate=passed_gate(baby), course=course)
    with pytest.raises(transaction.TransactionManagementError):
        MassageSession.objects.locked(baby=baby, pk=session.pk)


def test_a_repeated_or_stale_step_changes_nothing(course):
    session = services.start_session(gate=passed_gate(ready()), course=course)
    first = session.step_ids[0]
    session.record_step(first, done=True)
    assert not session.record_step(first, done=True)
    assert MassageSession.objects.get().done_ids == [first]


def test_the_last_step_finishes_the_session(course):
    session = services.start_session(gate=passed_gate(ready()), routine=course.routines.get(title="Legs"))
    for step_id in list(session.step_ids):
        session.record_step(step_id, done=True)
    saved = MassageSession.objects.get()
    assert saved.finished and saved.duration.total_seconds() >= 0


def test_fussing_records_the_cue_and_can_skip_to_the_next_body_area(course):
    session = services.start_session(gate=passed_gate(ready()), course=course)
    session.note_cue("crying")
    session.skip_rest_of_area(session.step_ids[0])
    saved = MassageSession.objects.get()
    legs = list(course.routines.get(title="Legs").steps.values_list("pk", flat=True))
    assert saved.current_step_id == legs[0]
    assert [c["cue"] for c in saved.cues] == ["crying"]
    assert len(saved.skipped_ids) == 3


def test_finishing_gently_ends_with_a_calming_stroke_and_keeps_the_mood(course):
    session = services.start_session(gate=passed_gate(ready()), course=course)
    session.record_step(session.step_ids[0], done=True)
    session.end_gently()
    assert session.current_step_id is None and session.ending_gently
    session.finish(mood="mixed", cues=["arching"], note="Tired today")
    saved = MassageSession.objects.get()
    assert saved.finished and saved.mood == "mixed" and saved.note == "Tired today"
    # Nobody chose to skip the rest: the session ended before it.
    assert len(saved.done_ids) == 1 and saved.skipped_ids == []
    assert saved.not_reached_ids == saved.step_ids[1:] and saved.stopped_early
    assert saved.cue_labels() == ["Arching the back"]


def test_resume_finds_the_unfinished_session_at_its_step(course):
    baby = ready()
    session = services.start_session(gate=passed_gate(baby), course=course)
    session.record_step(session.step_ids[0], done=True)
    resumed = baby.massage_sessions.unfinished().first()
    assert resumed.pk == session.pk and resumed.current_step_id == session.step_ids[1]
    resumed.finish()
    assert baby.massage_sessions.unfinished().first() is None


def test_course_sessions_are_numbered(course):
    baby = ready()
    for expected in (1, 2, 3):
        session = services.start_session(gate=passed_gate(baby), course=course)
        assert session.course_session_number == expected
        session.finish()


@pytest.mark.parametrize("age,expected", [(20, None), (45, "early"), (130, "early"), (150, "middle")])
def test_the_course_follows_the_age_and_keeps_the_last_one_begun(age, expected):
    early = make_course(min_age_days=30, max_age_days=90, title="early")
    middle = make_course(min_age_days=140, max_age_days=200, title="middle")
    found = selectors.course_for_age([early, middle], age)
    assert (found.title if found else None) == expected

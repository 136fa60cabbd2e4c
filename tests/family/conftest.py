import pytest

from guide.services import start_session
from safety import services
from safety.models import Invitation, QuestionnaireVersion, Role
from safety.services import gate_status, remove_baby, save_baby
from tests.factories import (
    GOOD_DAY,
    all_clear_answers,
    check_today,
    clear,
    make_baby,
    make_clinic_staff,
    make_course,
    make_member,
    make_parent,
    make_routine,
    screen,
    share_with,
)


@pytest.fixture
def family(db):
    """Mum's babies with every kind of record: Mila (a caregiver, Nan; a profile change; a screening that needed a
    doctor, its correction and a clearance; checks by Mum and by Nan; sessions by both; an invitation waiting),
    Leo (archived), and Ivy, whom Mum shares with Dad as a second parent (with records by both). Plus another
    family's baby, Otto."""
    routine = make_routine(steps=2, min_age_days=14)
    make_course(routines=[routine], min_age_days=14, max_age_days=400)
    mum = make_parent("mum@example.com")
    mila = make_baby(parent=mum, name="Mila", age_days=90)
    nan = make_member(mila, user=make_parent("nan@example.com"))
    mila.weeks_at_birth = 39
    save_baby(baby=mila, changed_by=mum)
    first = screen(mila)
    corrected = services.submit_screening(baby=mila, version=QuestionnaireVersion.current(), respondent=mum,
                                          answers=all_clear_answers(hips="yes"), replaces=first)
    clear(mila, corrected)
    check_today(mila)
    start_session(gate=gate_status(mila), routine=routine, started_by=mum).finish(mood="calm", note="Loved it")
    services.record_daily_check(baby=mila, answers=GOOD_DAY, minutes_since_feed=50, hours_since_vaccine=None,
                                temperature=None, respondent=nan)
    start_session(gate=gate_status(mila), routine=routine, started_by=nan)
    Invitation.objects.create(baby=mila, email="grandpa@example.com", invited_by=mum,
                              expires_at=mila.created_at.replace(year=2100))
    leo = make_baby(parent=mum, name="Leo", age_days=200)
    screen(leo)
    remove_baby(baby=leo)
    dad = make_parent("dad@example.com")
    ivy = make_baby(parent=mum, name="Ivy", age_days=120)
    make_member(ivy, user=dad, role=Role.OWNER)
    screen(ivy)
    check_today(ivy)
    start_session(gate=gate_status(ivy), routine=routine, started_by=mum)
    services.record_daily_check(baby=ivy, answers=GOOD_DAY, minutes_since_feed=50, hours_since_vaccine=None,
                                temperature=None, respondent=dad)
    start_session(gate=gate_status(ivy), routine=routine, started_by=dad)
    nurse = make_clinic_staff()
    share_with(mila, nurse)  # Mila's shares and their clinic records go with her
    share_with(ivy, nurse)  # ... Ivy's stay with Dad, without Mum's name
    other = make_baby(name="Otto", age_days=100)
    screen(other)
    return {"mum": mum, "dad": dad, "nan": nan, "mila": mila, "leo": leo, "ivy": ivy, "other": other}

"""Walks every URL the project has and proves no gated view renders without what it needs.

New URLs are picked up automatically: a new view must either be gated (@requires_screening) or be
added to REVIEWED_EXEMPT below, on purpose, by someone who checked it starts no massage.
"""

from datetime import date, timedelta

import pytest
import time_machine

from guide.services import start_session
from routines.models import Routine
from safety.models import Clearance, QuestionnaireVersion
from safety.services import gate_status, remove_member, save_baby
from tests.factories import (
    check_today,
    clear,
    make_baby,
    make_clinic_staff,
    make_course,
    make_member,
    make_parent,
    make_routine,
    ready_baby,
    screen,
    share_with,
)
from tests.walk import fill, gated_views, project_views

REVIEWED_EXEMPT = {
    "healthz",  # says only whether the database answers
    "manifest", "service_worker", "offline",  # installing and working offline: nothing about anyone
    # browse pages and print sheets: reading about massage starts none
    "routines:home", "routines:routine_list", "routines:routine_detail", "routines:course_list",
    "routines:course_detail", "routines:game_list", "routines:game_detail", "routines:before_you_start",
    "routines:routine_print", "routines:course_print", "routines:sources",
    # staff previews of content, published or not (staff_member_required): reading starts no massage
    "routines:routine_preview", "routines:routine_preview_print", "routines:course_preview",
    "routines:course_preview_print",
    # the language switcher: sets the language of the next pages, nothing else
    "safety:language",
    # accounts and baby profiles
    "safety:signup", "safety:login", "safety:logout", "safety:password_reset", "safety:password_reset_done",
    "safety:password_reset_confirm", "safety:password_reset_complete", "safety:account", "safety:baby_list",
    "safety:baby_add",
    "safety:baby_edit", "safety:baby_remove",
    "safety:sign_out_everywhere", "safety:email_change", "safety:email_confirm", "safety:password_change",
    "safety:password_change_done",
    # who may see a baby: owners invite and remove people; the invitation's link; nothing here starts a massage
    "safety:baby_people", "safety:member_remove", "safety:invitation_withdraw", "safety:invitation",
    # the family's records as a whole: download, erase, and the page that says what is kept
    "family:download", "family:delete_account", "family:baby_erase", "family:privacy",
    # the family's own pages and records: where the baby stands, and the journal (needed most when the baby is unwell)
    "guide:baby_detail", "guide:journal", "guide:journal_csv",
    # the screening itself: the way through the gate
    "safety:screening", "safety:screening_outcome", "safety:health_changed", "safety:clearance",
    "safety:daily_check", "safety:daily_check_outcome",
    # print sheets added with the clinic desk: a chosen set of routines, a course on one page
    "routines:routines_print", "routines:course_summary_print",
    # sharing a baby with a clinic (the parent's side) and the clinic desk: approvals and print links, no massage
    "clinics:baby_share", "clinics:share_code_new", "clinics:share_end", "clinics:desk", "clinics:code",
    "clinics:shared_baby",
}


def test_every_view_is_gated_or_reviewed_exempt():
    names = {name for name, _route, _callback in project_views()}
    gated = {name for name, _route in gated_views()}
    assert names - gated == REVIEWED_EXEMPT
    assert "guide:session_start" in gated


def _anonymous(client):
    return make_baby()


def _no_screening(client):
    baby = make_baby()
    client.force_login(baby.parent)
    return baby


def _screened_no_today_check(client):
    baby = _no_screening(client)
    screen(baby)
    return baby


def _expired_screening(client):
    baby = _no_screening(client)
    with time_machine.travel(-timedelta(days=31)):
        screen(baby)
    check_today(baby)
    return baby


def _old_questionnaire_version(client):
    baby = _no_screening(client)
    screen(baby)
    check_today(baby)
    QuestionnaireVersion.objects.create(number=QuestionnaireVersion.current().number + 1)
    return baby


def _needs_clearance_without_one(client):
    baby = _no_screening(client)
    screen(baby, hips="yes")
    check_today(baby)
    return baby


def _standing_stop(client):
    # Unwell with 38.4 °C at 5 weeks, then "No" to everything seconds later: the first stop stands 24 hours.
    baby = make_baby(age_days=35)
    client.force_login(baby.parent)
    screen(baby)
    check_today(baby, unwell="yes", temperature="38.4")
    check_today(baby)
    return baby


def _profile_changed(client):
    # Screened as born at 40 weeks, then edited to 31 weeks and intensive care.
    baby = _no_screening(client)
    screen(baby)
    check_today(baby)
    baby.weeks_at_birth, baby.intensive_care = 31, True
    save_baby(baby=baby, changed_by=baby.parent)
    return baby


def _clearance_out_of_range(client):
    # "Approved 0001-01-01, valid until 9999-12-31" for heart disease, a bleeding disorder and fragile bones,
    # in the database without the form's checks.
    baby = _no_screening(client)
    submission = screen(baby, heart="yes", bleeding="yes", fragile_bones="yes")
    Clearance.objects.create(baby=baby, screening=submission, clinician_name="x", role="other",
                             approved_on=date(1, 1, 1), expires_on=date(9999, 12, 31), recorded_by=baby.parent)
    check_today(baby)
    return baby


def _ill_right_now(client):
    baby = _no_screening(client)
    clear(baby, screen(baby, hips="yes"))
    screen(baby, hips="yes", acute_illness="yes")
    check_today(baby)
    return baby


def _born_early_under_the_start_age(client):
    baby = make_baby(age_days=50, weeks_at_birth=30)
    client.force_login(baby.parent)
    clear(baby, screen(baby))
    check_today(baby)
    return baby


def _someone_elses_baby(client):
    client.force_login(make_parent())
    baby = ready_baby()
    start_session(gate=gate_status(baby), routine=Routine.objects.get())
    return baby


def _caregiver_before_the_screening(client):
    # A caregiver cannot answer the health questions: the baby waits for a parent.
    baby = make_baby()
    client.force_login(make_member(baby))
    return baby


def _caregiver_without_todays_check(client):
    baby = make_baby()
    screen(baby)
    client.force_login(make_member(baby))
    return baby


def _caregiver_of_another_baby(client):
    # A caregiver of one baby is a stranger to every other one.
    client.force_login(make_member(ready_baby()))
    baby = ready_baby()
    start_session(gate=gate_status(baby), routine=Routine.objects.get())
    return baby


def _removed_caregiver(client):
    baby = ready_baby()
    caregiver = make_member(baby)
    client.force_login(caregiver)
    start_session(gate=gate_status(baby), routine=Routine.objects.get(), started_by=caregiver)
    remove_member(membership=baby.memberships.get(user=caregiver))
    return baby


def _clinic_staff_of_a_clinic_the_baby_is_shared_with(client):
    # A nurse who may see this baby's health answers and record its clearance: still not its family.
    baby = ready_baby()
    start_session(gate=gate_status(baby), routine=Routine.objects.get())
    nurse = make_clinic_staff()
    share_with(baby, nurse)
    client.force_login(nurse.user)
    return baby


STRANGERS = (_someone_elses_baby, _caregiver_of_another_baby, _removed_caregiver,
             _clinic_staff_of_a_clinic_the_baby_is_shared_with)
STATES = [_anonymous, _no_screening, _screened_no_today_check, _expired_screening, _old_questionnaire_version,
          _needs_clearance_without_one, _standing_stop, _profile_changed, _clearance_out_of_range, _ill_right_now,
          _born_early_under_the_start_age, _someone_elses_baby, _caregiver_before_the_screening,
          _caregiver_without_todays_check, _caregiver_of_another_baby, _removed_caregiver,
          _clinic_staff_of_a_clinic_the_baby_is_shared_with]


@pytest.fixture
def slug(db):
    routine = make_routine()
    make_course(routines=[routine], min_age_days=14, max_age_days=400)
    return Routine.objects.get().slug


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES, ids=lambda f: f.__name__.strip("_"))
def test_no_gated_view_answers_200_without_a_passed_gate(client, slug, state):
    baby = state(client)
    if state not in STRANGERS:
        assert not gate_status(baby).passed, "the state must be one the gate refuses"
    assert gated_views(), "no gated views found"
    for name, route in gated_views():
        url = fill(route, baby, slug)
        for method in ("get", "post"):
            for htmx in ({}, {"HTTP_HX_REQUEST": "true"}):
                response = getattr(client, method)(url, **htmx)
                allowed = (404, 405) if state in STRANGERS else (302, 403, 404, 405)
                assert response.status_code in allowed, (name, method, htmx, response.status_code)
                if htmx and response.status_code == 403:
                    assert response.has_header("HX-Redirect"), (name, method)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["parent", "caregiver", "second parent"])
def test_with_the_gate_passed_the_gated_views_do_answer(client, slug, who):
    baby = ready_baby()
    start_session(gate=gate_status(baby), routine=Routine.objects.get())
    client.force_login({"parent": baby.parent, "caregiver": make_member(baby),
                        "second parent": make_member(baby, role="owner")}[who])
    answered = {name: client.get(fill(route, baby, slug)).status_code for name, route in gated_views()}
    assert answered["guide:session_start"] == 200
    assert answered["guide:session_player"] == 302  # to the before-you-start list, not yet ticked
    assert all(code in (200, 302, 405) for code in answered.values()), answered

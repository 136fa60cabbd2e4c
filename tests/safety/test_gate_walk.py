"""Walks every URL the project has and proves no gated view renders without what it needs.

New URLs are picked up automatically: a new view must either be gated (@requires_screening) or be
added to REVIEWED_EXEMPT below, on purpose, by someone who checked it starts no massage.
"""

from datetime import timedelta

import pytest
import time_machine

from guide.services import start_session
from routines.models import Routine
from safety.gate import REQUIRED, screening_mark
from safety.models import QuestionnaireVersion
from safety.services import gate_status
from tests.factories import check_today, make_baby, make_course, make_parent, make_routine, ready_baby, screen
from tests.walk import fill, project_views

REVIEWED_EXEMPT = {
    "healthz",  # says only whether the database answers
    # browse pages and print sheets: reading about massage starts none
    "routines:home", "routines:routine_list", "routines:routine_detail", "routines:course_list",
    "routines:course_detail", "routines:game_list", "routines:game_detail", "routines:before_you_start",
    "routines:routine_print", "routines:course_print", "routines:sources",
    # accounts and baby profiles
    "safety:signup", "safety:login", "safety:logout", "safety:password_reset", "safety:password_reset_done",
    "safety:password_reset_confirm", "safety:password_reset_complete", "safety:baby_list", "safety:baby_add",
    "safety:baby_edit", "safety:baby_remove",
    # the family's own pages and records: where the baby stands, and the journal (needed most when the baby is unwell)
    "guide:baby_detail", "guide:journal", "guide:journal_csv",
    # the screening itself: the way through the gate
    "safety:screening", "safety:screening_outcome", "safety:health_changed", "safety:clearance",
    "safety:daily_check", "safety:daily_check_outcome",
}


def gated_views():
    return [(name, route) for name, route, callback in project_views() if screening_mark(callback) == REQUIRED]


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


def _someone_elses_baby(client):
    client.force_login(make_parent())
    baby = ready_baby()
    start_session(gate=gate_status(baby), routine=Routine.objects.get())
    return baby


STATES = [_anonymous, _no_screening, _screened_no_today_check, _expired_screening, _old_questionnaire_version,
          _needs_clearance_without_one, _someone_elses_baby]


@pytest.fixture
def slug(db):
    routine = make_routine()
    make_course(routines=[routine], min_age_days=14, max_age_days=400)
    return Routine.objects.get().slug


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES, ids=lambda f: f.__name__.strip("_"))
def test_no_gated_view_answers_200_without_a_passed_gate(client, slug, state):
    baby = state(client)
    assert gated_views(), "no gated views found"
    for name, route in gated_views():
        url = fill(route, baby, slug)
        for method in ("get", "post"):
            for htmx in ({}, {"HTTP_HX_REQUEST": "true"}):
                response = getattr(client, method)(url, **htmx)
                assert response.status_code in (302, 403, 404, 405), (name, method, htmx, response.status_code)
                if htmx and response.status_code == 403:
                    assert response.has_header("HX-Redirect"), (name, method)


@pytest.mark.django_db
def test_with_the_gate_passed_the_gated_views_do_answer(client, slug):
    baby = ready_baby()
    start_session(gate=gate_status(baby), routine=Routine.objects.get())
    client.force_login(baby.parent)
    answered = {name: client.get(fill(route, baby, slug)).status_code for name, route in gated_views()}
    assert answered["guide:session_start"] == 200
    assert answered["guide:session_player"] == 302  # to the before-you-start list, not yet ticked
    assert all(code in (200, 302, 405) for code in answered.values()), answered

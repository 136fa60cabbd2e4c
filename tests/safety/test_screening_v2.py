"""Questionnaire version 2 as parents answer it: ill right now, a stuck hernia, a healing belly button, the
start age, and a baby born early who is not old enough yet."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from safety.models import QuestionnaireVersion, ScreeningSubmission
from safety.rules import Outcome
from safety.services import NextStep, gate_status
from tests.factories import all_clear_answers, check_today, clear, make_baby, make_course, make_routine

pytestmark = pytest.mark.django_db
CLOCK = "2026-03-02 08:00 +0000"


def answer(client, baby, **overrides):
    """Posts the screening form; returns the outcome page's text (or the response when it is refused)."""
    data = {**all_clear_answers(**overrides), "version": QuestionnaireVersion.current().pk}
    data = {key: value for key, value in data.items() if value is not None}
    response = client.post(reverse("safety:screening", args=[baby.pk]), data)
    if response.status_code != 302:
        return response
    return client.get(response["Location"]).content.decode()


def parent_of(client, **fields):
    baby = make_baby(**fields)
    client.force_login(baby.parent)
    return baby


def test_ill_right_now_means_wait_until_well_and_answering_again_at_once_does_not_lift_it(client):
    make_course(routines=[make_routine()], min_age_days=14, max_age_days=400)
    with time_machine.travel(CLOCK, tick=False) as clock:
        baby = parent_of(client, age_days=120)
        page = answer(client, baby, acute_illness="yes")
        assert "Your baby is ill right now. No massage until your baby is well again." in page
        assert "Record the doctor" not in page  # never a clearance
        check_today(baby)
        start = client.get(reverse("guide:session_start", args=[baby.pk]))
        ill = ScreeningSubmission.objects.get()
        assert start["Location"] == reverse("safety:screening_outcome", args=[baby.pk, ill.pk])
        assert "not well right now" in client.get(baby.get_absolute_url()).content.decode()

        clock.shift(timedelta(seconds=10))
        page = answer(client, baby)  # "not ill" seconds later: recorded, but the stop stands
        assert "it stands until" in page
        assert gate_status(baby).next_step == NextStep.SCREENING_STOP

        clock.shift(timedelta(hours=24))
        answer(client, baby)
        check_today(baby)
        assert gate_status(baby).passed
    assert ScreeningSubmission.objects.count() == 3


def test_a_hernia_needs_a_doctor_and_a_stuck_one_needs_care_now(client):
    baby = parent_of(client, age_days=120)
    assert "Ask a doctor first" in answer(client, baby, hernia="yes")
    page = answer(client, baby, hernia="yes", hernia_stuck="yes")
    assert "Seek medical care now" in page and "needs a doctor now" in page
    assert gate_status(baby).next_step == NextStep.SCREENING_STOP


def test_the_hernia_follow_up_must_be_answered_after_yes_and_may_be_left_after_no(client):
    baby = parent_of(client, age_days=120)
    response = answer(client, baby, hernia="yes", hernia_stuck=None)
    assert response.status_code == 400
    assert "so please answer this too" in response.content.decode()
    assert not ScreeningSubmission.objects.exists()
    assert "Go ahead" in answer(client, baby, hernia="no", hernia_stuck=None)
    assert "hernia_stuck" not in ScreeningSubmission.objects.get().answers


def test_a_healing_belly_button_leaves_the_stomach_out_and_is_asked_only_under_6_weeks(client):
    baby = parent_of(client, age_days=20)
    form = client.get(reverse("safety:screening", args=[baby.pk])).content.decode()
    assert "belly button still healing" in form
    page = answer(client, baby, cord_stump="yes")
    assert "Go ahead, with some areas left out" in page and "Stomach" in page
    check_today(baby)
    gate = gate_status(baby)
    assert gate.passed and gate.excluded_areas == ["stomach"]

    older = parent_of(client, age_days=42)
    assert "belly button still healing" not in client.get(reverse("safety:screening", args=[older.pk])).content.decode()


@pytest.mark.parametrize(("shown_how", "age", "starts_after"), [("no", 30, 42), ("not_sure", 30, 42), ("yes", 10, 14)])
def test_not_yet_gives_the_date(client, shown_how, age, starts_after):
    baby = parent_of(client, age_days=age)
    page = answer(client, baby, shown_how=shown_how)
    start = baby.birth_date + timedelta(days=starts_after)
    assert "Not yet" in page
    assert f"Massage can start on {start.day} {start:%B %Y}." in page


def test_a_premature_baby_under_the_start_age_gets_not_yet_with_the_date_not_an_empty_start_page(client):
    make_course(routines=[make_routine(min_age_days=14)], min_age_days=14, max_age_days=400)
    baby = parent_of(client, age_days=50, weeks_at_birth=30)  # corrected age 0 days
    page = answer(client, baby)
    assert "Ask a doctor first" in page
    clear(baby, ScreeningSubmission.objects.get())
    check_today(baby)
    status = gate_status(baby)
    assert (status.outcome, status.next_step) == (Outcome.NOT_YET, NextStep.NOT_YET)
    response = client.get(reverse("guide:session_start", args=[baby.pk]))
    assert response["Location"] == reverse("safety:screening_outcome", args=[baby.pk, status.screening.pk])
    start = baby.birth_date + timedelta(days=14 + 10 * 7)  # shown how: 14 days of corrected age
    assert f"Massage can start on {start.day} {start:%B %Y}." in client.get(response["Location"]).content.decode()
    assert start > timezone.localdate()

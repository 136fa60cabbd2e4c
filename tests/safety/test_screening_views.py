"""The screening, clearance and today's-check pages, including what happens with bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from safety.models import Clearance, DailyCheck, QuestionnaireVersion, ScreeningSubmission
from tests.factories import GOOD_DAY, all_clear_answers, make_baby, screen

pytestmark = pytest.mark.django_db


@pytest.fixture
def baby(client):
    baby = make_baby()
    client.force_login(baby.parent)
    return baby


def answers(**overrides):
    return {**all_clear_answers(**overrides), "version": QuestionnaireVersion.current().pk}


def test_the_form_asks_every_question_with_yes_no_and_not_sure(client, baby):
    page = client.get(reverse("safety:screening", args=[baby.pk])).content.decode()
    asked = QuestionnaireVersion.current().questions.exclude(qid="cord_stump")  # the baby is 4 months old
    for question in asked:
        assert question.text.replace("'", "&#x27;") in page
    assert page.count('value="not_sure"') == asked.count()
    assert "belly button still healing" not in page


def test_answering_shows_the_outcome_and_goes_on_to_where_the_parent_was_going(client, baby):
    start = reverse("guide:session_start", args=[baby.pk])
    response = client.post(reverse("safety:screening", args=[baby.pk]), {**answers(), "next": start})
    submission = ScreeningSubmission.objects.get()
    assert response["Location"] == reverse("safety:screening_outcome", args=[baby.pk, submission.pk]) + \
        "?next=%2Fsession%2F" + str(baby.pk) + "%2Fstart%2F"
    page = client.get(response["Location"]).content.decode()
    assert "Go ahead" in page and "Next: check today" in page


def test_a_concern_leads_to_the_clearance_with_the_reason_listed(client, baby):
    response = client.post(reverse("safety:screening", args=[baby.pk]), answers(bleeding="not_sure"))
    page = client.get(response["Location"]).content.decode()
    assert "Ask a doctor first" in page
    assert "bleed a lot or bruise very easily" in page
    assert "Record the doctor's approval" in page


def test_too_young_shows_the_date_massage_can_start(client):
    baby = make_baby(age_days=5)
    client.force_login(baby.parent)
    response = client.post(reverse("safety:screening", args=[baby.pk]), answers())
    page = client.get(response["Location"]).content.decode()
    start = timezone.localdate() + timedelta(days=9)
    assert "Not yet" in page
    assert f"Massage can start on {start.day} {start:%B %Y}." in page


@pytest.mark.parametrize("tamper", [
    lambda data: data.pop("hips"),  # a missing answer
    lambda data: data.update(hips="maybe"),  # an unknown answer
    lambda data: data.update(version="999"),  # a version that does not exist
    lambda data: data.update(version="abc"),
    lambda data: data.pop("version"),
])
def test_bad_answers_are_refused_and_nothing_is_saved(client, baby, tamper):
    data = answers()
    tamper(data)
    response = client.post(reverse("safety:screening", args=[baby.pk]), data)
    assert response.status_code == 400
    assert not ScreeningSubmission.objects.exists()


def test_answers_to_an_old_version_are_refused_with_the_new_questions(client, baby):
    old = answers()
    QuestionnaireVersion.objects.create(number=QuestionnaireVersion.current().number + 1)
    response = client.post(reverse("safety:screening", args=[baby.pk]), old)
    assert response.status_code == 400
    assert "The questions were updated" in response.content.decode()
    assert not ScreeningSubmission.objects.exists()


def test_a_correction_must_point_at_this_babys_own_screening(client, baby):
    theirs = screen(make_baby())
    response = client.post(reverse("safety:screening", args=[baby.pk]), {**answers(), "replaces": theirs.pk})
    assert response.status_code == 404
    assert ScreeningSubmission.objects.count() == 1
    mine = screen(baby, hips="yes")
    client.post(reverse("safety:screening", args=[baby.pk]), {**answers(), "replaces": mine.pk})
    assert ScreeningSubmission.objects.filter(baby=baby).latest().replaces == mine


def test_next_only_accepts_local_paths(client, baby):
    response = client.post(reverse("safety:daily_check", args=[baby.pk]), {
        **GOOD_DAY, "minutes_since_feed": 60, "next": "https://evil.example/steal",
    })
    assert response["Location"] == reverse("guide:baby_detail", args=[baby.pk])
    response = client.post(reverse("safety:daily_check", args=[baby.pk]), {
        **GOOD_DAY, "minutes_since_feed": 60, "next": "//evil.example/steal",
    })
    assert response["Location"] == reverse("guide:baby_detail", args=[baby.pk])


def test_recording_a_clearance(client, baby):
    screen(baby, hips="yes")
    today = timezone.localdate()
    response = client.post(reverse("safety:clearance", args=[baby.pk]), {
        "clinician_name": "Dr Lee", "role": "specialist", "approved_on": today.isoformat(),
        "expires_on": (today + timedelta(days=60)).isoformat(), "excluded_areas": ["legs", "feet"],
    })
    assert response.status_code == 302
    clearance = Clearance.objects.get()
    assert clearance.excluded_areas == ["legs", "feet"] and clearance.covers == ["hips"]


@pytest.mark.parametrize("change,field_error", [
    ({"approved_on": "2999-01-01"}, "cannot be in the future"),
    ({"expires_on": "2000-01-01"}, "cannot end before"),
    ({"excluded_areas": ["tail"]}, "Select a valid choice"),
    ({"clinician_name": ""}, "This field is required"),
])
def test_a_bad_clearance_is_refused(client, baby, change, field_error):
    screen(baby, hips="yes")
    today = timezone.localdate()
    data = {"clinician_name": "Dr Lee", "role": "specialist", "approved_on": today.isoformat(),
            "expires_on": (today + timedelta(days=60)).isoformat(), **change}
    response = client.post(reverse("safety:clearance", args=[baby.pk]), data)
    assert response.status_code == 400
    assert field_error in response.content.decode()
    assert not Clearance.objects.exists()


def test_no_clearance_form_when_none_is_needed(client, baby):
    screen(baby)
    assert client.get(reverse("safety:clearance", args=[baby.pk])).status_code == 302


def test_just_fed_says_how_many_minutes_to_wait(client, baby):
    response = client.post(reverse("safety:daily_check", args=[baby.pk]), {**GOOD_DAY, "minutes_since_feed": 15})
    page = client.get(response["Location"]).content.decode()
    assert "Not today" in page
    assert "Wait 30 more minutes after the feed." in page


def test_a_sleeping_baby_is_never_woken(client, baby):
    response = client.post(reverse("safety:daily_check", args=[baby.pk]), {
        **GOOD_DAY, "asleep": "yes", "minutes_since_feed": 60})
    assert "Never wake a baby" in client.get(response["Location"]).content.decode()


def test_a_young_baby_with_a_fever_needs_care_now(client):
    baby = make_baby(age_days=40)
    client.force_login(baby.parent)
    response = client.post(reverse("safety:daily_check", args=[baby.pk]), {
        **GOOD_DAY, "minutes_since_feed": 60, "temperature": "38.2"})
    page = client.get(response["Location"]).content.decode()
    assert "Seek medical care now" in page
    assert "emergency" in page


@pytest.mark.parametrize("change", [
    {"minutes_since_feed": ""}, {"minutes_since_feed": "-5"}, {"temperature": "50"}, {"unwell": "perhaps"},
])
def test_a_bad_todays_check_is_refused(client, baby, change):
    response = client.post(reverse("safety:daily_check", args=[baby.pk]), {**GOOD_DAY, "minutes_since_feed": 60,
                                                                            **change})
    assert response.status_code == 400
    assert not DailyCheck.objects.exists()


def test_health_changed_asks_the_questions_again(client, baby):
    screen(baby)
    response = client.post(reverse("safety:health_changed", args=[baby.pk]))
    assert response["Location"] == reverse("safety:screening", args=[baby.pk])
    page = client.get(reverse("guide:baby_detail", args=[baby.pk])).content.decode()
    assert "Answer the health questions" in page

"""Today's check as parents use it: a stop sticks until its time, a vaccine leaves its area out, and the
temperature is read in °C or °F."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from guide.models import MassageSession
from guide.services import start_session
from safety.models import DailyCheck, ParentSettings
from safety.rules import Outcome
from safety.services import NextStep, gate_status
from tests.factories import GOOD_DAY, check_today, make_baby, make_course, make_routine, screen
from tests.walk import fill, gated_views

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
CLOCK = "2026-03-02 08:00 +0000"


@pytest.fixture
def course(db):
    return make_course(routines=[make_routine(steps=2, body_area="stomach"), make_routine(steps=2, body_area="legs")],
                       min_age_days=14, max_age_days=400, title="Early days")


def screened(client, age_days):
    baby = make_baby(age_days=age_days)
    screen(baby)
    client.force_login(baby.parent)
    return baby


def post_check(client, baby, **fields):
    return client.post(reverse("safety:daily_check", args=[baby.pk]), {**GOOD_DAY, "minutes_since_feed": 60, **fields})


def assert_every_session_url_is_closed(client, baby, stop):
    """The start page and every session URL send the parent to the standing stop; nothing answers 200."""
    slug = baby.massage_sessions.first().routine.slug if baby.massage_sessions.exists() else "x"
    stop_page = reverse("safety:daily_check_outcome", args=[baby.pk, stop.pk])
    for name, route in gated_views():
        url = fill(route, baby, slug)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code == 405:
                continue
            assert (response.status_code, response["Location"]) == (302, stop_page), (name, method)
            htmx = getattr(client, method)(url, **HTMX)
            if htmx.status_code != 405:
                assert htmx["HX-Redirect"] == stop_page, (name, method)


# (scenario, baby's age in days, the check that stops, what the stop is, how long it stands)
STOPS = [
    ("unwell with 38.4 °C at 5 weeks", 35, {"unwell": "yes", "temperature": "38.4", "temperature_unit": "C"},
     Outcome.URGENT_CARE, timedelta(hours=24)),
    ("vaccinated 20 hours ago", 120, {"hours_since_vaccine": "20", "vaccine_site": "thigh"},
     Outcome.NOT_TODAY, timedelta(hours=28)),
    ("a fever in an older baby", 300, {"temperature": "38.5", "temperature_unit": "C"},
     Outcome.NOT_TODAY, timedelta(days=1)),
    ("39.2 °C at 4 months", 120, {"temperature": "39.2", "temperature_unit": "C"},
     Outcome.URGENT_CARE, timedelta(hours=24)),
]


@pytest.mark.parametrize(("age", "stopping", "outcome", "stands"), [row[1:] for row in STOPS],
                         ids=[row[0] for row in STOPS])
def test_a_stop_followed_by_a_clean_recheck_still_closes_every_session_url_until_its_time(
        client, course, age, stopping, outcome, stands):
    with time_machine.travel(CLOCK, tick=False) as clock:
        baby = screened(client, age)
        check_today(baby)
        start_session(gate=gate_status(baby), routine=course.routines.first())  # a session already under way
        post_check(client, baby, **stopping)
        stop = DailyCheck.objects.order_by("-pk").first()
        assert stop.outcome == outcome

        clock.shift(timedelta(seconds=5))
        response = post_check(client, baby)  # "No" to everything, seconds later
        assert response["Location"] == reverse("safety:daily_check_outcome", args=[baby.pk, stop.pk])
        assert DailyCheck.objects.filter(baby=baby).count() == 3  # the clean check is recorded all the same
        assert DailyCheck.objects.order_by("-pk").first().outcome == Outcome.CLEARED
        assert "an earlier check still stands" in client.get(response["Location"]).content.decode()
        assert_every_session_url_is_closed(client, baby, stop)

        clock.shift(stands - timedelta(seconds=5) - timedelta(minutes=1))
        post_check(client, baby)
        assert_every_session_url_is_closed(client, baby, stop)

        clock.shift(timedelta(minutes=1))  # check_again_at: the stop has run out
        post_check(client, baby)
        assert client.get(reverse("guide:session_start", args=[baby.pk])).status_code == 200


def test_the_babys_page_shows_the_standing_stop_why_and_when_it_lifts(client):
    with time_machine.travel(CLOCK, tick=False):
        baby = screened(client, 35)
        post_check(client, baby, unwell="yes", temperature="38.4")
        post_check(client, baby)
        page = client.get(baby.get_absolute_url()).content.decode()
    assert "Seek medical care now" in page
    assert "A baby under 3 months old with a temperature of 38 °C (100.4 °F) or more needs a doctor now." in page
    assert "No massage until 3 March 2026, 08:00 (UTC time)." in page  # 24 hours after the check
    assert "Start a session" not in page


def test_the_check_form_says_a_stop_stands_and_new_answers_cannot_lift_it(client):
    baby = screened(client, 120)
    post_check(client, baby, hours_since_vaccine="3", vaccine_site="arm")
    page = client.get(reverse("safety:daily_check", args=[baby.pk])).content.decode()
    assert "new answers cannot lift that stop" in page


def test_a_stop_without_a_time_lifts_with_the_next_check(client):
    baby = screened(client, 120)
    post_check(client, baby, asleep="yes")
    assert gate_status(baby).next_step == NextStep.TODAY
    post_check(client, baby)
    assert gate_status(baby).passed


def test_unwell_without_a_reading_under_6_months_says_take_the_temperature_now(client):
    baby = screened(client, 100)
    response = post_check(client, baby, unwell="yes")
    page = client.get(response["Location"]).content.decode()
    assert "Take your baby&#x27;s temperature now." in page and "Call your doctor now" in page
    # Measuring afterwards does not lift it: "unwell" never clears.
    post_check(client, baby, temperature="37.0")
    assert gate_status(baby).next_step == NextStep.STOPPED


# --- a vaccine 48 to 72 hours ago ------------------------------------------------------------

def test_a_vaccine_2_to_3_days_ago_leaves_its_area_out_of_the_session(client, course):
    with time_machine.travel(CLOCK, tick=False) as clock:
        baby = screened(client, 120)
        response = post_check(client, baby, hours_since_vaccine="50", vaccine_site="thigh",
                              next=reverse("guide:session_start", args=[baby.pk]))
        page = client.get(response["Location"]).content.decode()
        assert "Go ahead, with some areas left out" in page and "Leave out: Legs" in page
        gate = gate_status(baby)
        assert gate.passed and gate.excluded_areas == ["legs"]
        session = start_session(gate=gate, course=course)
        assert session.left_out_areas == ["legs"]
        start = client.get(reverse("guide:session_start", args=[baby.pk])).content.decode()
        assert "Left out for now" in start

        clock.shift(timedelta(hours=3))
        post_check(client, baby)  # a later check that does not mention the vaccine
        assert gate_status(baby).excluded_areas == ["legs"]  # still out until 72 hours
        clock.shift(timedelta(hours=19))
        post_check(client, baby)
        assert gate_status(baby).excluded_areas == []


def test_a_stop_for_a_fresh_vaccine_keeps_the_arm_out_until_72_hours(client):
    with time_machine.travel(CLOCK, tick=False) as clock:
        baby = screened(client, 120)
        post_check(client, baby, hours_since_vaccine="10", vaccine_site="arm")
        clock.shift(timedelta(hours=38))  # 48 hours after the vaccine: the stop has run out
        post_check(client, baby)
        gate = gate_status(baby)
        assert gate.passed and gate.excluded_areas == ["arms"]


# --- temperature in °C or °F -----------------------------------------------------------------

def test_fahrenheit_is_read_as_fahrenheit_and_remembered(client):
    baby = screened(client, 120)
    response = post_check(client, baby, temperature="99.5", temperature_unit="F")
    assert response.status_code == 302
    check = DailyCheck.objects.get()
    assert (check.outcome, str(check.temperature), str(check.temperature_entered), check.temperature_unit) == (
        Outcome.CLEARED, "37.5", "99.5", "F")
    assert ParentSettings.temperature_unit_of(baby.parent) == "F"
    page = client.get(reverse("safety:daily_check", args=[baby.pk])).content.decode()
    assert '<input type="radio" name="temperature_unit" value="F" id="id_temperature_unit_1" checked>' in page
    # Without a unit in the post, the remembered one is used.
    post_check(client, baby, temperature="100.4")
    assert DailyCheck.objects.order_by("-pk").first().temperature_entered == Decimal("100.4")


def test_100_4_fahrenheit_in_a_5_week_old_needs_care_now(client):
    baby = screened(client, 35)
    response = post_check(client, baby, temperature="100.4", temperature_unit="F")
    assert "Seek medical care now" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(("change", "message"), [
    ({"temperature": "120", "temperature_unit": "F"}, "between 86 and 113 °F"),
    ({"temperature": "50", "temperature_unit": "C"}, "between 30 and 45 °C"),
    ({"temperature": "29.5", "temperature_unit": "C"}, "between 30 and 45 °C"),
    ({"temperature": "37.5", "temperature_unit": "F"}, "between 86 and 113 °F"),
    ({"temperature": "37.5", "temperature_unit": "K"}, "Select a valid choice"),
    ({"hours_since_vaccine": "30"}, "Say where the vaccine was given"),
    ({"hours_since_vaccine": "30", "vaccine_site": "nose"}, "Select a valid choice"),
    ({"hours_since_vaccine": "100", "vaccine_site": "arm"}, "before your baby was born"),  # a 3-day-old
])
def test_impossible_answers_are_refused_and_nothing_is_saved(client, change, message):
    baby = screened(client, 3)
    response = post_check(client, baby, **change)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DailyCheck.objects.exists()
    assert not ParentSettings.objects.exists()


def test_a_session_started_cannot_run_past_a_new_stop(client, course):
    baby = screened(client, 120)
    check_today(baby)
    session = start_session(gate=gate_status(baby), course=course)
    session.set_checklist("ticked")
    check_today(baby, unwell="yes")
    response = client.post(reverse("guide:session_advance", args=[baby.pk, session.pk]),
                           {"step": session.step_ids[0], "action": "done"}, **HTMX)
    assert response.status_code == 403 and "/today/" in response["HX-Redirect"]
    assert MassageSession.objects.get().position == 0

"""A change to the birth date, the weeks at birth or intensive care re-opens the screening, and leaves a trace."""

from datetime import timedelta

import pytest
from django.urls import reverse

from safety.models import Baby, ProfileChange
from safety.rules import Outcome
from safety.services import NextStep, gate_status
from tests.factories import check_today, clear, make_baby, make_course, make_routine, screen

pytestmark = pytest.mark.django_db


@pytest.fixture
def baby(client):
    baby = make_baby(age_days=60, name="Mila")
    client.force_login(baby.parent)
    return baby


def edit(client, baby, **changes):
    data = {"name": baby.name, "birth_date": baby.birth_date.isoformat(), "weeks_at_birth": baby.weeks_at_birth,
            **({"intensive_care": "on"} if baby.intensive_care else {}), **changes}
    return client.post(reverse("safety:baby_edit", args=[baby.pk]), data)


def test_born_at_40_weeks_then_edited_to_31_weeks_and_intensive_care_starts_no_session(client, baby):
    make_course(routines=[make_routine(steps=21)], min_age_days=0, max_age_days=400)
    first = screen(baby)
    check_today(baby)
    assert client.get(reverse("guide:session_start", args=[baby.pk])).status_code == 200

    response = edit(client, baby, weeks_at_birth=31, intensive_care="on")
    assert response["Location"] == reverse("safety:screening", args=[baby.pk])  # sent back to the questions
    start = client.get(reverse("guide:session_start", args=[baby.pk]))
    assert start["Location"].startswith(reverse("safety:screening", args=[baby.pk]))

    # Nothing is overwritten without a trace: the old screening keeps the profile it judged, and the change is kept.
    first.refresh_from_db()
    assert first.profile["weeks_at_birth"] == 40 and first.profile["intensive_care"] is False
    change = ProfileChange.objects.get(baby=baby)
    assert (change.before["weeks_at_birth"], change.after["weeks_at_birth"]) == (40, 31)
    assert (change.before["intensive_care"], change.after["intensive_care"], change.changed_by) == (
        False, True, baby.parent)

    # Answered again, the new profile needs a doctor's clearance (and, at 60 days born at 31 weeks, waiting).
    baby.refresh_from_db()
    second = screen(baby)
    assert second.outcome == Outcome.NEEDS_CLEARANCE
    assert {"born_early", "intensive_care"} <= set(second.concerns)
    assert second.profile["weeks_at_birth"] == 31


@pytest.mark.parametrize("change", [
    {"birth_date": "shift"}, {"weeks_at_birth": 38}, {"intensive_care": "on"},
])
def test_any_change_to_the_profile_voids_the_screening_and_its_clearance(client, baby, change):
    clear(baby, screen(baby, hips="yes"))
    check_today(baby)
    assert gate_status(baby).passed
    if change.get("birth_date") == "shift":
        change = {"birth_date": (baby.birth_date - timedelta(days=3)).isoformat()}
    edit(client, baby, **change)
    baby.refresh_from_db()
    assert gate_status(baby).next_step == NextStep.SCREENING
    screen(baby, hips="yes")  # answered again: the old clearance was for the old screening
    assert gate_status(baby).next_step == NextStep.CLEARANCE


def test_a_new_name_changes_nothing_about_the_screening(client, baby):
    screen(baby)
    check_today(baby)
    response = edit(client, baby, name="Nina")
    assert response["Location"] == baby.get_absolute_url()
    baby.refresh_from_db()
    assert baby.name == "Nina" and gate_status(baby).passed
    assert not ProfileChange.objects.exists()


def test_a_profile_changed_some_other_way_still_voids_the_screening(baby):
    screen(baby)
    check_today(baby)
    Baby.objects.filter(pk=baby.pk).update(weeks_at_birth=33)  # not through the app: no health_changed_at
    baby.refresh_from_db()
    assert gate_status(baby).next_step == NextStep.SCREENING


@pytest.mark.parametrize(("change", "message"), [
    ({"birth_date": "2999-01-01"}, "cannot be in the future"),
    ({"birth_date": "1900-01-01"}, "up to 6 years old"),
    ({"birth_date": "not a date"}, "Enter a valid date"),
    ({"weeks_at_birth": "50"}, "less than or equal to 44"),
    ({"weeks_at_birth": "12"}, "greater than or equal to 22"),
])
def test_an_impossible_profile_is_refused_and_nothing_changes(client, baby, change, message):
    submission = screen(baby)
    response = edit(client, baby, **change)
    assert response.status_code == 400
    assert message in response.content.decode()
    stored = Baby.objects.get(pk=baby.pk)
    assert stored.profile() == submission.profile and stored.health_changed_at is None
    assert not ProfileChange.objects.exists()

"""A doctor's approval, as a parent writes it down: its dates are checked, it covers one screening, a later one
can only add body areas, and being ill right now never leads to one."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from safety import services
from safety.models import Clearance
from safety.services import NextStep, gate_status
from tests.factories import check_today, clear, make_baby, screen

pytestmark = pytest.mark.django_db


@pytest.fixture
def baby(client):
    baby = make_baby(age_days=120)
    client.force_login(baby.parent)
    return baby


def post_clearance(client, baby, **change):
    today = timezone.localdate()
    data = {"clinician_name": "Dr Lee", "role": "specialist", "approved_on": today.isoformat(),
            "expires_on": (today + timedelta(days=60)).isoformat(), **change}
    return client.post(reverse("safety:clearance", args=[baby.pk]), data)


def test_the_issues_impossible_clearance_is_refused_for_a_baby_with_serious_conditions(client, baby):
    screen(baby, heart="yes", bleeding="yes", fragile_bones="yes")
    check_today(baby)
    response = post_clearance(client, baby, approved_on="0001-01-01", expires_on="9999-12-31", clinician_name="x")
    assert response.status_code == 400
    page = response.content.decode()
    assert "The approval cannot be from before your baby was born." in page
    assert "counts for at most 3 months" in page
    assert not Clearance.objects.exists()
    assert gate_status(baby).next_step == NextStep.CLEARANCE


@pytest.mark.parametrize(("change", "message"), [
    ({"approved_on": "2999-01-01"}, "cannot be in the future"),
    ({"approved_on": "9999-12-31", "expires_on": "9999-12-31"}, "cannot be in the future"),
    ({"approved_on": "before_birth"}, "before your baby was born"),
    ({"expires_on": "2000-01-01"}, "cannot end before"),
    ({"expires_on": "today"}, "must be after today"),
    ({"expires_on": "in_4_months"}, "counts for at most 3 months"),
    ({"approved_on": "31-12-2026"}, "Enter a valid date"),
    ({"excluded_areas": ["tail"]}, "Select a valid choice"),
    ({"clinician_name": ""}, "This field is required"),
    ({"role": "astrologer"}, "Select a valid choice"),
])
def test_a_bad_clearance_is_refused_with_a_clear_message(client, baby, change, message):
    screen(baby, hips="yes")
    today = timezone.localdate()
    named = {"before_birth": baby.birth_date - timedelta(days=1), "today": today,
             "in_4_months": today + timedelta(days=122)}
    change = {field: named[value].isoformat() if isinstance(value, str) and value in named else value
              for field, value in change.items()}
    response = post_clearance(client, baby, **change)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Clearance.objects.exists()


def test_a_parents_report_runs_3_months_and_a_clinics_record_6():
    baby = make_baby(age_days=120)
    today = timezone.localdate()
    submission = screen(baby, hips="yes")
    with pytest.raises(ValidationError, match="at most 3 months"):
        clear(baby, submission, expires_on=today + timedelta(days=100))
    assert clear(baby, submission, expires_on=today + timedelta(days=100), source=Clearance.Source.CLINIC,
                 organisation="Riverside Clinic")
    assert clear(baby, submission, expires_on=today + timedelta(days=85)).source == Clearance.Source.PARENT


def test_a_second_clearance_cannot_drop_an_area_the_first_left_out(client, baby):
    screen(baby, hips="yes")
    assert post_clearance(client, baby, excluded_areas=["legs", "feet"]).status_code == 302
    form = client.get(reverse("safety:clearance", args=[baby.pk])).content.decode()
    assert 'value="legs" id="id_excluded_areas_4" checked' in form  # the earlier areas start ticked

    response = post_clearance(client, baby, excluded_areas=["feet"])
    assert response.status_code == 400
    assert "An earlier approval said to leave out: Legs." in response.content.decode()
    assert Clearance.objects.count() == 1

    assert post_clearance(client, baby, excluded_areas=["legs", "feet", "back"]).status_code == 302
    check_today(baby)
    assert gate_status(baby).excluded_areas == ["legs", "feet", "back"]


def test_the_gate_leaves_out_every_area_any_clearance_for_the_screening_left_out(baby):
    submission = screen(baby, hips="yes")
    clear(baby, submission, excluded_areas=["legs"])
    # A record that got in some other way, without the checks: its missing area still stays out.
    Clearance.objects.create(baby=baby, screening=submission, clinician_name="Dr B", role="other",
                             approved_on=timezone.localdate(), expires_on=timezone.localdate() + timedelta(days=30),
                             excluded_areas=[], recorded_by=baby.parent)
    check_today(baby)
    assert gate_status(baby).excluded_areas == ["legs"]


def test_a_clearance_with_impossible_dates_that_got_in_some_other_way_counts_for_nothing(baby):
    submission = screen(baby, heart="yes")
    Clearance.objects.create(baby=baby, screening=submission, clinician_name="x", role="other",
                             approved_on=date(1, 1, 1), expires_on=date(9999, 12, 31), recorded_by=baby.parent)
    check_today(baby)
    assert gate_status(baby).next_step == NextStep.CLEARANCE


def test_a_clearance_covers_only_the_screening_it_was_recorded_for(baby):
    clear(baby, screen(baby, hips="yes"))
    check_today(baby)
    assert gate_status(baby).passed
    screen(baby, hips="yes")  # the same concern, answered again
    assert gate_status(baby).next_step == NextStep.CLEARANCE


def test_ill_right_now_never_leads_to_a_clearance(client, baby):
    clear(baby, screen(baby, hips="yes"))
    ill = screen(baby, hips="yes", acute_illness="yes")
    check_today(baby)
    status = gate_status(baby)
    assert (status.next_step, status.clearance) == (NextStep.SCREENING_STOP, None)
    response = client.get(reverse("safety:clearance", args=[baby.pk]))
    assert response["Location"] == baby.get_absolute_url()
    assert post_clearance(client, baby).status_code == 302
    assert Clearance.objects.count() == 1
    with pytest.raises(ValidationError):
        clear(baby, ill)


def test_a_clearance_for_another_babys_screening_is_refused(baby):
    theirs = make_baby()
    with pytest.raises(ValidationError):
        clear(baby, screen(theirs, hips="yes"))
    assert not Clearance.objects.exists()


def test_a_broken_bone_suggests_leaving_out_the_arms(client, baby):
    submission = screen(baby, broken_bone="yes")
    outcome = client.get(reverse("safety:screening_outcome", args=[baby.pk, submission.pk])).content.decode()
    assert "We suggest the doctor checks whether to leave out: Hands &amp; arms." in outcome
    form = client.get(reverse("safety:clearance", args=[baby.pk])).content.decode()
    assert 'value="arms" id="id_excluded_areas_3" checked' in form
    assert 'value="legs" id="id_excluded_areas_4" checked' not in form


def test_services_record_a_clearance_linked_to_its_screening():
    baby = make_baby()
    submission = screen(baby, hips="yes", torticollis="yes")
    clearance = services.record_clearance(
        baby=baby, screening=submission, recorded_by=baby.parent, clinician_name="Dr Moss", role="specialist",
        approved_on=timezone.localdate(), expires_on=timezone.localdate() + timedelta(days=30), excluded_areas=[])
    assert (clearance.screening, clearance.covers, clearance.source) == (submission, ["hips", "torticollis"], "parent")

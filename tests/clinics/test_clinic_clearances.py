"""A clinic records the doctor's approval for a baby a parent shared with it: the nurse sees what she needs to decide
(age, corrected age, the health answers' concerns and outcome; never the journal), and records who approved, until
when (at most 6 months) and which areas to leave out. The parent's gate then opens without those areas."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clinics import services
from clinics.models import ClinicEvent
from guide.services import start_session
from routines.models import Routine
from safety import rules
from safety.models import Clearance
from safety.services import gate_status
from tests.factories import (
    check_today,
    make_baby,
    make_clinic,
    make_clinic_staff,
    make_course,
    make_routine,
    screen,
    share_with,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def nurse(client):
    nurse = make_clinic_staff(make_clinic(name="Riverside Clinic", slug="riverside"))
    client.force_login(nurse.user)
    return nurse


@pytest.fixture
def baby():
    """Born at 33 weeks, 150 days ago, with a hip condition a specialist treats: needs a doctor's approval."""
    baby = make_baby(name="Mila", age_days=150, weeks_at_birth=33)
    screen(baby, hips="yes")
    return baby


def page_url(share):
    return reverse("clinics:shared_baby", args=[share.pk])


def approval(share, **change):
    today = timezone.localdate()
    return {"clinician_name": "Dr Lee", "role": "specialist", "expires_on": (today + timedelta(days=150)).isoformat(),
            "excluded_areas": ["legs", "feet"], "seen_screening": share.baby.screenings.first().pk, **change}


def test_the_nurse_sees_the_age_corrected_age_concerns_and_outcome(client, nurse, baby):
    share = share_with(baby, nurse)
    page = client.get(page_url(share)).content.decode()
    assert "Mila" in page
    assert "Age: 5 months" in page
    assert "Corrected age: 3 months" in page  # 150 days less (40 - 33) weeks
    assert "Born at 33 weeks" in page
    assert "Outcome: Ask a doctor first" in page
    question = baby.screenings.first().version.questions.get(qid="hips")
    assert question.text.replace("'", "&#x27;") in page  # the concern, in the words the parent answered
    assert "Record the doctor's approval" in page


def test_the_nurse_never_sees_the_journal_or_todays_checks(client, nurse, baby):
    routine = make_routine()
    make_course(routines=[routine], min_age_days=14, max_age_days=400)
    Clearance.objects.create(baby=baby, screening=baby.screenings.first(), clinician_name="Dr A", role="other",
                             approved_on=timezone.localdate(), expires_on=timezone.localdate() + timedelta(days=30),
                             recorded_by=baby.parent)
    check_today(baby, minutes_since_feed=77)  # fed 77 minutes ago: the family's day, not the clinic's business
    session = start_session(gate=gate_status(baby), routine=Routine.objects.get())
    session.finish(mood="calm", cues=[], note="Slept right after, a secret family note")
    share = share_with(baby, nurse)
    page = client.get(page_url(share)).content.decode()
    assert "secret family note" not in page
    assert reverse("guide:journal", args=[baby.pk]) not in page
    assert "77 minutes" not in page and "feed" not in page.lower()  # nothing of today's check


def test_the_nurse_records_an_approval_the_parent_sees_as_recorded_by_the_clinic(client, nurse, baby):
    share = share_with(baby, nurse)
    response = client.post(page_url(share), approval(share))
    assert response.status_code == 302 and response.url == page_url(share)
    clearance = Clearance.objects.get()
    assert (clearance.source, clearance.organisation, clearance.recorded_by) == ("clinic", "Riverside Clinic",
                                                                                 nurse.user)
    assert clearance.approved_on == timezone.localdate()
    assert clearance.excluded_areas == ["legs", "feet"]
    assert clearance.screening == baby.screenings.first()
    event = ClinicEvent.objects.get(action="clearance")
    assert (event.actor, event.clinic, event.baby) == (nurse.user, nurse.clinic, baby)
    assert event.detail["excluded_areas"] == ["legs", "feet"]

    parent = Client()
    parent.force_login(baby.parent)
    page = parent.get(baby.get_absolute_url()).content.decode()
    assert "Approved by Dr Lee" in page and "Recorded by Riverside Clinic." in page
    assert "Body areas to leave out: Legs, Feet" in page
    check_today(baby)
    assert gate_status(baby).passed
    assert gate_status(baby).excluded_areas == ["legs", "feet"]


def test_a_clinic_may_approve_for_6_months_and_no_longer(client, nurse, baby):
    share = share_with(baby, nurse)
    longest = rules.add_months(timezone.localdate(), 6)
    response = client.post(page_url(share), approval(share, expires_on=(longest + timedelta(days=1)).isoformat()))
    assert response.status_code == 400
    assert "counts for at most 6 months" in response.content.decode()
    assert not Clearance.objects.exists()
    assert client.post(page_url(share), approval(share, expires_on=longest.isoformat())).status_code == 302


@pytest.mark.parametrize(("change", "message"), [
    ({"clinician_name": ""}, "This field is required"),
    ({"role": "astrologer"}, "Select a valid choice"),
    ({"expires_on": "yesterday"}, "The approval cannot end before it was given."),
    ({"expires_on": "today"}, "The end date must be after today."),
    ({"expires_on": "31-12-2026"}, "Enter a valid date"),
    ({"excluded_areas": ["tail"]}, "Select a valid choice"),
])
def test_a_bad_approval_is_refused_with_a_clear_message(client, nurse, baby, change, message):
    share = share_with(baby, nurse)
    named = {"yesterday": timezone.localdate() - timedelta(days=1), "today": timezone.localdate()}
    if change.get("expires_on") in named:
        change["expires_on"] = named[change["expires_on"]].isoformat()
    response = client.post(page_url(share), approval(share, **change))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Clearance.objects.exists()
    assert not ClinicEvent.objects.filter(action="clearance").exists()


def test_a_later_approval_can_only_add_areas(client, nurse, baby):
    share = share_with(baby, nurse)
    assert client.post(page_url(share), approval(share, excluded_areas=["legs"])).status_code == 302
    response = client.post(page_url(share), approval(share, excluded_areas=["feet"]))
    assert response.status_code == 400
    assert "An earlier approval said to leave out: Legs." in response.content.decode()
    assert Clearance.objects.count() == 1


def test_nothing_is_recorded_when_the_family_answered_again_since_the_page_opened(client, nurse, baby):
    share = share_with(baby, nurse)
    seen = approval(share)
    screen(baby, hips="yes")  # the parent answers again meanwhile
    response = client.post(page_url(share), seen)
    assert response.status_code == 400
    assert "answered the health questions again" in response.content.decode()
    assert not Clearance.objects.exists()


def test_answers_that_need_no_approval_offer_no_form_and_refuse_a_post(client, nurse):
    baby = make_baby(name="Ben")
    screen(baby)
    share = share_with(baby, nurse)
    page = client.get(page_url(share)).content.decode()
    assert "No answer calls for a doctor's approval." in page
    assert "Record the approval" not in page
    response = client.post(page_url(share), {"clinician_name": "Dr X", "role": "other"})
    assert response.status_code == 302
    assert not Clearance.objects.exists()


def test_ill_right_now_is_never_cleared_by_a_clinic_either(client, nurse, baby):
    screen(baby, hips="yes", acute_illness="yes")
    share = share_with(baby, nurse)
    page = client.get(page_url(share)).content.decode()
    assert "No approval can lift this" in page
    assert "Record the approval" not in page


def test_without_up_to_date_answers_the_nurse_is_told_to_ask_the_parent(client, nurse):
    baby = make_baby(name="Ben")
    share = share_with(baby, nurse)
    page = client.get(page_url(share)).content.decode()
    assert "There are no up-to-date health answers" in page
    assert "Record the approval" not in page


def test_after_the_parent_ends_the_share_the_nurse_gets_a_404_and_records_nothing(client, nurse, baby):
    share = share_with(baby, nurse)
    services.end_share(share=share, parent=baby.parent)
    assert client.get(page_url(share)).status_code == 404
    assert client.post(page_url(share), approval(share)).status_code == 404
    assert not Clearance.objects.exists()


def test_the_share_ending_between_the_page_and_the_post_records_nothing(client, nurse, baby, monkeypatch):
    share = share_with(baby, nurse)
    found = services.Share.objects.active().select_related("baby", "clinic").get(pk=share.pk)
    services.end_share(share=share, parent=baby.parent)
    with pytest.raises(services.ShareEnded):
        services.record_clinic_clearance(share=found, staff=nurse, screening=baby.screenings.first(),
                                         clinician_name="Dr Lee", role="specialist", excluded_areas=[],
                                         expires_on=timezone.localdate() + timedelta(days=30))
    assert not Clearance.objects.exists()


def test_staff_of_another_clinic_get_a_404(client, nurse, baby):
    share = share_with(baby, make_clinic_staff())
    assert client.get(page_url(share)).status_code == 404
    response = client.post(page_url(share), approval(share))
    assert response.status_code == 404
    assert b"Mila" not in response.content
    assert not Clearance.objects.exists()
    assert not ClinicEvent.objects.filter(actor=nurse.user).exists()


def test_every_look_at_the_babys_answers_is_kept(client, nurse, baby):
    share = share_with(baby, nurse)
    client.get(page_url(share))
    client.get(page_url(share))
    assert ClinicEvent.objects.filter(action="viewed", actor=nurse.user, baby=baby).count() == 2


def test_the_shared_baby_page_queries_stay_few(client, nurse, baby, django_assert_num_queries):
    share = share_with(baby, nurse)
    client.post(page_url(share), approval(share))
    # 1. the user (the login session is a signed cookie), 2. the member of staff with the clinic, 3. the share with
    # its baby and clinic, 4. the baby's latest screening, 5. its questionnaire version, 6. its questions, 7. earlier
    # approvals' areas (the form), 8. the record of this look (INSERT), 9. the screening's approvals
    with django_assert_num_queries(9):
        assert client.get(page_url(share)).status_code == 200

"""A nurse enters a family's code. A right code opens the baby for her clinic; a wrong, expired, reused or stopped
code gets one clear message that reveals nothing (not even whether a baby exists); guessing is throttled like
logins: 5 wrong codes per account, 30 per address, then 15 minutes' wait."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clinics import services
from clinics.models import ClinicEvent, Share
from tests.factories import make_baby, make_clinic, make_clinic_staff

pytestmark = pytest.mark.django_db

CODE_PAGE = "/clinic/code/"
REFUSED = "This code does not open anything."


@pytest.fixture
def nurse(client):
    nurse = make_clinic_staff(make_clinic(name="Riverside Clinic", slug="riverside"))
    client.force_login(nurse.user)
    return nurse


@pytest.fixture
def code(db):
    """A code a parent has just made for their baby Mila."""
    baby = make_baby(name="Mila")
    return services.make_code(baby=baby, parent=baby.parent)


def enter(client, text, **extra):
    return client.post(CODE_PAGE, {"code": text}, **extra)


def test_the_right_code_opens_the_baby_for_the_nurses_clinic(client, nurse, code):
    response = enter(client, code.display_code.lower().replace("-", " "))  # as typed in a hurry
    code.refresh_from_db()
    assert response.status_code == 302
    assert response.url == reverse("clinics:shared_baby", args=[code.pk])
    assert code.clinic == nurse.clinic and code.opened_by == nurse.user
    assert "Mila is now shared with Riverside Clinic." in client.get(response.url).content.decode()


def test_the_qr_code_opens_the_page_with_the_code_filled_in_and_changes_nothing(client, nurse, code):
    response = client.get(CODE_PAGE, {"code": code.display_code})
    assert response.status_code == 200
    assert f'value="{code.display_code}"' in response.content.decode()
    code.refresh_from_db()
    assert code.clinic is None  # opening a page never uses a code: the nurse presses Open


def refused(response):
    assert response.status_code == 400
    page = response.content.decode()
    assert REFUSED in page
    assert "Mila" not in page
    return page


def test_a_wrong_code_is_refused_and_names_no_one(client, nurse, code):
    wrong = "ABCD2345" if code.code != "ABCD2345" else "ABCD2346"
    refused(enter(client, wrong))
    event = ClinicEvent.objects.get(action="code_refused")
    assert (event.actor, event.clinic, event.baby, event.share) == (nurse.user, nurse.clinic, None, None)


def test_a_used_code_is_refused_the_same_way_even_for_the_clinic_that_used_it(client, nurse, code):
    assert enter(client, code.code, follow=True).status_code == 200
    refused(enter(client, code.code))
    other = Client()
    other.force_login(make_clinic_staff().user)
    refused(enter(other, code.code))
    code.refresh_from_db()
    assert code.clinic == nurse.clinic  # the second clinic got nothing


def test_an_expired_code_is_refused_the_same_way(client, nurse, code):
    with time_machine.travel(timezone.now() + timedelta(hours=24, seconds=1)):
        refused(enter(client, code.code))
    assert Share.objects.get(pk=code.pk).clinic is None


def test_a_stopped_code_and_the_code_of_a_removed_baby_are_refused_the_same_way(client, nurse, code):
    code.end(user=code.baby.parent, now=timezone.now())
    refused(enter(client, code.code))
    other = services.make_code(baby=make_baby(name="Mila"), parent=code.baby.parent)
    other.baby.removed_at = timezone.now()
    other.baby.save()
    refused(enter(client, other.code))


@pytest.mark.parametrize("text", ["", "ABC", "ABCD-23456", "ABCD-0000", "ÄBCD2345", "x" * 30])
def test_something_that_cannot_be_a_code_says_how_a_code_looks_and_is_not_counted(client, nurse, text):
    response = enter(client, text)
    assert response.status_code == 400
    page = response.content.decode()
    assert "A code has 8 letters and digits" in page or "This field is required" in page or "at most 20" in page
    assert not ClinicEvent.objects.exists()


def test_five_wrong_codes_from_one_account_pause_codes_for_that_account_for_15_minutes(client, nurse, code):
    for n in range(services.CODE_TRIES_PER_ACCOUNT):
        refused(enter(client, f"ABCDEFG{n + 2}"))
    response = enter(client, code.code)  # even the right code waits now: a guess could be right too
    assert response.status_code == 429
    assert "Too many tries" in response.content.decode() and "15 minutes" in response.content.decode()
    assert Share.objects.get(pk=code.pk).clinic is None
    assert ClinicEvent.objects.filter(action="too_many").count() == 1
    # A colleague at another desk (another address) is not held up by it.
    colleague = Client(REMOTE_ADDR="10.0.0.9")
    colleague.force_login(make_clinic_staff(nurse.clinic).user)
    assert enter(colleague, code.code).status_code == 302
    # After 15 minutes the nurse can try again.
    later = services.make_code(baby=make_baby(), parent=code.baby.parent)
    with time_machine.travel(timezone.now() + timedelta(minutes=15, seconds=1)):
        assert enter(client, later.code).status_code == 302


def test_thirty_wrong_codes_from_one_address_pause_codes_from_that_address(db, code):
    # Six colleagues behind one address, five wrong codes each: the address reaches its limit of 30.
    staff = [make_clinic_staff() for _ in range(6)]
    for member in staff:
        for n in range(services.CODE_TRIES_PER_ACCOUNT):
            with pytest.raises(services.CodeRefused):
                services.open_code(code=f"ABCDEFG{n + 2}", staff=member, address="192.0.2.7")
    newcomer = make_clinic_staff()
    with pytest.raises(services.TooManyTries):
        services.open_code(code=code.code, staff=newcomer, address="192.0.2.7")
    assert services.open_code(code=code.code, staff=newcomer, address="192.0.2.8") == code


def test_codes_are_only_for_clinic_staff(client, code):
    client.force_login(code.baby.parent)
    assert enter(client, code.code).status_code == 404
    assert Share.objects.get(pk=code.pk).clinic is None
    assert not ClinicEvent.objects.exclude(action="code_made").exists()


def test_the_code_page_refuses_other_methods(client, nurse):
    assert client.put(CODE_PAGE).status_code == 405
    assert client.delete(CODE_PAGE).status_code == 405

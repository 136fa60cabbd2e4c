"""A parent shares one baby with their clinic: a short code, valid 24 hours and once, also as a QR code; the parent
sees who has the baby and what they did, and ends a share at any time."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from clinics import services
from clinics.models import CODE_ALPHABET, ClinicEvent, Share
from safety.models import InsertOnlyError
from tests.factories import clear, make_baby, make_clinic, make_clinic_staff, screen, share_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def baby(client):
    baby = make_baby(name="Mila")
    client.force_login(baby.parent)
    return baby


def share_page(baby):
    return reverse("clinics:baby_share", args=[baby.pk])


def make_code(client, baby):
    response = client.post(reverse("clinics:share_code_new", args=[baby.pk]))
    assert response.status_code == 302 and response.url == share_page(baby)
    return Share.objects.filter(baby=baby).first()


def test_the_baby_page_offers_sharing_with_the_clinic(client, baby):
    page = client.get(baby.get_absolute_url()).content.decode()
    assert f'href="{share_page(baby)}"' in page
    assert "Share with your clinic" in page


def test_the_share_page_says_what_the_clinic_sees_and_never_the_journal(client, baby):
    page = client.get(share_page(baby)).content.decode()
    assert "What the clinic sees" in page
    assert "Never your journal" in page
    assert "No clinic can see Mila." in page


def test_a_code_is_shown_big_and_as_a_qr_code_that_opens_the_clinics_code_page(client, baby):
    share = make_code(client, baby)
    assert len(share.code) == 8 and set(share.code) <= set(CODE_ALPHABET)
    page = client.get(share_page(baby)).content.decode()
    assert f'<p class="code-value">{share.code[:4]}-{share.code[4:]}</p>' in page
    assert re.search(r'<svg role="img" aria-label="QR code: the code for your clinic to scan"', page)
    assert "It works once, until" in page
    assert share.code_expires_at == share.created_at + timedelta(hours=24)


def test_the_qr_code_holds_the_clinic_desks_code_page_with_the_code_filled_in(client, baby, monkeypatch):
    seen = []
    monkeypatch.setattr("clinics.views.qr_svg", lambda url, label: seen.append(url) or "")
    share = make_code(client, baby)
    client.get(share_page(baby))
    assert seen == [f"http://testserver/clinic/code/?code={share.code[:4]}-{share.code[4:]}"]


def test_one_code_waits_at_a_time_a_new_one_stops_the_old(client, baby):
    first = make_code(client, baby)
    second = make_code(client, baby)
    first.refresh_from_db()
    assert first.ended_at is not None and second.ended_at is None
    assert list(Share.objects.waiting(timezone.now()).filter(baby=baby)) == [second]


def test_stopping_a_code_means_no_clinic_can_use_it(client, baby):
    share = make_code(client, baby)
    response = client.post(reverse("clinics:share_end", args=[baby.pk, share.pk]), follow=True)
    assert "The code no longer works." in response.content.decode()
    with pytest.raises(services.CodeRefused):
        services.open_code(code=share.code, staff=make_clinic_staff())


def test_the_parent_sees_the_clinic_that_has_the_baby_and_ends_the_share(client, baby):
    nurse = make_clinic_staff(make_clinic(name="Riverside Clinic"))
    share = share_with(baby, nurse)
    page = client.get(share_page(baby)).content.decode()
    assert "Riverside Clinic" in page and "End sharing" in page
    response = client.post(reverse("clinics:share_end", args=[baby.pk, share.pk]), follow=True)
    assert "Riverside Clinic can no longer see Mila." in response.content.decode()
    share.refresh_from_db()
    assert share.ended_at is not None and share.ended_by == baby.parent
    assert not Share.objects.active().exists()


def test_the_parent_sees_what_the_clinic_did(client, baby):
    nurse = make_clinic_staff(make_clinic(name="Riverside Clinic"))
    share = share_with(baby, nurse)
    services.saw_baby(share=share, staff=nurse)
    page = client.get(share_page(baby)).content.decode()
    assert "You made a code to share the baby" in page
    assert "Riverside Clinic opened the family&#x27;s code" in page
    assert "Riverside Clinic looked at the baby&#x27;s health answers" in page


def test_only_the_babys_own_parent_shares_it_or_ends_a_share(client, baby):
    theirs = make_baby(name="Other")
    their_share = share_with(theirs, make_clinic_staff())
    assert client.get(share_page(theirs)).status_code == 404
    assert client.post(reverse("clinics:share_code_new", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("clinics:share_end", args=[theirs.pk, their_share.pk])).status_code == 404
    # A share of another baby, through the parent's own baby's address: still not theirs to end.
    assert client.post(reverse("clinics:share_end", args=[baby.pk, their_share.pk])).status_code == 404
    their_share.refresh_from_db()
    assert their_share.ended_at is None
    assert Share.objects.filter(baby=theirs).count() == 1


def test_a_removed_baby_cannot_be_shared_and_its_shares_stop(client, baby):
    nurse = make_clinic_staff()
    share = share_with(baby, nurse)
    client.post(reverse("safety:baby_remove", args=[baby.pk]))
    assert client.get(share_page(baby)).status_code == 404
    assert not Share.objects.active().filter(pk=share.pk).exists()


def test_sharing_needs_a_login_and_the_right_methods(client, baby):
    assert client.get(share_page(baby)).status_code == 200
    assert client.get(reverse("clinics:share_code_new", args=[baby.pk])).status_code == 405
    client.logout()
    response = client.get(share_page(baby))
    assert response.status_code == 302 and response.url.startswith(reverse("safety:login"))


def test_every_share_action_is_kept_and_the_records_cannot_be_changed(client, baby):
    nurse = make_clinic_staff()
    share = share_with(baby, nurse)
    client.post(reverse("clinics:share_end", args=[baby.pk, share.pk]))
    client.post(reverse("clinics:share_end", args=[baby.pk, share.pk]))  # twice: nothing more happens
    actions = list(ClinicEvent.objects.order_by("pk").values_list("action", "actor", "baby"))
    assert actions == [("code_made", baby.parent.pk, baby.pk), ("code_opened", nurse.user.pk, baby.pk),
                       ("ended", baby.parent.pk, baby.pk)]
    event = ClinicEvent.objects.first()
    with pytest.raises(InsertOnlyError):
        event.save()
    with pytest.raises(InsertOnlyError):
        ClinicEvent.objects.all().delete()
    with pytest.raises(InsertOnlyError):
        ClinicEvent.objects.update(action="viewed")


def test_a_clearance_from_the_clinic_says_so_on_the_babys_page_and_a_parents_says_reported(client, baby):
    screening = screen(baby, hips="yes")
    clear(baby, screening)
    page = client.get(baby.get_absolute_url()).content.decode()
    assert "Reported by a parent (counts for at most 3 months)." in page
    clear(baby, screening, source="clinic", organisation="Riverside Clinic",
          expires_on=timezone.localdate() + timedelta(days=150))
    page = client.get(baby.get_absolute_url()).content.decode()
    assert "Recorded by Riverside Clinic." in page


def test_a_clinics_clearance_must_name_the_clinic():
    baby = make_baby()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Say which clinic recorded this approval."):
        clear(baby, screen(baby, hips="yes"), source="clinic")


@time_machine.travel("2026-05-01 10:00 +0000", tick=False)
def test_a_code_works_for_24_hours(baby):
    share = services.make_code(baby=baby, parent=baby.parent)
    nurse = make_clinic_staff()
    with time_machine.travel("2026-05-02 09:59 +0000", tick=False):
        assert services.open_code(code=share.code, staff=nurse) == share
    late = services.make_code(baby=baby, parent=baby.parent)
    with time_machine.travel("2026-05-02 10:00:01 +0000", tick=False), pytest.raises(services.CodeRefused):
        services.open_code(code=late.code, staff=nurse)

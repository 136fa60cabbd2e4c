"""Admin: each clinic's page shows its staff and the links to its branded sheets; staff are added there in a click;
shares and the clinic records are read-only, and a waiting code is never shown."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from clinics.models import ClinicEvent, ClinicStaff, Share
from tests.factories import (
    make_baby,
    make_clinic,
    make_clinic_staff,
    make_course,
    make_parent,
    make_routine,
    share_with,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.com", "pw"))
    return client


def test_a_clinics_page_shows_its_staff_and_its_print_links(editor):
    clinic = make_clinic(name="Riverside Clinic", slug="riverside")
    make_clinic_staff(clinic, email="ana@example.com")
    make_clinic_staff(make_clinic(), email="elsewhere@example.com")
    routine = make_routine(slug="head", title="Head")
    make_course(slug="first", title="First touches", routines=[routine])
    page = editor.get(reverse("admin:routines_clinic_change", args=[clinic.pk])).content.decode()
    assert "ana@example.com" in page and "elsewhere@example.com" not in page
    assert f'href="{reverse("admin:clinics_clinicstaff_add")}?clinic={clinic.pk}"' in page
    for url in ["/routines/head/print/?clinic=riverside", "/courses/first/print/?clinic=riverside",
                "/courses/first/summary/?clinic=riverside"]:
        assert f'href="{url}"' in page, url
    listing = editor.get(reverse("admin:routines_clinic_changelist")).content.decode()
    assert "ana@example.com" in listing


def test_the_add_staff_link_starts_with_the_clinic_chosen_and_saves_a_member(editor):
    clinic = make_clinic()
    user = make_parent(email="ben@example.com")
    form = editor.get(reverse("admin:clinics_clinicstaff_add") + f"?clinic={clinic.pk}").content.decode()
    assert f'<option value="{clinic.pk}" selected>' in form
    response = editor.post(reverse("admin:clinics_clinicstaff_add"), {"user": user.pk, "clinic": clinic.pk})
    assert response.status_code == 302
    assert ClinicStaff.objects.get(user=user).clinic == clinic


def test_a_user_works_at_one_clinic_at_most(editor):
    member = make_clinic_staff()
    response = editor.post(reverse("admin:clinics_clinicstaff_add"), {"user": member.user.pk,
                                                                       "clinic": make_clinic().pk})
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_a_new_clinic_still_saves_from_its_page(editor):
    response = editor.post(reverse("admin:routines_clinic_add"), {"name": "Sunny Clinic", "slug": "sunny"})
    assert response.status_code == 302


def test_shares_and_clinic_records_are_read_only_and_a_waiting_code_is_not_shown(editor):
    share = share_with(make_baby(), make_clinic_staff())
    for model, obj in [("share", share), ("clinicevent", ClinicEvent.objects.first())]:
        assert editor.get(reverse(f"admin:clinics_{model}_changelist")).status_code == 200
        assert editor.get(reverse(f"admin:clinics_{model}_add")).status_code == 403
        assert editor.post(reverse(f"admin:clinics_{model}_delete", args=[obj.pk]), {"post": "yes"}).status_code == 403
    page = editor.get(reverse("admin:clinics_share_change", args=[share.pk])).content.decode()
    assert share.code not in page
    assert Share.objects.count() == 1

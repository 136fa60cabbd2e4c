"""Erasure at the family's request: "Delete my account" and "Erase all records" of a baby, and staff doing it
from admin with the same service. It is the one way health records leave; only an anonymous count stays."""

import html
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse

from guide.models import MassageSession
from safety.models import (
    Baby,
    DailyCheck,
    Erasure,
    InsertOnlyError,
    Membership,
    Role,
    ScreeningSubmission,
)

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough secret 1"


def text(response):
    return html.unescape(response.content.decode())


def rows_pointing_at(target_model, pks):
    """(model label, field, how many rows) for every row of every model that still points at one of `pks`."""
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, (models.ForeignKey, models.OneToOneField)) and field.related_model is target_model:
                count = model._base_manager.filter(**{f"{field.name}__in": pks}).count()
                if count:
                    found.append((model._meta.label, field.name, count))
    return found


def test_delete_my_account_erases_the_babies_only_mum_owned_and_nothing_points_at_them(client, family):
    mum, dad, nan = family["mum"], family["dad"], family["nan"]
    gone = [family["mila"].pk, family["leo"].pk]
    client.force_login(mum)
    page = text(client.get(reverse("family:delete_account")))
    assert "Mila" in page and "Leo" in page and "Ivy stays with dad@example.com." in page
    response = client.post(reverse("family:delete_account"), {"password": PASSWORD})
    assert response["Location"] == "/"
    assert "Your account is deleted" in text(client.get("/"))

    assert not Baby.objects.filter(pk__in=gone).exists()
    assert rows_pointing_at(Baby, gone) == []
    assert rows_pointing_at(get_user_model(), [mum.pk]) == []
    assert not get_user_model().objects.filter(email="mum@example.com").exists()
    assert client.get(reverse("safety:baby_list")).status_code == 302  # signed out

    # Ivy stays with Dad, with every record; what Mum did for Ivy keeps no name.
    ivy = Baby.objects.get(pk=family["ivy"].pk)
    assert ivy.parent == dad
    assert list(ivy.memberships.values_list("user__email", "role")) == [("dad@example.com", Role.OWNER)]
    assert {s.started_by_id for s in MassageSession.objects.filter(baby=ivy)} == {None, dad.pk}
    assert {c.respondent_id for c in DailyCheck.objects.filter(baby=ivy)} == {None, dad.pk}
    assert ScreeningSubmission.objects.get(baby=ivy).respondent is None
    # Nan keeps her own account; she only lost Mila.
    assert get_user_model().objects.filter(pk=nan.pk).exists() and not Membership.objects.filter(user=nan).exists()
    # Otto, another family's baby, is untouched.
    assert ScreeningSubmission.objects.filter(baby=family["other"]).count() == 1

    erasure = Erasure.objects.get()
    assert erasure.kind == Erasure.Kind.ACCOUNT and not erasure.by_staff
    assert erasure.counts["babies"] == 2 and erasure.counts["screenings"] == 3 and erasure.counts["sessions"] == 2
    assert erasure.counts["clearances"] == 1 and erasure.counts["daily_checks"] == 2
    assert erasure.counts["profile_changes"] == 1 and erasure.counts["accounts"] == 1
    left = json.dumps(erasure.counts)
    for trace in ("mum", "Mila", "Leo", "nan@", str(mum.pk) + "@"):
        assert trace not in left


def test_a_wrong_password_deletes_nothing(client, family):
    client.force_login(family["mum"])
    response = client.post(reverse("family:delete_account"), {"password": "wrong"})
    assert response.status_code == 400 and "not your password" in text(response)
    assert get_user_model().objects.filter(pk=family["mum"].pk).exists()
    assert Baby.objects.count() == 4 and not Erasure.objects.exists()


def test_erase_all_records_of_one_baby(client, family):
    mila = family["mila"]
    client.force_login(family["mum"])
    remove_page = text(client.get(reverse("safety:baby_remove", args=[mila.pk])))
    assert "Archive" in remove_page and f'href="/babies/{mila.pk}/erase/"' in remove_page
    response = client.post(reverse("family:baby_erase", args=[mila.pk]), {"password": PASSWORD})
    assert response["Location"] == reverse("safety:baby_list")
    assert rows_pointing_at(Baby, [mila.pk]) == [] and not Baby.objects.filter(pk=mila.pk).exists()
    assert Erasure.objects.get().kind == Erasure.Kind.BABY
    assert Baby.objects.filter(pk=family["leo"].pk).exists()  # the others stay


def test_a_baby_with_another_parent_is_not_erased_by_one_of_them(client, family):
    ivy = family["ivy"]
    client.force_login(family["mum"])
    page = text(client.get(reverse("family:baby_erase", args=[ivy.pk])))
    assert "dad@example.com is also a parent of Ivy here" in page
    response = client.post(reverse("family:baby_erase", args=[ivy.pk]), {"password": PASSWORD})
    assert response.status_code == 400
    assert Baby.objects.filter(pk=ivy.pk).exists() and not Erasure.objects.exists()


def test_staff_carry_out_an_erasure_request_from_admin_with_the_same_service(client, family):
    staff = get_user_model().objects.create_superuser("staff@example.com", "staff@example.com", PASSWORD)
    client.force_login(staff)
    changelist = reverse("admin:auth_user_changelist")
    data = {"action": "erase_accounts", "_selected_action": [family["mum"].pk]}
    confirm = client.post(changelist, data)
    assert confirm.status_code == 200 and "Mila" in text(confirm) and "cannot be undone" in text(confirm)
    assert get_user_model().objects.filter(pk=family["mum"].pk).exists()  # not before staff confirm
    response = client.post(changelist, {**data, "confirmed": "yes"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=family["mum"].pk).exists()
    assert rows_pointing_at(Baby, [family["mila"].pk, family["leo"].pk]) == []
    assert Erasure.objects.get().by_staff
    # Health records stay read-only in admin: erasure is the one way they leave.
    screening = ScreeningSubmission.objects.filter(baby=family["ivy"]).get()
    assert client.post(reverse("admin:safety_screeningsubmission_delete", args=[screening.pk]),
                       {"post": "yes"}).status_code == 403


def test_health_records_still_refuse_a_plain_delete(family):
    with pytest.raises(InsertOnlyError):
        ScreeningSubmission.objects.filter(baby=family["mila"]).delete()
    with pytest.raises(InsertOnlyError):
        DailyCheck.objects.filter(baby=family["mila"]).first().delete()

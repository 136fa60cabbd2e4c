"""No family can read or change another family's baby, screening, clearance, session or journal.

Walks every URL pattern that names a baby, filled with another family's ids, as a signed-in parent, as a
caregiver of another baby and as a caregiver who was removed; every owner-only URL as the baby's own
caregiver; and as clinic staff, who reach a baby only through a share with their own clinic, and never the
family's own pages.
"""

import pytest
from django.test import Client

from safety.models import Invitation, Role
from safety.services import remove_member
from tests.factories import clear, make_clinic_staff, make_member, make_parent, screen, share_with
from tests.walk import endpoints, private_endpoints, snapshot

# What only a baby's owners may do (DESIGN.md "Who"): a caregiver of the baby is told so (403), anyone else 404.
OWNERS_ONLY = {
    "safety:baby_edit", "safety:baby_remove", "safety:screening", "safety:health_changed", "safety:clearance",
    "safety:baby_people", "safety:invitation_withdraw", "family:baby_erase",
}


def _visitor(kind, ours, theirs):
    if kind == "parent of another baby":
        return ours.parent
    if kind == "caregiver of another baby":
        return make_member(ours)
    caregiver = make_member(theirs)  # "removed caregiver": theirs once, no longer
    remove_member(membership=theirs.memberships.get(user=caregiver))
    return caregiver


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("visitor", ["parent of another baby", "caregiver of another baby", "removed caregiver"])
def test_every_url_of_another_family_is_a_404_and_changes_nothing(families, method, htmx, visitor):
    ours, theirs = families
    clear(theirs, screen(theirs, hips="yes"))  # a clearance too, so that every record kind exists
    Invitation.objects.create(baby=theirs, email="nan@example.com", invited_by=theirs.parent,
                              expires_at=theirs.created_at.replace(year=2100))
    client = Client()
    client.force_login(_visitor(visitor, ours, theirs))
    before = snapshot()
    walked = 0
    for name, url in endpoints(theirs):
        if f"/{theirs.pk}/" not in url:
            continue
        walked += 1
        data = {"name": "Mine now", "action": "done", "step": theirs.massage_sessions.get().step_ids[0],
                "cue": "crying", "checklist": "ticked", "mood": "calm", "note": "x"}
        response = getattr(client, method)(url, data, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
        assert response.status_code in (404, 405), (name, method, response.status_code)
        assert theirs.name.encode() not in response.content
    assert walked >= 15
    assert snapshot() == before


@pytest.mark.django_db
def test_a_new_parent_sees_no_one_elses_babies(families):
    client = Client()
    client.force_login(make_parent())
    page = client.get("/babies/")
    assert list(page.context["babies"]) == []
    for baby in families:
        assert baby.name.encode() not in page.content


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_caregiver_cannot_do_what_only_parents_do(families, method):
    ours, _theirs = families
    make_member(ours, role=Role.OWNER)  # a second parent, whom the caregiver must not be able to remove
    Invitation.objects.create(baby=ours, email="nan@example.com", invited_by=ours.parent,
                              expires_at=ours.created_at.replace(year=2100))
    client = Client()
    client.force_login(make_member(ours))
    before = snapshot()
    for name, url in endpoints(ours):
        if name not in OWNERS_ONLY:
            continue
        response = getattr(client, method)(url, {"name": "Mine now", "email": "x@example.com", "role": "owner",
                                                 "password": "a long enough secret 1"})
        assert response.status_code in (403, 405), (name, method, response.status_code)
        if response.status_code == 403:
            assert "Only" in response.content.decode() and "parents can do this" in response.content.decode()
    # Removing someone else is for parents too (a caregiver may only leave).
    other = ours.memberships.filter(role=Role.OWNER).last()
    response = client.post(f"/babies/{ours.pk}/people/{other.pk}/remove/")
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("htmx", [False, True])
def test_clinic_staff_reach_no_baby_but_through_a_share_with_their_own_clinic(families, method, htmx):
    ours, theirs = families
    clear(theirs, screen(theirs, hips="yes"))
    nurse, other_clinic = make_clinic_staff(), make_clinic_staff()
    our_share = share_with(ours, nurse)  # ours is shared with the nurse's clinic, theirs with another one
    share_with(theirs, other_clinic)
    client = Client()
    client.force_login(nurse.user)
    before = snapshot()
    walked = 0
    for baby in (theirs, ours):
        for name, url in private_endpoints(baby):
            if baby is ours and name == "clinics:shared_baby":
                continue  # her own clinic's share: the one page she may open
            walked += 1
            data = {"name": "Mine now", "action": "done", "checklist": "ticked", "clinician_name": "Dr X",
                    "role": "pediatrician", "expires_on": "2099-01-01", "excluded_areas": ["legs"]}
            response = getattr(client, method)(url, data, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
            assert response.status_code in (404, 405), (name, baby.name, method, response.status_code)
            if baby is theirs:
                assert theirs.name.encode() not in response.content
    assert walked >= 30
    assert snapshot() == before
    assert client.get(f"/clinic/shared/{our_share.pk}/").status_code == 200

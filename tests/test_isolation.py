"""No family can read or change another family's baby, screening, clearance, session or journal.

Walks every URL pattern that names a baby, filled with another family's ids, as a signed-in parent; and as clinic
staff, who reach a baby only through a share with their own clinic, and never the family's own pages.
"""

import pytest
from django.test import Client

from tests.factories import clear, make_clinic_staff, make_parent, screen, share_with
from tests.walk import endpoints, private_endpoints, snapshot


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("htmx", [False, True])
def test_every_url_of_another_family_is_a_404_and_changes_nothing(families, method, htmx):
    ours, theirs = families
    clear(theirs, screen(theirs, hips="yes"))  # a clearance too, so that every record kind exists
    client = Client()
    client.force_login(ours.parent)
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

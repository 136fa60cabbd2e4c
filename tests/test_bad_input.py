"""Malformed and hostile input to every form and endpoint: never a 500, never a partial write.

Every URL pattern the project has is walked (admin aside), filled with one family's ids, and sent
random data built by hypothesis: wrong types, huge strings, unknown ids, another family's ids.
"""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.walk import endpoints, snapshot

FIELDS = [
    "email", "password1", "password2", "username", "password", "name", "birth_date", "weeks_at_birth",
    "intensive_care", "version", "replaces", "next", "hips", "pediatrician_ok", "bleeding", "clinician_name", "role",
    "approved_on", "expires_on", "excluded_areas", "unwell", "hungry", "skin", "vomiting", "asleep", "upset",
    "minutes_since_feed", "hours_since_vaccine", "vaccine_site", "temperature", "temperature_unit", "acute_illness",
    "hernia", "hernia_stuck", "cord_stump", "shown_how", "source", "screening", "choice", "hands_free", "checklist",
    "step", "action", "cue", "mood", "cues_seen", "note", "new_password1", "new_password2",
]


def hostile_values(theirs):
    their_ids = [str(theirs.pk), str(theirs.massage_sessions.get().pk), str(theirs.screenings.get().pk)]
    return st.one_of(
        st.text(max_size=40), st.integers(min_value=-(2**63), max_value=2**63).map(str),
        st.sampled_from(their_ids), st.sampled_from(["", "0", "-1", "1e9", "null", "<script>", "../../etc"]),
        st.just("x" * 100_000), st.lists(st.text(max_size=5), max_size=3),
    )


def post_data(theirs):
    return st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=10)), hostile_values(theirs),
                           max_size=8)


@pytest.mark.django_db
def test_hostile_posts_never_break_anything(families):
    ours, theirs = families
    client = Client()
    client.force_login(ours.parent)

    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(data=post_data(theirs), htmx=st.booleans())
    def check(url, data, htmx):
        before = snapshot()
        response = client.post(url, data, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
        assert response.status_code < 500, (url, data)
        if response.status_code >= 400:
            assert snapshot() == before, (url, data, response.status_code)

    for name, url in endpoints(ours):
        if name in ("safety:logout", "safety:health_changed", "guide:session_end_gently", "safety:baby_remove"):
            continue  # take no input; a plain post does what the button says (covered by their own tests)
        check(url)
        client.force_login(ours.parent)  # a post may have logged us out or in as someone else


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_wrong_methods_are_refused_and_change_nothing(families, method):
    ours, _theirs = families
    client = Client()
    client.force_login(ours.parent)
    before = snapshot()
    for name, url in endpoints(ours):
        response = getattr(client, method)(url, "step=1")
        assert response.status_code in (403, 405), (name, method, response.status_code)
    assert snapshot() == before


@pytest.mark.django_db
def test_posts_without_the_csrf_token_are_refused(families):
    ours, _theirs = families
    client = Client(enforce_csrf_checks=True)
    client.force_login(ours.parent)
    before = snapshot()
    for name, url in endpoints(ours):
        if name == "healthz":
            continue
        assert client.post(url, {"name": "x", "action": "done"}).status_code == 403, name
    assert snapshot() == before

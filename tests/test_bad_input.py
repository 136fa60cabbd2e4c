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


PARAMS = ["clinic", "next", "replaces", "fussing", "q", "o", "p", "e", "age", "body_area", "published__exact",
          "kind", "effect", "all", "_to_field", "_changelist_filters", "_popup"]


def query_values():
    """Text with the characters that broke pages before: NUL, surrogates escaped, very long, markup."""
    return st.one_of(st.text(max_size=30), st.sampled_from(["\x00", "a\x00b", "%00", "\ud7ff", "'; --", "<b>"]),
                     st.just("y" * 5000), st.integers().map(str))


@pytest.mark.django_db
def test_hostile_query_strings_never_break_anything(families):
    from routines.models import Clinic

    ours, _theirs = families
    Clinic.objects.create(name="Sunny Clinic", slug="sunny")
    client = Client()
    client.force_login(ours.parent)

    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(params=st.dictionaries(st.one_of(st.sampled_from(PARAMS), st.text(max_size=6)), query_values(),
                                  max_size=4), htmx=st.booleans())
    def check(url, params, htmx):
        response = client.get(url, params, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
        assert response.status_code < 500, (url, params)

    for _name, url in endpoints(ours):
        check(url)


@pytest.mark.django_db
def test_hostile_admin_searches_and_filters_never_break_anything(client):
    from django.contrib import admin
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.com", "pw"))
    changelists = [f"/admin/{model._meta.app_label}/{model._meta.model_name}/" for model in admin.site._registry]

    @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(params=st.dictionaries(st.sampled_from(PARAMS), query_values(), min_size=1, max_size=3))
    def check(url, params):
        response = client.get(url, params)
        assert response.status_code < 500, (url, params)

    for url in changelists:
        check(url)


@pytest.mark.django_db
def test_any_declared_character_set_never_breaks_anything(families):
    ours, _theirs = families
    client = Client()

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    # What a header can carry once a server has read it: Latin-1 text, without the control characters that
    # HTTP servers refuse before Django sees the request.
    @given(charset=st.one_of(st.sampled_from(["latin-1", "utf-16", "cp1252", "UTF-8", "utf8", '"utf-8"', ""]),
                             st.text(st.characters(min_codepoint=32, max_codepoint=255, exclude_characters="\x7f"),
                                     max_size=12)),
           kind=st.sampled_from(["application/x-www-form-urlencoded", "multipart/form-data; boundary=b"]))
    def check(url, charset, kind):
        response = client.generic("POST", url, b"username=caf%E9&password=x", content_type=f"{kind}; charset={charset}")
        assert response.status_code < 500, (url, charset)

    for _name, url in endpoints(ours)[:6]:
        check(url)

"""What the app serves so that it installs and works offline: the manifest, the service worker, the
offline page, and the step cards a started session keeps on the phone."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from guide import services
from safety.services import gate_status
from tests.factories import make_course, make_parent, make_routine, ready_baby

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_manifest_makes_the_app_installable_from_the_babies_page(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == reverse("safety:baby_list") and manifest["display"] == "standalone"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/"))
    page = client.get(reverse("routines:home")).content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page


def test_the_service_worker_is_served_from_the_root_and_uses_the_vendored_workbox(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]  # the browser looks for a new release on every visit
    script = response.content.decode()
    imported = re.search(r"importScripts\((.*?)\);", script).group(1)
    urls = re.findall(r'"([^"]+)"', imported)
    assert urls and all(url.startswith("/static/vendor/workbox-7.4.1/") for url in urls)
    for url in urls:
        assert finders.find(url.removeprefix("/static/"))


def _never_kept(client):
    """The service worker's own list of what it never keeps, as a Python pattern."""
    script = client.get("/sw.js").content.decode()
    return re.compile(re.search(r"var NEVER_KEPT = /(.*)/;", script).group(1).replace(r"\/", "/"))


def _offline_urls(client):
    script = client.get("/sw.js").content.decode()
    return json.loads(re.search(r"var OFFLINE_URLS = (.*);", script).group(1))


def _without_language(client, path):
    """The path as the service worker tests it: without its /ru or /es prefix."""
    prefixes = "|".join(code for code in _offline_urls(client) if code)
    return re.sub(rf"^/({prefixes})(?=/)", "", path)


@pytest.mark.parametrize("prefix", ["", "/ru", "/es"])
@pytest.mark.parametrize("path", [
    "/babies/7/screening/", "/babies/7/screening/12/", "/babies/7/today/", "/babies/7/today/3/",
    "/babies/7/clearance/", "/babies/7/edit/", "/babies/add/", "/session/7/start/",
    "/accounts/login/", "/admin/", "/healthz", "/clinic/", "/clinic/shared/4/",
])
def test_safety_pages_are_never_kept_on_the_phone_in_any_language(client, path, prefix):
    assert _never_kept(client).search(_without_language(client, prefix + path))


def test_the_offline_page_is_kept_in_every_language(client):
    urls = _offline_urls(client)
    assert urls == {"": "/offline/", "ru": "/ru/offline/", "es": "/es/offline/"}
    assert 'lang="ru"' in client.get(urls["ru"]).content.decode()
    assert 'lang="es"' in client.get(urls["es"]).content.decode()


@pytest.mark.parametrize("path", ["/", "/routines/legs/", "/courses/x/print/", "/babies/7/", "/journal/7/",
                                  "/session/7/9/"])
def test_opened_pages_may_be_kept_for_offline(client, path):
    assert not _never_kept(client).search(path)


def test_a_new_release_is_a_new_service_worker(client, settings):
    settings.SERVICE_WORKER_VERSION = "release-1"
    first = client.get("/sw.js").content.decode()
    settings.SERVICE_WORKER_VERSION = "release-2"
    second = client.get("/sw.js").content.decode()
    assert 'VERSION = "release-1"' in first and 'VERSION = "release-2"' in second


def test_the_offline_page_says_what_needs_a_connection(client):
    page = client.get(reverse("offline")).content.decode()
    assert "You are offline" in page and "Starting a new session" in page


@pytest.fixture
def started(client):
    baby = ready_baby(age_days=60)
    course = make_course(routines=[make_routine(steps=3, body_area="stomach"), make_routine(steps=2, body_area="legs")],
                         min_age_days=30, max_age_days=120)
    session = services.start_session(gate=gate_status(baby), course=course)
    session.set_checklist("ticked")
    client.force_login(baby.parent)
    return baby, session


def test_the_player_gets_every_card_still_ahead_to_keep(client, started):
    baby, session = started
    session.record_step(session.step_ids[0], done=True)
    response = client.get(reverse("guide:session_cards", args=[baby.pk, session.pk]))
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    assert data["position"] == 1
    assert [card["step"] for card in data["cards"]] == session.step_ids[1:]
    assert [card["area"] for card in data["cards"]] == ["stomach", "stomach", "legs", "legs"]
    for card in data["cards"]:
        assert f'data-step="{card["step"]}"' in card["html"] and f'data-position="{card["position"]}"' in card["html"]
        assert 'name="csrfmiddlewaretoken"' in card["html"]  # each kept card can still post its step
    assert "A cuddle, then rest" in data["gentle"] and "/finish/" in data["gentle"]  # no calming stroke in this library


def test_someone_elses_cards_are_a_404_and_a_baby_past_its_check_gets_none(client, started):
    baby, session = started
    client.force_login(make_parent())
    assert client.get(reverse("guide:session_cards", args=[baby.pk, session.pk])).status_code == 404
    client.force_login(baby.parent)
    with time_machine.travel(timezone.now() + timedelta(days=1)):  # today's check has run out
        response = client.get(reverse("guide:session_cards", args=[baby.pk, session.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("safety:daily_check", args=[baby.pk]))


def test_a_step_sent_again_after_a_lost_answer_counts_once(client, started):
    baby, session = started
    url = reverse("guide:session_advance", args=[baby.pk, session.pk])
    first = {"step": session.step_ids[0], "action": "done"}
    client.post(url, first, **HTMX)
    client.post(url, first, **HTMX)  # the retry of a request whose answer never arrived
    session.refresh_from_db()
    assert session.done_ids == [session.step_ids[0]] and session.position == 1


def test_every_step_card_of_the_library_stays_within_4_kb(client, content):
    from routines.models import Course

    for course in Course.objects.published():
        baby = ready_baby(age_days=max(course.max_age_days - 1, 60))
        client.force_login(baby.parent)
        session = services.start_session(gate=gate_status(baby), course=course)
        cards = client.get(reverse("guide:session_cards", args=[baby.pk, session.pk])).json()["cards"]
        assert cards
        for card in cards:
            assert len(card["html"].encode()) <= 4096, (course.slug, card["step"])


@pytest.mark.parametrize("name", ["safety:screening", "safety:daily_check", "safety:clearance"])
def test_the_health_questions_and_todays_check_are_never_stored(client, started, name):
    baby, _session = started
    response = client.get(reverse(name, args=[baby.pk]), follow=True)
    assert "no-store" in response["Cache-Control"]


def test_the_offline_page_never_sends_the_csrf_cookie_again(client, db):
    """The service worker fetches it in the background; had it sent the CSRF cookie (Django renews it with every page
    that uses the token), an answer arriving after a login would bring back the token from before it, and the next
    form would be refused (seen as a flaky 403 on the clinic desk's code form)."""
    from tests.factories import make_parent

    client.force_login(make_parent())
    client.get(reverse("safety:account"))  # a page with forms: the browser now has a CSRF cookie
    assert "csrftoken" in client.cookies
    for url in _offline_urls(client).values():
        response = client.get(url)
        assert response.status_code == 200 and "csrftoken" not in response.cookies, url

"""Offline at the changing table, in Chromium: the app installs, a started session goes on without the
network and is saved in order when it returns, and nothing that needs the server pretends to work offline."""

import pytest
from playwright.sync_api import expect

from guide import services
from guide.models import MassageSession
from safety.services import gate_status
from tests.browser.conftest import log_in
from tests.factories import ready_baby

pytestmark = pytest.mark.browser



@pytest.fixture
def parent(site, page):
    baby = ready_baby(age_days=60)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, site, baby.parent)
    return page, baby


def under_the_service_worker(page, url):
    """Open `url` once the service worker controls the page, so that the page is kept for offline."""
    page.goto(url)
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.goto(url)


def started_session(baby):
    from routines.models import Course

    course = Course.objects.published().get(slug="one-to-three-months")
    session = services.start_session(gate=gate_status(baby), course=course)
    session.set_checklist("ticked")
    return session


def step_on_card(page):
    return page.locator("#step-card").get_attribute("data-step")


def test_a_started_session_goes_on_offline_and_is_saved_in_order(parent, site):
    page, baby = parent
    session = started_session(baby)
    player = f"{site.url}/session/{baby.pk}/{session.pk}/"
    under_the_service_worker(page, player)
    page.wait_for_function("() => document.body.dataset.offlineReady === '1'")

    page.context.set_offline(True)
    page.reload()
    expect(page.locator("#player-offline")).to_be_visible()
    expect(page.locator("#player-offline")).to_contain_text("Offline — your progress is kept")
    done_offline = []
    for _ in range(5):
        done_offline.append(int(step_on_card(page)))
        here = page.locator("#step-card").get_attribute("data-position")
        page.get_by_role("button", name="Done — next").click()
        page.wait_for_function("(p) => document.getElementById('step-card').dataset.position !== p", arg=here)
    assert done_offline == session.step_ids[:5]
    session.refresh_from_db()
    assert session.done_ids == []  # nothing reached the server yet

    page.context.set_offline(False)
    page.wait_for_function("() => document.body.dataset.queue === '0'", timeout=15_000)
    expect(page.locator("#player-offline")).to_contain_text("every step is saved")
    session.refresh_from_db()
    assert session.done_ids == session.step_ids[:5] and session.position == 5
    expect(page.locator("#step-card")).to_have_attribute("data-step", str(session.step_ids[5]))


def test_opened_content_pages_and_sheets_work_offline(parent, site):
    page, _baby = parent
    under_the_service_worker(page, site.url + "/routines/feet/")
    page.goto(site.url + "/routines/feet/print/")
    page.context.set_offline(True)
    page.goto(site.url + "/routines/feet/")
    expect(page.locator("h1")).not_to_have_text("You are offline")
    expect(page.locator(".steps svg").first).to_be_visible()  # the direction diagrams come with the page
    page.goto(site.url + "/routines/feet/print/")
    expect(page.locator(".sheet")).to_be_visible()
    page.goto(site.url + "/games/")  # never opened: the offline page answers, not the browser's error
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()


def test_offline_the_babys_page_shows_no_start_and_a_start_needs_a_connection(parent, site):
    page, baby = parent
    baby_page = f"{site.url}/babies/{baby.pk}/"
    under_the_service_worker(page, baby_page)
    expect(page.get_by_role("link", name="Start a session")).to_be_visible()

    page.context.set_offline(True)
    page.reload()
    expect(page.locator("#offline-notice")).to_be_visible()
    expect(page.get_by_role("link", name="Start a session")).to_be_hidden()
    page.goto(f"{site.url}/session/{baby.pk}/start/")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    needs = "Starting a new session, the health questions and today's check need a connection"
    expect(page.get_by_text(needs)).to_be_visible()
    page.goto(f"{site.url}/babies/{baby.pk}/today/")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()


def test_a_new_release_takes_over_without_breaking_the_session_in_progress(parent, site, settings):
    page, baby = parent
    settings.SERVICE_WORKER_VERSION = "release-one"
    session = started_session(baby)
    player = f"{site.url}/session/{baby.pk}/{session.pk}/"
    under_the_service_worker(page, player)
    page.get_by_role("button", name="Done — next").click()
    expect(page.locator("#step-card")).to_have_attribute("data-step", str(session.step_ids[1]))

    settings.SERVICE_WORKER_VERSION = "release-two"
    page.evaluate("async () => { const r = await navigator.serviceWorker.getRegistration(); await r.update(); }")
    page.wait_for_function("""async () => {
        const names = await caches.keys();
        return names.some(n => n.endsWith('release-two')) && !names.some(n => n.endsWith('release-one'));
    }""", timeout=15_000)
    page.reload()
    expect(page.locator("#step-card")).to_have_attribute("data-step", str(session.step_ids[1]))
    page.get_by_role("button", name="Done — next").click()
    expect(page.locator("#step-card")).to_have_attribute("data-step", str(session.step_ids[2]))
    assert MassageSession.objects.get(pk=session.pk).done_ids == session.step_ids[:2]


def test_chromium_finds_nothing_that_stops_installing_the_app(site, browser_type, browser_type_launch_args, tmp_path):
    # A browser profile of its own: Chromium never offers to install from an incognito window, which is
    # what Playwright's usual contexts are.
    context = browser_type.launch_persistent_context(tmp_path / "profile", **browser_type_launch_args)
    try:
        page = context.new_page()
        under_the_service_worker(page, site.url + "/")
        cdp = context.new_cdp_session(page)
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    finally:
        context.close()

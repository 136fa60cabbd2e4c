"""The player in one hand, on a phone: everything a step needs is on screen without scrolling, a swap never
moves the page, and the drawings move with the countdown (and stay still when asked to)."""

import pytest
from playwright.sync_api import expect

from guide import services
from routines.models import Course
from safety.services import gate_status
from tests.browser.conftest import log_in
from tests.factories import ready_baby

pytestmark = pytest.mark.browser



def open_player(page, site, course_slug="one-to-three-months", age_days=60):
    baby = ready_baby(age_days=age_days)
    log_in(page, site, baby.parent)
    session = services.start_session(gate=gate_status(baby), course=Course.objects.get(slug=course_slug))
    session.set_checklist("ticked")
    page.goto(f"{site.url}/session/{baby.pk}/{session.pk}/")
    return session


def inside_viewport(page, selector):
    return page.evaluate("""(selector) => {
        const box = document.querySelector(selector).getBoundingClientRect();
        return box.width > 0 && box.top >= 0 && box.left >= 0
            && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
    }""", selector)


@pytest.mark.parametrize("size", [{"width": 390, "height": 844}, {"width": 320, "height": 640}], ids=["390", "320"])
def test_every_step_of_a_course_session_fits_the_screen_and_a_swap_never_moves_the_page(site, page, size):
    page.set_viewport_size(size)
    page.clock.install()
    session = open_player(page, site)
    for number in range(1, session.total_steps + 1):
        card = page.locator("#step-card")
        expect(card).to_contain_text(f"Step {number} of {session.total_steps}")
        expect(card.locator(".countdown")).to_be_visible()
        for part in ("#step-title", "#step-card .step-visual", "#step-card .countdown", "[data-advance]",
                     ".thumb-bar [data-countdown='toggle']", ".thumb-bar [value='skip']",
                     ".thumb-bar .fussing summary"):
            assert inside_viewport(page, part), (number, part)
        before = page.evaluate("window.scrollY")
        card.get_by_role("button", name="Done — next").click()
        if number < session.total_steps:
            expect(page.locator("#step-card")).to_contain_text(f"Step {number + 1} of")
            assert page.evaluate("window.scrollY") == before, number
            expect(page.locator("#step-title")).to_be_focused()
    expect(page.get_by_role("heading", name="Well done")).to_be_visible()


def dot_position(page):
    return page.evaluate("""() => {
        const box = document.querySelector('#step-card .dg .mover').getBoundingClientRect();
        return [Math.round(box.x * 10), Math.round(box.y * 10)];
    }""")


def test_the_drawing_moves_pauses_with_the_countdown_and_is_still_for_reduced_motion(site, page):
    page.set_viewport_size({"width": 390, "height": 844})
    open_player(page, site)
    expect(page.locator("#step-card .countdown")).to_be_visible()
    first = dot_position(page)
    page.wait_for_timeout(400)
    assert dot_position(page) != first  # the hand travels along the arrow

    page.locator(".thumb-bar").get_by_role("button", name="Pause").click()
    assert page.evaluate("document.querySelector('#step-card svg.dg').animationsPaused()")
    paused = dot_position(page)
    page.wait_for_timeout(400)
    assert dot_position(page) == paused
    page.locator(".thumb-bar").get_by_role("button", name="Resume").click()
    page.wait_for_timeout(400)
    assert dot_position(page) != paused

    page.emulate_media(reduced_motion="reduce")
    expect(page.locator("#step-card .dg .mover").first).to_be_hidden()
    page.emulate_media(reduced_motion="no-preference", media="print")
    expect(page.locator("#step-card .dg .mover").first).to_be_hidden()  # paper shows the arrows only

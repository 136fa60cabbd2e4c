"""A parent does a whole guided session in Chromium on a phone-sized screen.

The browser's clock is controlled (page.clock), so the countdown runs without any sleeping.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import ready_baby

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
ARTIFACTS = Path(__file__).parent / "artifacts"  # screenshots for a reviewer to open (git-ignored)


@pytest.fixture
def parent_page(site, page):
    baby = ready_baby(age_days=60)
    page.set_viewport_size(PHONE)
    page.clock.install()
    log_in(page, site, baby.parent)
    return page, baby


def card_step(page):
    return page.locator("#step-card").get_attribute("data-step")


def let_the_clock_run_to_the_end(page, most_steps):
    """Move only the browser's clock, a minute at a time, until hands-free mode reaches the finish page."""
    for _ in range(most_steps):
        if "/finish/" in page.url:
            return
        current = page.locator("#step-card").get_attribute("data-position")
        page.clock.run_for(60_000)
        page.wait_for_function(
            "(p) => location.pathname.endsWith('/finish/') || "
            "(document.getElementById('step-card') && document.getElementById('step-card').dataset.position !== p)",
            arg=current,
        )


def test_a_whole_session_from_start_to_the_journal(parent_page, axe):
    page, baby = parent_page
    page.get_by_role("link", name=baby.name).click()
    page.get_by_role("link", name="Start a session").click()
    expect(page.get_by_role("radio", name=re.compile("1 to 3 months"))).to_be_checked()
    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="All ready — start").click()

    # One step per screen, with a countdown that can pause, resume and add 15 seconds.
    card = page.locator("#step-card")
    expect(card).to_contain_text("Step 1 of")
    timer = card.locator(".countdown .time")
    expect(timer).to_be_visible()
    start = timer.inner_text()
    page.clock.run_for(5000)
    expect(timer).not_to_have_text(start)
    after_five = timer.inner_text()
    bar = page.locator(".thumb-bar")
    bar.get_by_role("button", name="Pause").click()
    page.clock.run_for(5000)
    expect(timer).to_have_text(after_five)
    bar.get_by_role("button", name="Resume").click()
    bar.get_by_role("button", name="+15 s").click()
    minutes, seconds = map(int, after_five.split(":"))
    expect(timer).to_have_text(f"{(minutes * 60 + seconds + 15) // 60}:{(minutes * 60 + seconds + 15) % 60:02d}")
    page.clock.run_for((minutes * 60 + seconds + 16) * 1000)
    expect(card.locator(".countdown-status")).to_have_text("Time is up.")
    expect(card.get_by_role("button", name="Done — next")).to_be_focused()
    assert axe(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "session-player.png", full_page=True)

    first = card_step(page)
    card.get_by_role("button", name="Done — next").click()
    expect(card).to_contain_text("Step 2 of")
    assert card_step(page) != first

    # "Baby is fussing": pause, note the cue, skip to the next body part.
    area = card.locator(".step-progress").inner_text().split("·")[1].strip()
    page.get_by_text("Baby is fussing").click()
    page.get_by_role("button", name="Crying").click()
    expect(card.get_by_role("button", name="Finish gently")).to_be_visible()
    card.get_by_role("button", name="Skip to the next body part").click()
    expect(card.locator(".step-progress")).not_to_contain_text(area)

    # Closing the tab or reloading loses nothing.
    here = card_step(page)
    page.reload()
    expect(page.locator("#step-card")).to_have_attribute("data-step", here)

    # Hands-free: from here on nobody touches the screen until the session is done.
    page.get_by_text("Settings: read aloud, sound, screen").click()
    page.get_by_label("Hands-free: read aloud and move on").check()
    let_the_clock_run_to_the_end(page, most_steps=80)
    expect(page.get_by_role("heading", name="Well done")).to_be_visible()

    page.get_by_label("Calm", exact=True).check()
    page.get_by_label("A note for yourself or your doctor (optional)").fill("Calm after the bath")
    page.get_by_role("button", name="Save to the journal").click()
    expect(page.get_by_text("1 to 3 months: holding the head up: session 1 of 12")).to_be_visible()
    expect(page.get_by_text("Calm after the bath")).to_be_visible()
    expect(page.get_by_text("Cues: Crying")).to_be_visible()
    assert axe(page) == []


def test_hands_free_from_start_to_finish_without_touching_the_screen(parent_page):
    page, baby = parent_page
    page.goto(page.url.split("/babies/")[0] + f"/session/{baby.pk}/start/")
    page.get_by_role("radio", name=re.compile("Head and face")).check()
    page.get_by_label("Hands-free: read each step aloud and move on by itself").check()
    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="All ready — start").click()
    expect(page.get_by_label("Hands-free: read aloud and move on")).to_be_checked()
    # From here on only the clock moves: each step is read aloud, counted down and left by itself.
    let_the_clock_run_to_the_end(page, most_steps=20)
    expect(page.get_by_role("heading", name="Well done")).to_be_visible()
    expect(page.get_by_text("Head and face: 6 steps done.")).to_be_visible()

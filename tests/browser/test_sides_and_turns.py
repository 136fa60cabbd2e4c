"""Sides and turns in the player, in Chromium: a one-sided step runs on the left and then on the right with the
side named, the back starts with a card that asks to turn the baby, and hands-free mode says both aloud."""

import pytest
from playwright.sync_api import expect

from guide import services
from routines.models import Routine
from safety.services import gate_status
from tests.browser.conftest import log_in
from tests.factories import make_course, make_routine, ready_baby

pytestmark = pytest.mark.browser

# The browser's speech replaced by a recorder: what the player asks to say, in order, each "said" at once.
# Kept in sessionStorage, so that what was said survives the move to the finish page.
RECORD_SPEECH = """
window.spoken = JSON.parse(sessionStorage.getItem("spoken") || "[]");
Object.defineProperty(window, "speechSynthesis", {value: {
  cancel: function () {}, getVoices: function () { return []; },
  speak: function (utterance) {
    window.spoken.push(utterance.text);
    sessionStorage.setItem("spoken", JSON.stringify(window.spoken));
    setTimeout(function () { utterance.onend(); }, 50);
  }
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""


@pytest.fixture
def player(site, page):
    baby = ready_baby(age_days=150)
    legs = make_routine(steps=2, body_area="legs", per_side=True, title="Legs")
    back = make_routine(steps=1, body_area="back", title="Back")
    Routine.objects.filter(pk=back.pk).update(lies_on="tummy")
    course = make_course(routines=[legs, back], min_age_days=30, max_age_days=400)
    session = services.start_session(gate=gate_status(baby), course=course)
    session.set_checklist("ticked")
    page.set_viewport_size({"width": 390, "height": 844})
    page.add_init_script(RECORD_SPEECH)
    page.clock.install()
    log_in(page, site, baby.parent)
    page.goto(f"{site.url}/session/{baby.pk}/{session.pk}/")
    return page, session


def next_card(page):
    step = page.locator("#step-card").get_attribute("data-position")
    page.get_by_role("button", name="Done — next").click()
    page.wait_for_function("(p) => document.getElementById('step-card').dataset.position !== p", arg=step)


def test_each_side_runs_with_its_own_countdown_and_the_back_waits_for_the_turn(player):
    page, session = player
    card = page.locator("#step-card")
    expect(card.locator(".side")).to_have_text("Left leg")
    next_card(page)
    expect(card.locator(".side")).to_have_text("Left leg")
    next_card(page)
    expect(card.locator(".side")).to_have_text("Now the right leg")
    expect(card.locator(".countdown")).to_be_visible()  # its own countdown
    next_card(page)
    expect(card.locator(".side")).to_have_text("Right leg")
    next_card(page)

    # The back: first a card that asks to turn the baby; the step and its countdown wait for it.
    expect(card.get_by_text("First, turn your baby onto the tummy")).to_be_visible()
    expect(card.locator("#step-title")).to_be_hidden()
    expect(card.locator(".countdown")).to_be_hidden()
    card.get_by_role("button", name="Baby is on the tummy").click()
    expect(card.locator("#step-title")).to_be_visible()
    expect(card.locator(".countdown")).to_be_visible()
    expect(card.get_by_text("First, turn your baby onto the tummy")).to_be_hidden()


def test_hands_free_says_the_side_and_the_turn_and_switching_it_on_reads_the_step_now(player):
    page, session = player
    page.get_by_text("Settings: read aloud, sound, screen").click()
    page.get_by_label("Hands-free: read aloud and move on").check()
    page.wait_for_function("() => window.spoken.length > 0")
    assert "Left leg." in page.evaluate("window.spoken[0]")  # switched on mid-step: the step is read at once

    for _ in range(30):
        if "/finish/" in page.url:
            break
        page.clock.run_for(60_000)
        page.wait_for_timeout(50)
    expect(page.get_by_role("heading", name="Well done")).to_be_visible()
    spoken = page.evaluate("window.spoken")
    said = " | ".join(spoken)
    assert "Now the right leg." in said
    turn = next(i for i, text in enumerate(spoken) if "turn your baby onto the tummy" in text)
    back_step = next(i for i, text in enumerate(spoken) if "Step 1 of Back" in text)
    assert turn < back_step  # the turn is said on its own, before the back's first step

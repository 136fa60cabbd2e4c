"""Languages in Chromium: the header's switcher on a phone, and the player reading aloud in the page's language
with a voice for it, or saying it has none and counting down anyway."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from guide import services
from routines.models import Routine
from safety.services import gate_status
from tests.browser.conftest import log_in
from tests.factories import make_course, make_routine, ready_baby

pytestmark = pytest.mark.browser

# The browser's speech replaced by a recorder with the voices given: what is said, in which language and voice.
FAKE_SPEECH = """
window.spoken = [];
Object.defineProperty(window, "speechSynthesis", {value: {
  cancel: function () {}, getVoices: function () { return VOICES; },
  speak: function (utterance) {
    window.spoken.push({text: utterance.text, lang: utterance.lang, voice: utterance.voice && utterance.voice.name});
    setTimeout(function () { utterance.onend(); }, 50);
  }
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""


def player_in(site, page, language, voices):
    baby = ready_baby(age_days=150)
    legs = make_routine(steps=2, body_area="legs", per_side=True, title="Legs")
    Routine.objects.filter(pk=legs.pk).update(title_ru="Ножки", title_es="Piernas")
    course = make_course(routines=[legs], min_age_days=30, max_age_days=400)
    session = services.start_session(gate=gate_status(baby), course=course)
    session.set_checklist("ticked")
    page.set_viewport_size({"width": 390, "height": 844})
    page.add_init_script(FAKE_SPEECH.replace("VOICES", voices))
    page.clock.install()
    log_in(page, site, baby.parent)
    page.goto(f"{site.url}/{language}/session/{baby.pk}/{session.pk}/")
    return page


def hands_free(page, label):
    page.locator(".player-settings summary").click()
    page.get_by_label(label).check()


def test_steps_are_read_in_the_pages_language_with_a_voice_for_it(site, page):
    voices = '[{name: "English", lang: "en-US"}, {name: "Milena", lang: "ru-RU"}]'
    page = player_in(site, page, "ru", voices)
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("#step-card .side")).to_have_text("Левая ножка")
    with translation.override("ru"):
        hands_free(page, translation.gettext("Hands-free: read aloud and move on"))
    page.wait_for_function("() => window.spoken.length > 0")
    said = page.evaluate("window.spoken[0]")
    assert said["lang"] == "ru" and said["voice"] == "Milena" and "Левая ножка." in said["text"]


def test_without_a_voice_for_the_language_the_player_says_so_and_still_counts_down(site, page):
    page = player_in(site, page, "es", '[{name: "English", lang: "en-US"}]')
    with translation.override("es"):
        hands_free(page, translation.gettext("Hands-free: read aloud and move on"))
        message = translation.gettext("This phone has no voice for this language, so steps are not read aloud. "
                                      "The countdown and the sound still work.")
    expect(page.locator("#voice-status")).to_have_text(message)
    assert page.evaluate("window.spoken") == []
    countdown = page.locator("#step-card .countdown")
    before = countdown.inner_text()
    page.clock.run_for(3_000)
    expect(countdown).not_to_have_text(before)


def test_the_switcher_in_the_header_opens_the_same_page_in_another_language_on_a_phone(site, page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{site.url}/routines/")
    switcher = page.locator("header form.languages")
    expect(switcher.get_by_role("button", name="Русский")).to_be_in_viewport()
    switcher.get_by_role("button", name="Русский").click()
    expect(page).to_have_url(f"{site.url}/ru/routines/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    page.goto(f"{site.url}/courses/")  # remembered: an English address now opens in Russian
    expect(page).to_have_url(f"{site.url}/ru/courses/")
    page.locator("header form.languages").get_by_role("button", name="Español").click()
    expect(page).to_have_url(f"{site.url}/es/courses/")

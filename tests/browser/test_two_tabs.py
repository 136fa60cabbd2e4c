"""A stop recorded in one tab is obeyed by the player open in another, at its very next step (issue 19: the gate's
records are cached per app process, under stamps read on every request, so a new record is never missed)."""

import re

import pytest
from playwright.sync_api import expect

from guide.models import MassageSession
from guide.services import start_session
from safety.services import gate_status
from tests.browser.conftest import log_in
from tests.browser.test_safety_journey import answer_all
from tests.factories import make_course, make_routine, ready_baby

pytestmark = pytest.mark.browser


def test_a_stop_recorded_in_one_tab_refuses_the_next_step_in_the_other(site, page):
    baby = ready_baby(age_days=60)
    course = make_course(routines=[make_routine(steps=3, body_area="legs")], min_age_days=14, max_age_days=400)
    session = start_session(gate=gate_status(baby), course=course)
    session.set_checklist("ticked")
    log_in(page, site, baby.parent)

    # Tab A: the player, its first step on screen (the gate has read the baby's records: they are cached now).
    page.goto(f"{site.url}/session/{baby.pk}/{session.pk}/")
    card = page.locator("#step-card")
    expect(card).to_contain_text("Step 1 of")

    # Tab B, same browser: today's check again, and this time the baby is unwell.
    other = page.context.new_page()
    other.goto(f"{site.url}/babies/{baby.pk}/today/")
    answer_all(other, "No")
    other.get_by_role("group", name="Is your baby unwell, or do they feel hot or feverish?").get_by_label(
        "Yes", exact=True).check()
    other.get_by_label("How many minutes ago did your baby last feed?").fill("60")
    other.get_by_role("button", name="Check").click()
    expect(other).to_have_url(re.compile(rf"/babies/{baby.pk}/today/\d+/"))

    # Tab A: the very next "Done — next" is refused; the player is sent to the check's outcome, the step not saved.
    card.get_by_role("button", name="Done — next").click()
    expect(page).to_have_url(re.compile(rf"/babies/{baby.pk}/today/\d+/"))
    assert MassageSession.objects.get(pk=session.pk).position == 0

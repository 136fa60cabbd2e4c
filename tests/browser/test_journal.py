"""A parent with months of sessions reads the journal on a phone, a page at a time."""

import pytest
from playwright.sync_api import expect

from routines.models import Routine
from tests.browser.conftest import log_in
from tests.factories import finished_session, ready_baby

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_older_sessions_are_a_tap_away_and_every_page_passes_axe(site, page, axe):
    baby = ready_baby(age_days=60)
    legs = Routine.objects.get(slug="legs")
    for n in range(25):  # one a day: the newest today, note 24 the oldest
        finished_session(baby, days_ago=n, routine=legs, note=f"Day {n}")
    page.set_viewport_size(PHONE)
    log_in(page, site, baby.parent)
    page.goto(f"{site.url}/journal/{baby.pk}/")
    sessions = page.locator("ol.journal > li")
    expect(sessions).to_have_count(20)
    expect(sessions.first).to_contain_text("Day 0")
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    assert axe(page) == []

    older = page.get_by_role("link", name="Older sessions")
    assert older.bounding_box()["height"] >= 44  # a thumb's reach
    older.click()
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    expect(sessions).to_have_count(5)
    expect(sessions.first).to_contain_text("Day 20")
    expect(sessions.last).to_contain_text("Day 24")
    assert page.locator("ol.journal").get_attribute("start") == "5"  # counted down to the first session
    assert axe(page) == []
    page.get_by_role("link", name="Newer sessions").click()
    expect(sessions.first).to_contain_text("Day 0")

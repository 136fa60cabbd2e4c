"""A parent browses from the start page to a routine and to a course in a real Chromium."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_home_to_a_routine_to_a_course(site, page, axe):
    page.set_viewport_size(PHONE)
    page.goto(site.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gentle massage")
    safety = page.get_by_role("region", name="Safety first")
    expect(safety).to_contain_text("Ask your pediatrician before the first massage")
    assert axe(page) == []

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Routines").click()
    expect(page.get_by_role("heading", name="Stomach", level=2)).to_be_visible()
    page.get_by_role("region", name="Stomach").get_by_role("link").first.click()

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    steps = page.locator("ol.steps > li")
    assert 3 <= steps.count() <= 8
    expect(page.get_by_text("clockwise").first).to_be_visible()
    expect(page.get_by_role("note").first).to_contain_text("liver")
    assert axe(page) == []

    page.get_by_role("link", name="Courses").first.click()
    courses = page.locator(".cards > li")
    assert courses.count() == 4
    courses.first.get_by_role("link").click()
    expect(page.get_by_text("pediatrician", exact=False).first).to_be_visible()
    routine_links = page.locator("ol.cards a.card-link")
    assert routine_links.count() >= 2
    assert axe(page) == []


def test_evening_mode_toggle_is_remembered(site, page):
    page.goto(site.url + "/")
    toggle = page.get_by_role("button", name="Evening mode")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert dark != light
    page.reload()
    expect(page.get_by_role("button", name="Evening mode")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == dark


def test_a_missing_page_keeps_the_site_look(site, page):
    response = page.goto(site.url + "/routines/no-such-routine/")
    assert response.status == 404
    expect(page.get_by_role("link", name="Go to the start page")).to_be_visible()

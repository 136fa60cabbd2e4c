"""A parent signs up, adds a baby, answers the screening and today's check, and reaches the session plan."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def answer_all(page, answer):
    """Ticks `answer` in every group of radio buttons that offers it (not in "where was the vaccine given")."""
    for group in page.locator("fieldset").all():
        option = group.get_by_label(answer, exact=True)
        if option.count():
            option.check()


def test_sign_up_add_a_baby_screen_check_today_and_see_the_plan(site, page, axe):
    page.set_viewport_size(PHONE)
    page.goto(site.url + "/accounts/signup/")
    page.get_by_label("Email").fill("mum@example.com")
    page.get_by_label("Password:", exact=True).fill("a long enough secret 1")
    page.get_by_label("Password confirmation").fill("a long enough secret 1")
    assert axe(page) == []
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", name="Add a baby")).to_be_visible()
    page.get_by_label("Name or nickname").fill("Mila")
    page.get_by_label("Date of birth").fill((timezone.localdate() - timedelta(days=100)).isoformat())
    assert axe(page) == []
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name="Health questions for Mila")).to_be_visible()
    answer_all(page, "No")
    page.get_by_role("group", name="Has your baby's doctor said that massage is fine for your baby?").get_by_label(
        "Yes").check()
    assert axe(page) == []
    page.get_by_role("button", name="See the result").click()

    expect(page.get_by_role("region", name="Go ahead")).to_contain_text("Nothing in your answers stops")
    assert axe(page) == []
    page.get_by_role("link", name="Back to Mila").click()
    page.get_by_role("link", name="Check today").click()

    expect(page.get_by_role("heading", name="Is today a good day for Mila?")).to_be_visible()
    answer_all(page, "No")
    page.get_by_label("How many minutes ago did your baby last feed?").fill("50")
    assert axe(page) == []
    page.get_by_role("button", name="Check").click()

    expect(page.get_by_role("heading", name="Today's massage for Mila")).to_be_visible()
    expect(page.get_by_role("region").first).to_contain_text("Routines, in order")
    assert axe(page) == []


def test_a_gated_page_sends_a_visitor_to_log_in_and_back(site, page):
    page.goto(site.url + "/session/1/start/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    assert "next=%2Fsession%2F1%2Fstart%2F" in page.url

"""A parent invites a caregiver by email (a real SMTP server), the caregiver accepts and runs a session that
shows under their name in the parent's journal; the parent removes them and they get 404 at once. The new
account, people, data and privacy pages have no accessibility violations."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_safety_journey import answer_all
from tests.factories import make_baby, screen

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PASSWORD = "a long enough secret 1"
ARTIFACTS = Path(__file__).parent / "artifacts"  # screenshots for a reviewer to open (git-ignored)


def log_in(page, url, email):
    page.goto(url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your babies")).to_be_visible()


@pytest.fixture
def mila(site):
    baby = make_baby(name="Mila", age_days=60)
    screen(baby)
    return baby


def test_a_caregiver_is_invited_runs_a_session_and_is_removed(site, mila, page, browser, smtp_server, axe):
    page.set_viewport_size(PHONE)
    log_in(page, site.url, mila.parent.email)
    page.get_by_role("link", name="Mila").click()
    page.get_by_role("link", name="Who can see Mila").click()
    expect(page.get_by_role("heading", name="Who can see Mila")).to_be_visible()
    assert axe(page) == []
    page.get_by_label("Their email").fill("nan@example.com")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("We sent an invitation to nan@example.com")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "people.png", full_page=True)
    (message,) = smtp_server.inbox.messages
    link = re.search(r"(http://\S+/invitations/\S+/)", message.get_content()).group(1)

    # The caregiver, on her own phone: opens the link, creates an account, accepts.
    nan_context = browser.new_context(bypass_csp=True, viewport=PHONE)
    nan = nan_context.new_page()
    nan.goto(link)
    expect(nan.get_by_role("heading", name="Help with Mila")).to_be_visible()
    assert axe(nan) == []
    nan.get_by_role("link", name="Create an account").click()
    nan.get_by_label("Email").fill("nan@example.com")
    nan.get_by_label("Password:", exact=True).fill(PASSWORD)
    nan.get_by_label("Password confirmation").fill(PASSWORD)
    nan.get_by_role("button", name="Create account").click()
    nan.get_by_role("button", name="Accept").click()
    expect(nan.get_by_text("Welcome! You can now see Mila.")).to_be_visible()

    # Her name, for the family's journal.
    nan.get_by_role("link", name="Account").click()
    nan.get_by_label("Your name").fill("Nan")
    assert axe(nan) == []
    nan.get_by_role("button", name="Save", exact=True).click()
    expect(nan.get_by_text("Saved.")).to_be_visible()

    # Today's check and a short session.
    nan.get_by_role("link", name="Your babies").click()
    nan.get_by_role("link", name="Mila").click()
    nan.get_by_role("link", name="Check today").click()
    answer_all(nan, "No")
    nan.get_by_label("How many minutes ago did your baby last feed?").fill("50")
    nan.get_by_role("button", name="Check").click()
    expect(nan.get_by_role("heading", name="Today's massage for Mila")).to_be_visible()
    nan.get_by_role("radio", name=re.compile("Head and face")).check()
    nan.get_by_role("button", name="Start").click()
    nan.get_by_role("button", name="All ready — start").click()
    nan.get_by_text("Baby is fussing").click()
    nan.get_by_role("button", name="Crying").click()
    nan.locator("#step-card").get_by_role("button", name="Skip to the next body part").click()
    nan.get_by_label("Calm", exact=True).check()
    nan.get_by_role("button", name="Save to the journal").click()
    expect(nan.get_by_role("heading", name="Mila's massage journal")).to_be_visible()

    # The parent sees it under Nan's name.
    page.goto(f"{site.url}/journal/{mila.pk}/")
    expect(page.locator(".session-by")).to_have_text("By Nan")

    # The parent removes Nan: her next request for Mila is a 404.
    page.goto(f"{site.url}/babies/{mila.pk}/people/")
    page.get_by_role("button", name="Remove Nan").click()
    expect(page.get_by_text("Nan can no longer see Mila.")).to_be_visible()
    nan.goto(f"{site.url}/babies/{mila.pk}/")
    expect(nan.get_by_role("heading", name="We could not find that page")).to_be_visible()
    nan_context.close()


def test_the_new_pages_have_no_accessibility_violations(site, mila, page, smtp_server, axe):
    log_in(page, site.url, mila.parent.email)
    for path, heading in [
        ("/accounts/settings/", "Your account"), ("/accounts/email/", "Change your email"),
        ("/accounts/password/", "Change your password"), ("/accounts/delete/", "Delete my account"),
        (f"/babies/{mila.pk}/remove/", "Remove Mila?"), (f"/babies/{mila.pk}/erase/", "Erase Mila?"),
        ("/privacy/", "Privacy: what we keep"), ("/invitations/forged-link/", "This link does not work"),
    ]:
        page.goto(site.url + path)
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        assert axe(page) == [], (path, axe.describe(axe(page)))
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{heading.split(':')[0].split('?')[0].replace(' ', '-').lower()}.png",
                        full_page=True)

    # With the mail server down, the invitation says it could not be sent, never "sent".
    smtp_server.stop()
    page.goto(f"{site.url}/babies/{mila.pk}/people/")
    page.get_by_label("Their email").fill("nan@example.com")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("alert")).to_contain_text("We could not send the email just now")
    expect(page.get_by_text("We sent an invitation")).to_have_count(0)
    assert axe(page) == []

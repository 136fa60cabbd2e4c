"""The privacy page says what is kept, why, for how long, who sees it and how to download or erase it, in plain
words (school grade 8 or below, as tests/safety/test_reading_level.py checks the health questions)."""

import html
import re

import pytest
import textstat
from django.template.loader import render_to_string
from django.urls import reverse

from safety import texts

MAX_GRADE = 8


def grade(parts):
    return textstat.flesch_kincaid_grade(" ".join(str(part) for part in parts))


def sections(page):
    """The text of each section of the page's main part, without markup."""
    main = page.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return [html.unescape(re.sub(r"<[^>]+>", " ", "<section" + part)) for part in main.split("<section")[1:]]


@pytest.mark.django_db
def test_the_privacy_page_is_open_to_anyone_and_covers_each_question(client):
    response = client.get(reverse("family:privacy"))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    for heading in ("What we keep", "Why we keep it", "How long we keep it", "Who can see it",
                    "Get a copy, or erase it"):
        assert f">{heading}</h2>" in page
    for who in ("Your family", "A clinic", "Our staff"):
        assert who in page
    assert "Download all my data" in page and "Delete my account" in page and "Erase all records" in page
    assert 'href="/privacy/"' in page  # linked from every page's footer


@pytest.mark.django_db
def test_each_part_of_the_privacy_page_is_plain(client):
    parts = sections(client.get(reverse("family:privacy")).content.decode())
    assert len(parts) == 5
    for part in parts:
        assert grade([part]) <= MAX_GRADE, part


def test_what_a_broken_link_or_a_failed_email_says_is_plain():
    assert grade([texts.LINK_BROKEN, texts.LINK_EXPIRED, texts.LINK_USED, texts.INVITATION_WITHDRAWN,
                  texts.MAIL_NOT_SENT]) <= MAX_GRADE


@pytest.mark.django_db
def test_the_invitation_email_is_plain():
    from safety.models import Baby, Invitation

    invitation = Invitation(baby=Baby(name="Mila"), email="nan@example.com", role="caregiver")
    body = render_to_string("safety/invitation_email.txt", {"invitation": invitation, "inviter": "Anna",
                                                             "link": "https://example.org/x/"})
    assert grade([body.replace("https://example.org/x/", "")]) <= MAX_GRADE

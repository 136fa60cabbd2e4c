"""Mail goes through a real SMTP server, and a page says "sent" only when it was."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_parent

pytestmark = pytest.mark.django_db


def test_a_password_reset_link_arrives_through_the_mail_server_and_works(client, smtp_server, settings):
    settings.DEFAULT_FROM_EMAIL = "Baby massage <hello@massage.example>"
    make_parent(email="mum@example.com")
    response = client.post(reverse("safety:password_reset"), {"email": "mum@example.com"})
    assert response["Location"] == reverse("safety:password_reset_done")
    (message,) = smtp_server.inbox.messages
    assert message["To"] == "mum@example.com" and message["From"] == "Baby massage <hello@massage.example>"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.get_content()).group(1)
    assert client.get(link, follow=True).status_code == 200


@pytest.mark.parametrize("email", ["mum@example.com", "nobody@example.com"])
def test_with_the_mail_server_down_the_page_says_it_could_not_send(client, smtp_server, email):
    make_parent(email="mum@example.com")
    smtp_server.stop()
    response = client.post(reverse("safety:password_reset"), {"email": email})
    # The same answer for a known and an unknown address: the page tells nobody who has an account.
    assert response.status_code == 503
    assert "could not send the email just now" in response.content.decode()
    assert smtp_server.inbox.messages == []


def test_mail_settings_come_from_one_email_url(monkeypatch):
    import importlib

    import babymassage.settings as project_settings

    monkeypatch.setenv("EMAIL_URL", "submission://sender%40example.org:s3cret@smtp.example.org:587")
    monkeypatch.setenv("DEFAULT_FROM_EMAIL", "Baby massage <sender@example.org>")
    reloaded = importlib.reload(project_settings)
    try:
        assert (reloaded.EMAIL_HOST, reloaded.EMAIL_PORT, reloaded.EMAIL_USE_TLS) == ("smtp.example.org", 587, True)
        assert (reloaded.EMAIL_HOST_USER, reloaded.EMAIL_HOST_PASSWORD) == ("sender@example.org", "s3cret")
        assert reloaded.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
        assert reloaded.DEFAULT_FROM_EMAIL == "Baby massage <sender@example.org>"
    finally:
        monkeypatch.undo()
        importlib.reload(project_settings)

"""The account page: a new email (confirmed by a link sent to it), a new password, sign out on all devices, the
name the family sees and the language kept for later."""

import html
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

from safety.models import ParentSettings
from tests.factories import make_parent

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough secret 1"


def text(response):
    return html.unescape(response.content.decode())


def logs_in(client, email, password=PASSWORD):
    """Logs in through the login page (django-axes wants the request, which client.login does not pass)."""
    return client.post(reverse("safety:login"), {"username": email, "password": password}).status_code == 302


@pytest.fixture
def parent(client):
    user = make_parent("mum@example.com")
    client.force_login(user)
    return user


def ask_for(client, new_email, password=PASSWORD):
    return client.post(reverse("safety:email_change"), {"new_email": new_email, "password": password})


def link_in(message):
    return re.search(r"http://testserver(/accounts/email/\S+/)", message.get_content()).group(1)


def test_a_new_email_changes_only_when_the_link_sent_to_it_is_opened(client, parent, smtp_server):
    response = ask_for(client, "Mum@New.example")
    assert response["Location"] == reverse("safety:account")
    assert "We sent a link to mum@new.example" in text(client.get(response["Location"]))
    (message,) = smtp_server.inbox.messages
    assert message["To"] == "mum@new.example"
    parent.refresh_from_db()
    assert parent.email == "mum@example.com"  # not before the new address is shown to be theirs
    link = link_in(message)
    assert "Use mum@new.example to log in from now on?" in text(client.get(link))
    assert client.post(link)["Location"] == reverse("safety:account")
    parent.refresh_from_db()
    assert parent.email == parent.username == "mum@new.example"
    # Used once: the same link again says so and changes nothing.
    again = client.post(link)
    assert again.status_code == 400 and "This link was used already" in text(again)
    assert logs_in(client, "mum@new.example")


@pytest.mark.parametrize("case", ["expired", "forged", "another account", "address taken meanwhile"])
def test_an_email_link_that_cannot_be_used_says_why_and_changes_nothing(client, parent, smtp_server, case):
    ask_for(client, "mum@new.example")
    link = link_in(smtp_server.inbox.messages[0])
    expected = {"expired": "This link is too old", "forged": "This link is not complete or was changed",
                "another account": "This link is for another account",
                "address taken meanwhile": "There is already an account with mum@new.example"}[case]
    if case == "forged":
        link = link.replace("mum", "dad") if "mum" in link else link[:-4] + "AAA/"
    elif case == "another account":
        client.force_login(make_parent("dad@example.com"))
    elif case == "address taken meanwhile":
        make_parent("mum@new.example")
    with time_machine.travel(timedelta(days=2 if case == "expired" else 0)):
        shown, posted = client.get(link), client.post(link)
    assert shown.status_code == posted.status_code == 400
    assert expected in text(shown) and expected in text(posted) and "Nothing was changed." in text(posted)
    assert get_user_model().objects.get(pk=parent.pk).email == "mum@example.com"


def test_an_email_change_needs_the_password_and_a_free_address(client, parent, smtp_server):
    make_parent("dad@example.com")
    assert "not your password" in text(ask_for(client, "mum@new.example", password="wrong"))
    assert "already an account with this email" in text(ask_for(client, "dad@example.com"))
    assert "the address you have now" in text(ask_for(client, "mum@example.com"))
    assert smtp_server.inbox.messages == []


def test_with_the_mail_server_down_an_email_change_says_it_could_not_send(client, parent, smtp_server):
    smtp_server.stop()
    response = ask_for(client, "mum@new.example")
    assert response.status_code == 503
    assert "could not send the email just now" in text(response) and "We sent" not in text(response)


def test_change_the_password_with_djangos_own_view(client, parent):
    response = client.post(reverse("safety:password_change"), {
        "old_password": PASSWORD, "new_password1": "another long secret 2", "new_password2": "another long secret 2"})
    assert response["Location"] == reverse("safety:password_change_done")
    assert "Password changed" in text(client.get(response["Location"]))
    assert client.get(reverse("safety:account")).status_code == 200  # this device stays logged in
    client.logout()
    assert logs_in(client, "mum@example.com", "another long secret 2")


def test_sign_out_on_all_devices_ends_every_login_session(client, parent, client_factory):
    phone = client_factory()
    assert logs_in(phone, "mum@example.com")
    assert phone.get(reverse("safety:baby_list")).status_code == 200
    wrong = client.post(reverse("safety:sign_out_everywhere"), {"password": "wrong"})
    assert wrong.status_code == 400 and "not your password" in text(wrong)
    assert phone.get(reverse("safety:baby_list")).status_code == 200  # nothing happened
    response = client.post(reverse("safety:sign_out_everywhere"), {"password": PASSWORD})
    assert response["Location"] == reverse("safety:login")
    for device in (client, phone):
        assert device.get(reverse("safety:baby_list"))["Location"].startswith(reverse("safety:login"))
    assert logs_in(client, "mum@example.com")  # the same password still works


def test_the_name_and_the_language_are_kept(client, parent):
    page = text(client.get(reverse("safety:account")))
    assert "The language of every page" in page
    for link in ("/accounts/email/", "/accounts/password/", "/accounts/data.zip", "/accounts/delete/", "/privacy/"):
        assert f'href="{link}"' in page
    saved = client.post(reverse("safety:account"), {"name": "Anna", "time_zone": "Europe/Madrid",
                                                    "temperature_unit": "C", "language": "es"})
    assert saved["Location"] == "/es/accounts/settings/" and client.cookies["django_language"].value == "es"
    parent.refresh_from_db()
    assert parent.first_name == "Anna"
    assert ParentSettings.objects.get(user=parent).language == "es"
    assert 'lang="es"' in client.get(saved["Location"]).content.decode()
    response = client.post(reverse("safety:account"), {"time_zone": "Europe/Madrid", "temperature_unit": "C",
                                                       "language": "klingon"})
    assert response.status_code == 400 and ParentSettings.objects.get(user=parent).language == "es"

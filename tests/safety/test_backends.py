"""The signed-in person is read back on every request by a written-out statement (safety/backends.py): whoever logs
in stays signed in as themselves, and an account closed or a password changed elsewhere signs them out at once."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.urls import reverse

from safety.backends import AccountBackend
from tests.factories import make_parent

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough secret 1"
ACCOUNT = reverse("safety:account")


def log_in(client, email):
    response = client.post(reverse("safety:login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response.content


def test_a_parent_who_logs_in_is_read_back_as_themselves(client):
    parent = make_parent("mum@example.com")
    make_parent("dad@example.com")
    log_in(client, "mum@example.com")
    assert client.session[BACKEND_SESSION_KEY] == "safety.backends.AccountBackend"
    response = client.get(ACCOUNT)
    assert response.status_code == 200
    user = response.wsgi_request.user
    assert (user.pk, user.email, user.password) == (parent.pk, parent.email, parent.password)
    assert user.date_joined == parent.date_joined and user.is_active is True


def test_a_new_account_is_signed_in_by_the_same_backend(client):
    client.post(reverse("safety:signup"), {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD})
    assert client.session[BACKEND_SESSION_KEY] == "safety.backends.AccountBackend"
    assert client.get(ACCOUNT).wsgi_request.user.email == "new@example.com"


def test_a_closed_account_is_signed_out_at_the_next_request(client):
    parent = make_parent("mum@example.com")
    log_in(client, "mum@example.com")
    get_user_model().objects.filter(pk=parent.pk).update(is_active=False)
    response = client.get(ACCOUNT)
    assert response.status_code == 302 and response["Location"].startswith(reverse("safety:login"))


def test_a_password_changed_elsewhere_signs_this_browser_out(client):
    parent = make_parent("mum@example.com")
    log_in(client, "mum@example.com")
    parent.set_password("another long secret 2")
    parent.save()
    assert client.get(ACCOUNT).status_code == 302


def test_an_account_that_is_gone_reads_as_nobody():
    assert AccountBackend().get_user(987654) is None

"""Parents sign up, log in (throttled), reset a password, and keep their babies."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from safety.models import Baby
from tests.factories import make_baby, make_parent, screen

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough secret 1"


def test_sign_up_with_email_and_password_then_add_a_baby(client):
    response = client.post(reverse("safety:signup"), {
        "email": "Mum@Example.com", "password1": PASSWORD, "password2": PASSWORD,
    })
    assert response.status_code == 302 and response["Location"] == reverse("safety:baby_add")
    user = get_user_model().objects.get()
    assert user.username == user.email == "mum@example.com"
    response = client.post(reverse("safety:baby_add"), {
        "name": "Mila", "birth_date": (timezone.localdate() - timedelta(days=50)).isoformat(),
        "weeks_at_birth": 40,
    })
    baby = Baby.objects.get()
    assert baby.parent == user
    assert response["Location"] == reverse("safety:screening", args=[baby.pk])


def test_sign_up_twice_with_one_email_is_refused(client):
    make_parent("dad@example.com")
    response = client.post(reverse("safety:signup"), {
        "email": "dad@example.com", "password1": PASSWORD, "password2": PASSWORD,
    })
    assert "already an account" in response.content.decode()
    assert get_user_model().objects.count() == 1


def test_log_in_and_out(client):
    make_parent("mum@example.com")
    response = client.post(reverse("safety:login"), {"username": "mum@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("safety:baby_list")).status_code == 200
    client.post(reverse("safety:logout"))
    assert client.get(reverse("safety:baby_list")).status_code == 302


def test_login_is_throttled_after_five_wrong_passwords(client):
    make_parent("mum@example.com")
    for _ in range(4):
        response = client.post(reverse("safety:login"), {"username": "mum@example.com", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(reverse("safety:login"), {"username": "mum@example.com", "password": "wrong"})
    assert response.status_code == 429
    response = client.post(reverse("safety:login"), {"username": "mum@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(client):
    make_parent("mum@example.com")
    client.post(reverse("safety:password_reset"), {"email": "mum@example.com"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    new = "another fine secret 9"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    client.post(reverse("safety:login"), {"username": "mum@example.com", "password": new})
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize("days,message", [
    (-1, "cannot be in the future"),
    (6 * 366 + 2, "up to 6 years old"),
])
def test_a_date_of_birth_in_the_future_or_over_six_years_ago_is_refused(client, days, message):
    client.force_login(make_parent())
    response = client.post(reverse("safety:baby_add"), {
        "name": "Mila", "birth_date": (timezone.localdate() - timedelta(days=days)).isoformat(), "weeks_at_birth": 40,
    })
    assert message in response.content.decode()
    assert not Baby.objects.exists()


def test_the_baby_page_shows_age_and_corrected_age_for_a_baby_born_early(client):
    baby = make_baby(age_days=70, weeks_at_birth=32)
    client.force_login(baby.parent)
    page = client.get(reverse("guide:baby_detail", args=[baby.pk])).content.decode()
    assert "10 weeks old" in page
    assert "Corrected age: 14 days" in page


@pytest.mark.parametrize("weeks", [40, 37])
def test_a_baby_born_at_37_weeks_or_later_has_no_corrected_age(client, weeks):
    baby = make_baby(age_days=70, weeks_at_birth=weeks)
    client.force_login(baby.parent)
    assert "Corrected age" not in client.get(reverse("guide:baby_detail", args=[baby.pk])).content.decode()


def test_edit_and_remove_a_baby(client):
    baby = make_baby()
    client.force_login(baby.parent)
    client.post(reverse("safety:baby_edit", args=[baby.pk]), {
        "name": "Nina", "birth_date": baby.birth_date.isoformat(), "weeks_at_birth": 38, "intensive_care": "on",
    })
    baby.refresh_from_db()
    assert (baby.name, baby.weeks_at_birth, baby.intensive_care) == ("Nina", 38, True)
    screen(baby)
    client.post(reverse("safety:baby_remove", args=[baby.pk]))
    assert list(client.get(reverse("safety:baby_list")).context["babies"]) == []
    assert client.get(reverse("guide:baby_detail", args=[baby.pk])).status_code == 404
    assert baby.screenings.count() == 1  # the health record stays


BABY_URLS = ["guide:baby_detail", "safety:baby_edit", "safety:baby_remove", "safety:screening", "safety:clearance",
             "safety:daily_check", "guide:journal", "guide:journal_csv"]


@pytest.mark.parametrize("name", BABY_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_someone_elses_baby_is_a_404_and_nothing_changes(client, name, method):
    theirs = make_baby(name="Theirs")
    client.force_login(make_parent())
    response = getattr(client, method)(reverse(name, args=[theirs.pk]), {"name": "Mine now"})
    assert response.status_code == 404 or (method == "post" and response.status_code == 405)
    theirs.refresh_from_db()
    assert theirs.name == "Theirs" and theirs.removed_at is None
    assert not theirs.screenings.exists() and not theirs.daily_checks.exists() and not theirs.clearances.exists()


def test_someone_elses_screening_result_is_a_404(client):
    theirs = make_baby()
    submission = screen(theirs)
    client.force_login(make_parent())
    assert client.get(reverse("safety:screening_outcome", args=[theirs.pk, submission.pk])).status_code == 404
    mine = make_baby(parent=get_user_model().objects.last())
    assert client.get(reverse("safety:screening_outcome", args=[mine.pk, submission.pk])).status_code == 404

"""Each parent's own clock: the browser's time zone is kept at sign-up and log-in, can be changed on the
account page, and every time is shown in it, in one format, with the zone named where the parent acts on it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from safety.models import ParentSettings
from tests.factories import GOOD_DAY, check_today, make_parent, ready_baby

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough secret 1"


def test_sign_up_keeps_the_browsers_time_zone(client):
    client.post(reverse("safety:signup"), {"email": "ny@example.com", "password1": PASSWORD, "password2": PASSWORD,
                                           "time_zone": "America/New_York"})
    user = ParentSettings.objects.get().user
    assert user.email == "ny@example.com"
    assert ParentSettings.objects.get(user=user).time_zone == "America/New_York"


def test_log_in_keeps_the_browsers_zone_only_until_the_parent_chooses(client):
    parent = make_parent(email="mum@example.com")
    client.post(reverse("safety:login"), {"username": "mum@example.com", "password": PASSWORD,
                                          "time_zone": "Europe/Madrid"})
    assert ParentSettings.objects.get(user=parent).time_zone == "Europe/Madrid"
    client.post(reverse("safety:account"), {"time_zone": "Asia/Tokyo", "temperature_unit": "F"})
    client.logout()
    client.post(reverse("safety:login"), {"username": "mum@example.com", "password": PASSWORD,
                                          "time_zone": "Europe/Madrid"})
    found = ParentSettings.objects.get(user=parent)
    assert (found.time_zone, found.temperature_unit) == ("Asia/Tokyo", "F")


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "x" * 300, "Europe/Madrid\x00"])
def test_an_unknown_zone_is_refused_on_the_account_page_and_ignored_at_log_in(client, zone):
    parent = make_parent(email="mum@example.com")
    client.post(reverse("safety:login"), {"username": "mum@example.com", "password": PASSWORD, "time_zone": zone})
    client.force_login(parent)  # a NUL byte refuses the whole log-in (400); the others log in without a zone
    response = client.post(reverse("safety:account"), {"time_zone": zone, "temperature_unit": "C"})
    assert response.status_code == 400
    assert not ParentSettings.objects.filter(user=parent).exclude(time_zone="").exists()


def test_a_stop_is_shown_in_the_parents_own_time_with_the_zone_named(client):
    baby = ready_baby(age_days=200)
    client.force_login(baby.parent)
    client.post(reverse("safety:account"), {"time_zone": "America/New_York", "temperature_unit": "C"})
    noon_utc = datetime(2026, 6, 1, 12, 0, tzinfo=ZoneInfo("UTC"))
    with time_machine.travel(noon_utc, tick=False):
        check = check_today(baby, minutes_since_feed=60, vomiting="yes")
        page = client.get(reverse("safety:daily_check_outcome", args=[baby.pk, check.pk])).content.decode()
    lifts = check.check_again_at.astimezone(ZoneInfo("America/New_York"))
    assert f"{lifts.day} {lifts:%B %Y}, {lifts:%H:%M} (New York time)" in page
    assert "p.m." not in page and "a.m." not in page


def test_the_journal_shows_times_in_the_parents_zone(client):
    baby = ready_baby(age_days=200)
    client.force_login(baby.parent)
    client.post(reverse("safety:account"), {"time_zone": "Asia/Tokyo", "temperature_unit": "C"})
    from guide import services
    from safety.services import gate_status
    from tests.factories import make_course, make_routine

    course = make_course(routines=[make_routine(steps=1)], min_age_days=30, max_age_days=400)
    with time_machine.travel(datetime(2026, 6, 1, 20, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        check_today(baby, **GOOD_DAY)
        services.start_session(gate=gate_status(baby), course=course).finish()
        journal = client.get(reverse("guide:journal", args=[baby.pk])).content.decode()
    assert "2 June 2026, 05:30" in journal  # 20:30 UTC is the next morning in Tokyo

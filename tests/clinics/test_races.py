"""Codes entered at the same moment are handled one after the other: one code opens for one clinic only, and a burst
of wrong codes from one account counts no more tries than the limit allows.

Runs with real concurrent database connections (threads), on SQLite and, in CI, on PostgreSQL, where the row lock and
the advisory locks (clinics/services.py) are what keep them apart."""

import threading

import pytest
from django.db import connection
from django.test import Client

from clinics import services
from clinics.models import ClinicEvent, Share
from tests.factories import make_baby, make_clinic_staff

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _race(*posts):
    """Send the posts at the same moment, each from its own connection; return their status codes."""
    barrier = threading.Barrier(len(posts))
    codes = [None] * len(posts)

    def send(i, client, url, data):
        try:
            barrier.wait()
            codes[i] = client.post(url, data).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return codes


def _signed_in(staff):
    client = Client()
    client.force_login(staff.user)
    return client


def test_two_clinics_entering_one_code_at_once_only_one_gets_the_baby():
    baby = make_baby()
    share = services.make_code(baby=baby, parent=baby.parent)
    first, second = make_clinic_staff(), make_clinic_staff()
    codes = _race((_signed_in(first), "/clinic/code/", {"code": share.code}),
                  (_signed_in(second), "/clinic/code/", {"code": share.code}))
    assert sorted(codes) == [302, 400]
    share.refresh_from_db()
    assert share.clinic in (first.clinic, second.clinic)
    assert ClinicEvent.objects.filter(action="code_opened").count() == 1
    assert ClinicEvent.objects.filter(action="code_refused").count() == 1


def test_a_burst_of_wrong_codes_counts_no_more_than_the_limit():
    nurse = make_clinic_staff()
    burst = services.CODE_TRIES_PER_ACCOUNT + 3
    codes = _race(*[(_signed_in(nurse), "/clinic/code/", {"code": f"ABCDEFG{n + 2}"}) for n in range(burst)])
    assert codes.count(400) == services.CODE_TRIES_PER_ACCOUNT
    assert codes.count(429) == burst - services.CODE_TRIES_PER_ACCOUNT
    assert ClinicEvent.objects.filter(action="code_refused").count() == services.CODE_TRIES_PER_ACCOUNT
    assert not Share.objects.exists()

"""Two changes racing on one session ("Done" and "skip to the next body part" sent at the same moment,
or a double tap) are applied one after the other: every planned step is counted once, as done or skipped.

Runs with real concurrent database connections (threads), on SQLite and, in CI, on PostgreSQL, where
the row lock (SELECT … FOR UPDATE) is what keeps them apart."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from guide import services
from guide.models import MassageSession
from safety.services import gate_status
from tests.factories import make_course, make_routine, ready_baby

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _race(*posts):
    """Send the posts at the same moment, each from its own connection; return their status codes."""
    barrier = threading.Barrier(len(posts))
    codes = [None] * len(posts)

    def send(i, client, url, data):
        try:
            barrier.wait()
            codes[i] = client.post(url, data, HTTP_HX_REQUEST="true").status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return codes


def _counted_once(session):
    counted = session.done_ids + session.skipped_ids
    passed = session.step_ids[:session.position]
    return len(counted) == len(set(counted)) == session.position and set(counted) == set(passed)


@pytest.mark.parametrize("other", ["skip_area", "done"], ids=["done-and-skip-area", "double-tap"])
def test_racing_changes_count_every_step_once(other):
    baby = ready_baby(age_days=60)
    course = make_course(routines=[make_routine(steps=4, body_area=area) for area in ("stomach", "legs", "feet")],
                         min_age_days=30, max_age_days=120)
    session = services.start_session(gate=gate_status(baby), course=course)
    session.set_checklist("ticked")
    url = reverse("guide:session_advance", args=[baby.pk, session.pk])
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(baby.parent)
    for _ in range(6):
        session.refresh_from_db()
        if session.finished:
            break
        step = session.current_step_id
        codes = _race((clients[0], url, {"step": step, "action": "done"}),
                      (clients[1], url, {"step": step, "action": other}))
        assert all(code == 200 for code in codes), codes
        session.refresh_from_db()
        assert _counted_once(session), (session.done_ids, session.skipped_ids, session.position)
    assert MassageSession.objects.get(pk=session.pk).position > 0

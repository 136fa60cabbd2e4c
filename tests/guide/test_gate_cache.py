"""The gate's records are cached per app process (safety/services.py), under stamps read on every request: every
new safety record is seen by the very next request, whichever record it is (issue 19: no safety rule weakened).

Each test opens the player first, so the gate's reading of the baby is in the cache, then records something and
shows that the next step swap (or page) already follows it."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from family.services import erase_baby
from guide.models import MassageSession
from guide.services import start_session
from safety import services as safety
from safety.models import Membership, QuestionnaireVersion
from safety.services import NextStep, gate_status
from tests.factories import check_today, clear, make_baby, make_course, make_member, make_routine, ready_baby, screen

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def course(db):
    return make_course(routines=[make_routine(steps=2, body_area="stomach"), make_routine(steps=2, body_area="legs")],
                       min_age_days=14, max_age_days=400)


def playing(client, baby, course, user=None):
    """`user` (the parent by default) in the player: the gate has read the baby, and its records are cached."""
    session = start_session(gate=gate_status(baby), course=course)
    session.set_checklist("ticked")
    client.force_login(user or baby.parent)
    assert client.get(reverse("guide:session_player", args=[baby.pk, session.pk])).status_code == 200
    return session


def done_next(client, session):
    return client.post(reverse("guide:session_advance", args=[session.baby_id, session.pk]),
                       {"step": session.step_ids[0], "action": "done"}, **HTMX)


def assert_refused(response, session, to):
    """The gate sent the player to the safety page `to` (a URL name; for an outcome page, any outcome of the baby)
    and the step was not saved."""
    args = [session.baby_id] + ([0] if to.endswith("_outcome") else [])
    page = reverse(f"safety:{to}", args=args).removesuffix("0/")
    assert response.status_code == 403
    assert response["HX-Redirect"].startswith(page)
    assert MassageSession.objects.get(pk=session.pk).position == 0


def _change_profile(baby):
    baby.weeks_at_birth = 34
    safety.save_baby(baby=baby, changed_by=baby.parent)


def _new_questionnaire(baby):
    QuestionnaireVersion.objects.create(number=QuestionnaireVersion.current().number + 1)


# What is recorded while the player is open, and the safety page the next swap is sent to instead.
RECORDS = {
    "a stop from today's check": (lambda baby: check_today(baby, unwell="yes"), "daily_check_outcome"),
    "a new screening with a concern": (lambda baby: screen(baby, hips="yes"), "clearance"),
    "a new screening that says ill now": (lambda baby: screen(baby, acute_illness="yes"), "screening_outcome"),
    "a profile change": (_change_profile, "screening"),
    "health changed": (lambda baby: safety.report_health_changed(baby=baby), "screening"),
    "a new questionnaire version": (_new_questionnaire, "screening"),
}


@pytest.mark.parametrize("record", RECORDS)
def test_a_new_record_refuses_the_next_swap(client, course, record):
    baby = ready_baby(age_days=60)
    session = playing(client, baby, course)
    make_record, sent_to = RECORDS[record]
    make_record(baby)
    assert_refused(done_next(client, session), session, sent_to)


def test_a_clearance_counts_at_once_and_a_later_one_leaves_out_more_at_once(client, course):
    baby = make_baby(age_days=60)
    screening = screen(baby, hips="yes")
    check_today(baby)
    client.force_login(baby.parent)
    start = reverse("guide:session_start", args=[baby.pk])
    assert client.get(start)["Location"].startswith(reverse("safety:clearance", args=[baby.pk]))  # read, cached
    clear(baby, screening)
    assert client.get(start).status_code == 200
    clear(baby, screening, excluded_areas=["legs"])
    found, latest = safety.baby_and_latest_screening(baby.parent, baby.pk)
    assert "legs" in gate_status(found, screening=latest).excluded_areas


def test_a_removed_caregiver_is_refused_at_the_next_swap(client, course):
    baby = ready_baby(age_days=60)
    nanny = make_member(baby, role="caregiver")
    session = playing(client, baby, course, user=nanny)
    safety.remove_member(membership=Membership.objects.get(baby=baby, user=nanny))
    assert done_next(client, session).status_code == 404


def test_an_erased_baby_is_gone_at_the_next_swap(client, course):
    baby = ready_baby(age_days=60)
    session = playing(client, baby, course)
    erase_baby(baby=baby, requested_by=baby.parent)
    assert done_next(client, session).status_code == 404


def test_the_cached_records_give_the_same_answer_as_a_fresh_reading_as_time_passes(client, course):
    """The cache keeps today's checks that count from the moment they were read on; each request picks the ones
    that count at its own time, so a check running out (2 hours) or a stop lifting is seen without a new record."""
    baby = ready_baby(age_days=60)
    session = playing(client, baby, course)
    check_today(baby, minutes_since_feed=10)  # fed 10 minutes ago: not yet, check again in 35 minutes
    assert_refused(done_next(client, session), session, "daily_check_outcome")
    for later in (timedelta(minutes=40), timedelta(hours=3)):
        with time_machine.travel(timezone.now() + later):
            fresh = gate_status(baby)  # read from the database, no stamps: not from the cache
            cached = done_next(client, session)
            assert fresh.next_step == NextStep.TODAY
            assert cached.status_code == 403
            assert cached["HX-Redirect"].startswith(reverse("safety:daily_check", args=[baby.pk]))

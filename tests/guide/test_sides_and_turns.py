"""Steps done on each side run once per side, and a change of how the baby lies comes first."""

import pytest
from django.urls import reverse

from guide import services
from routines.models import Routine
from safety.services import gate_status
from tests.factories import make_course, make_routine, ready_baby

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def session(client):
    baby = ready_baby(age_days=150)
    legs = make_routine(steps=2, body_area="legs", per_side=True, title="Legs")
    back = make_routine(steps=1, body_area="back", title="Back")
    Routine.objects.filter(pk=back.pk).update(lies_on="tummy")
    course = make_course(routines=[legs, back], min_age_days=30, max_age_days=400)
    session = services.start_session(gate=gate_status(baby), course=course)
    session.set_checklist("ticked")
    client.force_login(baby.parent)
    return session


def test_one_sided_steps_run_on_the_left_then_on_the_right_and_the_turn_comes_before_the_back(session):
    one, two = session.step_ids[:2]
    assert session.step_ids[:4] == [one, two, one, two]
    assert session.step_sides == ["left", "left", "right", "right", ""]
    assert session.step_turns == ["", "", "", "", "tummy"]
    assert session.step_areas == ["legs"] * 4 + ["back"]


def card(client, session):
    return client.get(reverse("guide:session_player", args=[session.baby_id, session.pk]), **HTMX).content.decode()


def done(client, session, position):
    url = reverse("guide:session_advance", args=[session.baby_id, session.pk])
    return client.post(url, {"step": session.step_ids[position], "action": "done", "position": position}, **HTMX)


def test_each_card_names_its_side_and_the_back_asks_to_turn_the_baby_first(client, session):
    seen = []
    for position in range(session.total_steps):
        text = card(client, session)
        seen.append(("Now the right leg" in text, "Left leg" in text, "turn your baby onto the tummy" in text))
        done(client, session, position)
    assert seen == [(False, True, False), (False, True, False), (True, False, False), (False, False, False),
                    (False, False, True)]


def test_a_repeated_done_for_the_left_side_does_not_count_the_right(client, session):
    done(client, session, 0)
    done(client, session, 1)
    done(client, session, 1)  # sent again: the right side of the same step is now on screen
    session.refresh_from_db()
    assert session.position == 2 and session.done_ids == session.step_ids[:2]

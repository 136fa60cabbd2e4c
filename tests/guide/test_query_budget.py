"""The htmx step swap stays within its query budget on every path: each action, for a baby with and
without a clinician's clearance."""

import pytest
from django.urls import reverse

from guide import services
from safety.services import gate_status
from tests.factories import check_today, clear, make_baby, make_course, make_routine, ready_baby, screen

# Without the test's own wrapping transaction, as in production: the view's transaction then takes no savepoint.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
HTMX = {"HTTP_HX_REQUEST": "true"}


def _plain_baby():
    return ready_baby(age_days=60)


def _cleared_baby():
    baby = make_baby(age_days=60)
    clear(baby, screen(baby, hips="yes"), excluded_areas=["back"])
    check_today(baby)
    return baby


# (action, the form posted, the URL name): every change the player can make.
ACTIONS = {
    "done": ("session_advance", {"action": "done"}),
    "skip": ("session_advance", {"action": "skip"}),
    "skip_area": ("session_advance", {"action": "skip_area"}),
    "fussing": ("session_fuss", {"cue": "crying"}),
    "end_gently": ("session_end_gently", {}),
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(("make", "extra"), [(_plain_baby, 0), (_cleared_baby, 1)], ids=["no-clearance", "clearance"])
def test_a_step_swap_stays_within_8_queries(client, django_assert_num_queries, action, make, extra):
    baby = make()
    course = make_course(routines=[make_routine(steps=3, body_area="stomach"), make_routine(steps=3, body_area="legs")],
                         min_age_days=30, max_age_days=120)
    session = services.start_session(gate=gate_status(baby), course=course)
    session.set_checklist("ticked")
    name, data = ACTIONS[action]
    client.force_login(baby.parent)
    # 1. the login session, 2. the user, 3. the baby with its latest screening on the current questionnaire,
    # 4. today's checks that count (the latest, and any whose stop or left-out areas still stand), (with a clearance:
    # 5. the screening's clearances), then the session locked for the change (SELECT … FOR UPDATE), its UPDATE, and
    # the steps the new card shows (after "finish gently": the calming stroke, from the content library).
    data_statements = 7 + extra
    # The change's own transaction adds BEGIN and COMMIT, which carry no data. Django logs both on every backend
    # (SQLite's sends BEGIN itself; on PostgreSQL Django records turning autocommit off as BEGIN).
    transaction_statements = 2
    with django_assert_num_queries(data_statements + transaction_statements):
        response = client.post(reverse(f"guide:{name}", args=[baby.pk, session.pk]),
                               {"step": session.step_ids[0], **data}, **HTMX)
    assert response.status_code == 200
    assert data_statements <= 8

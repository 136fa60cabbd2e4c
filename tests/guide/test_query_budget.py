"""The htmx step swap stays within 4 queries on every path: each action the player can send, the last step,
for a baby with and without a clinician's clearance, by its parent and by a caregiver (issue 19).

Counted as perf/bench.py counts them: statements that read or write data; a change's BEGIN and COMMIT carry
none. The swap follows the player page, as in the browser: this app process has then read the baby's records
and the content library into its cache (keyed by stamps read on every request: see safety/services.py and
routines/selectors.py). tests/guide/test_gate_cache.py shows that a new record is seen at once."""

import pytest
from django.urls import reverse

from guide import services
from safety.services import gate_status
from tests.factories import check_today, clear, make_baby, make_course, make_member, make_routine, ready_baby, screen

# Without the test's own wrapping transaction, as in production: the view's transaction then takes no savepoint.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
HTMX = {"HTTP_HX_REQUEST": "true"}
MAX_QUERIES = 4  # ../shared/DESIGN.md, "Quality budgets": ≤ 4 queries per swap on every path


def _plain_baby():
    return ready_baby(age_days=60)


def _cleared_baby():
    baby = make_baby(age_days=60)
    clear(baby, screen(baby, hips="yes"), excluded_areas=["back"])
    check_today(baby)
    return baby


# (the URL name, the form posted, where in the session): every change the player can make.
ACTIONS = {
    "done": ("session_advance", {"action": "done"}, 0),
    "skip": ("session_advance", {"action": "skip"}, 0),
    "skip_area": ("session_advance", {"action": "skip_area"}, 0),
    "fussing": ("session_fuss", {"cue": "crying"}, 0),
    "end_gently": ("session_end_gently", {}, 0),
    "done_last_step": ("session_advance", {"action": "done"}, -1),  # the browser is sent to the finish page
    "stale_step": ("session_advance", {"action": "done"}, 1),  # a double tap: nothing changes, the card again
}


def _user(baby, role):
    return baby.parent if role == "owner" else make_member(baby, role="caregiver")


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ["owner", "caregiver"])
@pytest.mark.parametrize("make", [_plain_baby, _cleared_baby], ids=["no-clearance", "clearance"])
def test_a_step_swap_stays_within_4_queries(client, django_assert_max_num_queries, action, role, make):
    baby = make()
    course = make_course(routines=[make_routine(steps=3, body_area="stomach"), make_routine(steps=3, body_area="legs")],
                         min_age_days=30, max_age_days=120)
    session = services.start_session(gate=gate_status(baby), course=course)
    session.set_checklist("ticked")
    name, data, at = ACTIONS[action]
    if at == -1:
        for step_id in session.step_ids[:-1]:
            session.record_step(step_id, done=True)
    client.force_login(_user(baby, role))
    assert client.get(reverse("guide:session_player", args=[baby.pk, session.pk])).status_code == 200
    # 1. the user (the login session is a signed cookie: no query), 2. the baby, by a membership of the user, with
    # its latest screening on the current questionnaire and the stamps of its newest today's check and clearance
    # (today's checks and the clearances come from the cache under those stamps), 3. the session locked for the
    # change (SELECT … FOR UPDATE) with the content's version (the steps and the calming stroke come from the
    # cache under it), 4. its UPDATE (none for a stale step). The change's BEGIN and COMMIT carry no data; Django
    # logs both on every backend, so the statements logged are at most 4 + 2.
    step_id = session.step_ids[at if at >= 0 else len(session.step_ids) - 1]
    with django_assert_max_num_queries(MAX_QUERIES + 2) as captured:
        response = client.post(reverse(f"guide:{name}", args=[baby.pk, session.pk]), {"step": step_id, **data},
                               **HTMX)
    assert response.status_code == 200
    assert (response.get("HX-Redirect") is not None) == (action == "done_last_step")
    data_statements = [q["sql"] for q in captured.captured_queries
                       if not q["sql"].upper().startswith(("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE"))]
    assert len(data_statements) <= MAX_QUERIES, data_statements
    assert not any("django_session" in sql for sql in data_statements)

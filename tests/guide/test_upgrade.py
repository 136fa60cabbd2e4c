"""An install that has sessions from before the move (MassageSession in routines) keeps every one of them,
with its steps, after `migrate` moves the model to guide."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from guide.models import MassageSession

BEFORE_THE_MOVE = [("routines", "0003_massagesession"), ("safety", "0002_questionnaire_v1"), ("guide", None)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sessions_saved_before_the_move_are_all_there_after_migrate():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state(BEFORE_THE_MOVE[:2]).apps
    saved = _sessions_saved_the_old_way(old)

    executor = MigrationExecutor(connection)  # read the graph again, as a new `migrate` would
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = {s.pk: s for s in MassageSession.objects.select_related("routine")}
    assert sorted(moved) == sorted(saved)
    for pk, (step_ids, done_ids, areas) in saved.items():
        session = moved[pk]
        assert (session.step_ids, session.done_ids, session.step_areas) == (step_ids, done_ids, areas)
    assert moved[min(saved)].routine.title == "Legs, the old way"


def _sessions_saved_the_old_way(apps):
    """Two sessions written through the models as they were before the move: {pk: (steps, done, areas)}."""
    user = apps.get_model("auth", "User").objects.create(username="old@example.com")
    baby = apps.get_model("safety", "Baby").objects.create(parent=user, name="Ada", birth_date=date(2026, 6, 1))
    version = apps.get_model("safety", "QuestionnaireVersion").objects.get(number=1)
    screening = apps.get_model("safety", "ScreeningSubmission").objects.create(
        baby=baby, version=version, answers={}, outcome="CLEARED", eligible_from=date(2026, 6, 15),
        respondent=user, expires_at="2099-01-01T00:00:00Z",
    )
    check = apps.get_model("safety", "DailyCheck").objects.create(
        baby=baby, answers={}, minutes_since_feed=60, outcome="CLEARED", respondent=user,
    )
    technique = apps.get_model("routines", "Technique").objects.create(
        name="Stroking", slug="old-stroking", description="Slow strokes.", effect="calming",
    )
    saved = {}
    for area, title in (("legs", "Legs, the old way"), ("back", "Back, the old way")):
        routine = apps.get_model("routines", "Routine").objects.create(
            slug=title.lower().replace(" ", "-").replace(",", ""), title=title, body_area=area, summary="…",
            position="On the back", published=True,
        )
        steps = [apps.get_model("routines", "Step").objects.create(
            routine=routine, order=n, title=f"Step {n}", instruction="Stroke.", technique=technique,
            direction="Up", repetitions=5, source_note="Test.",
        ).pk for n in range(3)]
        session = apps.get_model("routines", "MassageSession").objects.create(
            baby=baby, routine=routine, screening=screening, daily_check=check, step_ids=steps,
            done_ids=steps[:2], position=2,
        )
        saved[session.pk] = (steps, steps[:2], [area] * 3)
    return saved

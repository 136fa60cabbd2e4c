"""Migrating an install that has records from before issue 11 forward, and back and forward again."""

from datetime import date
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from safety.models import Baby, Clearance, Question, QuestionnaireVersion, ScreeningSubmission
from safety.services import NextStep, gate_status

BEFORE = [("safety", "0002_questionnaire_v1")]
V2 = import_module("safety.migrations.0004_questionnaire_v2").QUESTIONS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_old_records_count_for_nothing_and_version_2_is_as_shipped_after_going_back_and_forth():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("auth", "User").objects.create(username="old@example.com")
    baby = old.get_model("safety", "Baby").objects.create(parent=user, name="Ada", birth_date=date(2026, 1, 1))
    version = old.get_model("safety", "QuestionnaireVersion").objects.get(number=1)
    screening = old.get_model("safety", "ScreeningSubmission").objects.create(
        baby=baby, version=version, answers={}, outcome="NEEDS_CLEARANCE", concerns=["hips"],
        eligible_from=date(2026, 1, 15), respondent=user, expires_at="2099-01-01T00:00:00Z",
    )
    old.get_model("safety", "Clearance").objects.create(
        baby=baby, clinician_name="Dr Old", role="other", approved_on=date(2026, 1, 2), expires_on=date(2099, 1, 1),
        covers=["hips"], recorded_by=user,
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    stored = ScreeningSubmission.objects.get(pk=screening.pk)
    assert stored.profile is None and stored.acute_outcome == ""
    assert Clearance.objects.get().screening is None  # linked to nothing: covers nothing
    assert gate_status(Baby.objects.get(pk=baby.pk)).next_step == NextStep.SCREENING
    v2 = {q.qid: q for q in QuestionnaireVersion.objects.get(number=2).questions.all()}
    for shipped in V2:
        question = v2[shipped["qid"]]
        assert (question.effect, question.areas, question.follows, question.ask_under_days) == (
            shipped["effect"], shipped["areas"], shipped["follows"], shipped["ask_under_days"])
    assert set(Question.objects.filter(version__number=1).values_list("effect", flat=True)) == {"clearance"}

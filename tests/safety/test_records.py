"""Health records are insert-only, and time limits apply to them."""

from datetime import UTC, datetime, timedelta
from importlib import import_module

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from safety import services
from safety.models import DailyCheck, InsertOnlyError, QuestionnaireVersion, ScreeningSubmission
from safety.rules import Outcome
from tests.factories import check_today, clear, make_baby, screen

pytestmark = pytest.mark.django_db


def test_a_screening_cannot_be_changed_or_deleted():
    submission = screen(make_baby())
    submission.outcome = Outcome.CLEARED
    with pytest.raises(InsertOnlyError):
        submission.save()
    with pytest.raises(InsertOnlyError):
        submission.delete()
    with pytest.raises(InsertOnlyError):
        ScreeningSubmission.objects.filter(pk=submission.pk).update(outcome=Outcome.CLEARED)
    with pytest.raises(InsertOnlyError):
        ScreeningSubmission.objects.all().delete()


def test_todays_checks_and_clearances_are_insert_only_too():
    baby = make_baby()
    check = check_today(baby)
    clearance = clear(baby, screen(baby, bleeding="yes"))
    for record in (check, clearance):
        with pytest.raises(InsertOnlyError):
            record.save()
        with pytest.raises(InsertOnlyError):
            record.delete()


def test_a_correction_is_a_new_record_pointing_at_the_one_it_replaces():
    baby = make_baby()
    first = screen(baby, hips="yes")
    second = services.submit_screening(baby=baby, version=first.version, answers=first.answers | {"hips": "no"},
                                       respondent=baby.parent, replaces=first)
    assert second.replaces == first
    assert ScreeningSubmission.objects.filter(baby=baby).count() == 2
    first.refresh_from_db()
    assert first.answers["hips"] == "yes"


def test_a_screening_keeps_every_answer_by_question_id_and_the_profile_it_judged_with_server_time():
    with time_machine.travel("2026-03-01 09:30 +0000", tick=False):
        baby = make_baby(age_days=120, weeks_at_birth=39)
        submission = screen(baby)
    version = QuestionnaireVersion.current()
    # Every question asked at 4 months: all but the belly button, which is asked only under 6 weeks.
    assert set(submission.answers) == set(version.questions.exclude(qid="cord_stump").values_list("qid", flat=True))
    assert submission.profile == {"birth_date": baby.birth_date.isoformat(), "weeks_at_birth": 39,
                                  "intensive_care": False}
    assert submission.created_at == datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    assert submission.expires_at == submission.created_at + timedelta(days=30)
    assert submission.respondent == baby.parent


def test_the_questionnaire_ships_with_every_install_and_version_1_stays_as_it_was():
    version = QuestionnaireVersion.current()
    assert version.number == 2
    qids = set(version.questions.values_list("qid", flat=True))
    assert {"born_early", "intensive_care", "acute_illness", "heart", "broken_bone", "surgery", "seizures", "neuro",
            "leg_shape", "hernia", "hernia_stuck", "cord_stump", "pediatrician_ok", "shown_how"} <= qids
    v1 = import_module("safety.migrations.0002_questionnaire_v1").QUESTIONS
    stored = QuestionnaireVersion.objects.get(number=1).questions.order_by("order")
    assert [(q.qid, q.group, q.text, q.term, q.concern_answer) for q in stored] == [tuple(row) for row in v1]
    assert {q.effect for q in stored} == {"clearance"}  # version 1's answers all asked for a doctor


def test_admin_shows_health_records_read_only(client):
    admin = get_user_model().objects.create_superuser("admin", "a@example.com", "pw")
    client.force_login(admin)
    baby = make_baby()
    submission = screen(baby)
    check = check_today(baby)
    for model, obj in (("screeningsubmission", submission), ("dailycheck", check)):
        assert client.get(reverse(f"admin:safety_{model}_changelist")).status_code == 200
        page = client.get(reverse(f"admin:safety_{model}_change", args=[obj.pk]))
        assert page.status_code == 200
        assert b'name="_save"' not in page.content
        assert client.get(reverse(f"admin:safety_{model}_add")).status_code == 403
        assert client.post(reverse(f"admin:safety_{model}_delete", args=[obj.pk]), {"post": "yes"}).status_code == 403
    assert ScreeningSubmission.objects.count() == 1 and DailyCheck.objects.count() == 1


# --- time rules, with a frozen clock ---------------------------------------------------------

def test_a_screening_lasts_30_days():
    with time_machine.travel("2026-03-01 09:00 +0000", tick=False) as clock:
        baby = make_baby()
        screen(baby)
        check_today(baby)
        assert services.gate_status(baby).passed
        clock.shift(timedelta(days=30) - timedelta(minutes=1))
        check_today(baby)
        assert services.gate_status(baby).passed
        clock.shift(timedelta(minutes=1))
        assert services.gate_status(baby).next_step == services.NextStep.SCREENING


def test_todays_check_lasts_2_hours():
    # A morning check does not cover an evening session after a vaccine or a new fever.
    with time_machine.travel("2026-03-01 07:00 +0000", tick=False) as clock:
        baby = make_baby()
        screen(baby)
        check_today(baby)
        clock.shift(timedelta(hours=1, minutes=59))
        assert services.gate_status(baby).passed
        clock.shift(timedelta(minutes=1))
        assert services.gate_status(baby).next_step == services.NextStep.TODAY


def test_a_new_questionnaire_version_asks_again():
    baby = make_baby()
    screen(baby)
    check_today(baby)
    QuestionnaireVersion.objects.create(number=QuestionnaireVersion.current().number + 1)
    assert services.gate_status(baby).next_step == services.NextStep.SCREENING


def test_health_changed_asks_again():
    baby = make_baby()
    screen(baby)
    check_today(baby)
    services.report_health_changed(baby=baby)
    baby.refresh_from_db()
    assert services.gate_status(baby).next_step == services.NextStep.SCREENING


def test_a_baby_becomes_eligible_on_day_14_when_a_professional_has_shown_the_parent_how():
    with time_machine.travel("2026-03-01 09:00 +0000", tick=False) as clock:
        baby = make_baby(age_days=10)
        submission = screen(baby, shown_how="yes")
        assert submission.outcome == Outcome.NOT_YET
        assert submission.eligible_from == timezone.localdate() + timedelta(days=4)
        assert services.gate_status(baby).next_step == services.NextStep.NOT_YET
        clock.shift(timedelta(days=4))
        assert services.gate_status(baby).next_step == services.NextStep.TODAY


def test_a_clearance_turns_needs_clearance_into_cleared_with_conditions():
    baby = make_baby()
    submission = screen(baby, torticollis="yes")
    assert services.gate_status(baby).next_step == services.NextStep.CLEARANCE
    clear(baby, submission, excluded_areas=["head"])
    check_today(baby)
    status = services.gate_status(baby)
    assert status.passed
    assert status.outcome == Outcome.CLEARED_WITH_CONDITIONS
    assert status.excluded_areas == ["head"]


def test_a_clearance_ends_on_its_expiry_date():
    with time_machine.travel("2026-03-01 09:00 +0000", tick=False) as clock:
        baby = make_baby()
        submission = screen(baby, hips="yes")
        clear(baby, submission, expires_on=timezone.localdate() + timedelta(days=2))
        check_today(baby)
        clock.shift(timedelta(days=2))
        check_today(baby)
        assert services.gate_status(baby).passed
        clock.shift(timedelta(days=1))
        check_today(baby)
        assert services.gate_status(baby).next_step == services.NextStep.CLEARANCE


def test_a_clearance_does_not_cover_a_new_concern():
    baby = make_baby()
    clear(baby, screen(baby, hips="yes"))
    screen(baby, hips="yes", bleeding="yes")
    check_today(baby)
    assert services.gate_status(baby).next_step == services.NextStep.CLEARANCE

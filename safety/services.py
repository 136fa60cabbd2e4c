"""Writes of health records, and the gate's reading of them. Each write is one transaction."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Subquery
from django.utils import timezone

from safety import rules
from safety.models import (
    SCREENING_VALID_DAYS,
    Baby,
    BodyArea,
    Clearance,
    DailyCheck,
    QuestionnaireVersion,
    ScreeningSubmission,
)
from safety.rules import Outcome


class StaleVersion(Exception):
    """The questions were answered on a questionnaire version that is no longer current."""


@transaction.atomic
def submit_screening(*, baby, version, answers, respondent, replaces=None):
    """Record a screening. `answers` must hold an answer for every question of `version`."""
    if version != QuestionnaireVersion.current():
        raise StaleVersion(version)
    questions = [(q.qid, q.concern_answer) for q in version.questions.all()]
    now = timezone.now()
    result = rules.screen(
        questions, answers, birth_date=baby.birth_date, today=timezone.localdate(now),
        weeks_at_birth=baby.weeks_at_birth, intensive_care=baby.intensive_care,
    )
    submission = ScreeningSubmission(
        baby=baby, version=version, answers={qid: answers[qid] for qid, _ in questions}, outcome=result.outcome,
        concerns=result.concerns, eligible_from=result.eligible_from, respondent=respondent, created_at=now,
        expires_at=now + timedelta(days=SCREENING_VALID_DAYS), replaces=replaces,
    )
    submission.full_clean()
    submission.save()
    return submission


@transaction.atomic
def record_clearance(*, baby, screening, recorded_by, **fields):
    clearance = Clearance(baby=baby, covers=list(screening.concerns), recorded_by=recorded_by, **fields)
    clearance.full_clean()
    clearance.save()
    return clearance


@transaction.atomic
def record_daily_check(*, baby, answers, minutes_since_feed, hours_since_vaccine, temperature, respondent):
    now = timezone.now()
    result = rules.daily_check(
        answers, minutes_since_feed=minutes_since_feed, hours_since_vaccine=hours_since_vaccine,
        temperature=temperature, age_in_days=baby.age_days(timezone.localdate(now)), now=now,
    )
    check = DailyCheck(
        baby=baby, answers=answers, minutes_since_feed=minutes_since_feed, hours_since_vaccine=hours_since_vaccine,
        temperature=temperature, outcome=result.outcome, reasons=result.reasons,
        check_again_at=result.check_again_at, respondent=respondent, created_at=now,
    )
    check.full_clean()
    check.save()
    return check


def report_health_changed(*, baby):
    """Every screening answered before now stops counting."""
    Baby.objects.filter(pk=baby.pk).update(health_changed_at=timezone.now())


def remove_baby(*, baby):
    Baby.objects.filter(pk=baby.pk).update(removed_at=timezone.now())


# The steps a parent still has to take, in the order the gate sends them there.
LOGIN, SCREENING, CLEARANCE, NOT_YET, TODAY = "login", "screening", "clearance", "not_yet", "today"


@dataclass
class GateStatus:
    baby: Baby
    screening: ScreeningSubmission | None = None
    clearance: Clearance | None = None
    daily_check: DailyCheck | None = None
    outcome: str | None = None
    next_step: str | None = None
    excluded_areas: list = field(default_factory=list)

    @property
    def passed(self):
        return self.next_step is None

    @property
    def excluded_labels(self):
        return [label for value, label in BodyArea.choices if value in self.excluded_areas]


def latest_screening(baby):
    """The baby's newest screening on the current questionnaire version, in one query."""
    current = QuestionnaireVersion.objects.order_by("-number").values("pk")[:1]
    screening = (
        ScreeningSubmission.objects.filter(baby=baby, version=Subquery(current)).order_by("-created_at", "-pk").first()
    )
    if screening is not None:
        screening.baby = baby  # already loaded; saves a query
    return screening


def valid_clearance(baby, screening, today):
    for clearance in baby.clearances.all():
        if clearance.covers_screening(screening, today):
            return clearance
    return None


def gate_status(baby, now=None):
    """Where this baby stands: the records the gate relies on and the next missing step, if any."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    status = GateStatus(baby=baby)
    screening = latest_screening(baby)
    if screening is None or not screening.counts_at(now):
        status.next_step = SCREENING
        return status
    status.screening = screening
    if screening.outcome == Outcome.NEEDS_CLEARANCE:
        status.clearance = valid_clearance(baby, screening, today)
    excluded = list(status.clearance.excluded_areas) if status.clearance else []
    status.outcome = rules.effective_screening_outcome(
        screening.outcome, screening.eligible_from, today, status.clearance is not None, excluded
    )
    status.excluded_areas = excluded
    if status.outcome == Outcome.NEEDS_CLEARANCE:
        status.next_step = CLEARANCE
        return status
    if status.outcome == Outcome.NOT_YET:
        status.next_step = NOT_YET
        return status
    status.daily_check = baby.daily_checks.first()
    if status.daily_check is None or not status.daily_check.is_valid(now):
        status.next_step = TODAY
    return status

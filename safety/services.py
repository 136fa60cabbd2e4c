"""Writes of health records, and the gate's reading of them. Each write is one transaction."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import models, transaction
from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


class NextStep(models.TextChoices):
    """The step a parent still has to take before a session, in the order the gate sends them there."""

    SCREENING = "screening", _("Answer the health questions")
    CLEARANCE = "clearance", _("Record the doctor's approval")
    NOT_YET = "not_yet", _("Wait until the baby is old enough")
    TODAY = "today", _("Answer today's check")


@dataclass
class GateStatus:
    baby: Baby
    screening: ScreeningSubmission | None = None
    clearance: Clearance | None = None
    daily_check: DailyCheck | None = None
    outcome: str | None = None
    next_step: NextStep | None = None
    excluded_areas: list = field(default_factory=list)

    @property
    def passed(self):
        return self.next_step is None

    @property
    def excluded_labels(self):
        return [label for value, label in BodyArea.choices if value in self.excluded_areas]


def _current_screenings():
    """Screenings on the current questionnaire version, newest first."""
    current = QuestionnaireVersion.objects.order_by("-number").values("pk")[:1]
    return ScreeningSubmission.objects.filter(version=Subquery(current)).order_by("-created_at", "-pk")


def latest_screening(baby):
    """The baby's newest screening on the current questionnaire version, in one query."""
    screening = _current_screenings().filter(baby=baby).first()
    if screening is not None:
        screening.baby = baby  # already loaded; saves a query
    return screening


def baby_and_latest_screening(babies, baby_id):
    """The baby `baby_id` from `babies` (the ones the visitor may see) and its newest current screening,
    in one query when there is a screening. Raises Baby.DoesNotExist for a baby not in `babies`."""
    screening = _current_screenings().filter(baby__in=babies, baby_id=baby_id).select_related("baby").first()
    if screening is not None:
        return screening.baby, screening
    return babies.get(pk=baby_id), None


def valid_clearance(baby, screening, today):
    for clearance in baby.clearances.all():
        if clearance.covers_screening(screening, today):
            return clearance
    return None


_LOOK_UP = object()


def gate_status(baby, now=None, screening=_LOOK_UP):
    """Where this baby stands: the records the gate relies on and the next missing step, if any.

    `screening` is the baby's newest current screening (or None) when the caller has already read it."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    status = GateStatus(baby=baby)
    if screening is _LOOK_UP:
        screening = latest_screening(baby)
    if screening is None or not screening.counts_at(now):
        status.next_step = NextStep.SCREENING
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
        status.next_step = NextStep.CLEARANCE
        return status
    if status.outcome == Outcome.NOT_YET:
        status.next_step = NextStep.NOT_YET
        return status
    status.daily_check = baby.daily_checks.first()
    if status.daily_check is None or not status.daily_check.is_valid(now):
        status.next_step = NextStep.TODAY
    return status

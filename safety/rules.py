"""The clinical rules, as plain functions of the answers and the clock (no database).

Sources: ../shared/DESIGN.md "Safety", which follows the contraindications listed in the source
article and the PAR-Q+ pattern (any "yes" leads to a doctor's clearance). "Not sure" always counts
as the answer that raises the concern.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

MIN_AGE_DAYS = 14  # the article: massage may start from day 14–20, with the pediatrician's approval
FULL_TERM_WEEKS = 40
PRETERM_BEFORE_WEEKS = 37
CORRECT_AGE_UNTIL_DAYS = 2 * 365  # corrected age is used until 2 years
MAX_AGE_YEARS = 6
FEED_WAIT_MINUTES = 40  # the article: 40–45 minutes after a feed
VACCINE_WAIT_HOURS = 48
URGENT_FEVER_AGE_DAYS = 91  # under 3 months
URGENT_FEVER_C = Decimal("38.0")

YES, NO, NOT_SURE = "yes", "no", "not_sure"
ANSWERS = (YES, NO, NOT_SURE)


class Outcome(models.TextChoices):
    """Most restrictive first; the order is the ranking."""

    URGENT_CARE = "URGENT_CARE", _("Seek medical care now")
    NEEDS_CLEARANCE = "NEEDS_CLEARANCE", _("Ask a doctor first")
    NOT_TODAY = "NOT_TODAY", _("Not today")
    NOT_YET = "NOT_YET", _("Not yet")
    CLEARED_WITH_CONDITIONS = "CLEARED_WITH_CONDITIONS", _("Go ahead, with some areas left out")
    CLEARED = "CLEARED", _("Go ahead")


RANK = {outcome: rank for rank, outcome in enumerate(Outcome.values)}


def most_restrictive(*outcomes):
    return min(outcomes, key=RANK.__getitem__)


def age_days(birth_date: date, today: date) -> int:
    return (today - birth_date).days


def corrected_age_days(birth_date: date, weeks_at_birth: int, today: date) -> int:
    """Age minus the weeks born before 40, for babies born early (before 37 weeks), until 2 years (DESIGN.md)."""
    actual = age_days(birth_date, today)
    if weeks_at_birth >= PRETERM_BEFORE_WEEKS or actual >= CORRECT_AGE_UNTIL_DAYS:
        return actual
    return max(actual - (FULL_TERM_WEEKS - weeks_at_birth) * 7, 0)


def eligible_from(birth_date: date) -> date:
    return birth_date + timedelta(days=MIN_AGE_DAYS)


def oldest_birth_date(today: date) -> date:
    try:
        return today.replace(year=today.year - MAX_AGE_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - MAX_AGE_YEARS, day=28)


def raises_concern(answer: str, concern_answer: str = YES) -> bool:
    return answer in (NOT_SURE, concern_answer)


@dataclass
class ScreeningResult:
    outcome: str
    concerns: list = field(default_factory=list)
    eligible_from: date | None = None


def screen(questions, answers, *, birth_date, today, weeks_at_birth=FULL_TERM_WEEKS, intensive_care=False):
    """The outcome of a screening.

    `questions` is an iterable of (qid, concern_answer); `answers` maps every qid to yes / no / not_sure.
    Born before 37 weeks or intensive care (from the answers or the baby's profile) needs a clearance;
    under 14 days old is NOT_YET with the date it becomes possible.
    """
    concerns = [qid for qid, concern in questions if raises_concern(answers[qid], concern)]
    if weeks_at_birth < PRETERM_BEFORE_WEEKS and "born_early" not in concerns:
        concerns.append("born_early")
    if intensive_care and "intensive_care" not in concerns:
        concerns.append("intensive_care")
    possible_from = eligible_from(birth_date)
    outcome = Outcome.CLEARED
    if concerns:
        outcome = most_restrictive(outcome, Outcome.NEEDS_CLEARANCE)
    if today < possible_from:
        outcome = most_restrictive(outcome, Outcome.NOT_YET)
    return ScreeningResult(outcome=outcome, concerns=sorted(concerns), eligible_from=possible_from)


def effective_screening_outcome(stored_outcome, eligible_from_date, today, cleared_by_doctor, excluded_areas=()):
    """What a stored screening means today: NOT_YET lifts on its date; a clearance turns
    NEEDS_CLEARANCE into CLEARED_WITH_CONDITIONS."""
    outcome = Outcome.CLEARED
    if stored_outcome == Outcome.NEEDS_CLEARANCE and not cleared_by_doctor:
        outcome = Outcome.NEEDS_CLEARANCE
    elif stored_outcome == Outcome.NEEDS_CLEARANCE or excluded_areas:
        outcome = Outcome.CLEARED_WITH_CONDITIONS
    if today < eligible_from_date:
        outcome = most_restrictive(outcome, Outcome.NOT_YET)
    return outcome


DAILY_QUESTIONS = (
    # (field, reason code) — a "yes" (or "not sure") to any of these means not today.
    ("unwell", "unwell"),
    ("hungry", "hungry"),
    ("skin", "skin"),
    ("vomiting", "vomiting"),
    ("asleep", "asleep"),
    ("upset", "upset"),
)


@dataclass
class DailyResult:
    outcome: str
    reasons: list = field(default_factory=list)
    check_again_at: datetime | None = None
    wait_minutes: int | None = None


def daily_check(answers, *, minutes_since_feed, hours_since_vaccine, temperature, age_in_days, now):
    """The outcome of today's check. `answers` maps each DAILY_QUESTIONS field to yes / no / not_sure."""
    reasons = [code for name, code in DAILY_QUESTIONS if raises_concern(answers[name])]
    later = []
    if temperature is not None and temperature >= URGENT_FEVER_C:
        reasons.append("fever")
        if age_in_days < URGENT_FEVER_AGE_DAYS:
            return DailyResult(outcome=Outcome.URGENT_CARE, reasons=["urgent_fever"])
    wait_minutes = None
    if minutes_since_feed < FEED_WAIT_MINUTES:
        wait_minutes = FEED_WAIT_MINUTES - minutes_since_feed
        reasons.append("just_fed")
        later.append(now + timedelta(minutes=wait_minutes))
    if hours_since_vaccine is not None and hours_since_vaccine < VACCINE_WAIT_HOURS:
        reasons.append("vaccine")
        later.append(now + timedelta(hours=VACCINE_WAIT_HOURS - hours_since_vaccine))
    if "hungry" in reasons:
        later.append(now + timedelta(minutes=FEED_WAIT_MINUTES))
    if {"unwell", "fever", "skin", "vomiting"} & set(reasons):
        later.append(now + timedelta(days=1))
    if not reasons:
        return DailyResult(outcome=Outcome.CLEARED)
    return DailyResult(
        outcome=Outcome.NOT_TODAY, reasons=reasons, check_again_at=max(later) if later else None,
        wait_minutes=wait_minutes,
    )

"""The clinical rules, as plain functions of the answers and the clock (no database).

Sources: ../shared/DESIGN.md "Safety", which follows the contraindications listed in the source
article (../shared/source/) and the PAR-Q+ pattern (any "yes" leads to a follow-up or a doctor's
clearance). "Not sure" always counts as the answer that raises the concern. Each rule below says
where its numbers come from; the tables are what tests/safety/test_rules.py checks, row by row.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# --- ages ------------------------------------------------------------------------------------

# The article: "Baby massage at home you can start doing as early as 1.5 months of age".
START_AGE_DAYS = 42
# The article: "Starting from the 14-20th day of life ... But a specialist should show and teach the mother
# massage techniques." So day 14 only when a nurse, doctor or infant-massage instructor has shown the parent how.
SHOWN_HOW_START_AGE_DAYS = 14
FULL_TERM_WEEKS = 40
PRETERM_BEFORE_WEEKS = 37
CORRECT_AGE_UNTIL_DAYS = 2 * 365  # corrected age is used until 2 years (DESIGN.md)
MAX_AGE_YEARS = 6
THREE_MONTHS_DAYS = 91  # 13 weeks
SIX_MONTHS_DAYS = 183  # 26 weeks

# --- today's check ---------------------------------------------------------------------------

# The article gives "40 - 45 minutes after [a feed]" in one passage and "45 minutes after it" in another:
# 45 is in both, so 45 it is.
FEED_WAIT_MINUTES = 45
VACCINE_NOT_TODAY_HOURS = 48  # DESIGN.md: vaccinated in the last 48 hours → not today
VACCINE_AREA_HOURS = 72  # DESIGN.md: 48–72 hours → leave out the injection site's body area
URGENT_STANDS_HOURS = 24  # DESIGN.md "Stops stick": URGENT_CARE stands at least 24 hours
UNWELL_WAIT = timedelta(days=1)  # unwell, fever, skin, vomiting: check again tomorrow
SCREENING_STOP_HOURS = 24  # "ill right now" or a stuck hernia in the screening stands as long

# DESIGN.md's temperature thresholds. They match the NICE "traffic light" table for fever in children
# under 5 (NG143): 38 °C or more under 3 months is a red flag, 39 °C or more at 3–6 months an amber one,
# and a low temperature (below 36 °C) in a young baby is a warning sign of serious illness too.
FEVER_C = Decimal("38.0")
HIGH_FEVER_C = Decimal("39.0")
LOW_TEMPERATURE_C = Decimal("36.0")

# --- clearances ------------------------------------------------------------------------------

CLINIC_CLEARANCE_MONTHS = 6  # DESIGN.md: a clearance is valid at most 6 months
PARENT_CLEARANCE_MONTHS = 3  # ... and at most 3 when the parent reports it rather than a clinic recording it

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
STOPS = (Outcome.URGENT_CARE, Outcome.NOT_TODAY)  # the outcomes of today's check that stand until check_again_at
GO = (Outcome.CLEARED, Outcome.CLEARED_WITH_CONDITIONS)


class BodyArea(models.TextChoices):
    """The seven body areas. Kept in safety so that a clearance, a vaccine or a healing belly button can
    leave areas out without the safety app knowing anything about the massage content."""

    HEAD = "head", _("Head & face")
    STOMACH = "stomach", _("Stomach")
    CHEST = "chest", _("Chest")
    ARMS = "arms", _("Hands & arms")
    LEGS = "legs", _("Legs")
    FEET = "feet", _("Feet")
    BACK = "back", _("Back")


def area_order(areas):
    """`areas` without repeats, in the order of BodyArea (the order the player goes through them)."""
    wanted = set(areas)
    return [area for area in BodyArea.values if area in wanted]


def most_restrictive(*outcomes):
    return min(outcomes, key=RANK.__getitem__)


def age_days(birth_date: date, today: date) -> int:
    return (today - birth_date).days


def born_early(weeks_at_birth: int) -> bool:
    return weeks_at_birth < PRETERM_BEFORE_WEEKS


def corrected_age_days(birth_date: date, weeks_at_birth: int, today: date) -> int:
    """Age minus the weeks born before 40, for babies born early (before 37 weeks), until 2 years (DESIGN.md)."""
    actual = age_days(birth_date, today)
    if not born_early(weeks_at_birth) or actual >= CORRECT_AGE_UNTIL_DAYS:
        return actual
    return max(actual - (FULL_TERM_WEEKS - weeks_at_birth) * 7, 0)


def eligible_from(birth_date: date, weeks_at_birth: int = FULL_TERM_WEEKS, shown_how: bool = False) -> date:
    """The first day of massage at home: 42 days of corrected age, or 14 when a professional has shown the
    parent how (the article, see START_AGE_DAYS). For a baby born early the days count from the due date."""
    start = SHOWN_HOW_START_AGE_DAYS if shown_how else START_AGE_DAYS
    correction = (FULL_TERM_WEEKS - weeks_at_birth) * 7 if born_early(weeks_at_birth) else 0
    return birth_date + timedelta(days=start + correction)


def oldest_birth_date(today: date) -> date:
    try:
        return today.replace(year=today.year - MAX_AGE_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - MAX_AGE_YEARS, day=28)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter: 31 Aug + 6 months = 28/29 Feb),
    or the last day there is (a typed year 9999 must not break anything)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if year > date.max.year:
        return date.max
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def raises_concern(answer: str, concern_answer: str = YES) -> bool:
    return answer in (NOT_SURE, concern_answer)


# --- the screening ---------------------------------------------------------------------------

class Effect(models.TextChoices):
    """What an answer that raises the concern does. A question carries its effect (per questionnaire version)."""

    CLEARANCE = "clearance", _("A doctor's approval first")
    NOT_TODAY = "not_today", _("No massage until it has passed (no approval can lift it)")
    URGENT = "urgent", _("Medical care now")
    LEAVE_OUT = "leave_out", _("Leave out body areas")
    START_AGE = "start_age", _("Sets the age massage can start")


# The outcome each effect leads to. NOT_TODAY and URGENT are acute: they never lead to a clearance.
EFFECT_OUTCOME = {
    Effect.CLEARANCE: Outcome.NEEDS_CLEARANCE,
    Effect.NOT_TODAY: Outcome.NOT_TODAY,
    Effect.URGENT: Outcome.URGENT_CARE,
    Effect.LEAVE_OUT: Outcome.CLEARED_WITH_CONDITIONS,
    Effect.START_AGE: Outcome.CLEARED,
}
ACUTE = (Effect.NOT_TODAY, Effect.URGENT)


@dataclass(frozen=True)
class QuestionRule:
    """What a question means for the outcome. The Question model carries the same attributes.

    `areas`: for LEAVE_OUT the body areas left out; for CLEARANCE the areas we suggest the doctor leaves
    out. `follows`: the question this one follows up (it counts only when that one raised its concern).
    `ask_under_days`: asked only while the baby is younger than this (actual age)."""

    qid: str
    concern_answer: str = YES
    effect: str = Effect.CLEARANCE
    areas: tuple = ()
    follows: str = ""
    ask_under_days: int | None = None


def is_asked(question, age_in_days: int) -> bool:
    return question.ask_under_days is None or age_in_days < question.ask_under_days


@dataclass
class ScreeningResult:
    outcome: str
    concerns: list = field(default_factory=list)  # need a doctor's clearance
    acute: list = field(default_factory=list)  # stop now, never cleared by a doctor
    acute_outcome: str = ""  # what the acute answers (or a stop they still carry) mean
    stop_until: datetime | None = None  # until when that stop stands, even against newer answers
    excluded_areas: list = field(default_factory=list)
    eligible_from: date | None = None


def screen(questions, answers, *, birth_date, today, weeks_at_birth=FULL_TERM_WEEKS, intensive_care=False,
           now=None, held_stop=None):
    """The outcome of a screening.

    `questions`: the version's questions (anything with QuestionRule's attributes); `answers` maps each
    asked question's qid to yes / no / not_sure (a follow-up may be missing when its question was "no").
    - CLEARANCE answers, and being born before 37 weeks or in intensive care (from the answers or the
      profile), need a doctor's clearance (PAR-Q+).
    - NOT_TODAY ("ill right now") and URGENT (a hernia that is hard, sore or stuck) are acute: they stop
      massage now, stand SCREENING_STOP_HOURS, and no clearance lifts them.
    - LEAVE_OUT leaves body areas out (a belly button not yet healed: the stomach).
    - START_AGE decides whether massage can start at 14 or at 42 days (corrected age); earlier is NOT_YET.
    `held_stop`: (outcome, until) of an earlier screening's acute stop that still stands at `now`; newer
    answers are recorded but cannot lift it (DESIGN.md "Stops stick").
    """
    asked = [q for q in questions if is_asked(q, age_days(birth_date, today))]
    worried = {q.qid for q in asked if raises_concern(answers.get(q.qid, NOT_SURE), q.concern_answer)}
    counted = [q for q in asked if q.qid in worried and (not q.follows or q.follows in worried)]
    concerns = [q.qid for q in counted if q.effect == Effect.CLEARANCE]
    if born_early(weeks_at_birth) and "born_early" not in concerns:
        concerns.append("born_early")
    if intensive_care and "intensive_care" not in concerns:
        concerns.append("intensive_care")
    acute = [q.qid for q in counted if q.effect in ACUTE]
    excluded = area_order(area for q in counted if q.effect == Effect.LEAVE_OUT for area in q.areas)
    asks_start_age = any(q.effect == Effect.START_AGE for q in asked)
    shown_how = asks_start_age and not any(q.effect == Effect.START_AGE for q in counted)
    possible_from = eligible_from(birth_date, weeks_at_birth, shown_how)

    acute_outcomes = [EFFECT_OUTCOME[q.effect] for q in counted if q.effect in ACUTE]
    stop_until = now + timedelta(hours=SCREENING_STOP_HOURS) if acute_outcomes and now else None
    if held_stop and now and held_stop[1] and now < held_stop[1]:
        acute_outcomes.append(held_stop[0])
        stop_until = max(filter(None, [stop_until, held_stop[1]]))
    acute_outcome = most_restrictive(*acute_outcomes) if acute_outcomes else ""
    outcome = effective_screening_outcome(
        concerns=concerns, acute_outcome=acute_outcome, eligible_from=possible_from, today=today,
        cleared_by_doctor=False, excluded_areas=excluded,
    )
    return ScreeningResult(
        outcome=outcome, concerns=sorted(concerns), acute=acute, acute_outcome=acute_outcome, stop_until=stop_until,
        excluded_areas=excluded, eligible_from=possible_from,
    )


def suggested_areas(questions, concerns):
    """The body areas we suggest the doctor leaves out, from the questions behind `concerns`
    (a broken bone or birth injury: the arms)."""
    return area_order(area for q in questions if q.qid in concerns and q.effect == Effect.CLEARANCE
                      for area in q.areas)


def effective_screening_outcome(*, concerns, acute_outcome, eligible_from, today, cleared_by_doctor,
                                excluded_areas=()):
    """What a stored screening means today: an acute stop stays; concerns need a doctor's clearance, which
    turns them into CLEARED_WITH_CONDITIONS; areas left out are conditions too; NOT_YET lifts on its date."""
    outcomes = [Outcome.CLEARED]
    if acute_outcome:
        outcomes.append(acute_outcome)
    if concerns:
        outcomes.append(Outcome.CLEARED_WITH_CONDITIONS if cleared_by_doctor else Outcome.NEEDS_CLEARANCE)
    if excluded_areas:
        outcomes.append(Outcome.CLEARED_WITH_CONDITIONS)
    if today < eligible_from:
        outcomes.append(Outcome.NOT_YET)
    return most_restrictive(*outcomes)


# --- clearances ------------------------------------------------------------------------------

def clearance_months(reported_by_parent: bool) -> int:
    return PARENT_CLEARANCE_MONTHS if reported_by_parent else CLINIC_CLEARANCE_MONTHS


def clearance_problems(*, approved_on, expires_on, birth_date, today, reported_by_parent=True):
    """What is wrong with a clearance's dates when it is recorded, as [(field, code)] (empty when nothing).

    DESIGN.md: approved between the baby's birth and today; valid after today and for at most 6 months
    after the approval (3 when the parent reports it rather than a clinic recording it)."""
    problems = []
    if approved_on is not None:
        if approved_on > today:
            problems.append(("approved_on", "future"))
        elif birth_date is not None and approved_on < birth_date:
            problems.append(("approved_on", "before_birth"))
    if expires_on is not None:
        if approved_on is not None and expires_on < approved_on:
            problems.append(("expires_on", "before_approval"))
        elif expires_on <= today:
            problems.append(("expires_on", "past"))
        elif approved_on is not None and expires_on > add_months(approved_on, clearance_months(reported_by_parent)):
            problems.append(("expires_on", "too_long"))
    return problems


def clearance_valid_on(*, approved_on, expires_on, birth_date, today, reported_by_parent=True):
    """Whether a recorded clearance counts today: the same limits, read again (a record that got in some other
    way, such as an import, with impossible dates counts for nothing), up to and including its last day."""
    longest = add_months(approved_on, clearance_months(reported_by_parent))
    return birth_date <= approved_on <= today <= expires_on <= longest


def dropped_areas(earlier_areas, new_areas):
    """Areas an earlier clearance for the same screening left out that a new one would put back. A later
    clearance can only add areas: a doctor who changes their mind means a new screening (DESIGN.md)."""
    return area_order(set(earlier_areas) - set(new_areas))


# --- today's check ---------------------------------------------------------------------------

DAILY_QUESTIONS = (
    # (field, reason code) — a "yes" (or "not sure") to any of these means not today.
    ("unwell", "unwell"),
    ("hungry", "hungry"),
    ("skin", "skin"),
    ("vomiting", "vomiting"),
    ("asleep", "asleep"),
    ("upset", "upset"),
)
# Reasons that mean the baby may be ill: wait a day (and a stop with them stands that long).
ILL_REASONS = {"unwell", "fever", "cold", "skin", "vomiting"}


class TemperatureUnit(models.TextChoices):
    CELSIUS = "C", _("°C")
    FAHRENHEIT = "F", _("°F")


# The readings a thermometer on a baby can give; anything outside is a typing error (or tampering).
TEMPERATURE_RANGE = {TemperatureUnit.CELSIUS: (Decimal(30), Decimal(45)),
                     TemperatureUnit.FAHRENHEIT: (Decimal(86), Decimal(113))}
TENTH = Decimal("0.1")


def to_celsius(value: Decimal, unit: str) -> Decimal:
    """A reading in °C to one decimal (°F: (F − 32) × 5 / 9). The thresholds fall on exact tenths in both
    scales (100.4 °F = 38.0 °C, 102.2 °F = 39.0 °C, 96.8 °F = 36.0 °C), so rounding never crosses one."""
    celsius = value if unit == TemperatureUnit.CELSIUS else (value - 32) * 5 / 9
    return Decimal(celsius).quantize(TENTH, rounding=ROUND_HALF_UP)


def temperature_in_range(value: Decimal, unit: str) -> bool:
    low, high = TEMPERATURE_RANGE[unit]
    return low <= value <= high


@dataclass(frozen=True)
class TemperatureRule:
    from_age: int  # days of corrected age, inclusive
    to_age: int | None  # exclusive; None: any age
    below: bool  # True: the reading is below `threshold`; False: at or above it
    threshold: Decimal
    outcome: str
    reason: str


# First match wins, so the urgent rows come first (DESIGN.md "Today's check"; NICE NG143, see above).
TEMPERATURE_RULES = (
    TemperatureRule(0, THREE_MONTHS_DAYS, False, FEVER_C, Outcome.URGENT_CARE, "urgent_fever_young"),
    TemperatureRule(0, THREE_MONTHS_DAYS, True, LOW_TEMPERATURE_C, Outcome.URGENT_CARE, "urgent_cold_young"),
    TemperatureRule(THREE_MONTHS_DAYS, SIX_MONTHS_DAYS, False, HIGH_FEVER_C, Outcome.URGENT_CARE, "urgent_fever"),
    TemperatureRule(0, None, False, FEVER_C, Outcome.NOT_TODAY, "fever"),
    TemperatureRule(0, None, True, LOW_TEMPERATURE_C, Outcome.NOT_TODAY, "cold"),
)


def temperature_rule(temperature_c: Decimal, age_in_days: int):
    """The first TEMPERATURE_RULES row a reading (°C) at this corrected age matches, or None."""
    for rule in TEMPERATURE_RULES:
        in_age = rule.from_age <= age_in_days and (rule.to_age is None or age_in_days < rule.to_age)
        matches = temperature_c < rule.threshold if rule.below else temperature_c >= rule.threshold
        if in_age and matches:
            return rule
    return None


class VaccineSite(models.TextChoices):
    THIGH = "thigh", _("In the thigh")
    ARM = "arm", _("In the arm")
    BOTH = "both", _("In the thigh and the arm")
    MOUTH = "mouth", _("By mouth (drops)")
    NOT_SURE = "not_sure", _("Not sure")


# The body area an injection site puts out of bounds from 48 to 72 hours (DESIGN.md); "not sure" leaves out both.
VACCINE_SITE_AREAS = {
    VaccineSite.THIGH: (BodyArea.LEGS,),
    VaccineSite.ARM: (BodyArea.ARMS,),
    VaccineSite.BOTH: (BodyArea.LEGS, BodyArea.ARMS),
    VaccineSite.MOUTH: (),
    VaccineSite.NOT_SURE: (BodyArea.LEGS, BodyArea.ARMS),
}


@dataclass
class DailyResult:
    outcome: str
    reasons: list = field(default_factory=list)
    check_again_at: datetime | None = None  # a stop stands until then, whatever newer checks say
    wait_minutes: int | None = None
    excluded_areas: list = field(default_factory=list)
    areas_until: datetime | None = None  # the areas stay left out until then, whatever newer checks say


def daily_check(answers, *, minutes_since_feed, hours_since_vaccine, temperature, age_in_days, now,
                vaccine_site=""):
    """The outcome of today's check. `answers` maps each DAILY_QUESTIONS field to yes / no / not_sure;
    `temperature` is in °C (or None when not measured); `age_in_days` is the corrected age.

    - A temperature matching an URGENT_CARE row of TEMPERATURE_RULES is urgent; the stop stands 24 hours.
    - "Unwell" never clears (no reading can undo it); under 6 months the outcome also says to take the
      temperature now and when to call.
    - Fed less than 45 minutes ago: not today, for the minutes left. Hungry: feed, then 45 minutes.
    - A vaccine less than 48 hours ago: not today; 48 to 72 hours: the injection site's area is left out
      (that area stays out until 72 hours, also after a stop lifts).
    """
    reasons = [code for name, code in DAILY_QUESTIONS if raises_concern(answers[name])]
    rule = temperature_rule(temperature, age_in_days) if temperature is not None else None
    if rule is not None and rule.outcome == Outcome.URGENT_CARE:
        return DailyResult(outcome=Outcome.URGENT_CARE, reasons=[rule.reason],
                           check_again_at=now + timedelta(hours=URGENT_STANDS_HOURS))
    if rule is not None:
        reasons.append(rule.reason)
    if "unwell" in reasons and temperature is None and age_in_days < SIX_MONTHS_DAYS:
        reasons.append("measure_now")
    later, wait_minutes, excluded, areas_until = [], None, [], None
    if minutes_since_feed < FEED_WAIT_MINUTES:
        wait_minutes = FEED_WAIT_MINUTES - minutes_since_feed
        reasons.append("just_fed")
        later.append(now + timedelta(minutes=wait_minutes))
    if hours_since_vaccine is not None and hours_since_vaccine < VACCINE_AREA_HOURS:
        excluded = area_order(VACCINE_SITE_AREAS[vaccine_site or VaccineSite.NOT_SURE])
        areas_until = now + timedelta(hours=VACCINE_AREA_HOURS - hours_since_vaccine) if excluded else None
        if hours_since_vaccine < VACCINE_NOT_TODAY_HOURS:
            reasons.append("vaccine")
            later.append(now + timedelta(hours=VACCINE_NOT_TODAY_HOURS - hours_since_vaccine))
    if "hungry" in reasons:
        later.append(now + timedelta(minutes=FEED_WAIT_MINUTES))
    if ILL_REASONS & set(reasons):
        later.append(now + UNWELL_WAIT)
    result = DailyResult(outcome=Outcome.CLEARED, excluded_areas=excluded, areas_until=areas_until)
    if reasons:
        result.outcome, result.reasons = Outcome.NOT_TODAY, reasons
        result.check_again_at, result.wait_minutes = (max(later) if later else None), wait_minutes
    elif excluded:
        result.outcome, result.reasons = Outcome.CLEARED_WITH_CONDITIONS, ["vaccine_area"]
    return result


def stop_stands(outcome, check_again_at, now) -> bool:
    """A today's check that said URGENT_CARE or NOT_TODAY stands until its check_again_at: a newer check
    before then is recorded but cannot lift it (DESIGN.md "Stops stick"). Without a time (asleep, upset)
    the next check decides."""
    return outcome in STOPS and check_again_at is not None and now < check_again_at

"""The screening, clearance and today's-check rules, as tables: scenario → outcome."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from importlib import import_module

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safety import rules
from safety.rules import Effect, Outcome, QuestionRule

# Questionnaire version 2, as the data migration ships it.
V2 = import_module("safety.migrations.0004_questionnaire_v2").QUESTIONS
QUESTIONS = [
    QuestionRule(qid=q["qid"], concern_answer=q["concern_answer"], effect=q["effect"], areas=tuple(q["areas"]),
                 follows=q["follows"], ask_under_days=q["ask_under_days"])
    for q in V2
]
BY_QID = {q.qid: q for q in QUESTIONS}
TODAY = date(2026, 6, 1)
NOW = datetime(2026, 6, 1, 18, 0, tzinfo=UTC)
OLD_ENOUGH = TODAY - timedelta(days=60)


def clear_answers():
    return {q.qid: ("yes" if q.concern_answer == "no" else "no") for q in QUESTIONS}


def screen(answers=None, birth_date=OLD_ENOUGH, **profile):
    return rules.screen(QUESTIONS, {**clear_answers(), **(answers or {})}, birth_date=birth_date, today=TODAY,
                        now=NOW, **profile)


def days_old(days):
    return TODAY - timedelta(days=days)


# --- the screening ---------------------------------------------------------------------------

def test_no_concerns_means_cleared():
    result = screen()
    assert (result.outcome, result.concerns, result.acute, result.excluded_areas) == (Outcome.CLEARED, [], [], [])


CLEARANCE_QUESTIONS = [q.qid for q in QUESTIONS if q.effect == Effect.CLEARANCE]


@pytest.mark.parametrize("qid", CLEARANCE_QUESTIONS)
@pytest.mark.parametrize("worry", ["concern", "not_sure"])
def test_every_standing_condition_needs_a_clearance(qid, worry):
    answer = BY_QID[qid].concern_answer if worry == "concern" else "not_sure"
    result = screen({qid: answer})
    assert (result.outcome, result.concerns, result.acute) == (Outcome.NEEDS_CLEARANCE, [qid], [])


def test_version_2_asks_what_the_issue_lists():
    assert {"heart", "broken_bone", "surgery", "seizures", "neuro", "leg_shape", "infected_skin", "hernia",
            "pediatrician_ok"} <= set(CLEARANCE_QUESTIONS)
    assert BY_QID["acute_illness"].effect == Effect.NOT_TODAY
    assert BY_QID["hernia_stuck"].effect == Effect.URGENT and BY_QID["hernia_stuck"].follows == "hernia"
    assert (BY_QID["cord_stump"].effect, BY_QID["cord_stump"].areas, BY_QID["cord_stump"].ask_under_days) == (
        Effect.LEAVE_OUT, ("stomach",), 42)
    assert BY_QID["shown_how"].effect == Effect.START_AGE
    assert "Dry skin or eczema that you care for with a moisturiser does not count." in next(
        q["text"] for q in V2 if q["qid"] == "infected_skin")


SCREENING_SCENARIOS = [
    # (scenario, answers, birth date, profile, outcome, concerns, acute, areas left out)
    ("ill right now: wait until well, never a clearance", {"acute_illness": "yes"}, OLD_ENOUGH, {},
     Outcome.NOT_TODAY, [], ["acute_illness"], []),
    ("not sure if ill counts as ill", {"acute_illness": "not_sure"}, OLD_ENOUGH, {},
     Outcome.NOT_TODAY, [], ["acute_illness"], []),
    ("ill and a standing condition: both, the clearance does not cover the illness",
     {"acute_illness": "yes", "hips": "yes"}, OLD_ENOUGH, {}, Outcome.NEEDS_CLEARANCE, ["hips"], ["acute_illness"], []),
    ("a hernia needs a clearance", {"hernia": "yes"}, OLD_ENOUGH, {}, Outcome.NEEDS_CLEARANCE, ["hernia"], [], []),
    ("a hernia that is hard, sore or stuck needs care now", {"hernia": "yes", "hernia_stuck": "yes"}, OLD_ENOUGH,
     {}, Outcome.URGENT_CARE, ["hernia"], ["hernia_stuck"], []),
    ("not sure whether it is stuck counts as stuck", {"hernia": "yes", "hernia_stuck": "not_sure"}, OLD_ENOUGH, {},
     Outcome.URGENT_CARE, ["hernia"], ["hernia_stuck"], []),
    ("a follow-up counts only after a yes", {"hernia": "no", "hernia_stuck": "yes"}, OLD_ENOUGH, {},
     Outcome.CLEARED, [], [], []),
    ("a follow-up left out after not sure counts as not sure", {"hernia": "not_sure", "hernia_stuck": None},
     OLD_ENOUGH, {}, Outcome.URGENT_CARE, ["hernia"], ["hernia_stuck"], []),
    ("a healing belly button leaves the stomach out", {"cord_stump": "yes"}, days_old(20), {},
     Outcome.CLEARED_WITH_CONDITIONS, [], [], ["stomach"]),
    ("the belly button is not asked about from 6 weeks", {"cord_stump": "yes"}, days_old(42), {},
     Outcome.CLEARED, [], [], []),
    ("born before 37 weeks needs a clearance", {}, days_old(120), {"weeks_at_birth": 36},
     Outcome.NEEDS_CLEARANCE, ["born_early"], [], []),
    ("intensive care needs a clearance", {}, OLD_ENOUGH, {"intensive_care": True},
     Outcome.NEEDS_CLEARANCE, ["intensive_care"], [], []),
    ("born at 37 weeks is not early", {}, OLD_ENOUGH, {"weeks_at_birth": 37}, Outcome.CLEARED, [], [], []),
    ("no doctor's approval yet: ask first", {"pediatrician_ok": "no"}, OLD_ENOUGH, {},
     Outcome.NEEDS_CLEARANCE, ["pediatrician_ok"], [], []),
    ("too young with a concern needs a clearance first", {"bleeding": "yes"}, days_old(3), {},
     Outcome.NEEDS_CLEARANCE, ["bleeding"], [], []),
]


@pytest.mark.parametrize(("answers", "birth", "profile", "outcome", "concerns", "acute", "areas"),
                         [row[1:] for row in SCREENING_SCENARIOS], ids=[row[0] for row in SCREENING_SCENARIOS])
def test_screening_scenarios(answers, birth, profile, outcome, concerns, acute, areas):
    given_answers = {qid: answer for qid, answer in answers.items() if answer is not None}
    all_answers = {**clear_answers(), **given_answers}
    for qid in [qid for qid, answer in answers.items() if answer is None]:
        del all_answers[qid]
    result = rules.screen(QUESTIONS, all_answers, birth_date=birth, today=TODAY, now=NOW, **profile)
    assert (result.outcome, result.concerns, result.acute, result.excluded_areas) == (outcome, concerns, acute, areas)


def test_a_broken_bone_or_birth_injury_suggests_leaving_out_the_arms():
    result = screen({"broken_bone": "yes"})
    assert result.outcome == Outcome.NEEDS_CLEARANCE
    assert rules.suggested_areas(QUESTIONS, result.concerns) == ["arms"]
    assert rules.suggested_areas(QUESTIONS, screen({"hips": "yes"}).concerns) == []


@pytest.mark.parametrize(("scenario", "age", "weeks", "shown_how", "outcome", "starts_after_days"), [
    # The article: at home from 1.5 months; from day 14 when a professional has shown the parent how.
    ("41 days, not shown how", 41, 40, "no", Outcome.NOT_YET, 42),
    ("42 days, not shown how", 42, 40, "no", Outcome.CLEARED, 42),
    ("not sure counts as not shown", 30, 40, "not_sure", Outcome.NOT_YET, 42),
    ("13 days, shown how", 13, 40, "yes", Outcome.NOT_YET, 14),
    ("14 days, shown how", 14, 40, "yes", Outcome.CLEARED, 14),
    ("born at 38 weeks: no correction", 42, 38, "no", Outcome.CLEARED, 42),
    # Born early: corrected age, counted from the due date (and a clearance is needed too).
    ("born at 31 weeks, 60 days old, shown how", 60, 31, "yes", Outcome.NEEDS_CLEARANCE, 14 + 9 * 7),
    ("born at 36 weeks, 60 days old", 60, 36, "no", Outcome.NEEDS_CLEARANCE, 42 + 4 * 7),
])
def test_start_age(scenario, age, weeks, shown_how, outcome, starts_after_days):
    birth = days_old(age)
    result = screen({"shown_how": shown_how}, birth_date=birth, weeks_at_birth=weeks)
    assert result.outcome == outcome
    assert result.eligible_from == birth + timedelta(days=starts_after_days)


def test_a_premature_baby_under_the_start_age_is_not_yet_even_with_a_clearance():
    birth = days_old(60)
    result = screen(birth_date=birth, weeks_at_birth=31)
    after_clearance = rules.effective_screening_outcome(
        concerns=result.concerns, acute_outcome=result.acute_outcome, eligible_from=result.eligible_from,
        today=TODAY, cleared_by_doctor=True)
    assert after_clearance == Outcome.NOT_YET


@pytest.mark.parametrize(("scenario", "answers", "held", "outcome", "stop_until"), [
    ("an earlier stuck hernia still stands against clean answers", {}, (Outcome.URGENT_CARE, NOW + timedelta(hours=1)),
     Outcome.URGENT_CARE, NOW + timedelta(hours=1)),
    ("an earlier illness still stands against clean answers", {}, (Outcome.NOT_TODAY, NOW + timedelta(hours=3)),
     Outcome.NOT_TODAY, NOW + timedelta(hours=3)),
    ("a stop that has run out is gone", {}, (Outcome.URGENT_CARE, NOW), Outcome.CLEARED, None),
    ("a new stop stands 24 hours", {"acute_illness": "yes"}, None, Outcome.NOT_TODAY, NOW + timedelta(hours=24)),
    ("the stricter and the later of both", {"hernia": "yes", "hernia_stuck": "yes"},
     (Outcome.NOT_TODAY, NOW + timedelta(hours=30)), Outcome.URGENT_CARE, NOW + timedelta(hours=30)),
])
def test_a_screening_stop_sticks_for_its_time(scenario, answers, held, outcome, stop_until):
    result = screen(answers, held_stop=held)
    assert (result.outcome, result.stop_until) == (outcome, stop_until)


@pytest.mark.parametrize(("concerns", "acute", "cleared", "areas", "today", "expected"), [
    (["hips"], "", False, [], TODAY, Outcome.NEEDS_CLEARANCE),
    (["hips"], "", True, [], TODAY, Outcome.CLEARED_WITH_CONDITIONS),
    (["hips"], "", True, ["legs"], TODAY, Outcome.CLEARED_WITH_CONDITIONS),
    ([], "", False, [], TODAY, Outcome.CLEARED),
    ([], "", False, ["stomach"], TODAY, Outcome.CLEARED_WITH_CONDITIONS),
    ([], "", False, [], TODAY - timedelta(days=1), Outcome.NOT_YET),
    (["hips"], Outcome.NOT_TODAY, True, [], TODAY, Outcome.NOT_TODAY),  # a clearance never lifts "ill now"
    (["hips"], Outcome.URGENT_CARE, True, [], TODAY, Outcome.URGENT_CARE),
])
def test_what_a_stored_screening_means_today(concerns, acute, cleared, areas, today, expected):
    assert rules.effective_screening_outcome(concerns=concerns, acute_outcome=acute, eligible_from=TODAY, today=today,
                                             cleared_by_doctor=cleared, excluded_areas=areas) == expected


def test_outcomes_are_ranked_most_restrictive_first():
    assert rules.most_restrictive(Outcome.CLEARED, Outcome.NOT_TODAY, Outcome.NOT_YET) == Outcome.NOT_TODAY
    assert rules.most_restrictive(Outcome.NEEDS_CLEARANCE, Outcome.URGENT_CARE) == Outcome.URGENT_CARE


answers_strategy = st.fixed_dictionaries({q.qid: st.sampled_from(rules.ANSWERS) for q in QUESTIONS})


@given(answers=answers_strategy, extra=st.lists(st.sampled_from([q.qid for q in QUESTIONS]), min_size=1),
       age=st.integers(min_value=0, max_value=400), weeks=st.integers(min_value=24, max_value=42))
def test_adding_a_worrying_answer_never_loosens_the_outcome(answers, extra, age, weeks):
    birth = TODAY - timedelta(days=age)
    before = rules.screen(QUESTIONS, answers, birth_date=birth, today=TODAY, now=NOW, weeks_at_birth=weeks)
    worse = dict(answers)
    for qid in extra:
        worse[qid] = "not_sure"  # "Not sure" counts as the worrying answer, for "yes" and "no" questions alike
    after = rules.screen(QUESTIONS, worse, birth_date=birth, today=TODAY, now=NOW, weeks_at_birth=weeks)
    assert rules.RANK[after.outcome] <= rules.RANK[before.outcome]
    assert set(before.concerns) <= set(after.concerns)
    assert set(before.acute) <= set(after.acute)
    assert set(before.excluded_areas) <= set(after.excluded_areas)
    assert after.eligible_from >= before.eligible_from


# --- clearances ------------------------------------------------------------------------------

BIRTH = date(2026, 5, 1)


@pytest.mark.parametrize(("scenario", "approved", "expires", "by_parent", "problems"), [
    ("a fresh approval for 2 months", TODAY, TODAY + timedelta(days=60), True, []),
    ("approved 0001-01-01, valid until 9999-12-31", date(1, 1, 1), date(9999, 12, 31), True,
     [("approved_on", "before_birth"), ("expires_on", "too_long")]),
    ("approved tomorrow", TODAY + timedelta(days=1), TODAY + timedelta(days=30), True, [("approved_on", "future")]),
    ("approved before birth", BIRTH - timedelta(days=1), TODAY + timedelta(days=30), True,
     [("approved_on", "before_birth")]),
    ("approved on the day of birth", BIRTH, BIRTH + timedelta(days=90), True, []),
    ("ends today", TODAY - timedelta(days=10), TODAY, True, [("expires_on", "past")]),
    ("ends before it was given", TODAY, TODAY - timedelta(days=1), True, [("expires_on", "before_approval")]),
    ("the last day there is", date(9999, 12, 31), date(9999, 12, 31), True, [("approved_on", "future")]),
    ("a parent's report: 3 months", TODAY, date(2026, 9, 1), True, []),
    ("a parent's report: 3 months and a day", TODAY, date(2026, 9, 2), True, [("expires_on", "too_long")]),
    ("a clinic's record: 6 months", TODAY, date(2026, 12, 1), False, []),
    ("a clinic's record: 6 months and a day", TODAY, date(2026, 12, 2), False, [("expires_on", "too_long")]),
])
def test_clearance_dates(scenario, approved, expires, by_parent, problems):
    assert rules.clearance_problems(approved_on=approved, expires_on=expires, birth_date=BIRTH, today=TODAY,
                                    reported_by_parent=by_parent) == problems


@pytest.mark.parametrize(("approved", "expires", "today", "counts"), [
    (TODAY, TODAY + timedelta(days=30), TODAY, True),
    (TODAY, TODAY + timedelta(days=30), TODAY + timedelta(days=30), True),  # up to and including its last day
    (TODAY, TODAY + timedelta(days=30), TODAY + timedelta(days=31), False),
    (date(1, 1, 1), date(9999, 12, 31), TODAY, False),  # got in some other way: counts for nothing
    (TODAY, date(2026, 12, 1), TODAY, False),  # longer than a parent's report may run
])
def test_a_recorded_clearance_counts_only_within_its_limits(approved, expires, today, counts):
    assert rules.clearance_valid_on(approved_on=approved, expires_on=expires, birth_date=BIRTH, today=today) is counts


@pytest.mark.parametrize(("earlier", "new", "dropped"), [
    ([], [], []), (["legs"], ["legs"], []), (["legs"], ["legs", "arms"], []),
    (["legs", "back"], ["arms"], ["legs", "back"]),
])
def test_a_later_clearance_can_only_add_areas(earlier, new, dropped):
    assert rules.dropped_areas(earlier, new) == dropped


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 6, 1), 3, date(2026, 9, 1)), (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2027, 11, 30), 3, date(2028, 2, 29)), (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)), (date(9999, 12, 31), 6, date.max),
])
def test_add_months(day, months, expected):
    assert rules.add_months(day, months) == expected


# --- today's check ---------------------------------------------------------------------------

GOOD = {name: "no" for name, _ in rules.DAILY_QUESTIONS}


def daily(answers=None, minutes_since_feed=60, hours_since_vaccine=None, vaccine_site="", temperature=None, age=120):
    return rules.daily_check({**GOOD, **(answers or {})}, minutes_since_feed=minutes_since_feed,
                             hours_since_vaccine=hours_since_vaccine, vaccine_site=vaccine_site,
                             temperature=None if temperature is None else Decimal(temperature), age_in_days=age,
                             now=NOW)


def test_a_good_day_is_cleared():
    result = daily()
    assert (result.outcome, result.reasons, result.check_again_at, result.excluded_areas) == (
        Outcome.CLEARED, [], None, [])


@pytest.mark.parametrize(("name", "code"), [row for row in rules.DAILY_QUESTIONS if row[0] != "unwell"])
@pytest.mark.parametrize("answer", ["yes", "not_sure"])
def test_each_today_question_can_stop_the_session(name, code, answer):
    result = daily({name: answer})
    assert (result.outcome, result.reasons) == (Outcome.NOT_TODAY, [code])


H, M = timedelta(hours=1), timedelta(minutes=1)
DAILY_SCENARIOS = [
    # (scenario, check, outcome, reasons, check again after, areas left out, left out for)
    ("unwell, no reading, 4 months: take the temperature now", {"answers": {"unwell": "yes"}},
     Outcome.NOT_TODAY, ["unwell", "measure_now"], 24 * H, [], None),
    ("unwell, not sure, 5 months", {"answers": {"unwell": "not_sure"}, "age": 170},
     Outcome.NOT_TODAY, ["unwell", "measure_now"], 24 * H, [], None),
    ("unwell, no reading, 7 months", {"answers": {"unwell": "yes"}, "age": 210},
     Outcome.NOT_TODAY, ["unwell"], 24 * H, [], None),
    ("unwell with a normal reading still never clears", {"answers": {"unwell": "yes"}, "temperature": "37.0"},
     Outcome.NOT_TODAY, ["unwell"], 24 * H, [], None),
    ("fed 25 minutes ago: 20 more", {"minutes_since_feed": 25}, Outcome.NOT_TODAY, ["just_fed"], 20 * M, [], None),
    ("fed 44 minutes ago", {"minutes_since_feed": 44}, Outcome.NOT_TODAY, ["just_fed"], M, [], None),
    ("fed 45 minutes ago", {"minutes_since_feed": 45}, Outcome.CLEARED, [], None, [], None),
    ("hungry: feed, then 45 minutes", {"answers": {"hungry": "yes"}}, Outcome.NOT_TODAY, ["hungry"], 45 * M, [], None),
    ("asleep: never wake a baby; the next check decides", {"answers": {"asleep": "yes"}},
     Outcome.NOT_TODAY, ["asleep"], None, [], None),
    ("vaccine just now, in the thigh", {"hours_since_vaccine": 0, "vaccine_site": "thigh"},
     Outcome.NOT_TODAY, ["vaccine"], 48 * H, ["legs"], 72 * H),
    ("vaccine 20 hours ago, in the thigh", {"hours_since_vaccine": 20, "vaccine_site": "thigh"},
     Outcome.NOT_TODAY, ["vaccine"], 28 * H, ["legs"], 52 * H),
    ("vaccine 47 hours ago, by mouth", {"hours_since_vaccine": 47, "vaccine_site": "mouth"},
     Outcome.NOT_TODAY, ["vaccine"], H, [], None),
    ("vaccine 48 hours ago, in the thigh: legs left out", {"hours_since_vaccine": 48, "vaccine_site": "thigh"},
     Outcome.CLEARED_WITH_CONDITIONS, ["vaccine_area"], None, ["legs"], 24 * H),
    ("vaccine 60 hours ago, in the arm: arms left out", {"hours_since_vaccine": 60, "vaccine_site": "arm"},
     Outcome.CLEARED_WITH_CONDITIONS, ["vaccine_area"], None, ["arms"], 12 * H),
    ("vaccine 60 hours ago, thigh and arm", {"hours_since_vaccine": 60, "vaccine_site": "both"},
     Outcome.CLEARED_WITH_CONDITIONS, ["vaccine_area"], None, ["arms", "legs"], 12 * H),
    ("vaccine 71 hours ago, not sure where", {"hours_since_vaccine": 71, "vaccine_site": "not_sure"},
     Outcome.CLEARED_WITH_CONDITIONS, ["vaccine_area"], None, ["arms", "legs"], H),
    ("vaccine 60 hours ago, by mouth", {"hours_since_vaccine": 60, "vaccine_site": "mouth"},
     Outcome.CLEARED, [], None, [], None),
    ("vaccine 72 hours ago", {"hours_since_vaccine": 72, "vaccine_site": "thigh"}, Outcome.CLEARED, [], None, [], None),
    ("everything at once: the latest time", {"answers": {"unwell": "yes"}, "minutes_since_feed": 10, "age": 200},
     Outcome.NOT_TODAY, ["unwell", "just_fed"], 24 * H, [], None),
]


@pytest.mark.parametrize(("check", "outcome", "reasons", "again", "areas", "areas_for"),
                         [row[1:] for row in DAILY_SCENARIOS], ids=[row[0] for row in DAILY_SCENARIOS])
def test_todays_check_scenarios(check, outcome, reasons, again, areas, areas_for):
    result = daily(**check)
    assert (result.outcome, result.reasons, result.excluded_areas) == (outcome, reasons, areas)
    assert result.check_again_at == (NOW + again if again is not None else None)
    assert result.areas_until == (NOW + areas_for if areas_for is not None else None)


TEMPERATURE_SCENARIOS = [
    # (corrected age in days, °C, outcome, reason)
    (35, "38.4", Outcome.URGENT_CARE, "urgent_fever_young"),  # the 5-week-old of the issue
    (90, "38.0", Outcome.URGENT_CARE, "urgent_fever_young"),
    (90, "37.9", Outcome.CLEARED, None),
    (60, "35.9", Outcome.URGENT_CARE, "urgent_cold_young"),
    (60, "36.0", Outcome.CLEARED, None),
    (91, "38.0", Outcome.NOT_TODAY, "fever"),
    (91, "38.9", Outcome.NOT_TODAY, "fever"),
    (91, "39.0", Outcome.URGENT_CARE, "urgent_fever"),
    (182, "39.5", Outcome.URGENT_CARE, "urgent_fever"),
    (183, "39.5", Outcome.NOT_TODAY, "fever"),
    (200, "35.5", Outcome.NOT_TODAY, "cold"),
    (400, "37.0", Outcome.CLEARED, None),
]


@pytest.mark.parametrize(("age", "temperature", "outcome", "reason"), TEMPERATURE_SCENARIOS)
def test_temperature(age, temperature, outcome, reason):
    result = daily(temperature=temperature, age=age)
    assert result.outcome == outcome
    assert result.reasons == ([reason] if reason else [])
    if outcome == Outcome.URGENT_CARE:
        assert result.check_again_at == NOW + timedelta(hours=24)  # stands at least 24 hours
    elif outcome == Outcome.NOT_TODAY:
        assert result.check_again_at == NOW + timedelta(days=1)


def test_urgent_care_wins_over_everything_else():
    result = daily({"asleep": "yes", "hungry": "yes"}, minutes_since_feed=5, hours_since_vaccine=2,
                   vaccine_site="thigh", age=30, temperature="38.5")
    assert (result.outcome, result.reasons) == (Outcome.URGENT_CARE, ["urgent_fever_young"])
    assert result.check_again_at >= NOW + timedelta(hours=24)


@pytest.mark.parametrize(("value", "unit", "celsius"), [
    ("37.5", "C", "37.5"), ("99.5", "F", "37.5"), ("100.4", "F", "38.0"), ("100.3", "F", "37.9"),
    ("102.2", "F", "39.0"), ("102.1", "F", "38.9"), ("96.8", "F", "36.0"), ("96.7", "F", "35.9"),
    ("86", "F", "30.0"), ("113", "F", "45.0"),
])
def test_fahrenheit_to_celsius_never_crosses_a_threshold(value, unit, celsius):
    assert rules.to_celsius(Decimal(value), unit) == Decimal(celsius)


@pytest.mark.parametrize(("value", "unit", "ok"), [
    ("99.5", "F", True), ("99.5", "C", False), ("30", "C", True), ("29.9", "C", False), ("45", "C", True),
    ("45.1", "C", False), ("86", "F", True), ("85.9", "F", False), ("113", "F", True), ("113.1", "F", False),
    ("37.5", "F", False),
])
def test_a_reading_must_be_possible_in_its_unit(value, unit, ok):
    assert rules.temperature_in_range(Decimal(value), unit) is ok


@pytest.mark.parametrize(("outcome", "again", "stands"), [
    (Outcome.URGENT_CARE, H, True), (Outcome.NOT_TODAY, H, True), (Outcome.NOT_TODAY, None, False),
    (Outcome.NOT_TODAY, timedelta(0), False), (Outcome.NOT_TODAY, -M, False), (Outcome.CLEARED, H, False),
    (Outcome.CLEARED_WITH_CONDITIONS, H, False),
])
def test_a_stop_stands_until_its_check_again_time(outcome, again, stands):
    assert rules.stop_stands(outcome, NOW + again if again is not None else None, NOW) is stands


@pytest.mark.parametrize(("weeks", "age", "corrected"), [
    (40, 100, 100), (38, 100, 100), (36, 100, 72), (32, 100, 44), (28, 50, 0), (30, 800, 800),
])
def test_corrected_age_for_babies_born_early(weeks, age, corrected):
    birth = TODAY - timedelta(days=age)
    assert rules.corrected_age_days(birth, weeks, TODAY) == corrected

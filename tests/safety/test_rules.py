"""The screening and today's-check rules, question by question and outcome by outcome."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from importlib import import_module

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safety import rules
from safety.rules import Outcome

# Questionnaire version 1, as the data migration ships it.
V1 = import_module("safety.migrations.0002_questionnaire_v1").QUESTIONS
QUESTIONS = [(qid, concern) for qid, _group, _text, _term, concern in V1]
TODAY = date(2026, 6, 1)
OLD_ENOUGH = TODAY - timedelta(days=60)


def clear_answers():
    return {qid: ("yes" if concern == "no" else "no") for qid, concern in QUESTIONS}


def screen(answers, birth_date=OLD_ENOUGH, **profile):
    return rules.screen(QUESTIONS, answers, birth_date=birth_date, today=TODAY, **profile)


def test_no_concerns_means_cleared():
    assert screen(clear_answers()).outcome == Outcome.CLEARED


@pytest.mark.parametrize("qid,concern", QUESTIONS)
@pytest.mark.parametrize("worry", ["concern", "not_sure"])
def test_every_question_that_raises_a_concern_needs_a_clearance(qid, concern, worry):
    answers = clear_answers()
    answers[qid] = concern if worry == "concern" else "not_sure"
    result = screen(answers)
    assert result.outcome == Outcome.NEEDS_CLEARANCE
    assert result.concerns == [qid]


def test_no_doctors_approval_needs_a_clearance_and_says_so():
    result = screen({**clear_answers(), "pediatrician_ok": "no"})
    assert (result.outcome, result.concerns) == (Outcome.NEEDS_CLEARANCE, ["pediatrician_ok"])


@pytest.mark.parametrize("profile,concern", [
    ({"weeks_at_birth": 36}, "born_early"),
    ({"intensive_care": True}, "intensive_care"),
])
def test_born_early_or_intensive_care_in_the_profile_needs_a_clearance(profile, concern):
    result = screen(clear_answers(), **profile)
    assert result.outcome == Outcome.NEEDS_CLEARANCE and concern in result.concerns


def test_born_at_37_weeks_is_not_early():
    assert screen(clear_answers(), weeks_at_birth=37).outcome == Outcome.CLEARED


@pytest.mark.parametrize("age,outcome", [(0, Outcome.NOT_YET), (13, Outcome.NOT_YET), (14, Outcome.CLEARED)])
def test_massage_starts_at_14_days(age, outcome):
    result = screen(clear_answers(), birth_date=TODAY - timedelta(days=age))
    assert result.outcome == outcome
    assert result.eligible_from == TODAY - timedelta(days=age) + timedelta(days=14)


def test_too_young_with_a_concern_needs_a_clearance_first():
    result = screen({**clear_answers(), "bleeding": "yes"}, birth_date=TODAY - timedelta(days=3))
    assert result.outcome == Outcome.NEEDS_CLEARANCE


def test_outcomes_are_ranked_most_restrictive_first():
    assert rules.most_restrictive(Outcome.CLEARED, Outcome.NOT_TODAY, Outcome.NOT_YET) == Outcome.NOT_TODAY
    assert rules.most_restrictive(Outcome.NEEDS_CLEARANCE, Outcome.URGENT_CARE) == Outcome.URGENT_CARE


@pytest.mark.parametrize("stored,cleared,areas,today,expected", [
    (Outcome.NEEDS_CLEARANCE, False, [], TODAY, Outcome.NEEDS_CLEARANCE),
    (Outcome.NEEDS_CLEARANCE, True, [], TODAY, Outcome.CLEARED_WITH_CONDITIONS),
    (Outcome.NEEDS_CLEARANCE, True, ["legs"], TODAY, Outcome.CLEARED_WITH_CONDITIONS),
    (Outcome.CLEARED, False, [], TODAY, Outcome.CLEARED),
    (Outcome.NOT_YET, False, [], TODAY - timedelta(days=1), Outcome.NOT_YET),
    (Outcome.NOT_YET, False, [], TODAY, Outcome.CLEARED),
])
def test_what_a_stored_screening_means_today(stored, cleared, areas, today, expected):
    assert rules.effective_screening_outcome(stored, TODAY, today, cleared, areas) == expected


answers_strategy = st.fixed_dictionaries({qid: st.sampled_from(rules.ANSWERS) for qid, _ in QUESTIONS})


@given(answers=answers_strategy, extra=st.lists(st.sampled_from([q for q, _ in QUESTIONS]), min_size=1),
       age=st.integers(min_value=0, max_value=400))
def test_adding_a_worrying_answer_never_loosens_the_outcome(answers, extra, age):
    birth = TODAY - timedelta(days=age)
    before = rules.screen(QUESTIONS, answers, birth_date=birth, today=TODAY)
    worse = dict(answers)
    for qid in extra:
        worse[qid] = "not_sure"  # "Not sure" counts as the worrying answer, for "yes" and "no" questions alike
    after = rules.screen(QUESTIONS, worse, birth_date=birth, today=TODAY)
    assert rules.RANK[after.outcome] <= rules.RANK[before.outcome]
    assert set(before.concerns) <= set(after.concerns)


# --- today's check ---------------------------------------------------------------------------

NOW = datetime(2026, 6, 1, 18, 0, tzinfo=UTC)
GOOD = {name: "no" for name, _ in rules.DAILY_QUESTIONS}


def daily(answers=None, minutes_since_feed=60, hours_since_vaccine=None, temperature=None, age=120):
    return rules.daily_check({**GOOD, **(answers or {})}, minutes_since_feed=minutes_since_feed,
                             hours_since_vaccine=hours_since_vaccine, temperature=temperature, age_in_days=age,
                             now=NOW)


def test_a_good_day_is_cleared():
    assert daily().outcome == Outcome.CLEARED


@pytest.mark.parametrize("name,code", rules.DAILY_QUESTIONS)
@pytest.mark.parametrize("answer", ["yes", "not_sure"])
def test_each_today_question_can_stop_the_session(name, code, answer):
    result = daily({name: answer})
    assert result.outcome == Outcome.NOT_TODAY
    assert result.reasons == [code]


def test_just_fed_says_how_many_minutes_to_wait():
    result = daily(minutes_since_feed=25)
    assert result.outcome == Outcome.NOT_TODAY
    assert result.wait_minutes == 15
    assert result.check_again_at == NOW + timedelta(minutes=15)


@pytest.mark.parametrize("minutes,outcome", [(39, Outcome.NOT_TODAY), (40, Outcome.CLEARED)])
def test_forty_minutes_after_a_feed_is_fine(minutes, outcome):
    assert daily(minutes_since_feed=minutes).outcome == outcome


@pytest.mark.parametrize("hours,outcome", [(0, Outcome.NOT_TODAY), (47, Outcome.NOT_TODAY), (48, Outcome.CLEARED)])
def test_no_massage_within_48_hours_of_a_vaccine(hours, outcome):
    result = daily(hours_since_vaccine=hours)
    assert result.outcome == outcome
    if outcome == Outcome.NOT_TODAY:
        assert result.check_again_at == NOW + timedelta(hours=48 - hours)


@pytest.mark.parametrize("age,temperature,outcome", [
    (60, Decimal("38.0"), Outcome.URGENT_CARE),
    (90, Decimal("39.2"), Outcome.URGENT_CARE),
    (91, Decimal("38.0"), Outcome.NOT_TODAY),
    (60, Decimal("37.9"), Outcome.CLEARED),
])
def test_a_fever_under_three_months_is_urgent(age, temperature, outcome):
    assert daily(age=age, temperature=temperature).outcome == outcome


def test_urgent_care_wins_over_everything_else():
    result = daily({"asleep": "yes", "hungry": "yes"}, minutes_since_feed=5, age=30, temperature=Decimal("38.5"))
    assert result.outcome == Outcome.URGENT_CARE


def test_several_reasons_wait_for_the_latest():
    result = daily({"unwell": "yes"}, minutes_since_feed=10)
    assert result.check_again_at == NOW + timedelta(days=1)
    assert set(result.reasons) == {"unwell", "just_fed"}


@pytest.mark.parametrize("weeks,age,corrected", [
    (40, 100, 100), (38, 100, 100), (36, 100, 72), (32, 100, 44), (28, 50, 0), (30, 800, 800),
])
def test_corrected_age_for_babies_born_early(weeks, age, corrected):
    birth = TODAY - timedelta(days=age)
    assert rules.corrected_age_days(birth, weeks, TODAY) == corrected

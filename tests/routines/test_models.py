import pytest
from django.core.exceptions import ValidationError

from routines.models import Course, Game, Step
from tests.factories import make_routine, make_technique

pytestmark = pytest.mark.django_db


def messages(error):
    return " ".join(m for msgs in error.value.message_dict.values() for m in msgs)


def test_routine_oldest_age_must_be_above_youngest():
    routine = make_routine(min_age_days=100, max_age_days=100)
    with pytest.raises(ValidationError) as error:
        routine.full_clean()
    assert "greater than the youngest age" in messages(error)


def test_course_age_range_and_session_count_are_checked():
    course = Course(slug="c", title="C", min_age_days=90, max_age_days=30, sessions=20, milestone="m",
                    minutes_per_session=5, intro="i")
    with pytest.raises(ValidationError) as error:
        course.full_clean()
    assert set(error.value.message_dict) == {"max_age_days", "sessions"}


def test_step_seconds_must_be_more_than_zero():
    routine = make_routine(steps=0)
    step = Step(routine=routine, title="t", instruction="i", technique=make_technique(), direction="d",
                seconds=0, source_note="s")
    with pytest.raises(ValidationError) as error:
        step.full_clean()
    assert "Seconds must be more than zero." in messages(error)


def test_step_needs_repetitions_or_seconds():
    routine = make_routine(steps=0)
    step = Step(routine=routine, title="t", instruction="i", technique=make_technique(), direction="d",
                source_note="s")
    with pytest.raises(ValidationError) as error:
        step.full_clean()
    assert "repetitions or a number of seconds" in str(error.value)


def test_step_needs_a_source_note():
    step = Step(routine=make_routine(steps=0), title="t", instruction="i", technique=make_technique(),
                direction="d", repetitions=3)
    with pytest.raises(ValidationError) as error:
        step.full_clean()
    assert "source_note" in error.value.message_dict


def test_game_ages_stay_within_one_to_six_years():
    game = Game(slug="g", title="G", min_age_years=0, max_age_years=7, kind=Game.Kind.SELF_MASSAGE, intro="i")
    with pytest.raises(ValidationError) as error:
        game.full_clean()
    assert set(error.value.message_dict) == {"min_age_years", "max_age_years"}

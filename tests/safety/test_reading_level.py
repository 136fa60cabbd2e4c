"""Parents read the questions and outcomes at school grade 8 or below (Flesch–Kincaid, textstat)."""

import pytest
import textstat
from django.utils.translation import gettext

from safety import texts
from safety.forms import DailyCheckForm
from safety.models import QuestionnaireVersion

MAX_GRADE = 8


def grade(parts):
    return textstat.flesch_kincaid_grade(" ".join(str(part) for part in parts))


@pytest.mark.django_db
@pytest.mark.parametrize("group", ["eligibility", "now", "standing", "specialist", "approval"])
def test_each_group_of_questions_is_plain(group):
    # The medical term is shown in brackets after the question; the question itself must be plain.
    questions = QuestionnaireVersion.current().questions.filter(group=group).values_list("text", flat=True)
    assert grade(questions) <= MAX_GRADE


@pytest.mark.parametrize("outcome", list(texts.OUTCOMES))
def test_each_outcome_is_plain(outcome):
    text = texts.OUTCOMES[outcome]
    assert grade([text["meaning"], text["todo"], text["come_back"]]) <= MAX_GRADE


@pytest.mark.parametrize("outcome", list(texts.SCREENING_STOPS))
def test_each_screening_stop_is_plain(outcome):
    text = texts.SCREENING_STOPS[outcome]
    assert grade([text["meaning"], text["todo"], text["come_back"]]) <= MAX_GRADE


def test_todays_check_and_its_reasons_are_plain():
    labels = [gettext(field.label) for field in DailyCheckForm.base_fields.values()]
    labels += [gettext(label) for field in DailyCheckForm.base_fields.values()
               for _value, label in getattr(field, "choices", [])]
    assert grade(labels) <= MAX_GRADE
    assert grade(texts.DAILY_REASONS.values()) <= MAX_GRADE


def test_why_a_clearance_is_refused_is_plain():
    assert grade(str(message) % {"months": 3, "date": "1 June 2026"}
                 for message in texts.CLEARANCE_ERRORS.values()) <= MAX_GRADE

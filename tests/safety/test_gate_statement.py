"""The gate's one statement is written out in SQL (safety/services.py, _GATE_SQL, for speed: issue 19). Here it is
held to the same rules written with Django's ORM, scenario by scenario: which baby the visitor may open, which of
its screenings counts as the newest on the current questionnaire, and the stamps of the records the gate caches."""

from datetime import timedelta

import pytest
import time_machine
from django.db.models import Max
from django.utils import timezone

from safety import services as safety
from safety.models import Baby, Clearance, DailyCheck, QuestionnaireVersion, Role
from tests.factories import check_today, clear, make_baby, make_member, make_parent, screen

pytestmark = pytest.mark.django_db


def orm_reading(user, baby_id, roles=(Role.OWNER, Role.CAREGIVER)):
    """What the statement must return, written with the ORM: the baby `user` sees (not removed), its newest
    screening on the newest questionnaire version, the newest check of the baby and clearance of the screening."""
    baby = Baby.objects.active().seen_by(user, roles).get(pk=baby_id)
    current = QuestionnaireVersion.objects.order_by("-number").first()
    screening = baby.screenings.filter(version=current).order_by("-created_at", "-pk").first()
    stamps = None
    if screening is not None:
        stamps = (DailyCheck.objects.filter(baby=baby).aggregate(n=Max("pk"))["n"],
                  Clearance.objects.filter(screening=screening).aggregate(n=Max("pk"))["n"])
    return baby, screening, stamps


def field_values(instance):
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def _nothing(baby):
    return baby.parent


def _two_screenings(baby):
    screen(baby)
    screen(baby, hips="yes")
    return baby.parent


def _same_moment(baby):
    with time_machine.travel(timezone.now(), tick=False):
        screen(baby)
        screen(baby, hips="yes")
    return baby.parent


def _answered_again_on_a_newer_version(baby):
    screen(baby)
    screen(baby, hips="yes")
    old = QuestionnaireVersion.current()
    newer = QuestionnaireVersion.objects.create(number=old.number + 1)
    for question in old.questions.all():  # the same questions, as a new version
        question.pk, question.version = None, newer
        question.save()
    screen(baby, version=newer)
    return baby.parent


def _only_an_old_version(baby):
    screen(baby)
    QuestionnaireVersion.objects.create(number=QuestionnaireVersion.current().number + 1)
    return baby.parent


def _checks_and_clearances(baby):
    other = make_baby()
    earlier = screen(baby, hips="yes")
    clear(baby, earlier)
    screening = screen(baby, hips="yes")
    check_today(baby)
    clear(baby, screening)
    clear(baby, screening, excluded_areas=["legs"])
    check_today(baby, unwell="yes")
    check_today(other)
    clear(other, screen(other, hips="yes"))
    return baby.parent


def _a_caregiver(baby):
    screen(baby)
    return make_member(baby, role="caregiver")


def _someone_else(baby):
    screen(baby)
    return make_parent()


def _removed(baby):
    screen(baby)
    safety.remove_baby(baby=baby)
    return baby.parent


# Scenario → who asks for the baby (built by the function), and whether they may open it.
SCENARIOS = {
    "no screening yet": (_nothing, True),
    "two screenings: the newer counts": (_two_screenings, True),
    "two at the same moment: the later record counts": (_same_moment, True),
    "a newer questionnaire without answers: none counts": (_only_an_old_version, True),
    "answered again on a newer questionnaire: that one counts": (_answered_again_on_a_newer_version, True),
    "checks and clearances, also of another baby and an older screening": (_checks_and_clearances, True),
    "a caregiver": (_a_caregiver, True),
    "another parent": (_someone_else, False),
    "a removed baby": (_removed, False),
}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_statement_reads_what_the_orm_reads(scenario):
    build, may_open = SCENARIOS[scenario]
    baby = make_baby(age_days=90)
    user = build(baby)
    if not may_open:
        with pytest.raises(Baby.DoesNotExist):
            safety.baby_and_latest_screening(user, baby.pk)
        with pytest.raises(Baby.DoesNotExist):
            orm_reading(user, baby.pk)
        return
    found, screening = safety.baby_and_latest_screening(user, baby.pk)
    expected_baby, expected_screening, stamps = orm_reading(user, baby.pk)
    assert field_values(found) == field_values(expected_baby)
    if expected_screening is None:
        assert screening is None
        return
    assert field_values(screening) == field_values(expected_screening)
    assert (screening.newest_check_id, screening.newest_clearance_id) == stamps
    assert screening.baby is found


def test_values_come_back_as_the_orm_gives_them():
    """Dates, times with their zone and JSON come back as Python values on SQLite too (which stores text)."""
    baby = make_baby(age_days=90)
    made = screen(baby, hips="yes")
    _found, screening = safety.baby_and_latest_screening(baby.parent, baby.pk)
    assert screening.created_at == made.created_at and timezone.is_aware(screening.created_at)
    assert screening.expires_at - screening.created_at == timedelta(days=30)
    assert screening.concerns == made.concerns and isinstance(screening.answers, dict)
    assert screening.eligible_from == made.eligible_from


def test_only_the_roles_asked_for():
    baby = make_baby(age_days=90)
    nanny = make_member(baby, role="caregiver")
    assert safety.baby_and_latest_screening(nanny, baby.pk, roles=(Role.CAREGIVER,))[0].pk == baby.pk
    with pytest.raises(Baby.DoesNotExist):
        safety.baby_and_latest_screening(nanny, baby.pk, roles=(Role.OWNER,))


def test_latest_screening_of_a_baby_already_read():
    baby = make_baby(age_days=90)
    assert safety.latest_screening(baby) is None
    screen(baby)
    newer = screen(baby, hips="yes")
    found = safety.latest_screening(baby)
    assert found.pk == newer.pk and found.baby is baby

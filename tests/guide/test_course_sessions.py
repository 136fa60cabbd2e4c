"""A course's sessions grow slowly by its plan, every age has an answer, and "finish gently" strokes an area the
clearance allows."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from guide import services
from guide.models import MassageSession
from routines import selectors
from routines.models import Course
from safety.services import gate_status
from tests.factories import check_today, clear, make_baby, make_course, make_routine, ready_baby, screen

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
SHIPPED = ["first-gentle-touches", "one-to-three-months", "four-to-six-months", "eight-to-twelve-months"]


def finished_sessions(baby, course, count):
    """`count` finished sessions of `course` in the baby's journal."""
    screening, check = baby.screenings.first() or screen(baby), baby.daily_checks.first() or check_today(baby)
    MassageSession.objects.bulk_create(
        MassageSession(baby=baby, course=course, screening=screening, daily_check=check, step_ids=[],
                       finished_at=timezone.now()) for _ in range(count)
    )


@pytest.mark.parametrize("slug", SHIPPED)
def test_session_one_is_a_few_strokes_and_the_last_session_is_the_fullest(content, slug):
    course = Course.objects.get(slug=slug)
    baby = make_baby(age_days=course.max_age_days - 1)  # old enough for every step the course keeps
    first = services.todays_plan(baby=baby, excluded_areas=[])
    assert (first.course, first.number) == (course, 1)
    assert 3 <= len(first.steps) <= 11
    assert {step.technique.slug for step in first.steps} == {"stroking"}

    finished_sessions(baby, course, course.sessions - 1)
    last = services.todays_plan(baby=baby, excluded_areas=[])
    assert last.number == course.sessions
    assert len(first.steps) < len(last.steps) and first.minutes < last.minutes
    # What the course says a session takes is what its last, fullest session takes in the player.
    assert last.minutes == course.minutes_per_session

    finished_sessions(baby, course, 3)  # a baby that keeps doing the course repeats its last session
    assert services.todays_plan(baby=baby, excluded_areas=[]).number == course.sessions


def test_the_player_runs_session_n_of_m_of_the_course_from_its_plan(client, content):
    course = Course.objects.get(slug="one-to-three-months")
    baby = ready_baby(age_days=80)
    client.force_login(baby.parent)
    start = reverse("guide:session_start", args=[baby.pk])

    def run_session():
        page = client.get(start).content.decode()
        response = client.post(start, {"choice": f"course-{course.pk}"})
        session = MassageSession.objects.get(pk=response["Location"].rstrip("/").split("/")[-2])
        client.post(reverse("guide:session_checklist", args=[baby.pk, session.pk]), {"checklist": "ticked"})
        card = client.get(reverse("guide:session_player", args=[baby.pk, session.pk]), **HTMX).content.decode()
        session.finish()
        return page, card, session

    page, card, first = run_session()
    assert "Session 1 of 12 · 7 moves" in page
    # 7 moves; the one-sided ones come twice, left and right.
    assert f"Step 1 of {first.total_steps}" in card and len(set(first.step_ids)) == 7 < first.total_steps
    assert first.course_session_number == 1
    finished_sessions(baby, course, 10)
    page, card, last = run_session()
    assert "Session 12 of 12" in page
    assert last.course_session_number == 12
    assert f"Step 1 of {last.total_steps}" in card and last.total_steps > first.total_steps
    assert set(first.step_ids) < set(last.step_ids)


def test_a_session_still_leaves_out_the_steps_too_old_for_the_baby_and_the_areas_left_out(content):
    course = Course.objects.get(slug="one-to-three-months")
    baby = make_baby(age_days=45)  # rubbing starts at 8 weeks
    finished_sessions(baby, course, 11)
    plan = services.todays_plan(baby=baby, excluded_areas=["back"])
    assert plan.number == 12
    assert "rubbing" not in {step.technique.slug for step in plan.steps}
    assert "back" not in {step.routine.body_area for step in plan.steps}
    assert [r.slug for r in plan.left_out] == ["back"]


# Every age has an answer


@pytest.mark.parametrize("age, course, between", [
    (20, "first-gentle-touches", False), (60, "one-to-three-months", False), (100, "one-to-three-months", True),
    (150, "four-to-six-months", False), (200, "four-to-six-months", True), (300, "eight-to-twelve-months", False),
    (420, None, False),
])
def test_each_age_gets_its_course_or_is_told_what_to_do(content, age, course, between):
    plan = selectors.session_plan(age_days=age)
    assert (plan.course.slug if plan.course else None) == course
    assert plan.between == between
    assert plan.outgrown == (age >= 365)


def test_between_courses_the_start_page_says_which_course_to_keep_doing(client, content):
    baby = ready_baby(age_days=100)  # 3 to 4 months
    client.force_login(baby.parent)
    page = client.get(reverse("guide:session_start", args=[baby.pk])).content.decode()
    assert "Keep doing: 1 to 3 months: holding the head up" in page
    assert "Keep doing this one until \"4 to 6 months: rolling over and sitting\" begins at 4 months." in page


def test_a_toddler_is_offered_the_games_for_their_real_ages_and_no_baby_course(client, content):
    baby = ready_baby(age_days=430)  # about 14 months
    client.force_login(baby.parent)
    page = client.get(reverse("guide:session_start", args=[baby.pk])).content.decode()
    assert "8 to 12 months" not in page and "Recommended:" not in page
    assert "From age 2, children can do the self-massage games with you." in page
    assert reverse("routines:game_list") in page
    assert 'name="choice"' not in page  # nothing to start
    games = client.get(reverse("routines:game_list")).content.decode()
    assert "Self-massage games for children aged 2 to 6" in games and "aged 1 to 6" not in games


def test_a_baby_older_than_a_factory_course_is_never_offered_it(client):
    make_course(routines=[make_routine()], min_age_days=30, max_age_days=90, title="Little ones")
    baby = ready_baby(age_days=200)
    client.force_login(baby.parent)
    page = client.get(reverse("guide:session_start", args=[baby.pk])).content.decode()
    assert "Little ones" not in page


# Finish gently


def ending_card(client, baby, course):
    session = services.start_session(gate=gate_status(baby), course=course)
    session.set_checklist("ticked")
    client.force_login(baby.parent)
    return client.post(reverse("guide:session_end_gently", args=[baby.pk, session.pk]), **HTMX).content.decode()


def test_finish_gently_strokes_the_chest_from_the_content_library(client, content):
    baby = ready_baby(age_days=60)
    card = ending_card(client, baby, Course.objects.get(slug="one-to-three-months"))
    assert "One calming stroke on the chest" in card
    assert "tummy" not in card.lower() and "legs" not in card.lower()


def test_finish_gently_keeps_off_the_areas_the_clearance_leaves_out(client, content):
    baby = make_baby(age_days=60)
    clear(baby, screen(baby, hips="yes"), excluded_areas=["chest", "legs"])
    check_today(baby)
    card = ending_card(client, baby, Course.objects.get(slug="one-to-three-months"))
    assert "One calming stroke on the arms" in card
    assert not re.search(r"\bchest\b|\blegs?\b", card.split('id="step-title"')[1].lower())


def test_the_tummy_ending_says_clockwise(content):
    from routines.models import CalmingStroke

    tummy = CalmingStroke.objects.get(body_area="stomach")
    assert "clockwise" in tummy.instruction and "belly button has healed" in tummy.instruction


@pytest.mark.parametrize("routines", [1, 6])
def test_the_start_page_stays_within_8_queries_as_content_grows(client, django_assert_num_queries, routines):
    legs = [make_routine(steps=5, body_area="legs") for _ in range(routines)]
    make_course(routines=legs, min_age_days=30, max_age_days=120)
    baby = make_baby(age_days=60)
    clear(baby, screen(baby, hips="yes"), excluded_areas=["back"])
    check_today(baby)
    client.force_login(baby.parent)
    start = reverse("guide:session_start", args=[baby.pk])
    # 1. the user (the login session is a signed cookie), 2. the baby with its latest screening, 3. today's
    # checks that count, 4. its clearances (3 and 4 only until this app process has them in its cache), 5. the
    # published courses with this baby's finished sessions of each and the content's version, 6. the library's
    # steps with their technique and routine, 7. their place in the course (6 and 7 only until this app process
    # keeps them for that version), 8. an unfinished session to resume
    with django_assert_num_queries(8):
        assert client.get(start).status_code == 200
    with django_assert_num_queries(4):
        page = client.get(start)
    assert page.status_code == 200 and all(routine.title in page.content.decode() for routine in legs)

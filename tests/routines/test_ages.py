"""Every step says the age it suits from, on the routine page, on paper and in the player; a routine page can be
read for one baby's age; a course's pages and handout keep only the steps that suit the course's ages."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from routines.models import Course, Routine, Step
from routines.selectors import course_outline
from tests.factories import make_baby, make_course, make_parent, make_routine, make_technique

pytestmark = pytest.mark.django_db


def course_print(course):
    return reverse("routines:course_print", args=[course.slug])


def handout_pages(client, course):
    """{routine title: the HTML of its page} of a course's printed handout (the cover left out)."""
    sheets = client.get(course_print(course)).content.decode().split('<article class="sheet')[2:]
    return {re.search(r'class="sheet-title">([^<]+)<', sheet).group(1): sheet for sheet in sheets}


def step_boxes(html):
    """{step title: its box} of one printed routine page."""
    boxes = html.split('<li class="print-step">')[1:]
    return {re.search(r'class="print-step-title">([^<]+)<', box).group(1): box for box in boxes}


# The age of a step


def test_a_step_suits_from_the_oldest_of_its_routine_technique_and_own_age():
    kneading = make_technique(name="Kneading", min_age_days=90)
    routine = make_routine(steps=1, technique=kneading, min_age_days=14)
    step = routine.steps.get()
    assert step.from_age_days == 90
    step.min_age_days = 120
    assert step.from_age_days == 120
    step.min_age_days = 30  # its own age never makes a step younger than its technique allows
    assert step.from_age_days == 90


def test_every_step_shows_its_age_on_the_routine_page_and_on_paper(client, content):
    for routine in Routine.objects.published().prefetch_related("steps__technique"):
        page = client.get(routine.get_absolute_url()).content.decode()
        sheet = client.get(reverse("routines:routine_print", args=[routine.slug])).content.decode()
        assert page.count('class="step-age"') == routine.steps.count()
        assert sheet.count('class="step-age"') == routine.steps.count()
    squeeze = Step.objects.get(routine__slug="legs", title="Soft squeeze")
    box = step_boxes(client.get(reverse("routines:routine_print", args=["legs"])).content.decode())["Soft squeeze"]
    assert "From 12 weeks old" in box  # kneading: from 90 days
    assert squeeze.from_age_days == 90
    taps = step_boxes(client.get(reverse("routines:routine_print", args=["feet"])).content.decode())["Raindrop taps"]
    assert "From 10 months old" in taps


# A routine page for an age


def test_a_routine_page_for_an_age_shows_the_steps_that_suit_it_and_lists_the_others_as_later(client, content):
    page = client.get(reverse("routines:routine_detail", args=["legs"]) + "?age=61").content.decode()
    steps, later = page.split("Later, when your baby is older")
    for title in ["Outer lower leg", "Outer thigh", "Whole leg", "Spiral rub"]:
        assert f"<h3>{title}</h3>" in steps
    assert "<h3>Soft squeeze</h3>" not in steps and "<h3>Gentle wobble</h3>" not in steps
    assert steps.count("From 14 days old") == 3 and "From 8 weeks old" in steps  # no step here starts "only" later
    assert "Soft squeeze: from 12 weeks old" in later
    assert "Gentle wobble: from 4 months old" in later
    assert "The steps for a baby of 8 weeks." in page


def test_without_an_age_a_visitor_sees_every_step(client, content):
    page = client.get(reverse("routines:routine_detail", args=["feet"])).content.decode()
    assert "<h3>Raindrop taps</h3>" in page and "Later, when your baby is older" not in page


def test_a_signed_in_parent_sees_the_steps_for_their_babys_corrected_age(client, content):
    parent = make_parent()
    # Born at 32 weeks, 20 weeks ago: corrected age 12 weeks (84 days), too young for kneading (90 days).
    make_baby(parent=parent, name="Ada", age_days=140, weeks_at_birth=32)
    client.force_login(parent)
    page = client.get(reverse("routines:routine_detail", args=["hands-and-arms"])).content.decode()
    assert "The steps for Ada, at 12 weeks old." in page
    assert "<h3>Soft squeeze</h3>" not in page and "Soft squeeze: from 12 weeks old" in page
    assert '<option value="84" selected>Ada (12 weeks)</option>' in page
    every_step = client.get(reverse("routines:routine_detail", args=["hands-and-arms"]) + "?age=").content.decode()
    assert "<h3>Soft squeeze</h3>" in every_step


@pytest.mark.parametrize("age", ["abc", "-1", "99999", "1e9"])
def test_a_bad_age_is_a_400_with_a_clear_message(client, content, age):
    response = client.get(reverse("routines:routine_detail", args=["legs"]) + f"?age={age}")
    assert response.status_code == 400
    assert "Choose an age from the list." in response.content.decode()


def test_a_child_past_the_routine_is_pointed_to_the_games(client, content):
    page = client.get(reverse("routines:routine_detail", args=["legs"]) + "?age=450").content.decode()
    assert "This routine is made for babies up to 12 months old." in page
    assert reverse("routines:game_list") in page


@pytest.mark.parametrize("steps", [2, 12])
def test_a_signed_in_routine_page_stays_within_its_query_budget(client, django_assert_num_queries, steps):
    parent = make_parent()
    make_baby(parent=parent)
    make_baby(parent=parent)
    client.force_login(parent)
    routine = make_routine(steps=steps)
    # 1. the user (the login session is a signed cookie), 2. the parent's babies, 3. the routine, 4. its steps with
    # their techniques, 5. the choices that shape it
    with django_assert_num_queries(5):
        assert client.get(routine.get_absolute_url()).status_code == 200


# Courses keep only what suits their ages


def test_no_course_handout_prints_a_step_for_babies_older_than_the_course(client, content):
    checked = 0
    for course in Course.objects.published():
        pages = handout_pages(client, course)
        assert pages, course.slug
        for item in course.course_routines.select_related("routine"):
            printed = step_boxes(pages.get(item.routine.title, ""))
            for step in item.routine.steps.select_related("technique", "routine"):
                if step.from_age_days >= course.max_age_days:
                    assert step.title not in printed, (course.slug, item.routine.slug, step.title)
                    checked += 1
                elif step.title in printed and step.from_age_days > course.min_age_days:
                    assert "Only from" in printed[step.title], (course.slug, step.title)
    assert checked > 10


def test_the_1_to_3_months_handout_has_no_squeeze_wobble_press_or_taps(client, content):
    course = Course.objects.get(slug="one-to-three-months")
    handout = client.get(course_print(course)).content.decode()
    for title in ["Soft squeeze", "Gentle wobble", "Sole press", "Raindrop taps"]:
        assert f">{title}</h3>" not in handout, title
    spirals = step_boxes(handout_pages(client, course)["Feet"])["Sole spirals"]
    assert "Only from 8 weeks old" in spirals  # rubbing starts inside the course's range


def test_the_first_gentle_course_prints_soft_strokes_only(client, content):
    course = Course.objects.get(slug="first-gentle-touches")
    assert "soft strokes only" in course.intro.lower()
    for html in handout_pages(client, course).values():
        for title, box in step_boxes(html).items():
            assert "<li>Stroking</li>" in box, title


def test_a_course_page_online_keeps_the_same_steps_as_its_handout(client, content):
    course = Course.objects.get(slug="eight-to-twelve-months")
    page = client.get(course.get_absolute_url()).content.decode()
    assert "Raindrop taps · from session 11 · <strong>only from 10 months old</strong>" in page
    early = Course.objects.get(slug="one-to-three-months")
    page = client.get(early.get_absolute_url()).content.decode()
    for title in ["Soft squeeze", "Gentle wobble", "Sole press", "Raindrop taps"]:
        assert escape(title) not in page


def test_a_step_older_than_a_factory_course_is_left_out_of_its_pages_and_handout(client):
    late = make_technique(name="Tapping", min_age_days=300)
    routine = make_routine(steps=2, title="Tummy")
    Step.objects.create(routine=routine, order=9, title="Raindrops", instruction="Tap.", technique=late,
                        direction="All over", repetitions=3, source_note="Test.")
    course = make_course(routines=[routine], min_age_days=30, max_age_days=90)
    assert "Raindrops" not in client.get(course.get_absolute_url()).content.decode()
    assert "Raindrops" not in client.get(course_print(course)).content.decode()
    outline = course_outline(course, list(Step.objects.for_course(course)))
    assert [item.step.title for item in outline.steps] == ["Step 1 of Tummy", "Step 2 of Tummy"]


def test_course_ages_are_said_in_one_unit_like_their_titles(client, content):
    page = client.get(reverse("routines:course_list")).content.decode()
    assert "1 to 3 months · 12 sessions" in page
    assert "2 to 4 weeks · 10 sessions" in page
    assert "4 weeks–12 weeks" not in page

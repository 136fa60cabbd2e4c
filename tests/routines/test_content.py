"""The shipped content library and its loader."""

from io import StringIO

import pytest
import textstat
from django.core.management import call_command
from django.template.loader import render_to_string

from routines.content import load_content
from routines.models import (
    CalmingStroke,
    ChecklistItem,
    Course,
    CourseStep,
    Game,
    Routine,
    SourceChoice,
    Step,
    Technique,
)
from safety.models import BodyArea

pytestmark = pytest.mark.django_db


def test_loading_twice_changes_nothing(content):
    counts = [model.objects.count() for model in (Technique, Routine, Step, Course, Game, ChecklistItem)]
    again = load_content()
    assert again.created == {}
    assert counts == [model.objects.count() for model in (Technique, Routine, Step, Course, Game, ChecklistItem)]


def test_an_editors_changes_survive_the_loader(content):
    routine = Routine.objects.get(body_area=BodyArea.STOMACH)
    routine.title = "Tummy, the way our clinic teaches it"
    routine.save()
    routine.steps.last().delete()
    steps_left = routine.steps.count()
    course = Course.objects.first()
    course.sessions = 11
    course.save()

    call_command("load_content", stdout=StringIO())

    routine.refresh_from_db()
    course.refresh_from_db()
    assert routine.title == "Tummy, the way our clinic teaches it"
    assert routine.steps.count() == steps_left
    assert course.sessions == 11


def test_an_editors_session_plan_survives_the_loader(content):
    course = Course.objects.get(slug="one-to-three-months")
    moved = course.plan.order_by("pk").first()
    moved.from_session = 4
    moved.save()
    course.plan.filter(from_session=9).delete()
    kept = set(course.plan.values_list("step_id", "from_session"))

    report = load_content()

    assert "session plan moves" not in report.created
    assert set(course.plan.values_list("step_id", "from_session")) == kept


def test_the_loader_adds_a_plan_only_to_a_course_without_one_and_reports_what_it_cannot_add(content):
    course = Course.objects.get(slug="first-gentle-touches")
    planned = course.plan.count()
    course.plan.all().delete()
    Step.objects.filter(routine__slug="feet", title="Each toe").update(title="Every little toe")  # an editor's title

    report = load_content()

    assert report.created == {"session plan moves": planned - 1}
    assert course.plan.count() == planned - 1
    assert report.skipped == ["course first-gentle-touches: plan move feet/Each toe (no step 'feet/Each toe')"]
    assert any(line.startswith("skipped: course first-gentle-touches") for line in report.lines())


def test_the_loader_fills_an_empty_source_note_but_never_an_editors_text(content):
    item = ChecklistItem.objects.get(slug="hands")
    ChecklistItem.objects.filter(slug="hands").update(source_note="", text="Wash your hands well.")
    ChecklistItem.objects.filter(slug="sleep").update(source_note="Our clinic's note.")

    report = load_content()

    item.refresh_from_db()
    assert report.filled == {"checklist items": 1}
    assert item.text == "Wash your hands well." and item.source_note.startswith("Source article")
    assert ChecklistItem.objects.get(slug="sleep").source_note == "Our clinic's note."


def test_the_loader_adds_what_is_missing(content):
    Game.objects.filter(slug__icontains="cabbage").delete()
    report = load_content()
    assert report.created == {"games": 1, "game lines": Game.objects.get(slug__icontains="cabbage").lines.count()}


def test_all_seven_body_areas_have_a_published_routine_of_three_to_eight_steps(content):
    routines = Routine.objects.published()
    assert sorted(r.body_area for r in routines) == sorted(BodyArea.values)
    for routine in routines:
        assert 3 <= routine.steps.count() <= 8, routine.slug
        newborn_steps = routine.steps.filter(technique__min_age_days=0).count()
        assert newborn_steps >= 3, f"{routine.slug}: a newborn needs at least three steps it may have"


def test_every_step_has_a_source_note_and_passes_validation(content):
    for step in Step.objects.all():
        assert step.source_note.strip(), step
        step.full_clean()


def test_the_safety_facts_are_in_the_routines(content):
    def text(area):
        routine = Routine.objects.get(body_area=area)
        steps = (f"{s.instruction} {s.direction} {s.caution}" for s in routine.steps.all())
        return " ".join([routine.cautions, *steps]).lower()

    assert "fontanel" in text(BodyArea.HEAD) or "soft spot" in text(BodyArea.HEAD)
    assert "clockwise" in text(BodyArea.STOMACH) and "liver" in text(BodyArea.STOMACH)
    assert "pressure" in text(BodyArea.CHEST) or "press" in text(BodyArea.CHEST)


def test_legs_are_stroked_from_foot_to_thigh_and_the_conflict_is_noted(content):
    legs = Routine.objects.get(body_area=BodyArea.LEGS)
    directions = [step.direction.lower() for step in legs.steps.all()]
    assert any(d.startswith("from the foot up") for d in directions)
    assert not any(d.startswith(("from the thigh", "from the hip")) or " down " in f" {d} " for d in directions)
    assert any("from the thigh to the foot" in s.source_note.lower() for s in legs.steps.all())


def test_six_techniques_with_effects_and_ages(content):
    techniques = {t.slug: t for t in Technique.objects.all()}
    assert len(techniques) == 6
    stroking = next(t for t in techniques.values() if t.name.lower().startswith("strok"))
    tapping = next(t for t in techniques.values() if "tap" in t.name.lower())
    assert stroking.min_age_days == 0 and stroking.effect == Technique.Effect.CALMING
    assert tapping.min_age_days >= 270 and tapping.effect == Technique.Effect.STIMULATING


def test_four_age_staged_courses_of_ten_to_fifteen_sessions(content):
    courses = list(Course.objects.published())
    assert len(courses) == 4
    assert courses[0].min_age_days == 14 and courses[0].needs_pediatrician_ok
    for earlier, later in zip(courses, courses[1:], strict=False):
        assert earlier.max_age_days <= later.min_age_days
        assert earlier.minutes_per_session <= later.minutes_per_session
    for course in courses:
        assert 10 <= course.sessions <= 15
        assert course.course_routines.count() >= 2
        for item in course.course_routines.select_related("routine"):
            assert item.routine.min_age_days <= course.min_age_days


def test_games_for_ages_one_to_six(content):
    titles = " ".join(Game.objects.published().values_list("title", flat=True)).lower()
    for word in ["wash", "cabbage", "swallow", "tummy", "feet", "finger"]:
        assert word in titles
    for game in Game.objects.all():
        assert 1 <= game.min_age_years <= game.max_age_years <= 6
        assert game.lines.count() >= 3


def test_before_you_start_checklist_covers_the_basics(content):
    text = " ".join(f"{i.title} {i.text}" for i in ChecklistItem.objects.all()).lower()
    for fact in ["22", "draft", "nail", "feed", "sleep", "nut", "light"]:
        assert fact in text, fact


def test_parents_can_read_it_at_grade_eight_or_below(content):
    for routine in Routine.objects.all():
        instructions = " ".join(step.instruction for step in routine.steps.all())
        assert textstat.flesch_kincaid_grade(instructions) <= 8, routine.slug
        assert textstat.flesch_kincaid_grade(routine.cautions) <= 8, routine.slug
    for item in ChecklistItem.objects.all():
        assert textstat.flesch_kincaid_grade(f"{item.title}. {item.text}") <= 8, item.slug
    for course in Course.objects.all():
        assert textstat.flesch_kincaid_grade(course.intro) <= 8, course.slug
    for choice in SourceChoice.objects.all():  # the article's own words are quoted, so only ours are measured
        assert textstat.flesch_kincaid_grade(f"{choice.title}. {choice.we_do} {choice.reason}") <= 8, choice.slug
    for stroke in CalmingStroke.objects.all():
        assert textstat.flesch_kincaid_grade(stroke.instruction) <= 8, stroke.body_area


def test_the_safety_lines_in_the_templates_are_plain_too(content):
    footer = render_to_string("routines/_print_sheet_parts.html#footer", {"sheet": None})
    stay_safe = footer.split('class="stay-safe">')[1].split("</p>")[0]
    assert textstat.flesch_kincaid_grade(stay_safe.replace("<strong>", "").replace("</strong>", "")) <= 8
    games_footer = render_to_string("routines/_games_footer.html")
    assert textstat.flesch_kincaid_grade(games_footer) <= 8


def test_every_course_has_a_session_plan_that_starts_small(content):
    for course in Course.objects.published():
        plan = CourseStep.objects.filter(course=course).select_related("step__technique", "step__routine")
        first = [row for row in plan if row.from_session == 1]
        assert 3 <= len(first) < len(plan), course.slug
        assert all(row.step.technique.slug == "stroking" for row in first), course.slug
        assert max(row.from_session for row in plan) <= course.sessions
        for row in plan:
            row.full_clean()  # in the course's routines, suits the course's ages


def test_every_calming_stroke_and_choice_says_where_it_comes_from(content):
    assert {stroke.body_area for stroke in CalmingStroke.objects.all()} >= {"chest", "stomach", "legs", "arms"}
    for stroke in CalmingStroke.objects.all():
        assert stroke.source_note.strip(), stroke.body_area
    for choice in SourceChoice.objects.all():
        assert choice.article_says.strip() and choice.reason.strip(), choice.slug

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from routines.forms import content_token
from routines.models import Course, CourseStep, Routine, Step
from tests.factories import make_course, make_routine, make_technique

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


def routine_post(routine, steps, **changes):
    """The admin change form for a routine, as the browser would post it: ages as a number and a unit, and the
    fingerprint of the routine as the page was opened (`seen`)."""
    data = {
        "slug": routine.slug, "title": routine.title, "body_area": routine.body_area, "summary": routine.summary,
        "position": routine.position, "cautions": routine.cautions, "min_age_days_0": routine.min_age_days,
        "min_age_days_1": "days", "max_age_days_0": routine.max_age_days, "max_age_days_1": "days",
        "minutes": routine.minutes, "order": routine.order, "lies_on": routine.lies_on,
        "published": "on" if routine.published else "",
        "seen": content_token(Routine, routine.pk) if routine.pk else "",
        "steps-TOTAL_FORMS": len(steps), "steps-INITIAL_FORMS": len(steps), "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
    }
    for i, step in enumerate(steps):
        data.update({
            f"steps-{i}-id": step.pk, f"steps-{i}-routine": routine.pk, f"steps-{i}-order": step.order,
            f"steps-{i}-title": step.title, f"steps-{i}-instruction": step.instruction,
            f"steps-{i}-technique": step.technique_id, f"steps-{i}-direction": step.direction,
            f"steps-{i}-repetitions": step.repetitions or "", f"steps-{i}-seconds": step.seconds or "",
            f"steps-{i}-caution": step.caution, f"steps-{i}-source_note": step.source_note,
            f"steps-{i}-diagram": step.diagram, f"steps-{i}-min_age_days_0": step.min_age_days or "",
            f"steps-{i}-min_age_days_1": "days",
        })
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


@pytest.mark.parametrize("model", ["routine", "technique", "course", "game", "checklistitem", "sourcechoice",
                                   "calmingstroke"])
def test_admin_lists_and_forms_open(editor, content, model):
    changelist = reverse(f"admin:routines_{model}_changelist")
    assert editor.get(changelist).status_code == 200
    assert editor.get(changelist + "?q=baby").status_code == 200
    assert editor.get(reverse(f"admin:routines_{model}_add")).status_code == 200


def test_routine_admin_filters_by_body_area_and_age(editor, content):
    response = editor.get(reverse("admin:routines_routine_changelist") + "?body_area=legs&age=3m")
    assert [r.body_area for r in response.context["cl"].result_list] == ["legs"]
    too_young = editor.get(reverse("admin:routines_routine_changelist") + "?age=2w")
    assert all(r.min_age_days <= 14 for r in too_young.context["cl"].result_list)


def test_routine_change_form_shows_steps_inline_and_view_on_site(editor, content):
    routine = Routine.objects.get(body_area="stomach")
    page = editor.get(reverse("admin:routines_routine_change", args=[routine.pk])).content.decode()
    assert all(step.title in page for step in routine.steps.all())
    assert "View on site" in page


def test_publishing_a_routine_without_steps_is_refused(editor, db):
    routine = make_routine(steps=0, published=False)
    response = editor.post(reverse("admin:routines_routine_change", args=[routine.pk]),
                           routine_post(routine, [], published="on"))
    assert response.status_code == 200
    assert "A published routine needs at least one step." in response.content.decode()
    routine.refresh_from_db()
    assert not routine.published


def test_technique_in_use_cannot_be_deleted_silently(editor, db):
    technique = make_technique()
    make_routine(technique=technique)
    response = editor.post(reverse("admin:routines_technique_delete", args=[technique.pk]), {"post": "yes"})
    assert response.status_code == 200  # Django shows "cannot delete: protected" instead
    technique.refresh_from_db()


def test_the_course_form_edits_its_session_plan_and_says_what_each_session_takes(editor, content,
                                                                                django_assert_max_num_queries):
    course = Course.objects.get(slug="one-to-three-months")
    url = reverse("admin:routines_course_change", args=[course.pk])
    with django_assert_max_num_queries(20):  # the steps to choose from are read once for all the rows
        page = editor.get(url).content.decode()
    assert "Session plan: which session adds each move" in page
    assert "Feet: Sole spirals" in page  # each move named with its routine
    # One-sided moves (arms, legs, feet) count on both sides.
    assert "Session 1 on: 7 moves, about 4 min" in page and "Session 9 on: 27 moves, about 12 min" in page


def test_a_plan_move_must_belong_to_the_course_and_suit_its_ages(db):
    late = make_technique(name="Tapping", min_age_days=300)
    inside, outside = make_routine(steps=1), make_routine(steps=1)
    taps = Step.objects.create(routine=inside, order=5, title="Taps", instruction="Tap.", technique=late,
                               direction="All over", repetitions=2, source_note="Test.")
    course = make_course(routines=[inside], min_age_days=30, max_age_days=90, sessions=10)
    with pytest.raises(ValidationError) as error:
        CourseStep(course=course, step=outside.steps.get(), from_session=1).full_clean()
    assert "not in the course" in str(error.value)
    with pytest.raises(ValidationError) as error:
        CourseStep(course=course, step=taps, from_session=1).full_clean()
    assert "older babies than the course" in str(error.value)
    with pytest.raises(ValidationError) as error:
        CourseStep(course=course, step=inside.steps.first(), from_session=11).full_clean()
    assert "only 10 sessions" in str(error.value)

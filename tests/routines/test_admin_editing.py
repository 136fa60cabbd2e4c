"""Editing content in admin as an editor meets it: compact steps with pictures, ages in weeks and months, courses
in age order, and every bad input answered in plain words with nothing half-saved."""

import io
import re

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from routines.models import ChecklistItem, Clinic, Course, CourseRoutine, GameLine, Routine, Step, Technique
from tests.factories import make_course, make_routine, make_technique
from tests.routines.admin_pages import form_data, in_english, inline_prefix, make_editor

pytestmark = pytest.mark.django_db

# How Django says things an editor should never have to read.
DJANGO_WORDINGS = ["Ensure this value", "Select a valid choice", "Upload a valid image", "Enter a valid",
                   "consisting of letters", "with this", "already exists", "Please correct the duplicate",
                   "is not a valid choice", "This field cannot be", "not one of the available choices",
                   "Please either submit a file", "is violated"]


@pytest.fixture
def editor(client):
    client.force_login(make_editor())
    return client


def errors_of(response):
    """The error messages on an admin page, as the editor reads them."""
    html = response.content.decode()
    return [re.sub(r"<[^>]+>", "", item).strip()
            for block in re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
            for item in re.findall(r"<li>(.*?)</li>", block, re.S)]


def assert_plain(response):
    found = [message for message in errors_of(response) for words in DJANGO_WORDINGS if words in message]
    assert found == []


def snapshot():
    return (list(Routine.objects.values_list("title", "min_age_days", "max_age_days", "summary")),
            list(Step.objects.values_list("title", "order", "instruction", "min_age_days", "diagram")),
            list(Course.objects.values_list("title", "min_age_days", "max_age_days")),
            list(CourseRoutine.objects.values_list("course_id", "routine_id", "order")))


# Compact steps --------------------------------------------------------------------------------------------------

def test_each_step_is_one_summary_row_that_opens_to_its_form(editor, content):
    feet = Routine.objects.get(slug="feet")
    page = editor.get(reverse("admin:routines_routine_change", args=[feet.pk])).content.decode()
    rows = [row for row in re.findall(r'<h3 class="step-row">(.*?)</h3>', page, re.S) if "New step" not in row]
    assert len(rows) == feet.steps.count()
    first = feet.steps.select_related("technique").first()
    assert first.title in rows[0] and first.technique.name in rows[0] and "from 14 days" in rows[0]
    assert f'href="#sprite-{first.diagram}"' in rows[0]  # its drawing, small
    # Saved steps start folded; the form of each is one click away.
    assert len(re.findall(r'<details class="step-editor">', page)) == feet.steps.count()
    assert f"Edit “{first.title}”" in page


def test_a_step_with_an_image_shows_it_as_a_thumbnail(editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    routine = make_routine(steps=1)
    png = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(png, "PNG")
    step = routine.steps.get()
    step.image = SimpleUploadedFile("hands.png", png.getvalue(), content_type="image/png")
    step.save()
    page = editor.get(reverse("admin:routines_routine_change", args=[routine.pk])).content.decode()
    assert page.count(f'src="{step.image.url}"') == 2  # in its summary row, and beside its upload box


# Ages -----------------------------------------------------------------------------------------------------------

def test_ages_are_entered_and_shown_in_weeks_months_or_years(editor):
    technique = make_technique()
    url = reverse("admin:routines_course_add")
    data = {"slug": "first-weeks", "title_en": "First weeks", "min_age_days_0": "2", "min_age_days_1": "weeks",
            "max_age_days_0": "3", "max_age_days_1": "months", "sessions": "10", "milestone_en": "Touch",
            "minutes_per_session": "5", "intro_en": "Gentle.", "order": "0", "course_routines-TOTAL_FORMS": "0",
            "course_routines-INITIAL_FORMS": "0", "plan-TOTAL_FORMS": "0", "plan-INITIAL_FORMS": "0"}
    response = editor.post(url, data)
    assert response.status_code == 302, errors_of(response)
    course = Course.objects.get(slug="first-weeks")
    assert (course.min_age_days, course.max_age_days) == (14, 90)
    page = editor.get(reverse("admin:routines_course_change", args=[course.pk])).content.decode()
    assert re.search(r'name="min_age_days_0" value="2"', page) and re.search(
        r'<option value="weeks" selected>', page)
    assert re.search(r'name="max_age_days_0" value="3"', page)
    assert "a month counts as 30 days" in page
    changelist = editor.get(reverse("admin:routines_course_changelist")).content.decode()
    assert "2 weeks" in changelist and "3 months" in changelist
    assert technique.min_age_days == 0


def test_saving_a_course_unchanged_keeps_its_ages_exactly(editor, content):
    for course in Course.objects.all():
        url = reverse("admin:routines_course_change", args=[course.pk])
        assert editor.post(url, form_data(editor.get(url))).status_code == 302
        saved = Course.objects.get(pk=course.pk)
        assert (saved.min_age_days, saved.max_age_days) == (course.min_age_days, course.max_age_days)


@pytest.mark.parametrize("low, high, message", [
    (("4", "months"), ("1", "months"), "The oldest age must be greater than the youngest age."),
    (("3", "months"), ("3", "months"), "The oldest age must be greater than the youngest age."),
    (("-2", "weeks"), ("3", "months"), "An age cannot be below zero."),
    (("2", "weeks"), ("40", "years"), "at most 6 years"),
    (("two", "weeks"), ("3", "months"), "Enter the age as a whole number."),
    (("2", "fortnights"), ("3", "months"), "Choose days, weeks, months or years."),
    (("", "weeks"), ("3", "months"), "Enter an age."),
])
def test_impossible_course_ages_are_refused_in_plain_words_and_nothing_is_saved(editor, low, high, message):
    course = make_course()
    url = reverse("admin:routines_course_change", args=[course.pk])
    data = form_data(editor.get(url))
    data.update({"min_age_days_0": low[0], "min_age_days_1": low[1], "max_age_days_0": high[0],
                 "max_age_days_1": high[1], "title_en": "Renamed"})
    before = snapshot()
    response = editor.post(url, data)
    assert response.status_code == 200
    assert any(message in error for error in errors_of(response)), errors_of(response)
    assert_plain(response)
    assert snapshot() == before


def test_a_step_that_would_start_after_its_routine_ends_is_refused(editor):
    routine = make_routine(steps=2, min_age_days=14, max_age_days=180)
    url = reverse("admin:routines_routine_change", args=[routine.pk])
    data = form_data(editor.get(url))
    prefix = inline_prefix(data, "steps", "id", routine.steps.first().pk)
    data.update({f"{prefix}-min_age_days_0": "7", f"{prefix}-min_age_days_1": "months", "title_en": "Renamed"})
    before = snapshot()
    response = editor.post(url, data)
    assert response.status_code == 200
    assert any("No baby would see this step: it starts at 7 months" in e and "up to 6 months" in e
               for e in errors_of(response)), errors_of(response)
    assert snapshot() == before
    # The form with the error comes back open, so the editor sees it.
    assert '<details class="step-editor" open>' in response.content.decode()


def test_a_technique_that_starts_after_the_routine_ends_is_refused_for_its_steps_too(editor):
    late = make_technique(name="Tapping", min_age_days=300)
    routine = make_routine(steps=1, max_age_days=180)
    url = reverse("admin:routines_routine_change", args=[routine.pk])
    data = form_data(editor.get(url))
    data[inline_prefix(data, "steps", "id", routine.steps.get().pk) + "-technique"] = late.pk
    response = editor.post(url, data)
    assert response.status_code == 200 and "No baby would see this step" in " ".join(errors_of(response))
    assert routine.steps.get().technique_id != late.pk


# Bad input: unknown diagram, duplicates, stale forms -------------------------------------------------------------

def test_an_unknown_diagram_is_refused_in_plain_words(editor):
    routine = make_routine(steps=1)
    url = reverse("admin:routines_routine_change", args=[routine.pk])
    data = form_data(editor.get(url))
    data[inline_prefix(data, "steps", "id", routine.steps.get().pk) + "-diagram"] = "no-such-drawing"
    before = snapshot()
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "Choose one of the options shown." in errors_of(response)
    assert_plain(response)
    assert snapshot() == before


def test_the_same_routine_twice_in_a_course_is_refused_in_plain_words(editor):
    head, feet = make_routine(title="Head"), make_routine(title="Feet")
    course = make_course(routines=[head, feet])
    url = reverse("admin:routines_course_change", args=[course.pk])
    data = form_data(editor.get(url))
    # One row changed to the routine the other row has: both in the same post.
    data[inline_prefix(data, "course_routines", "routine", feet.pk) + "-routine"] = head.pk
    before = snapshot()
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "This routine is in the course twice. Keep it once, in the place you want it." in errors_of(response)
    assert_plain(response)
    assert snapshot() == before


def test_adding_a_routine_the_course_already_has_is_refused(editor):
    head = make_routine(title="Head")
    course = make_course(routines=[head])
    url = reverse("admin:routines_course_change", args=[course.pk])
    data = form_data(editor.get(url))
    data.update({"course_routines-TOTAL_FORMS": "2", "course_routines-1-routine": head.pk,
                 "course_routines-1-course": course.pk, "course_routines-1-order": "2"})
    before = snapshot()
    response = editor.post(url, data)
    assert response.status_code == 200
    assert any("already in the course" in e or "in the course twice" in e for e in errors_of(response))
    assert snapshot() == before


def test_two_editors_at_once_the_second_save_is_refused_whole_with_a_clear_message(editor, client):
    routine = make_routine(steps=3, title="Tummy")
    url = reverse("admin:routines_routine_change", args=[routine.pk])
    mine = form_data(editor.get(url))  # I open the page...
    theirs = form_data(editor.get(url))  # ...and so does a colleague, who changes a step's words and saves.
    first = routine.steps.order_by("order").first()
    theirs[inline_prefix(theirs, "steps", "id", first.pk) + "-instruction_en"] = "Their better words."
    assert editor.post(url, theirs).status_code == 302
    # My page still has the old words; I reorder the steps and change the title.
    for step, order in zip(routine.steps.order_by("order"), (3, 2, 1), strict=True):
        mine[inline_prefix(mine, "steps", "id", step.pk) + "-order"] = order
    mine["title_en"] = "My title"
    before = snapshot()
    response = editor.post(url, mine)
    assert response.status_code == 200
    assert any("Someone else saved this routine after you opened it" in e for e in errors_of(response))
    assert snapshot() == before  # their words kept, my order and title not half-saved
    assert Step.objects.get(pk=first.pk).instruction == "Their better words."


def test_a_form_posted_without_what_the_page_was_opened_with_saves_nothing(editor):
    routine = make_routine(steps=1)
    url = reverse("admin:routines_routine_change", args=[routine.pk])
    data = form_data(editor.get(url))
    del data["seen"]
    data["title_en"] = "Changed"
    assert editor.post(url, data).status_code == 200
    assert Routine.objects.get().title == routine.title


# Plain words everywhere ------------------------------------------------------------------------------------------

BAD_ADD_FORMS = {
    "routine": {"slug": "not a slug!", "title": "x" * 300, "body_area": "elbow", "summary": "", "position": "",
                "min_age_days_0": "1", "min_age_days_1": "years", "max_age_days_0": "2", "max_age_days_1": "weeks",
                "minutes": "600", "steps-TOTAL_FORMS": "0", "steps-INITIAL_FORMS": "0"},
    "course": {"slug": "dup", "title": "", "min_age_days_0": "1", "max_age_days_0": "2", "sessions": "40",
               "minutes_per_session": "0", "milestone": "", "intro": "", "course_routines-TOTAL_FORMS": "0",
               "course_routines-INITIAL_FORMS": "0", "plan-TOTAL_FORMS": "0", "plan-INITIAL_FORMS": "0"},
    "technique": {"slug": "dup", "name": "", "description": "", "effect": "loud", "min_age_days_0": "x"},
    "game": {"slug": "Bad Slug", "title": "", "min_age_years": "9", "max_age_years": "0", "kind": "sing",
             "intro": "", "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0", "lines-0-verse": "",
             "lines-0-movement": "y" * 400},
    "checklistitem": {"slug": "dup", "title": "", "text": ""},
    "sourcechoice": {"slug": "dup", "title": "", "routines": ["999999"]},
    "calmingstroke": {"body_area": "tail", "title": "", "order": "-1"},
    "clinic": {"name": "", "slug": "dup", "logo": "not a file"},
}


@pytest.mark.parametrize("model", sorted(BAD_ADD_FORMS))
def test_every_admin_error_is_in_plain_words(editor, model):
    make_technique(slug="dup")
    make_course(slug="dup")
    ChecklistItem.objects.create(slug="dup", title="x", text="x")
    Clinic.objects.create(name="x", slug="dup")
    before = (snapshot(), Technique.objects.count(), ChecklistItem.objects.count(), Clinic.objects.count())
    # Each text is posted as its English box (title_en); the game's lines are its inline rows.
    data = in_english(apps.get_model("routines", model), BAD_ADD_FORMS[model], lines=GameLine)
    response = editor.post(reverse(f"admin:routines_{model}_add"), data)
    assert response.status_code == 200
    assert errors_of(response)  # refused...
    assert_plain(response)  # ...in plain words
    assert (snapshot(), Technique.objects.count(), ChecklistItem.objects.count(), Clinic.objects.count()) == before


def test_a_clinic_logo_that_is_not_a_picture_is_refused_in_plain_words(editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    png = io.BytesIO()
    Image.new("RGB", (60, 40), "blue").save(png, "PNG")
    broken = SimpleUploadedFile("logo.png", png.getvalue()[:60], content_type="image/png")
    response = editor.post(reverse("admin:routines_clinic_add"), {"name": "Sunny", "slug": "sunny", "logo": broken})
    assert response.status_code == 200
    assert "This file is not an image we can use. Upload a JPEG, PNG, WebP or GIF picture." in errors_of(response)
    assert_plain(response)
    assert not Clinic.objects.exists()


# Lists ----------------------------------------------------------------------------------------------------------

def test_a_new_course_takes_its_place_by_age_in_admin_and_on_the_course_list(editor, content):
    make_course(slug="six-to-eight", title="6 to 8 months: sitting up", min_age_days=180, max_age_days=240)
    admin_titles = [c.title for c in editor.get(reverse("admin:routines_course_changelist")).context["cl"].result_list]
    public = editor.get(reverse("routines:course_list")).content.decode()
    for titles in (admin_titles, [t for t in admin_titles if t in public]):
        assert titles.index("6 to 8 months: sitting up") == titles.index(
            Course.objects.get(slug="four-to-six-months").title) + 1
    assert admin_titles == [c.title for c in Course.objects.order_by("min_age_days", "max_age_days")]

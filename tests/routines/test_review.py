"""A clinician reviews what parents read before clinics hand it out. A change to a routine's or a course's
parent-facing content marks it "changed since the last clinical review" (explicitly, in the admin's save path
and in going back through the history); a member of the "clinical reviewers" group marks it reviewed; print
sheets say which; the clinic desk lists what waits (routines.selectors.awaiting_review)."""

from datetime import UTC, datetime
from importlib import import_module

import pytest
import time_machine
from django.apps import apps
from django.test import Client
from django.urls import reverse

from routines import selectors
from routines.content import load_content
from routines.models import Course, Routine, StaleReview, Technique
from tests.factories import make_course, make_routine
from tests.routines.admin_pages import form_data, inline_prefix, make_editor, make_reviewer

pytestmark = pytest.mark.django_db

CHANGED = "Changed since the last clinical review"


@pytest.fixture
def editor(client):
    client.force_login(make_editor())
    return client


def footer(client, obj):
    name = "routines:routine_print" if isinstance(obj, Routine) else "routines:course_print"
    html = client.get(reverse(name, args=[obj.slug])).content.decode()
    return [part.split("</strong>")[0] for part in html.split('<strong class="sheet-review">')[1:]]


def save(client, obj, **changes):
    url = reverse(f"admin:routines_{obj._meta.model_name}_change", args=[obj.pk])
    data = form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:300]


def review(client, obj):
    url = reverse(f"admin:routines_{obj._meta.model_name}_change", args=[obj.pk])
    page = client.get(url).content.decode()
    seen = page.split('name="seen_version" value="')[1].split('"')[0]
    return client.post(reverse(f"admin:routines_{obj._meta.model_name}_review", args=[obj.pk]),
                       {"seen_version": seen})


def test_shipped_content_counts_as_reviewed_by_the_project(client, content):
    with time_machine.travel(datetime(2026, 3, 2, 12, tzinfo=UTC)):
        load_content()  # nothing new: the dates stay those of the first load
    for obj in [*Routine.objects.all(), *Course.objects.all()]:
        assert obj.review_status == "reviewed"
        assert footer(client, obj)[0] == f"Reviewed by the Baby massage project, {obj.reviewed_at:%-d %B %Y}"
    assert selectors.awaiting_review() == []


def test_a_published_step_edit_says_changed_since_review_until_a_reviewer_approves(client, content):
    feet = Routine.objects.get(slug="feet")
    client.force_login(make_editor())
    step = feet.steps.get(title="Sole")
    data_key = None
    url = reverse("admin:routines_routine_change", args=[feet.pk])
    data = form_data(client.get(url))
    data_key = inline_prefix(data, "steps", "id", step.pk) + "-instruction_en"
    data[data_key] = "Stroke the sole from the heel to the toes, slowly."
    assert client.post(url, data).status_code == 302

    assert footer(client, feet) == [CHANGED]
    # In a course's handout, the feet page says so; the other pages and the cover stay reviewed.
    course = Course.objects.get(slug="one-to-three-months")
    assert footer(client, course)[0].startswith("Reviewed by the Baby massage project")
    assert CHANGED in footer(client, course)
    waiting = selectors.awaiting_review()
    assert [(item.kind, item.content.slug, item.last_reviewed_by) for item in waiting] == [
        ("routine", "feet", "the Baby massage project")]

    client.force_login(make_reviewer())  # Dr Ada Moss
    with time_machine.travel(datetime(2026, 6, 9, 10, tzinfo=UTC), tick=True):
        assert review(client, feet).status_code == 302
    assert footer(client, feet) == ["Reviewed by Ada Moss, 9 June 2026"]
    assert selectors.awaiting_review() == []


@pytest.mark.parametrize("field, value", [
    ("title_en", "Feet and toes"), ("summary_en", "New words."), ("cautions_en", "Careful."),
    ("min_age_days_0", "3"), ("position_en", "On your lap"),
])
def test_a_change_to_what_parents_read_marks_the_routine_changed(editor, content, field, value):
    feet = Routine.objects.get(slug="feet")
    save(editor, feet, **{field: value})
    assert Routine.objects.get(pk=feet.pk).review_status == "changed"


@pytest.mark.parametrize("field, value", [("instruction_en", "New."), ("direction_en", "Down"),
                                          ("caution_en", "Slowly."), ("diagram", "foot-toes"), ("repetitions", "9"),
                                          ("order", "99")])
def test_a_change_to_a_step_parents_follow_marks_its_routine_changed(editor, content, field, value):
    feet = Routine.objects.get(slug="feet")
    url = reverse("admin:routines_routine_change", args=[feet.pk])
    data = form_data(editor.get(url))
    data[inline_prefix(data, "steps", "id", feet.steps.first().pk) + f"-{field}"] = value
    assert editor.post(url, data).status_code == 302
    assert Routine.objects.get(pk=feet.pk).review_status == "changed"


def test_a_change_parents_never_see_keeps_the_review(editor, content):
    feet = Routine.objects.get(slug="feet")
    url = reverse("admin:routines_routine_change", args=[feet.pk])
    data = form_data(editor.get(url))
    data[inline_prefix(data, "steps", "id", feet.steps.first().pk) + "-source_note_en"] = "A better reference."
    data["order"] = "12"
    assert editor.post(url, data).status_code == 302
    assert Routine.objects.get(pk=feet.pk).review_status == "reviewed"
    save(editor, feet)  # saved unchanged
    assert Routine.objects.get(pk=feet.pk).review_status == "reviewed"


def test_a_course_s_ages_or_its_routines_mark_it_changed(editor, content):
    course = Course.objects.get(slug="one-to-three-months")
    save(editor, course, max_age_days_0="4")
    assert Course.objects.get(pk=course.pk).review_status == "changed"
    other = Course.objects.get(slug="four-to-six-months")
    url = reverse("admin:routines_course_change", args=[other.pk])
    data = form_data(editor.get(url))
    first = other.course_routines.first()
    data[inline_prefix(data, "course_routines", "id", first.pk) + "-DELETE"] = "on"
    assert editor.post(url, data).status_code == 302
    assert Course.objects.get(pk=other.pk).review_status == "changed"
    assert [item.content.slug for item in selectors.awaiting_review()] == ["one-to-three-months",
                                                                           "four-to-six-months"]


def test_a_technique_s_new_age_marks_every_routine_that_uses_it(editor, content):
    kneading = Technique.objects.get(slug="kneading")
    users = set(Routine.objects.filter(steps__technique=kneading).values_list("slug", flat=True))
    assert users
    save(editor, kneading, min_age_days_0="5")
    assert set(Routine.objects.filter(changed_since_review=True).values_list("slug", flat=True)) == users


def test_going_back_in_the_history_marks_it_changed_and_keeps_the_review_record(editor, content):
    feet = Routine.objects.get(slug="feet")
    save(editor, feet, summary_en="Edited.")
    reviewer = Client()
    reviewer.force_login(make_reviewer())
    review(reviewer, feet)
    reviewed = Routine.objects.get(pk=feet.pk)
    page = editor.get(reverse("admin:routines_routine_history", args=[feet.pk])).content.decode()
    go_back = page.split('action="')[-1].split('"')[0]  # the oldest: the shipped version
    assert editor.post(go_back).status_code == 302
    back = Routine.objects.get(pk=feet.pk)
    assert back.summary != "Edited." and back.review_status == "changed"
    assert (back.reviewed_by_name, back.reviewed_at) == (reviewed.reviewed_by_name, reviewed.reviewed_at)
    assert footer(editor, back) == [CHANGED]


def test_only_a_clinical_reviewer_can_mark_content_reviewed(editor, content):
    feet = Routine.objects.get(slug="feet")
    save(editor, feet, summary_en="Edited.")
    page = editor.get(reverse("admin:routines_routine_change", args=[feet.pk])).content.decode()
    assert CHANGED in page and "Mark as clinically reviewed" not in page  # an editor, even a superuser
    url = reverse("admin:routines_routine_review", args=[feet.pk])
    assert editor.post(url, {"seen_version": feet.updated_at.isoformat()}).status_code == 403
    assert editor.get(url).status_code == 405
    assert Routine.objects.get(pk=feet.pk).review_status == "changed"
    with pytest.raises(PermissionError):
        feet.mark_reviewed(by=make_editor("another"), seen_version=Routine.objects.get(pk=feet.pk).updated_at)


def test_a_reviewer_signs_only_what_they_read(editor, content):
    feet = Routine.objects.get(slug="feet")
    save(editor, feet, summary_en="Edited.")
    reviewer = make_reviewer()
    client = Client()  # the reviewer's own browser, beside the editor's
    client.force_login(reviewer)
    url = reverse("admin:routines_routine_change", args=[feet.pk])
    page = client.get(url).content.decode()
    seen = page.split('name="seen_version" value="')[1].split('"')[0]
    save(editor, feet, summary_en="Edited again while the reviewer reads.")
    response = client.post(reverse("admin:routines_routine_review", args=[feet.pk]), {"seen_version": seen})
    assert response.status_code == 302
    assert "was saved again at" in client.get(url).content.decode()
    assert Routine.objects.get(pk=feet.pk).review_status == "changed"
    with pytest.raises(StaleReview):
        feet.mark_reviewed(by=reviewer, seen_version=datetime.fromisoformat(seen))
    bad = client.post(reverse("admin:routines_routine_review", args=[feet.pk]), {"seen_version": "yesterday"})
    assert bad.status_code == 302 and Routine.objects.get(pk=feet.pk).review_status == "changed"


def test_a_reviewer_can_read_content_in_admin_but_not_change_it(client, content):
    client.force_login(make_reviewer())
    feet = Routine.objects.get(slug="feet")
    page = client.get(reverse("admin:routines_routine_change", args=[feet.pk]))
    assert page.status_code == 200 and "Mark as clinically reviewed" in page.content.decode()
    assert client.post(reverse("admin:routines_routine_change", args=[feet.pk]), {"title_en": "x"}).status_code == 403


def test_a_new_routine_an_editor_adds_waits_for_its_first_review(editor, content):
    routine = make_routine(slug="new-one")
    assert routine.review_status == "unreviewed"
    assert footer(editor, routine) == ["Not yet reviewed by a clinician"]
    assert [item.content for item in selectors.awaiting_review()] == [routine]


def test_drafts_wait_out_of_the_clinic_desk_list_until_published(db):
    draft = make_routine(published=False)
    make_course(routines=[draft], published=False)
    assert selectors.awaiting_review() == []


def test_the_awaiting_review_list_takes_two_queries(db, django_assert_num_queries):
    for i in range(3):
        make_course(routines=[make_routine()], slug=f"course-x{i}")
    # 1: published routines waiting for a review; 2: published courses waiting for one.
    with django_assert_num_queries(2):
        waiting = selectors.awaiting_review()
    assert len(waiting) == 6 and {item.kind for item in waiting} == {"routine", "course"}


def test_an_install_from_before_reviews_counts_what_is_still_as_shipped_as_reviewed(content):
    feet = Routine.objects.get(slug="feet")
    step = feet.steps.first()
    step.instruction += " An editor's words."
    step.save()
    Routine.objects.update(changed_since_review=True, reviewed_at=None)  # as migration 0009 leaves them
    Course.objects.update(changed_since_review=True, reviewed_at=None)
    import_module("routines.migrations.0011_clinical_reviewers").review_shipped_content(apps, None)
    assert set(Routine.objects.filter(changed_since_review=True).values_list("slug", flat=True)) == {"feet"}
    assert not Course.objects.filter(changed_since_review=True).exists()

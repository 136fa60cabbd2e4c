"""Editors put things in order by dragging them in admin (django-admin-sortable2): the steps of a routine, the
routines of a course, the lines of a game (saved with the form), and the "before you start" list (saved at once).
The order shows at once on the public pages and the sheets; a move made on a stale page changes nothing.

The drag itself is in tests/browser/test_editors.py; here the form or the request it sends."""

import json
import re

import pytest
from django.urls import reverse

from routines.models import ChecklistItem, CourseRoutine, Game, Routine, Step
from tests.factories import make_course, make_game, make_routine
from tests.routines.admin_pages import form_data, inline_prefix, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(make_editor())
    return client


def titles_in(html, pattern):
    return re.findall(pattern, html)


def test_steps_saved_in_a_new_order_show_in_that_order_on_the_routine_page_and_its_sheet(editor):
    routine = make_routine(steps=3, title="Tummy")
    url = reverse("admin:routines_routine_change", args=[routine.pk])
    data = form_data(editor.get(url))
    first, second, third = routine.steps.order_by("order")
    # What the drag leaves in the hidden order fields: the third step first.
    for step, order in ((third, 1), (first, 2), (second, 3)):
        data[inline_prefix(data, "steps", "id", step.pk) + "-order"] = order
    assert editor.post(url, data).status_code == 302

    wanted = [third.title, first.title, second.title]
    page = editor.get(routine.get_absolute_url()).content.decode()
    assert titles_in(page, r"<h3>(Step \d of Tummy)</h3>") == wanted
    sheet = editor.get(reverse("routines:routine_print", args=[routine.slug])).content.decode()
    assert titles_in(sheet, r'class="print-step-title">(Step \d of Tummy)<') == wanted


def test_the_steps_have_no_order_box_to_type_in_only_the_handle_to_drag(editor):
    routine = make_routine(steps=2)
    page = editor.get(reverse("admin:routines_routine_change", args=[routine.pk])).content.decode()
    assert re.search(r'<input type="hidden" name="steps-0-order"[^>]*class="_reorder_"', page)
    assert 'fieldset class="module sortable' in page  # the inline the drag-and-drop script picks up


def test_routines_in_a_course_saved_in_a_new_order_show_in_that_order_on_the_course_page(editor):
    head, feet = make_routine(title="Head", body_area="head"), make_routine(title="Feet", body_area="feet")
    course = make_course(routines=[head, feet], min_age_days=14, max_age_days=400)
    url = reverse("admin:routines_course_change", args=[course.pk])
    data = form_data(editor.get(url))
    data[inline_prefix(data, "course_routines", "routine", feet.pk) + "-order"] = 1
    data[inline_prefix(data, "course_routines", "routine", head.pk) + "-order"] = 2
    assert editor.post(url, data).status_code == 302
    assert list(course.course_routines.values_list("routine__title", flat=True)) == ["Feet", "Head"]
    page = editor.get(course.get_absolute_url()).content.decode()
    assert page.index("Step 1 of Feet") < page.index("Step 1 of Head")


def test_lines_of_a_game_saved_in_a_new_order_show_in_that_order(editor):
    game = make_game(lines=3)
    url = reverse("admin:routines_game_change", args=[game.pk])
    data = form_data(editor.get(url))
    for line, order in zip(game.lines.order_by("order"), (3, 1, 2), strict=True):
        data[inline_prefix(data, "lines", "id", line.pk) + "-order"] = order
    assert editor.post(url, data).status_code == 302
    assert list(Game.objects.get().lines.values_list("verse", flat=True)) == ["Verse 1", "Verse 2", "Verse 0"]
    page = editor.get(game.get_absolute_url()).content.decode()
    assert page.index("Verse 1") < page.index("Verse 2") < page.index("Verse 0")


# The "before you start" list: each drag is saved at once by a request of its own.

def make_checklist(n=4):
    return [ChecklistItem.objects.create(slug=f"item-{i}", order=i, title=f"Item {i}", text="Do this.")
            for i in range(1, n + 1)]


def move(client, moves):
    return client.post(reverse("admin:routines_checklistitem_sortable_update"),
                       json.dumps({"updatedItems": [[str(pk), order] for pk, order in moves]}),
                       content_type="application/json")


def shown_order(client):
    page = client.get(reverse("routines:before_you_start")).content.decode()
    return re.findall(r"Item \d", page)


def test_a_checklist_item_dragged_to_the_top_is_first_on_the_before_you_start_page_at_once(editor):
    one, two, three, four = make_checklist()
    # Item 3 dragged above item 1: the rows between get their new places, as the drag-and-drop script sends them.
    assert move(editor, [(three.pk, 1), (one.pk, 2), (two.pk, 3)]).status_code == 200
    assert shown_order(editor) == ["Item 3", "Item 1", "Item 2", "Item 4"]


def test_a_drag_sent_from_a_stale_list_changes_nothing_and_says_why(editor):
    one, two, three, four = make_checklist()
    # Another editor has meanwhile moved item 4 to the top: the rows this page sends are no longer side by side.
    assert move(editor, [(four.pk, 1), (one.pk, 2), (two.pk, 3), (three.pk, 4)]).status_code == 200
    before = shown_order(editor)
    response = move(editor, [(two.pk, 1), (one.pk, 2)])  # "item 2 above item 1", as the old page saw them
    assert response.status_code == 409
    # The page reloads (static/js/admin_sortable_refused.js) and says why.
    page = editor.get(reverse("admin:routines_checklistitem_changelist")).content.decode()
    assert "The list changed while you had it open" in page
    assert shown_order(editor) == before


def test_a_drag_of_an_item_someone_deleted_changes_nothing(editor):
    one, two, three, four = make_checklist()
    gone = ChecklistItem.objects.create(slug="gone", order=5, title="Gone", text="x")
    gone_pk = gone.pk
    gone.delete()
    response = move(editor, [(gone_pk, 1), (one.pk, 2), (two.pk, 3), (three.pk, 4), (four.pk, 5)])
    assert response.status_code == 409
    assert shown_order(editor) == ["Item 1", "Item 2", "Item 3", "Item 4"]


@pytest.mark.parametrize("body", ["not json", "{}", '{"updatedItems": [["x", 1]]}', '{"updatedItems": []}',
                                  '{"updatedItems": [[1, -3]]}', '{"updatedItems": 7}', "[]"])
def test_a_malformed_move_is_a_400_that_changes_nothing(editor, body):
    make_checklist()
    response = editor.post(reverse("admin:routines_checklistitem_sortable_update"), body,
                           content_type="application/json")
    assert response.status_code == 400
    assert shown_order(editor) == ["Item 1", "Item 2", "Item 3", "Item 4"]


def test_only_editors_may_move_items(client):
    one, two, *_rest = make_checklist()
    assert move(client, [(two.pk, 1), (one.pk, 2)]).status_code == 302  # to the admin's login
    assert shown_order(client) == ["Item 1", "Item 2", "Item 3", "Item 4"]


def test_a_routine_cannot_be_in_a_course_twice_in_the_database_either(db):
    from django.db import IntegrityError, transaction

    routine = make_routine()
    course = make_course(routines=[routine])
    with pytest.raises(IntegrityError), transaction.atomic():
        CourseRoutine.objects.create(course=course, routine=routine, order=2)
    assert CourseRoutine.objects.count() == 1
    assert Routine.objects.count() == 1 and Step.objects.count() == 3

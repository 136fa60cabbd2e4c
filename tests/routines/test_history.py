"""Every change to content is kept with who made it and when, shows what it changed, and can be undone in one click
(django-reversion; routines/history.py). The browser test of the same is in tests/browser/test_editors.py."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from reversion.models import Version

from routines.content import load_content
from routines.models import ChecklistItem, Clinic, Course, Game, Routine, Step, Technique
from tests.factories import make_routine
from tests.routines.admin_pages import form_data, inline_prefix, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(make_editor(first_name="Ann", last_name="Editor"))
    return client


def edit_step(client, routine, step, **fields):
    url = reverse("admin:routines_routine_change", args=[routine.pk])
    data = form_data(client.get(url))
    prefix = inline_prefix(data, "steps", "id", step.pk)
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]


def history_page(client, obj):
    return client.get(reverse(f"admin:routines_{obj._meta.model_name}_history", args=[obj.pk])).content.decode()


def go_back_buttons(page):
    return re.findall(r'<form method="post" action="([^"]+/go-back/)"', page)


def test_the_shipped_content_is_the_first_version_of_everything(content):
    for model in (Routine, Step, Technique, Course, Game, ChecklistItem):
        assert {v.object_id for v in Version.objects.get_for_model(model)} == {
            str(pk) for pk in model.objects.values_list("pk", flat=True)}, model


def test_content_loaded_before_history_was_kept_gets_its_first_version_on_the_next_load(db):
    routine = make_routine(steps=2)  # as if it were there before this release
    assert not Version.objects.get_for_object(routine).exists()
    load_content()
    assert Version.objects.get_for_object(routine).count() == 1
    assert Version.objects.get_for_object(routine.steps.first()).count() == 1


def test_loading_the_content_again_adds_no_version(content):
    before = Version.objects.count()
    load_content()
    assert Version.objects.count() == before


def test_a_step_edit_is_kept_with_who_and_when_and_shows_what_changed_word_by_word(editor, content):
    feet = Routine.objects.get(slug="feet")
    step = feet.steps.get(title="Sole")
    old = step.instruction
    edit_step(editor, feet, step, instruction_en=old.replace("heel", "ankle", 1), title_en="Whole sole")
    page = history_page(editor, feet)
    newest = page.split('<li class="history-entry">')[1]
    assert "Ann Editor" in newest and "(as it is now)" in newest
    assert "Step “Whole sole”" in newest
    assert '<span class="history-field">What to do [en]:</span>' in newest  # the English box: each language apart
    assert re.search(r'<del><span class="visually-hidden">removed: </span>heel\W*</del>', newest)
    assert re.search(r'<ins><span class="visually-hidden">added: </span>ankle\W*</ins>', newest)
    assert "Sole</del>" in newest and "Whole sole</ins>" in newest  # the title, old and new
    assert "the app (shipped content)" in page.split('<li class="history-entry">')[-1]


def test_going_back_in_one_click_brings_back_the_old_words_and_order_and_removes_steps_added_since(editor, content):
    feet = Routine.objects.get(slug="feet")
    before = list(feet.steps.order_by("order").values_list("pk", "title", "instruction", "order"))
    step = feet.steps.get(title="Sole")
    edit_step(editor, feet, step, instruction_en="Something new.")
    # A second save: a new step, and the first step moved to the end.
    url = reverse("admin:routines_routine_change", args=[feet.pk])
    data = form_data(editor.get(url))
    first = feet.steps.order_by("order").first()
    data[inline_prefix(data, "steps", "id", first.pk) + "-order"] = 99
    total = int(data["steps-TOTAL_FORMS"])
    data.update({"steps-TOTAL_FORMS": total + 1, f"steps-{total}-title_en": "Extra", f"steps-{total}-routine": feet.pk,
                 f"steps-{total}-instruction_en": "More.", f"steps-{total}-technique": step.technique_id,
                 f"steps-{total}-direction_en": "Up", f"steps-{total}-repetitions": 2,
                 f"steps-{total}-source_note_en": "Test.", f"steps-{total}-min_age_days_1": "weeks"})
    assert editor.post(url, data).status_code == 302
    assert feet.steps.count() == len(before) + 1

    page = history_page(editor, feet)
    buttons = go_back_buttons(page)
    assert len(buttons) == 2  # the shipped version and the first edit; the newest is how it is now
    response = editor.post(buttons[-1])  # the shipped version
    assert response.status_code == 302 and response["Location"] == url
    assert list(feet.steps.order_by("order").values_list("pk", "title", "instruction", "order")) == before
    assert "is back to how it was on" in editor.get(url).content.decode()
    public = editor.get(feet.get_absolute_url()).content.decode()
    assert "Something new." not in public and "Extra" not in public
    # Going back is itself a version, which can be undone in turn.
    assert len(go_back_buttons(history_page(editor, feet))) == 3
    assert LogEntry.objects.count() == 2  # the two saves; going back is in the content history


def test_going_back_is_a_post_for_an_editor_and_only_to_this_object_s_versions(editor, client, content):
    feet, head = Routine.objects.get(slug="feet"), Routine.objects.get(slug="head-and-face")
    version = Version.objects.get_for_object(head).first()
    url = reverse("admin:routines_routine_go_back", args=[feet.pk, version.pk])
    assert editor.get(url).status_code == 405
    assert editor.post(url).status_code == 404  # a version of another routine
    assert editor.post(reverse("admin:routines_routine_go_back", args=[feet.pk, 999999])).status_code == 404


def test_someone_who_may_only_view_sees_the_history_without_the_go_back_button(client, content):
    from tests.routines.admin_pages import make_reviewer

    client.force_login(make_reviewer())
    feet = Routine.objects.get(slug="feet")
    page = history_page(client, feet)
    assert "The first version kept." in page and go_back_buttons(page) == []
    version = Version.objects.get_for_object(feet).first()
    assert client.post(reverse("admin:routines_routine_go_back", args=[feet.pk, version.pk])).status_code == 403


def test_a_version_that_cannot_come_back_changes_nothing_and_says_why(editor, content):
    technique = Technique.objects.create(name="Old", slug="old", description="x", effect="calming")
    feet = Routine.objects.get(slug="feet")
    step = feet.steps.first()
    edit_step(editor, feet, step, technique=technique.pk)  # a version whose step uses the "Old" technique
    edit_step(editor, feet, step, technique=Technique.objects.get(slug="stroking").pk)
    Technique.objects.filter(pk=technique.pk).delete()  # no step uses it any more, so it may go
    page = history_page(editor, feet)
    before = list(Step.objects.values_list("pk", "technique_id", "instruction", "order"))
    response = editor.post(go_back_buttons(page)[0])  # back to when its step used the "Old" technique
    assert response.status_code == 302
    assert "it uses the technique it had then, which has been deleted since" in editor.get(
        response["Location"]).content.decode()
    assert list(Step.objects.values_list("pk", "technique_id", "instruction", "order")) == before


@pytest.mark.parametrize("model", ["technique", "course", "game", "checklistitem", "clinic", "calmingstroke",
                                   "sourcechoice"])
def test_every_kind_of_content_has_a_history_that_goes_back(editor, content, model):
    Clinic.objects.create(name="Sunny", slug="sunny")
    load_content()  # the clinic's first version
    obj = {"technique": Technique, "course": Course, "game": Game, "checklistitem": ChecklistItem,
           "clinic": Clinic}.get(model)
    from routines.models import CalmingStroke, SourceChoice

    obj = (obj or {"calmingstroke": CalmingStroke, "sourcechoice": SourceChoice}[model]).objects.first()
    url = reverse(f"admin:routines_{model}_change", args=[obj.pk])
    data = form_data(editor.get(url))
    # A text in English: its English box (django-modeltranslation: title_en, title_ru, title_es); a clinic's name is
    # not translated.
    field = next(name for name in ("name_en", "name", "title_en") if name in data)
    old = data[field]
    data[field] = f"{old} (edited)"
    assert editor.post(url, data).status_code == 302
    page = history_page(editor, obj)
    assert "(edited)</ins>" in page
    assert editor.post(go_back_buttons(page)[0]).status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field.removesuffix("_en")) == old

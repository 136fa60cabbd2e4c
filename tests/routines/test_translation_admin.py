"""Content in English, Russian and Spanish in admin (django-modeltranslation): each text has a box per language,
one under the other; what an editor writes in a language is what parents reading in it see; a change to any
language's words is kept in the history and marks the content changed since its clinical review; and "Not
translated yet" lists what still waits for its Russian or Spanish."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import translation
from modeltranslation.translator import translator

from routines.models import Clinic, Game, Routine, Step
from tests.factories import make_game, make_routine
from tests.routines.admin_pages import form_data, inline_prefix, make_editor

pytestmark = pytest.mark.django_db

NOT_TRANSLATED = reverse("admin:routines_not_translated")


@pytest.fixture
def editor(client):
    client.force_login(make_editor())
    return client


def change_url(obj):
    return reverse(f"admin:routines_{obj._meta.model_name}_change", args=[obj.pk])


def boxes(page, name):
    """The labels of the boxes whose field name ends in `name` plus a language, in the order of the page."""
    return re.findall(rf'<label[^>]*for="id_{re.escape(name)}_(en|ru|es)">[^<]*\[(?:en|ru|es)\]:</label>', page)


def translate_everything(*objects):
    """Every text of `objects` written in Russian and Spanish too (as "<English> [ru]")."""
    for obj in objects:
        for text in translator.get_options_for_model(type(obj)).fields:
            english = getattr(obj, f"{text}_en")
            for language in ("ru", "es"):
                setattr(obj, f"{text}_{language}", f"{english} [{language}]" if english else english)
        obj.save()


def gaps(client):
    """The "Not translated yet" page, per language: [(name, link, missing texts)]."""
    page = client.get(NOT_TRANSLATED).content.decode()
    found = {}
    for code in ("ru", "es"):
        section = page.split(f'id="not-translated-{code}"')[1].split("</section>")[0]
        found[code] = re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th><td>([^<]*)</td>', section)
    return page, found


# The three boxes, and what parents read ---------------------------------------------------------------------------

def test_each_text_has_a_box_per_language_and_the_russian_page_shows_the_russian(editor, content):
    feet = Routine.objects.get(slug="feet")
    url = change_url(feet)
    page = editor.get(url).content.decode()
    assert boxes(page, "title") == ["en", "ru", "es"]  # one under the other, in this order
    first = feet.steps.order_by("order").first()
    data = form_data(editor.get(url))
    step = inline_prefix(data, "steps", "id", first.pk)
    assert boxes(page, f"{step}-instruction") == ["en", "ru", "es"]
    # The summary row of a step still names it by its title.
    assert f'<span class="inline_label">{first.title_en}</span>' in page

    data["title_ru"] = "Ножки и пальчики"
    assert editor.post(url, data).status_code == 302
    with translation.override("ru"):
        russian = reverse("routines:routine_detail", args=[feet.slug])
    with translation.override("en"):
        english = reverse("routines:routine_detail", args=[feet.slug])
    assert (russian, english) == (f"/ru/routines/{feet.slug}/", f"/routines/{feet.slug}/")
    assert "Ножки и пальчики" in editor.get(russian).content.decode()
    english = Client().get(english).content.decode()  # a new visitor, in English
    assert "Ножки и пальчики" not in english and feet.title_en in english
    assert Routine.objects.get(pk=feet.pk).title_en == feet.title_en  # the English is left as it was


def test_the_slug_is_made_from_the_english_title(editor):
    page = editor.get(reverse("admin:routines_routine_add")).content.decode()
    assert "&quot;dependency_list&quot;: [&quot;title_en&quot;]" in page


@pytest.mark.parametrize("box", ["title_ru", "summary_es", "steps-instruction_ru", "steps-caution_es"])
def test_a_change_to_any_language_s_words_marks_the_routine_changed_and_is_in_its_history(editor, content, box):
    feet = Routine.objects.get(slug="feet")
    url = change_url(feet)
    data = form_data(editor.get(url))
    if box.startswith("steps-"):
        box = inline_prefix(data, "steps", "id", feet.steps.order_by("order").first().pk) + box.removeprefix("steps")
    data[box] = "Новые слова del editor"
    assert editor.post(url, data).status_code == 302
    assert Routine.objects.get(pk=feet.pk).review_status == "changed"
    history = editor.get(reverse("admin:routines_routine_history", args=[feet.pk])).content.decode()
    newest = history.split('<li class="history-entry">')[1]
    language = box.rsplit("_", 1)[1]
    assert f"[{language}]:</span>" in newest
    assert re.search(r'<ins><span class="visually-hidden">(added|now): </span>Новые слова del editor</ins>', newest)
    assert newest.count('<span class="history-field">') == 1  # only what changed: no empty box shows as changed


def test_saving_a_page_unchanged_keeps_it_reviewed_and_its_history_says_nothing_changed(editor, content):
    feet = Routine.objects.get(slug="feet")
    url = change_url(feet)
    assert editor.post(url, form_data(editor.get(url))).status_code == 302
    assert Routine.objects.get(pk=feet.pk).review_status == "reviewed"
    history = editor.get(reverse("admin:routines_routine_history", args=[feet.pk])).content.decode()
    assert "No change to the content." in history.split('<li class="history-entry">')[1]


def test_going_back_brings_back_every_language(editor, content):
    feet = Routine.objects.get(slug="feet")
    before = Routine.objects.filter(pk=feet.pk).values("title_en", "title_ru", "title_es").get()
    url = change_url(feet)
    data = form_data(editor.get(url))
    data.update({"title_en": "Toes", "title_ru": "Пальчики", "title_es": "Dedos"})
    assert editor.post(url, data).status_code == 302
    history = editor.get(reverse("admin:routines_routine_history", args=[feet.pk])).content.decode()
    go_back = re.findall(r'<form method="post" action="([^"]+/go-back/)"', history)[0]
    assert editor.post(go_back).status_code == 302
    assert Routine.objects.filter(pk=feet.pk).values("title_en", "title_ru", "title_es").get() == before


# Not translated yet ----------------------------------------------------------------------------------------------

def test_not_translated_yet_lists_a_missing_spanish_text_until_it_is_written(editor):
    routine = make_routine(steps=2, title="Tummy")
    translate_everything(routine, *routine.steps.all(), routine.steps.first().technique)
    Routine.objects.filter(pk=routine.pk).update(summary_es="")
    step = routine.steps.order_by("order").last()
    Step.objects.filter(pk=step.pk).update(instruction_ru=None)

    page, found = gaps(editor)
    url = change_url(routine)
    assert found["es"] == [(url, "Tummy", "Summary")]
    assert found["ru"] == [(url, f"{step.title_en} (routine “Tummy”)", "What to do")]  # a step: its routine's page
    assert "Everything is translated" not in page

    data = form_data(editor.get(url))
    data["summary_es"] = "Una rutina tranquila."
    data[inline_prefix(data, "steps", "id", step.pk) + "-instruction_ru"] = "Гладьте нежно."
    assert editor.post(url, data).status_code == 302
    page, found = gaps(editor)
    assert found == {"ru": [], "es": []}
    assert "Everything is translated into Russian." in page and "Everything is translated into Spanish." in page


def test_not_translated_yet_lists_every_kind_of_content_by_its_texts(editor):
    game = make_game(lines=1, title="Rain")
    Game.objects.filter(pk=game.pk).update(intro_ru="Игра.")
    clinic = Clinic.objects.create(name="Sunny", slug="sunny", note="Ring before you come.")
    without_note = Clinic.objects.create(name="Shady", slug="shady")
    _page, found = gaps(editor)
    game_page = change_url(game)
    assert {name: (link, missing) for link, name, missing in found["es"]} == {
        "Rain": (game_page, "Title, Introduction"),
        "Verse 0 (game “Rain”)": (game_page, "Verse, Movement"),  # a line: its game's page
        "Sunny": (change_url(clinic), "Short note"),
    }
    # The Russian introduction is written; a clinic with no note has nothing to translate.
    assert ("Rain", "Title") in [(name, missing) for _link, name, missing in found["ru"]]
    assert str(without_note) not in [name for _link, name, _missing in found["ru"] + found["es"]]


def test_not_translated_yet_takes_one_query_per_kind_of_content(editor, content, django_assert_max_num_queries):
    editor.get(NOT_TRANSLATED)  # the session and the user read once
    kinds = len(translator.get_registered_models(abstract=False))
    with django_assert_max_num_queries(kinds + 2):
        assert editor.get(NOT_TRANSLATED).status_code == 200


def test_the_admin_index_links_to_not_translated_yet(editor):
    assert f'href="{NOT_TRANSLATED}"' in editor.get(reverse("admin:index")).content.decode()


def test_not_translated_yet_is_for_staff_who_may_see_the_content(client):
    user = get_user_model().objects.create_user("parent", "parent@example.com", "pw")
    client.force_login(user)
    response = client.get(NOT_TRANSLATED)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))

    user.is_staff = True
    user.save()
    assert client.get(NOT_TRANSLATED).status_code == 403  # staff, but not allowed to see the content
    assert f'href="{NOT_TRANSLATED}"' not in client.get(reverse("admin:index")).content.decode()

    user.user_permissions.add(Permission.objects.get(codename="view_routine"))
    client.force_login(get_user_model().objects.get(pk=user.pk))
    assert client.get(NOT_TRANSLATED).status_code == 200

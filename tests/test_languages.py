"""English, Russian and Spanish: the catalogues, the content, choosing a language, and every page in each."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from routines.content import FIXTURES_DIR, TRANSLATED_FIXTURES, load_content, translated_fields
from routines.models import BodyArea, Course, Routine, Step
from safety.models import ParentSettings, Question, QuestionnaireVersion
from tests.factories import all_clear_answers, make_baby, make_clinic_staff, make_parent, ready_baby
from tests.walk import fill, project_views

OTHERS = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
LOCALE = Path(settings.BASE_DIR) / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
TAG = re.compile(r"</?\w+")


def catalogue(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def sentences(text):
    return [s for s in re.split(r"(?<=[.!?…])\s+|\n+", text) if s.strip()]


# --- the interface catalogues ------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", OTHERS)
def test_every_interface_string_is_translated_with_its_placeholders_and_tags(language):
    problems = []
    for entry in catalogue(language):
        if entry.obsolete:
            continue
        forms = ([(entry.msgid, entry.msgstr)] if not entry.msgid_plural else
                 [(entry.msgid if n == 0 else entry.msgid_plural, text) for n, text in entry.msgstr_plural.items()])
        if "fuzzy" in entry.flags or any(not text.strip() for _source, text in forms):
            problems.append(("not translated", entry.msgid))
            continue
        for source, text in forms:
            # (A name said twice in English may be said once in another language: the set must match.)
            if set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(text)) and not entry.msgid_plural:
                problems.append(("placeholders", entry.msgid))
            if set(PLACEHOLDER.findall(text)) - set(PLACEHOLDER.findall(entry.msgid_plural or source)):
                problems.append(("unknown placeholder", entry.msgid))
            if sorted(TAG.findall(source)) != sorted(TAG.findall(text)):
                problems.append(("tags", entry.msgid))
    assert problems == []


# A string marked for translation, in any template (whatever its extension: the diagrams are .svg) or Python file.
MARKED = [
    re.compile(r"""\{%\s*translate\s+"([^"]+)"(?:\s+context\s+"[^"]+")?\s*(?:as\s+\w+\s*)?%\}"""),
    re.compile(r"""\{%\s*translate\s+'([^']+)'\s*%\}"""),
    re.compile(r"""\b(?:_|gettext|gettext_lazy)\(\s*"([^"\\]+)"\s*\)"""),
]
CODE = [Path(settings.BASE_DIR) / name for name in ("templates", "babymassage", "routines", "guide", "safety",
                                                     "clinics", "family")]


def marked_strings():
    for folder in CODE:
        for path in folder.rglob("*"):
            if path.suffix in (".html", ".txt", ".svg", ".py", ".js") and "migrations" not in path.parts:
                text = path.read_text(encoding="utf-8")
                for pattern in MARKED:
                    for found in pattern.findall(text):
                        yield path.relative_to(settings.BASE_DIR), found


@pytest.mark.parametrize("language", OTHERS)
def test_every_string_marked_for_translation_is_in_the_catalogue(language):
    """makemessages reads only the file types it is told to (`make messages`): a marked string it never saw
    (a diagram's label in an .svg template, say) would stay English on every page without any other test noticing."""
    known = {entry.msgid for entry in catalogue(language) if entry.translated()}
    missing = sorted({(str(path), text) for path, text in marked_strings() if text not in known})
    assert missing == []


@pytest.mark.parametrize("language", OTHERS)
def test_the_committed_compiled_catalogue_is_the_one_its_source_makes(language, tmp_path):
    """The .mo files are committed (no gettext tools needed to run the app); `make messages` remakes them."""
    made = tmp_path / "django.mo"
    catalogue(language).save_as_mofile(str(made))
    assert made.read_bytes() == (LOCALE / language / "LC_MESSAGES" / "django.mo").read_bytes()


@pytest.mark.parametrize("language", OTHERS)
def test_no_translated_interface_sentence_is_over_25_words(language):
    long = [s for entry in catalogue(language) for text in [entry.msgstr, *entry.msgstr_plural.values()]
            for s in sentences(text) if len(s.split()) > 25]
    assert long == []


# --- the content in the database ---------------------------------------------------------------------------------

@pytest.mark.parametrize("language", OTHERS)
@pytest.mark.parametrize("name", list(TRANSLATED_FIXTURES))
def test_the_fixtures_carry_every_text_in_every_language(language, name):
    english = json.loads((FIXTURES_DIR / f"{name}.json").read_text(encoding="utf-8"))
    local = json.loads((FIXTURES_DIR / language / f"{name}.json").read_text(encoding="utf-8"))
    model, key, children = TRANSLATED_FIXTURES[name]
    assert [row[key] for row in local] == [row[key] for row in english]
    pairs = [(model, e, t) for e, t in zip(english, local, strict=True)]
    if children:
        rows, related, _finder = children
        child_model = model._meta.get_field(related).related_model
        for e, t in zip(english, local, strict=True):
            assert len(t[rows]) == len(e[rows]), e[key]
            pairs += [(child_model, ec, tc) for ec, tc in zip(e[rows], t[rows], strict=True)]
    missing = [(m.__name__, e.get(key), f) for m, e, t in pairs for f in translated_fields(m)
               if e.get(f) and not (t.get(f) or "").strip()]
    assert missing == []


def parent_facing_texts(language):
    with translation.override(language):
        for routine in Routine.objects.prefetch_related("steps"):
            yield from (routine.title, routine.summary, routine.position, routine.cautions)
            for step in routine.steps.all():
                yield from (step.title, step.instruction, step.direction, step.caution)
        for course in Course.objects.all():
            yield from (course.title, course.milestone, course.intro)
        for question in Question.objects.filter(version=QuestionnaireVersion.current()):
            yield question.text


@pytest.mark.parametrize("language", OTHERS)
def test_no_translated_sentence_a_parent_reads_is_over_25_words(content, language):
    long = [s for text in parent_facing_texts(language) for s in sentences(text) if len(s.split()) > 25]
    assert long == []


# The hidden facts, in each language's usual words: clockwise on the stomach (and not over the liver), from the
# centre out on the chest without pressing, from the foot up to the thigh on the legs, never pressing on the
# fontanelles.
FACTS = {
    "en": {"head": ["fontanel"], "stomach": ["clockwise", "liver"], "chest": ["press"],
           "legs_start": "from the foot up", "legs_never": ("from the thigh", "from the hip"),
           "legs_note": "from the thigh to the foot"},
    "ru": {"head": ["родничк", "не надавливайте"], "stomach": ["по часовой стрелке", "печен"], "chest": ["нажим"],
           "legs_start": "от стопы вверх", "legs_never": ("от бедра",), "legs_note": "от бедра к стопе"},
    "es": {"head": ["fontanela", "nunca presiones"], "stomach": ["en el sentido de las agujas del reloj", "hígado"],
           "chest": ["presi"], "legs_start": "desde el pie hacia arriba",
           "legs_never": ("desde el muslo", "desde la cadera"), "legs_note": "del muslo al pie"},
}


@pytest.mark.parametrize("language", FACTS)
def test_the_safety_facts_are_in_the_routines_in_every_language(content, language):
    facts = FACTS[language]
    with translation.override(language):
        def text(area):
            routine = Routine.objects.get(body_area=area)
            steps = (f"{s.instruction} {s.direction} {s.caution}" for s in routine.steps.all())
            return " ".join([routine.cautions, *steps]).lower()

        for area, words in [(BodyArea.HEAD, facts["head"]), (BodyArea.STOMACH, facts["stomach"]),
                            (BodyArea.CHEST, facts["chest"])]:
            assert all(word in text(area) for word in words), (area, words)
        legs = list(Routine.objects.get(body_area=BodyArea.LEGS).steps.all())
        directions = [step.direction.lower() for step in legs]
        assert any(d.startswith(facts["legs_start"]) for d in directions)
        assert not any(d.startswith(facts["legs_never"]) for d in directions)
        assert any(facts["legs_note"] in step.source_note.lower() for step in legs)


def test_the_loader_fills_translations_but_never_an_editors_words(content):
    step = Step.objects.get(routine__slug="stomach", title_en="Small clockwise circles")
    shipped_ru = step.title_ru
    assert shipped_ru and step.title_es and Routine.objects.get(slug="stomach").summary_ru
    # An editor writes their own Russian title, and rewrites the English instruction (its shipped Russian and
    # Spanish no longer say the same, so the editor empties them to translate again).
    Step.objects.filter(pk=step.pk).update(title_ru="Кружочки", instruction_en="New English words.",
                                           instruction_ru="", instruction_es="")
    report = load_content()
    step.refresh_from_db()
    assert step.title_ru == "Кружочки"
    assert step.instruction_ru == "" and step.instruction_es == ""  # not the translation of the old English
    assert "translated into ru: 0" not in report.lines()  # nothing else was missing, so nothing was counted
    with translation.override("ru"):
        assert step.instruction == "New English words."  # a missing translation reads as the English


def test_a_missing_translation_shows_the_english_on_the_page_never_an_empty_box(client, content):
    Routine.objects.filter(slug="feet").update(title_ru="", summary_ru="")
    with translation.override("ru"):
        url = reverse("routines:routine_detail", args=["feet"])
    page = client.get(url).content.decode()
    english = Routine.objects.get(slug="feet")
    assert url.startswith("/ru/") and english.title_en in page and english.summary_en in page


# --- choosing the language ---------------------------------------------------------------------------------------

def test_the_browsers_language_comes_first_on_an_english_address(client, db):
    assert client.get("/routines/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9,en;q=0.5")["Location"] == "/ru/routines/"
    assert client.get("/routines/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")["Location"] == "/es/routines/"
    assert client.get("/routines/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").status_code == 200
    assert client.get("/routines/", HTTP_ACCEPT_LANGUAGE="de-DE").status_code == 200  # not spoken here: English
    # A printed English sheet's link stays English; so do htmx swaps, forms, the admin and /healthz.
    assert client.get("/routines/?lang=en", HTTP_ACCEPT_LANGUAGE="ru").status_code == 200
    assert client.get("/routines/", HTTP_ACCEPT_LANGUAGE="ru", HTTP_HX_REQUEST="true").status_code == 200
    assert client.get("/healthz", HTTP_ACCEPT_LANGUAGE="ru").status_code == 200
    assert client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="ru").status_code == 200
    assert "Location" not in client.post("/accounts/login/", {"username": "x"}, HTTP_ACCEPT_LANGUAGE="ru")


def test_the_switcher_changes_the_language_and_remembers_it(client, db):
    response = client.post(reverse("safety:language"), {"language": "es", "next": "/courses/"},
                           HTTP_ACCEPT_LANGUAGE="ru")
    assert response["Location"] == "/es/courses/" and client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = client.get(response["Location"]).content.decode()
    assert '<html lang="es">' in page and 'aria-current="true"' in page
    # Remembered: an English address now sends this visitor to Spanish, whatever the browser says.
    assert client.get("/routines/", HTTP_ACCEPT_LANGUAGE="ru")["Location"] == "/es/routines/"
    back = client.post(reverse("safety:language"), {"language": "en", "next": "/es/courses/"})
    assert back["Location"] == "/courses/"
    assert client.get("/routines/", HTTP_ACCEPT_LANGUAGE="ru").status_code == 200


@pytest.mark.parametrize("data", [{"language": "klingon", "next": "/"}, {"next": "/"}, {"language": "ru\x00"}])
def test_a_tampered_switch_is_refused_and_changes_nothing(client, db, data):
    user = make_parent()
    client.force_login(user)
    response = client.post(reverse("safety:language"), data)
    assert response.status_code == 400
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert ParentSettings.language_of(user) in (None, "en")


def test_the_switcher_never_sends_anyone_to_another_site(client, db):
    response = client.post(reverse("safety:language"), {"language": "ru", "next": "https://evil.example/"})
    assert response["Location"] == "/ru/"


def test_a_parents_language_follows_them_to_another_phone(client, client_factory, db):
    user = make_parent()
    client.force_login(user)
    client.post(reverse("safety:language"), {"language": "ru", "next": "/"})
    assert ParentSettings.language_of(user) == "ru"
    phone = client_factory()
    response = phone.post(reverse("safety:login"), {"username": user.email, "password": "a long enough secret 1"})
    assert response.status_code == 302 and phone.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert phone.get("/babies/")["Location"] == "/ru/babies/"


# --- the questionnaire --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", OTHERS)
def test_the_questionnaire_has_every_question_in_every_language_with_the_same_ids(db, language):
    questions = Question.objects.filter(version=QuestionnaireVersion.current())
    assert questions.count() > 20
    with translation.override(language):
        for question in questions:
            assert question.text != question.text_en and getattr(question, f"text_{language}"), question.qid
            assert bool(question.term_en) == bool(getattr(question, f"term_{language}")), question.qid


def test_a_screening_keeps_the_language_it_was_answered_in(client, db):
    baby = make_baby()
    client.force_login(baby.parent)
    with translation.override("ru"):
        url = reverse("safety:screening", args=[baby.pk])
    form = client.get(url).content.decode()
    first = Question.objects.filter(version=QuestionnaireVersion.current()).first()
    assert first.text_ru in form and first.text_en not in form
    version = QuestionnaireVersion.current()
    response = client.post(url, {"version": version.pk, **all_clear_answers(version)})
    assert response.status_code == 302 and response["Location"].startswith("/ru/")
    screening = baby.screenings.get()
    assert screening.language == "ru"
    with translation.override("ru"):
        said = screening.get_language_display()
    assert said != "Russian" and said in client.get(response["Location"]).content.decode()


# --- every page in every language ----------------------------------------------------------------------------------

class VisibleText(HTMLParser):
    """The words a visitor sees or hears: text outside scripts and styles, and the attributes read aloud or shown."""

    SPOKEN = {"aria-label", "title", "alt", "placeholder", "value"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skipping += 1
        for name, value in attrs:
            if value and (name in self.SPOKEN or name.startswith("data-")) and not (tag == "input" and name == "value"):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)

    @classmethod
    def of(cls, html):
        parser = cls()
        parser.feed(html)
        return " ".join(" ".join(parser.parts).split())


def english_messages(language):
    """The interface's English sentences and phrases (two words or more, no placeholder) whose translation
    differs: any of them on a page in `language` is a string the page forgot to translate."""
    return {entry.msgid for entry in catalogue(language)
            if not entry.msgid_plural and len(entry.msgid.split()) >= 2 and not PLACEHOLDER.search(entry.msgid)
            and "<" not in entry.msgid and entry.msgstr and entry.msgstr != entry.msgid}


def every_page(client, baby, staff_client):
    """(url, html) of every page a visitor, a parent with a ready baby and a clinic's staff can open, in the
    language that is active."""
    for name, route, _callback in project_views():
        if name in ("healthz", "manifest", "service_worker") or "token" in route or "uidb64" in route:
            continue
        url = fill(route, baby, "stomach")
        if not url.startswith(("/ru/", "/es/")):
            url = f"/{translation.get_language()}{url}"
        for who in (client, staff_client):
            response = who.get(url)
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                yield url, response.content.decode()
                break


@pytest.mark.parametrize("language", OTHERS)
def test_every_page_in_russian_and_spanish_has_no_english_interface_string_left(client, client_factory, content,
                                                                                 language):
    from guide.services import start_session
    from safety.services import gate_status

    baby = ready_baby()
    start_session(gate=gate_status(baby), routine=Routine.objects.get(slug="stomach"))
    client.force_login(baby.parent)
    staff_client = client_factory()
    staff_client.force_login(make_clinic_staff().user)
    english = english_messages(language)
    seen, left = [], {}
    with translation.override(language):
        for url, html in every_page(client, baby, staff_client):
            seen.append(url)
            text = VisibleText.of(html)
            found = sorted(message for message in english if message in text)
            if found:
                left[url] = found
    assert len(seen) > 30
    assert left == {}

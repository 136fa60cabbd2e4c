"""Every step shows where the hands go and which way they move: an inline SVG diagram with words for screen readers."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from routines.diagrams import DIAGRAMS, diagram_choices
from routines.models import Routine, Step
from routines.templatetags.routines_tags import diagram
from tests.factories import make_routine

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
DIAGRAM_DIR = Path(settings.BASE_DIR) / "templates" / "diagrams"
# Drawings of a touch that does not travel, so they show a hand or spots instead of arrows.
WITHOUT_ARROWS = {"stomach-rest", "foot-sole-points"}


def svg_of(html):
    """The <svg> element of a rendered diagram, parsed as XML (which fails on any malformed markup)."""
    return ET.fromstring(re.search(r"<svg\b.*?</svg>", html, re.S).group(0))  # noqa: S314 (our own templates)


def step_chunks(page):
    """The HTML of each step of a routine page, in order."""
    return re.findall(r'<li id="step-\d+">(.*?)</li>\s*(?=<li id="step-|</ol>)', page, re.S)


def test_every_step_of_every_published_routine_shows_a_diagram_with_words(client, content):
    routines = list(Routine.objects.published().prefetch_related("steps"))
    assert len(routines) == 7
    for routine in routines:
        page = client.get(routine.get_absolute_url()).content.decode()
        chunks = step_chunks(page)
        assert len(chunks) == routine.steps.count()
        for step, chunk in zip(routine.steps.all(), chunks, strict=True):
            info = DIAGRAMS[step.diagram]  # a KeyError names a step without a known diagram
            svg = svg_of(chunk)
            assert svg.get("role") == "img"
            title = svg.find(f"{SVG}title")
            assert svg.get("aria-labelledby") == title.get("id")
            assert title.text == str(info["label"])
            assert f'<figcaption class="diagram-alt">{escape(info["alt"])}</figcaption>' in chunk


def test_each_routine_uses_the_diagrams_of_its_own_body_area(content):
    prefixes = {"head": ("head-",), "stomach": ("stomach-",), "chest": ("chest-",), "arms": ("hand-", "arm-"),
                "legs": ("leg-",), "feet": ("foot-",), "back": ("back-",)}
    for step in Step.objects.select_related("routine"):
        assert step.diagram.startswith(prefixes[step.routine.body_area]), step.title


def test_the_issue_s_movements_each_have_their_diagram(content):
    used = {(step.routine.slug, step.title): step.diagram for step in Step.objects.select_related("routine")}
    assert used["stomach", "Small clockwise circles"] == "stomach-clockwise"
    assert used["chest", "Open the chest"] == "chest-centre-out"
    assert used["hands-and-arms", "Palm circles"] == "hand-palm-circles"
    assert used["hands-and-arms", "Each finger"] == "hand-fingers"
    assert used["hands-and-arms", "Hand to shoulder"] == "arm-hand-to-shoulder"
    assert used["legs", "Whole leg"] == "leg-foot-to-thigh"
    assert used["feet", "Top of the foot"] == "foot-top"
    assert used["feet", "Sole"] == "foot-sole"
    assert used["feet", "Each toe"] == "foot-toes"
    assert used["back", "Long strokes"] == "back-neck-to-buttocks"
    assert used["head-and-face", "Eyebrows"] == "head-brow"


@pytest.mark.parametrize("name", list(DIAGRAMS))
def test_each_diagram_is_well_formed_svg_with_a_name_and_arrows_of_its_own(name):
    html = diagram(name, 7)
    svg = svg_of(html)
    assert svg.tag == f"{SVG}svg"
    assert svg.get("viewBox")
    title = svg.find(f"{SVG}title")
    assert title.get("id") == svg.get("aria-labelledby") == "dg7"
    assert title.text == str(DIAGRAMS[name]["label"])
    marker_ids = {m.get("id") for m in svg.iter(f"{SVG}marker")}
    references = set(re.findall(r'url\(#([^)]+)\)', html))
    assert references <= marker_ids == {"ah7"}
    arrows = [e for e in svg.iter() if "ar" in (e.get("class") or "").split()]
    if name in WITHOUT_ARROWS:
        assert not arrows
    else:
        assert arrows and all(a.get("marker-end") == "url(#ah7)" for a in arrows)


@pytest.mark.parametrize("name", list(DIAGRAMS))
def test_each_text_alternative_says_what_the_picture_shows(name):
    label, alt = str(DIAGRAMS[name]["label"]), str(DIAGRAMS[name]["alt"])
    assert 20 <= len(alt) <= 320
    assert alt.endswith(".") and len(label) <= 60
    drawn = " ".join(" ".join(t.itertext()) for t in svg_of(diagram(name, 1)).iter(f"{SVG}text"))
    for words in ("baby's right", "baby's left", "liver", "soft spot", "spine"):
        if words in drawn:  # whatever the picture labels, the words say too
            assert words in alt.lower(), words


def test_stomach_diagrams_put_the_liver_on_the_baby_s_right_which_is_your_left():
    for name in ("stomach-rest", "stomach-clockwise", "stomach-spirals"):
        svg = svg_of(diagram(name, 1))
        texts = {"".join(t.itertext()): float(t.get("x")) for t in svg.iter(f"{SVG}text")}
        assert texts["baby's rightyour left"] < 120 < texts["baby's leftyour right"]
        liver = next(e for e in svg.iter() if e.get("class") == "av")
        assert float(liver.get("cx")) < 120  # the left half of the drawing, seen from the baby's feet


def test_stomach_circles_go_clockwise_as_the_parent_looks_down():
    """An SVG arc with sweep-flag 1 turns clockwise on screen (y grows downwards)."""
    d = next(e for e in svg_of(diagram("stomach-clockwise", 1)).iter() if e.get("class") == "ar").get("d")
    start_x = float(re.match(r"M([\d.]+)", d).group(1))
    flags = re.search(r"A[\d.]+ [\d.]+ [\d.]+ (\d) (\d)", d).groups()
    assert flags[1] == "1"
    assert start_x < 120  # starts on the baby's right (your left) and goes up over the top


def test_every_diagram_has_its_template_and_every_template_is_a_diagram():
    files = {p.stem for p in DIAGRAM_DIR.glob("*.svg") if not p.name.startswith("_")}
    assert files == set(DIAGRAMS)


STEP_VISUAL = Path(settings.BASE_DIR) / "templates" / "routines" / "_step_visual.html"


@pytest.mark.parametrize("path", [*sorted(DIAGRAM_DIR.iterdir()), STEP_VISUAL], ids=lambda p: p.name)
def test_diagram_markup_stays_within_a_strict_content_security_policy(path):
    markup = path.read_text()
    assert not re.search(r"<script|<style|\sstyle=|\son[a-z]+=|javascript:", markup, re.I)


def test_diagrams_stay_small_enough_for_a_step_card_swap():
    # The htmx step swap budget is 4 KB for the whole card (tests/guide/test_offline.py checks every card of
    # the library); the drawing, moving dots included, must leave room for the words.
    sizes = {name: len(diagram(name, 123456).encode()) for name in DIAGRAMS}
    assert max(sizes.values()) <= 2500, sizes


def test_a_diagram_has_a_dot_moving_along_its_arrows_at_the_given_pace():
    svg = diagram("leg-foot-to-thigh", 7, pace=6)
    tracks = re.findall(r'<path id="(mv7-\d)"', svg)
    assert len(tracks) == 2  # one for each hand
    for track in tracks:
        assert f'<animateMotion dur="6s" repeatCount="indefinite"><mpath href="#{track}"/>' in svg


def test_many_diagrams_on_one_page_keep_their_ids_unique(client, db):
    routine = make_routine(steps=3)
    routine.steps.update(diagram="stomach-clockwise")
    page = client.get(routine.get_absolute_url()).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    references = re.findall(r'url\(#([^)]+)\)', page) + re.findall(r'aria-labelledby="([^"]+)"', page)
    assert len(references) >= 6 and set(references) <= set(ids)


def test_a_diagram_without_a_suffix_still_gets_ids_of_its_own():
    first, second = svg_of(diagram("foot-sole")), svg_of(diagram("foot-sole"))
    assert first.get("aria-labelledby") != second.get("aria-labelledby")


def test_the_routine_page_still_needs_three_queries_with_diagrams(client, db, django_assert_num_queries):
    routine = make_routine(steps=6)
    routine.steps.update(diagram="leg-foot-to-thigh")
    # 1. the routine, 2. its steps joined with their techniques, 3. the choices that shape it; the drawings are
    # templates, not rows
    with django_assert_num_queries(3):
        page = client.get(routine.get_absolute_url()).content.decode()
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 6


def test_a_step_whose_diagram_left_the_registry_shows_nothing_rather_than_failing(client, db):
    routine = make_routine(steps=1)
    routine.steps.update(diagram="retired-drawing")  # bypasses validation, as an old database row would
    response = client.get(routine.get_absolute_url())
    assert response.status_code == 200
    assert b"<svg" not in response.content


def test_a_step_without_diagram_or_image_shows_no_empty_figure(client, db):
    routine = make_routine(steps=1)
    assert b"<figure" not in client.get(routine.get_absolute_url()).content


def test_a_step_only_accepts_a_diagram_from_the_list():
    routine = make_routine(steps=1)
    step = routine.steps.get()
    step.diagram = "stomach-anticlockwise"
    with pytest.raises(ValidationError) as error:
        step.full_clean()
    assert "diagram" in error.value.message_dict
    step.diagram = "stomach-clockwise"
    step.full_clean()


def test_editors_choose_a_step_s_diagram_by_its_picture_in_admin(client, db):
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.com", "pw"))
    routine = make_routine(steps=2)
    page = client.get(reverse("admin:routines_routine_change", args=[routine.pk])).content.decode()
    picker = re.search(r'<div class="diagram-options" role="radiogroup".*?</div>', page, re.S).group(0)
    for name, label in diagram_choices():
        # Each drawing is a radio button named by its label, with its picture beside it.
        option = re.search(rf'<label class="diagram-option"[^>]*><input type="radio" name="steps-0-diagram" '
                           rf'value="{name}"[^>]*>(.*?)</label>', picker, re.S)
        assert option, name
        assert f'href="#sprite-{name}"' in option.group(1) and str(escape(str(label))) in option.group(1)
    # Every picture is drawn once on the page, however many steps (and pickers) there are.
    assert page.count('class="diagram-sprite"') == 1
    assert page.count('<svg id="sprite-stomach-clockwise"') == 1


def test_the_player_draws_the_shared_parts_once_and_each_card_shows_them_from_there(client, content):
    """The baby, hands and side labels many drawings share are drawn once on the player page; each step card (swapped
    in on every step) shows them with <use>, and every part it uses is on the page. Other pages draw them inline."""
    from guide import services
    from safety.services import gate_status
    from tests.factories import ready_baby

    baby = ready_baby(age_days=150)
    session = services.start_session(gate=gate_status(baby), routine=Routine.objects.get(slug="stomach"))
    session.set_checklist("ticked")
    client.force_login(baby.parent)
    page = client.get(reverse("guide:session_player", args=[baby.pk, session.pk])).content.decode()
    card = page.split('<section id="step-card"', 1)[1].split("</section>", 1)[0]
    used = set(re.findall(r'<use href="#(dgp-\w+)"/>', card))
    assert used and used <= set(re.findall(r'<g id="(dgp-\w+)" class="dg">', page))
    assert "<use " not in client.get(reverse("routines:routine_detail", args=["stomach"])).content.decode()
    assert "<use " not in client.get(reverse("routines:routine_print", args=["stomach"])).content.decode()

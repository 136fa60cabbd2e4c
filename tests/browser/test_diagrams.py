"""The direction diagrams in a real Chromium: accessible, following the evening mode, still for parents who
prefer reduced motion, black and white on paper. The stomach routine is captured for a reviewer to look at."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from routines.diagrams import DIAGRAMS
from routines.models import Routine
from tests.factories import make_routine

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
ARTIFACTS = Path(__file__).parent / "artifacts"


def capture(page, name, capsys):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=path, full_page=True)
    with capsys.disabled():
        print(f"\n  screenshot for review: {path}")
    return path


def arrow_style(page, prop):
    return page.evaluate(f"getComputedStyle(document.querySelector('.dg .ar')).{prop}")


@pytest.fixture
def all_diagrams(site):
    """A published routine with one step per diagram, so every drawing is seen on a real page."""
    routine = make_routine(steps=len(DIAGRAMS), title="Every diagram", slug="every-diagram")
    for step, name in zip(routine.steps.all(), DIAGRAMS, strict=True):
        step.diagram = name
        step.save(update_fields=["diagram"])
    return site.url + routine.get_absolute_url()


def test_the_stomach_routine_shows_a_diagram_for_every_step_and_passes_axe(site, page, axe, capsys):
    stomach = Routine.objects.get(slug="stomach")
    page.set_viewport_size(PHONE)
    page.emulate_media(reduced_motion="reduce")  # a still picture, the same on every run
    page.goto(site.url + stomach.get_absolute_url())
    steps = page.locator("ol.steps > li")
    assert steps.count() == stomach.steps.count() == 5
    for i, step in enumerate(stomach.steps.all()):
        drawing = steps.nth(i).get_by_role("img")
        expect(drawing).to_have_accessible_name(str(DIAGRAMS[step.diagram]["label"]))
        box = drawing.bounding_box()
        assert box["width"] >= 250 and box["height"] >= 250  # big enough to follow on a phone
    expect(page.get_by_text("baby's left").first).to_be_visible()
    assert axe(page) == [], axe.describe(axe(page))
    capture(page, "stomach-routine.png", capsys)

    page.emulate_media(color_scheme="dark", reduced_motion="reduce")
    assert axe(page) == [], axe.describe(axe(page))
    capture(page, "stomach-routine-dark.png", capsys)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_diagram_passes_axe(all_diagrams, page, axe, scheme, capsys):
    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
    page.goto(all_diagrams)
    drawings = page.locator("figure.diagram svg[role=img]")
    assert drawings.count() == len(DIAGRAMS)
    for i in range(drawings.count()):
        assert drawings.nth(i).bounding_box()["height"] >= 200  # drawn, not an empty box
    violations = axe(page)
    assert violations == [], axe.describe(violations)
    capture(page, f"every-diagram-{scheme}.png", capsys)


def test_diagrams_follow_the_evening_mode_of_the_system_and_of_the_toggle(all_diagrams, page):
    page.goto(all_diagrams)
    light = arrow_style(page, "stroke"), page.evaluate("getComputedStyle(document.querySelector('.dg .o')).fill")
    page.emulate_media(color_scheme="dark")
    dark = arrow_style(page, "stroke"), page.evaluate("getComputedStyle(document.querySelector('.dg .o')).fill")
    assert light[0] != dark[0] and light[1] != dark[1]

    page.emulate_media(color_scheme="light")
    page.get_by_role("button", name="Evening mode").click()
    assert arrow_style(page, "stroke") == dark[0]


def test_arrows_move_only_for_parents_who_do_not_prefer_reduced_motion(all_diagrams, page):
    page.emulate_media(reduced_motion="no-preference")
    page.goto(all_diagrams)
    assert arrow_style(page, "animationName") == "dg-flow"
    page.emulate_media(reduced_motion="reduce")
    assert arrow_style(page, "animationName") == "none"


def test_diagrams_print_in_black_and_white_with_solid_arrows(all_diagrams, page):
    page.goto(all_diagrams)
    page.emulate_media(media="print", color_scheme="dark")  # printing from the evening mode, too
    assert arrow_style(page, "stroke") == "rgb(0, 0, 0)"
    assert arrow_style(page, "strokeDasharray") == "none"
    assert arrow_style(page, "animationName") == "none"
    colours = page.evaluate("""() => [...document.querySelectorAll('.dg *')].flatMap(e => {
        const s = getComputedStyle(e); return [s.fill, s.stroke]; })""")
    greys = {c for c in colours if c.startswith("rgb(")}
    for colour in greys:
        r, g, b = (int(v) for v in colour[4:-1].split(", "))
        assert r == g == b, colour


def test_diagrams_need_nothing_the_policy_refuses(all_diagrams, browser):
    """No inline style or script: every drawing renders under the strict Content-Security-Policy (the other
    tests' context bypasses it so that axe-core can go in as an inline script)."""
    context = browser.new_context()
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    response = page.goto(all_diagrams)
    drawings = page.locator("figure.diagram svg")
    assert drawings.count() == len(DIAGRAMS)
    assert page.evaluate("getComputedStyle(document.querySelector('.dg .o')).fill") != "rgb(0, 0, 0)"  # styled
    context.close()
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert [text for text in console if "Content Security Policy" in text] == []

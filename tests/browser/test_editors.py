"""An editor in the admin, in a real Chromium under the app's Content-Security-Policy: drags a step and finds the
new order on the public page and the print sheet; edits a published step and finds the sheet saying so until a
clinical reviewer approves it; goes back in the history and finds the old words again. The admin pages pass axe."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from routines.models import ChecklistItem, Course, Game, Routine
from tests.routines.admin_pages import make_editor, make_reviewer

pytestmark = pytest.mark.browser


@pytest.fixture
def signed_in(site, browser):
    """signed_in(user): a browser of its own for `user`, signed in. By default it keeps the site's
    Content-Security-Policy (the `page` fixture bypasses it for axe), and collects every violation it reports in
    `.violations`. Each is closed at the end of the test."""
    contexts = []

    def open_for(user, *, keep_csp=True):
        client = Client()
        client.force_login(user)
        context = browser.new_context(bypass_csp=not keep_csp, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site.url}])
        page = context.new_page()
        page.violations = []
        page.on("console", lambda message: page.violations.append(message.text)
                if "Content Security Policy" in message.text else None)
        return page

    yield open_for
    for context in contexts:
        context.close()


def step_titles(page, url, selector):
    page.goto(url)
    return page.locator(selector).all_inner_texts()


def sheet_footer(page, site, routine):
    page.goto(site.url + reverse("routines:routine_print", args=[routine.slug]))
    return page.locator(".sheet-review").inner_text()


def test_a_step_dragged_in_admin_moves_on_the_public_page_and_the_print_sheet(site, signed_in):
    feet = Routine.objects.get(slug="feet")
    titles = list(feet.steps.order_by("order").values_list("title", flat=True))
    page = signed_in(make_editor())
    page.goto(site.url + reverse("admin:routines_routine_change", args=[feet.pk]))
    rows = page.locator(".compact-steps .inline-related.has_original h3")
    expect(rows).to_have_count(len(titles))
    # All the rows on the screen at once, as the compact list allows (a synthetic drag does not scroll the page).
    page.evaluate("document.getElementById('steps-group').scrollIntoView()")
    rows.nth(len(titles) - 1).drag_to(rows.nth(0))  # the last step, dropped on the first
    expect(rows.nth(0)).to_contain_text(titles[-1])
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    wanted = [titles[-1], *titles[:-1]]
    assert step_titles(page, site.url + feet.get_absolute_url(), "ol.steps > li > h3") == wanted
    sheet = site.url + reverse("routines:routine_print", args=[feet.slug])
    assert step_titles(page, sheet, ".print-step-title") == wanted
    assert page.violations == []


def test_the_steps_page_is_compact_until_a_step_is_opened(site, signed_in):
    feet = Routine.objects.get(slug="feet")
    page = signed_in(make_editor())
    page.goto(site.url + reverse("admin:routines_routine_change", args=[feet.pk]))
    height = page.evaluate("document.documentElement.scrollHeight")
    # It was about 8,000 px of stacked forms; the routine's own texts now show in three languages (about 800 px more).
    assert height < 3600, height
    step = feet.steps.order_by("order").first()
    expect(page.locator("#id_steps-0-instruction_en")).to_be_hidden()  # folded: only the summary rows show
    page.get_by_text(f"Edit “{step.title}”").click()
    expect(page.locator("#id_steps-0-instruction_en")).to_have_value(step.instruction)
    page.get_by_text("Choose the drawing").first.click()
    chosen = page.locator(f'#steps-0 input[type="radio"][value="{step.diagram}"]')
    expect(chosen).to_be_checked()
    # Each drawing's picture is drawn from the one copy on the page, at a size the eye can tell apart.
    box = page.locator("#steps-0 .diagram-option .diagram-thumbnail").first.bounding_box()
    assert box["width"] >= 90 and box["height"] >= 90
    # A new step comes open, ready to fill in.
    page.get_by_text("Add another Step").click()
    new = feet.steps.count()
    expect(page.locator(f"#id_steps-{new}-title_en")).to_be_visible()
    expect(page.locator(f"#steps-{new} .inline_label")).to_have_text(f"New step #{new + 1}")
    assert page.violations == []


def test_an_edited_published_step_prints_changed_since_review_until_a_reviewer_approves(site, signed_in):
    feet = Routine.objects.get(slug="feet")
    step = feet.steps.order_by("order").first()
    editor = signed_in(make_editor())
    assert sheet_footer(editor, site, feet).startswith("Reviewed by the Baby massage project")
    editor.goto(site.url + reverse("admin:routines_routine_change", args=[feet.pk]))
    editor.get_by_text(f"Edit “{step.title}”").click()
    editor.locator("#id_steps-0-instruction_en").fill("Hold the heel. Stroke the top of the foot up to the ankle.")
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")
    assert sheet_footer(editor, site, feet) == "Changed since the last clinical review"

    reviewer = signed_in(make_reviewer())  # Dr Ada Moss, in the "clinical reviewers" group
    reviewer.goto(site.url + reverse("admin:routines_routine_change", args=[feet.pk]))
    expect(reviewer.locator(".review-state")).to_have_text("Changed since the last clinical review")
    reviewer.get_by_role("button", name="Mark as clinically reviewed").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("Marked as clinically reviewed by Ada Moss")
    assert re.fullmatch(r"Reviewed by Ada Moss, \d{1,2} \w+ \d{4}", sheet_footer(editor, site, feet))
    assert editor.violations == [] and reviewer.violations == []


def test_going_back_in_the_history_brings_the_old_words_back(site, signed_in):
    feet = Routine.objects.get(slug="feet")
    step = feet.steps.order_by("order").first()
    page = signed_in(make_editor(first_name="Ann", last_name="Editor"))
    page.goto(site.url + reverse("admin:routines_routine_change", args=[feet.pk]))
    page.get_by_text(f"Edit “{step.title}”").click()
    page.locator("#id_steps-0-instruction_en").fill("Words that were a mistake.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.goto(site.url + feet.get_absolute_url())
    expect(page.get_by_text("Words that were a mistake.")).to_be_visible()

    page.goto(site.url + reverse("admin:routines_routine_change", args=[feet.pk]))
    page.get_by_role("link", name="History").click()
    newest = page.locator(".history-entry").first
    expect(newest).to_contain_text("Ann Editor")
    expect(newest.locator("ins")).to_contain_text("mistake")
    page.locator(".history-entry").last.get_by_role("button", name="Go back to this version").click()
    expect(page.locator(".messagelist")).to_contain_text("is back to how it was on")
    page.goto(site.url + feet.get_absolute_url())
    expect(page.get_by_text(step.instruction)).to_be_visible()
    expect(page.get_by_text("Words that were a mistake.")).to_have_count(0)
    assert page.violations == []


def test_a_checklist_item_dragged_in_the_list_moves_at_once_and_a_stale_list_says_so(site, signed_in):
    items = list(ChecklistItem.objects.order_by("order").values_list("title", flat=True))
    editor = signed_in(make_editor())
    other = signed_in(make_editor("colleague"))
    changelist = site.url + reverse("admin:routines_checklistitem_changelist")
    other.goto(changelist)  # a colleague opens the list too
    editor.goto(changelist)
    handles = editor.locator("#result_list div.drag.handle")
    with editor.expect_response(lambda response: "adminsortable2_update" in response.url):
        handles.nth(2).drag_to(handles.nth(0))
    public = step_titles(editor, site.url + reverse("routines:before_you_start"), "main h2")
    assert public[:3] == [items[2], items[0], items[1]]

    # The colleague's page still shows the old order: their drag is refused, and the page says why.
    stale = other.locator("#result_list div.drag.handle")
    with other.expect_navigation():
        stale.nth(1).drag_to(stale.nth(0))
    expect(other.locator(".messagelist")).to_contain_text("The list changed while you had it open")
    assert step_titles(other, site.url + reverse("routines:before_you_start"), "main h2")[:3] == public[:3]
    assert editor.violations == [] and other.violations == []


ADMIN_PAGES = {
    "index": lambda: reverse("admin:index"),
    "routines": lambda: reverse("admin:routines_routine_changelist"),
    "routine": lambda: reverse("admin:routines_routine_change", args=[Routine.objects.get(slug="feet").pk]),
    "new routine": lambda: reverse("admin:routines_routine_add"),
    "course": lambda: reverse("admin:routines_course_change", args=[Course.objects.get(slug="one-to-three-months").pk]),
    "courses": lambda: reverse("admin:routines_course_changelist"),
    "game": lambda: reverse("admin:routines_game_change", args=[Game.objects.first().pk]),
    "checklist": lambda: reverse("admin:routines_checklistitem_changelist"),
    "history": lambda: reverse("admin:routines_routine_history", args=[Routine.objects.get(slug="feet").pk]),
    "deleted routines": lambda: reverse("admin:routines_routine_recoverlist"),
    "source choice": lambda: reverse("admin:routines_sourcechoice_add"),
    "technique": lambda: reverse("admin:routines_technique_add"),
    "clinic": lambda: reverse("admin:routines_clinic_add"),
}


@pytest.mark.parametrize("name", sorted(ADMIN_PAGES))
def test_the_admin_pages_have_no_accessibility_violations(site, signed_in, axe, name):
    page = signed_in(make_editor(), keep_csp=False)  # axe-core goes in as an inline script
    page.goto(site.url + ADMIN_PAGES[name]())
    if name == "routine":  # with a step open and its drawings shown
        page.locator("details.step-editor > summary").first.click()
        page.locator("details.diagram-picker > summary").first.click()
    violations = axe(page)
    assert violations == [], axe.describe(violations)


@pytest.mark.parametrize("name", sorted(ADMIN_PAGES))
def test_the_admin_pages_work_under_the_content_security_policy(site, signed_in, name):
    page = signed_in(make_editor())
    response = page.goto(site.url + ADMIN_PAGES[name]())
    page.wait_for_load_state("networkidle")
    assert response.status == 200
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert page.violations == []

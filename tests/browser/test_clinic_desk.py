"""A nurse at the clinic desk, in a real Chromium: she signs in and prints her clinic's sheets with no address to type,
and records the doctor's approval for a baby a parent shares with her clinic; the parent's gate then opens with the
areas the doctor left out, and once the parent ends the share the nurse gets a 404."""

import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from routines.models import Course, Routine
from tests.browser.test_print import make_clinic, pdfinfo, poppler, serve_media
from tests.browser.test_safety_journey import answer_all
from tests.factories import make_baby, make_clinic_staff, make_parent, screen

pytestmark = pytest.mark.browser

PASSWORD = "a long enough secret 1"
CLINIC_NAME = "Riverside Children's Clinic"  # tests/browser/test_print.py's clinic, with a logo and a long note


def log_in(page, email):
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def printed_text(page, path):
    """What the sheet on screen puts on paper: A4 pages, and their text."""
    page.evaluate("async () => { await document.fonts.ready; }")
    path.write_bytes(page.pdf(format="A4"))
    text = subprocess.run([poppler("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True).stdout
    return int(pdfinfo(path)["Pages"]), text


def press_print(page):
    """Press the preview's Print button; True when it asked the browser to print (window.print, stubbed: headless
    Chromium has no print dialog to open)."""
    page.evaluate("() => { window.printCalls = 0; window.print = () => { window.printCalls += 1; }; }")
    page.get_by_role("button", name="Print", exact=True).click()
    return page.evaluate("window.printCalls") == 1


def test_a_nurse_signs_in_and_prints_a_routine_a_course_summary_and_a_set_with_her_clinics_header(
        site, page, tmp_path, axe):
    clinic = make_clinic()
    make_clinic_staff(clinic, email="nurse@riverside.example", password=PASSWORD)
    serve_media(page, site)
    stomach = Routine.objects.get(slug="stomach")
    course = Course.objects.get(slug="one-to-three-months")

    page.goto(site.url + "/clinic/")  # her bookmark: the desk asks her to log in first, then opens
    log_in(page, "nurse@riverside.example")
    expect(page.get_by_role("heading", name=f"Clinic desk: {CLINIC_NAME}")).to_be_visible()
    expect(page.get_by_role("link", name="Clinic desk")).to_be_visible()  # in the menu from now on
    assert axe(page) == [], axe.describe(axe(page))

    # A routine sheet, one click from the desk.
    page.get_by_role("link", name=f"Print: {stomach.title}").click()
    assert page.url.endswith(f"/routines/stomach/print/?clinic={clinic.slug}")  # nobody typed it
    expect(page.locator(".sheet-header")).to_contain_text(CLINIC_NAME)
    assert press_print(page)
    pages, text = printed_text(page, tmp_path / "routine.pdf")
    assert pages == 1 and CLINIC_NAME in text and "Print preview" not in text
    assert axe(page) == [], axe.describe(axe(page))

    # The course at a glance, one click from the desk.
    page.go_back()
    page.get_by_role("link", name=f"One-page summary: {course.title}").click()
    assert page.url.endswith(f"/courses/{course.slug}/summary/?clinic={clinic.slug}")
    expect(page.get_by_role("heading", name=course.title)).to_be_visible()
    assert press_print(page)
    pages, text = printed_text(page, tmp_path / "summary.pdf")
    assert pages == 1 and CLINIC_NAME in text
    assert all(item.routine.title in text for item in course.course_routines.all())
    assert axe(page) == [], axe.describe(axe(page))

    # Two routines ticked, printed in one go: a page each, both with the clinic's header.
    page.go_back()
    page.get_by_role("checkbox", name="Head and face").check()
    page.get_by_role("checkbox", name="Feet").check()
    page.get_by_role("button", name="Print the ticked routines").click()
    expect(page.locator(".sheet-header")).to_have_count(2)
    for i in range(2):
        expect(page.locator(".sheet-header").nth(i)).to_contain_text(CLINIC_NAME)
    assert press_print(page)
    pages, text = printed_text(page, tmp_path / "set.pdf")
    assert pages == 2 and text.count(CLINIC_NAME) >= 2
    assert axe(page) == [], axe.describe(axe(page))


def test_an_unknown_clinic_gets_a_friendly_page_with_a_way_on(site, page, axe):
    response = page.goto(site.url + "/routines/stomach/print/?clinic=riversid")
    assert response.status == 404
    expect(page.get_by_role("heading", name="We do not know this clinic")).to_be_visible()
    assert axe(page) == [], axe.describe(axe(page))
    page.get_by_role("link", name="Show the sheet without a clinic's name").click()
    expect(page.get_by_role("button", name="Print", exact=True)).to_be_visible()
    assert page.url.endswith("/routines/stomach/print/")


def test_a_parent_shares_a_baby_the_nurse_records_the_approval_and_the_gate_opens_until_the_share_ends(
        site, browser, axe):
    clinic = make_clinic()
    make_clinic_staff(clinic, email="nurse@riverside.example", password=PASSWORD)
    parent = make_parent(email="mum@example.com", password=PASSWORD)
    baby = make_baby(parent=parent, name="Mila", age_days=60)
    screen(baby, hips="yes")  # a hip condition a specialist treats: a doctor must say yes first
    legs = Routine.objects.get(slug="legs")

    mum = browser.new_context(bypass_csp=True).new_page()
    mum.goto(site.url + "/accounts/login/")
    log_in(mum, "mum@example.com")
    mum.goto(site.url + baby.get_absolute_url())
    expect(mum.get_by_text("a doctor should say yes first")).to_be_visible()
    mum.get_by_role("link", name="share with your clinic", exact=True).click()  # beside "record the approval"
    expect(mum.get_by_role("heading", name="Share Mila with your clinic")).to_be_visible()
    mum.get_by_role("button", name="Make a code").click()
    code = mum.locator(".code-value").inner_text()
    expect(mum.get_by_role("img", name="QR code: the code for your clinic to scan")).to_be_visible()
    assert axe(mum) == [], axe.describe(axe(mum))

    nurse = browser.new_context(bypass_csp=True).new_page()
    nurse.goto(site.url + "/clinic/")
    log_in(nurse, "nurse@riverside.example")
    nurse.get_by_label("The family's code").fill(code)
    nurse.get_by_role("button", name="Open").click()
    expect(nurse.get_by_role("heading", name="Mila")).to_be_visible()
    expect(nurse.get_by_text("Mila is now shared with Riverside Children's Clinic.")).to_be_visible()
    expect(nurse.get_by_text("Corrected age:")).to_be_visible()
    expect(nurse.locator(".concerns")).to_contain_text("hips")
    assert axe(nurse) == [], axe.describe(axe(nurse))
    shared_url = nurse.url
    nurse.get_by_label("Doctor who approved massage").fill("Dr Lee")
    nurse.get_by_label("Role").select_option(label="Treating specialist")
    nurse.get_by_label("Approval valid until").fill((timezone.localdate() + timedelta(days=150)).isoformat())
    nurse.get_by_label("Legs").check()
    nurse.get_by_role("button", name="Record the approval").click()
    expect(nurse.get_by_text("The approval is recorded.")).to_be_visible()
    assert axe(nurse) == [], axe.describe(axe(nurse))

    # The parent sees who recorded it, checks today, and the session plan leaves the legs out.
    mum.goto(site.url + baby.get_absolute_url())
    expect(mum.get_by_text(f"Recorded by {CLINIC_NAME}.")).to_be_visible()
    mum.get_by_role("link", name="Check today").click()
    answer_all(mum, "No")
    mum.get_by_label("How many minutes ago did your baby last feed?").fill("50")
    mum.get_by_role("button", name="Check").click()
    expect(mum.get_by_role("heading", name="Today's massage for Mila")).to_be_visible()
    left_out = mum.get_by_role("note").filter(has_text="Left out for now")
    expect(left_out).to_contain_text(legs.title)

    # The parent ends the share: the nurse's page of Mila is gone.
    mum.goto(site.url + f"/babies/{baby.pk}/clinic/")
    assert axe(mum) == [], axe.describe(axe(mum))
    mum.get_by_role("button", name=f"End sharing with {CLINIC_NAME}").click()
    expect(mum.get_by_text(f"{CLINIC_NAME} can no longer see Mila.")).to_be_visible()
    response = nurse.goto(shared_url)
    assert response.status == 404
    expect(nurse.get_by_text("Mila")).to_have_count(0)


def test_the_desks_other_pages_have_no_accessibility_violations(site, page, axe):
    """The pages the journeys above do not reach: a refused code, too many tries, the desk for someone who does not
    work at a clinic, and a print of no routines."""
    make_clinic_staff(make_clinic(), email="nurse@riverside.example", password=PASSWORD)
    make_parent(email="dad@example.com", password=PASSWORD)
    page.goto(site.url + "/clinic/code/")
    log_in(page, "nurse@riverside.example")
    checked = {}
    for n in range(5):
        page.get_by_label("The family's code").fill(f"ABCD-EFG{n + 2}")
        page.get_by_role("button", name="Open").click()
        expect(page.get_by_text("This code does not open anything.")).to_be_visible()
        checked.setdefault("refused code", axe(page))
    page.get_by_label("The family's code").fill("ABCD-2345")
    page.get_by_role("button", name="Open").click()
    expect(page.get_by_role("heading", name="Too many tries")).to_be_visible()
    checked["too many tries"] = axe(page)
    page.goto(site.url + "/print/routines/?clinic=riverside")
    expect(page.get_by_role("heading", name="Choose the routines to print")).to_be_visible()
    checked["no routine ticked"] = axe(page)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page.goto(site.url + "/clinic/")
    log_in(page, "dad@example.com")
    expect(page.get_by_role("heading", name="This page is for clinic staff")).to_be_visible()
    checked["not clinic staff"] = axe(page)
    assert {name: violations for name, violations in checked.items() if violations} == {}

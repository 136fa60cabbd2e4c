"""A clinic prints every routine sheet and every course handout to A4 in a real Chromium.

The PDFs are what the paper will be: pdfinfo counts their pages, and the QR codes are decoded from the
printed pages themselves (rendered to PNG by pdftoppm), not from the HTML.
"""

import re
import shutil
import subprocess

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from routines.models import Clinic, Course, Routine, Step

pytestmark = pytest.mark.browser

PX_PER_MM = 96 / 25.4
PAGE_MARGIN_MM = 12  # @page margin in static/css/print.css
# The part of an A4 page that holds content, in CSS pixels.
PAGE_WIDTH_PX = (210 - 2 * PAGE_MARGIN_MM) * PX_PER_MM
PAGE_HEIGHT_PX = (297 - 2 * PAGE_MARGIN_MM) * PX_PER_MM
GREY = re.compile(r"rgb\((\d+), \1, \1\)")  # black, white or a grey between


def print_urls():
    """Every sheet a clinic can print from the content library, with the number of pages it must take."""
    urls = [(reverse("routines:routine_print", args=[r.slug]), 1) for r in Routine.objects.published()]
    for course in Course.objects.published():
        routines = course.course_routines.filter(routine__published=True).count()
        urls.append((reverse("routines:course_print", args=[course.slug]), 1 + routines))
    return urls


def print_pdf(page, url, path):
    page.goto(url)
    path.write_bytes(page.pdf(format="A4"))
    return path


def poppler(tool):
    """Full path of a poppler-utils tool (.ci/run installs the package)."""
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is needed to check the printed PDFs: apt-get install poppler-utils")
    return path


def pdfinfo(path):
    out = subprocess.run([poppler("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def qr_codes_per_page(pdf, tmp_path):
    """The text of every QR code on each printed page, decoded from a 200 dpi rendering of the PDF."""
    prefix = tmp_path / pdf.stem
    subprocess.run([poppler("pdftoppm"), "-png", "-r", "200", str(pdf), str(prefix)], check=True)
    pages = sorted(tmp_path.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return [[code.text for code in zxingcpp.read_barcodes(Image.open(png))] for png in pages]


def test_each_routine_prints_on_one_a4_page_and_each_course_on_a_cover_plus_one_per_routine(site, page, tmp_path):
    seen = {}
    for i, (url, expected_pages) in enumerate(print_urls()):
        info = pdfinfo(print_pdf(page, site.url + url, tmp_path / f"sheet-{i}.pdf"))
        assert "A4" in info["Page size"], url
        seen[url] = (int(info["Pages"]), expected_pages)
    assert len(seen) == 7 + 4  # seven body areas, four courses: the whole library was printed
    assert {url: pages for url, (pages, _) in seen.items()} == {url: want for url, (_, want) in seen.items()}


def test_no_step_box_crosses_a_page_boundary(site, page):
    """Laid out as on paper (print media, the page's content width), every step box lies within one page.

    Each sheet starts a new page (break-before) and, by the page counts above, takes exactly one; so a step
    box is inside a page when it lies between the top of its sheet and one page height below it.
    """
    page.emulate_media(media="print")
    page.set_viewport_size({"width": round(PAGE_WIDTH_PX), "height": round(PAGE_HEIGHT_PX)})
    checked = 0
    for url, expected_pages in print_urls():
        page.goto(site.url + url)
        sheets = page.evaluate(
            """() => [...document.querySelectorAll('.sheet')].map(sheet => {
                const box = sheet.getBoundingClientRect();
                const steps = [...sheet.querySelectorAll('.print-step')].map(step => {
                    const b = step.getBoundingClientRect();
                    return {top: b.top - box.top, bottom: b.bottom - box.top};
                });
                return {height: box.height, steps};
            })"""
        )
        assert len(sheets) == expected_pages, url
        for number, sheet in enumerate(sheets, start=1):
            assert sheet["height"] <= PAGE_HEIGHT_PX, f"{url}: sheet {number} is taller than a page"
            for step in sheet["steps"]:
                assert 0 <= step["top"] < step["bottom"] <= PAGE_HEIGHT_PX, f"{url}: sheet {number}, step {step}"
                checked += 1
    assert checked > 2 * 40  # every step of every routine, once alone and again in the courses


def test_the_printed_qr_code_opens_the_same_routine_online_with_the_clinic_kept(site, page, tmp_path):
    Clinic.objects.create(name="Riverside Children's Clinic", slug="riverside", phone="020 7946 0000")
    routine = Routine.objects.published().get(slug="stomach")
    pdf = print_pdf(page, f"{site.url}{reverse('routines:routine_print', args=[routine.slug])}?clinic=riverside",
                    tmp_path / "stomach.pdf")
    assert qr_codes_per_page(pdf, tmp_path) == [[f"{site.url}/routines/stomach/?clinic=riverside"]]


def test_every_page_of_a_course_handout_carries_a_qr_code_to_its_own_page_online(site, page, tmp_path):
    course = Course.objects.published().get(slug="first-gentle-touches")
    pdf = print_pdf(page, site.url + reverse("routines:course_print", args=[course.slug]), tmp_path / "course.pdf")
    routine_slugs = [item.routine.slug for item in course.course_routines.all()]
    assert qr_codes_per_page(pdf, tmp_path) == [
        [f"{site.url}/courses/first-gentle-touches/"],
        *[[f"{site.url}/routines/{slug}/"] for slug in routine_slugs],
    ]


def test_the_print_preview_has_the_clinic_header_no_script_and_no_outside_request(site, page):
    Clinic.objects.create(name="Riverside Children's Clinic", slug="riverside", phone="020 7946 0000")
    requests, console = [], []
    page.on("request", lambda request: requests.append((request.resource_type, request.url)))
    page.on("console", lambda message: console.append(message.text))
    url = reverse("routines:course_print", args=["one-to-three-months"])
    response = page.goto(f"{site.url}{url}?clinic=riverside")

    headers = page.locator(".sheet-header")
    assert headers.count() == 1 + 7
    for i in range(headers.count()):
        expect(headers.nth(i)).to_contain_text("Riverside Children's Clinic")
        expect(headers.nth(i)).to_contain_text("020 7946 0000")
    expect(page.get_by_text("Print preview")).to_be_visible()
    assert page.evaluate("document.scripts.length") == 0
    assert [kind for kind, _ in requests if kind == "script"] == []
    assert [url for _, url in requests if not url.startswith(site.url)] == []
    # Served under the site's strict Content-Security-Policy, the sheet needs nothing it refuses.
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert [text for text in console if "Content Security Policy" in text] == []


@pytest.mark.parametrize("name, slug", [("routines:routine_print", "head-and-face"),
                                        ("routines:course_print", "first-gentle-touches")])
def test_the_print_previews_have_no_accessibility_violations(site, browser, axe, name, slug):
    # axe-core goes in as an inline script, which the site's Content-Security-Policy rightly refuses.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(site.url + reverse(name, args=[slug]))
    violations = axe(page)
    context.close()
    assert violations == [], axe.describe(violations)


def test_a_printed_sheet_is_black_on_white_and_its_diagrams_grey_at_most(site, page):
    """Clinics copy sheets in black and white: no text in a colour or a grey that fades, no coloured drawing."""
    page.emulate_media(media="print")
    page.goto(site.url + reverse("routines:routine_print", args=["stomach"]))
    diagrams = Step.objects.filter(routine__slug="stomach").exclude(diagram="").count()
    assert diagrams > 0 and page.locator(".print-visual svg").count() == diagrams
    text_colours = page.evaluate(
        """() => {
            const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
            const seen = new Set();
            while (walker.nextNode()) {
                const el = walker.currentNode.parentElement;
                if (walker.currentNode.textContent.trim() && !el.closest('svg')) seen.add(getComputedStyle(el).color);
            }
            return [...seen];
        }"""
    )
    assert text_colours == ["rgb(0, 0, 0)"]
    paints = page.evaluate(
        """() => [...document.querySelectorAll('.sheet svg *')].flatMap(el => {
            const style = getComputedStyle(el);
            return [style.fill, style.stroke];
        })"""
    )
    assert [paint for paint in set(paints) if paint != "none" and not GREY.fullmatch(paint)] == []


def flat(text):
    """Text without case or spaces: pdftotext splits lines and spaced capitals, so compare text this way."""
    return "".join(text.split()).casefold()


def test_the_printed_1_to_3_months_handout_has_only_what_suits_its_ages(site, page, tmp_path):
    """What a family takes home: no squeeze, wobble, press or taps, and rubbing marked with its age."""
    url = site.url + reverse("routines:course_print", args=["one-to-three-months"])
    pdf = print_pdf(page, url, tmp_path / "one-to-three-months.pdf")
    text = flat(subprocess.run([poppler("pdftotext"), str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout)
    for title in ["Soft squeeze", "Gentle wobble", "Sole press", "Raindrop taps"]:
        assert flat(title) not in text, title
    assert flat("Sole spirals") in text and flat("Only from 8 weeks old, from session 9") in text
    assert flat("Session 1: 7 moves, about 2 minutes") in text

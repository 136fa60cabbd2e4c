"""A clinic prints every routine sheet and every course handout to A4 in a real Chromium.

The PDFs are what the paper will be: pdfinfo counts their pages, pdftotext reads them, and the QR codes are
decoded from the printed pages themselves (rendered to PNG by pdftoppm), not from the HTML. How much of each
page is left over is measured in the same Chromium laid out for print, with the vendored font.
"""

import io
import re
import shutil
import subprocess

import pytest
import zxingcpp
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image
from playwright.sync_api import expect

from routines.models import Clinic, Course, Routine, Step

pytestmark = pytest.mark.browser

PX_PER_MM = 96 / 25.4
A4_HEIGHT_MM = 297
PAGE_MARGIN_MM = 12  # @page margin in static/css/print.css
# The part of an A4 page that holds content, in CSS pixels.
PAGE_WIDTH_PX = (210 - 2 * PAGE_MARGIN_MM) * PX_PER_MM
PAGE_HEIGHT_PX = (A4_HEIGHT_MM - 2 * PAGE_MARGIN_MM) * PX_PER_MM
# DESIGN.md's print budget: every sheet leaves at least 5 % of the A4 page free, so a clinic's longer note,
# a printer's own margins or a slightly longer translation do not push a sheet onto a second page.
MIN_SPARE_PX = 0.05 * A4_HEIGHT_MM * PX_PER_MM
GREY = re.compile(r"rgb\((\d+), \1, \1\)")  # black, white or a grey between

# A clinic that fills its header as a real one would: a logo, a two-line address, a phone and a note.
CLINIC = {
    "name": "Riverside Children's Clinic",
    "slug": "riverside",
    "phone": "020 7946 0000",
    "address": "12 River Street, Riverside Health Centre\nLondon E1 6AN",
    "note": "Baby massage classes every Tuesday at 10 am in room 4. Call us with any question about your baby.",
}


def make_clinic():
    png = io.BytesIO()
    Image.new("RGB", (240, 160), "black").save(png, format="PNG")  # a squarish logo: the tallest the header allows
    logo = SimpleUploadedFile("riverside.png", png.getvalue(), content_type="image/png")
    return Clinic.objects.create(**CLINIC, logo=logo)


def serve_media(page, site):
    """Answer /media/ from MEDIA_ROOT, as the web server in front does in production (SERVE_MEDIA is off here)."""
    root = settings.MEDIA_ROOT

    def fulfil(route):
        name = route.request.url.split("/media/", 1)[1]
        route.fulfill(path=f"{root}/{name}")

    page.route(f"{site.url}/media/**", fulfil)


def print_urls(kind, clinic=""):
    """Every sheet of `kind` a clinic can print from the content library, with the number of pages it must take."""
    query = f"?clinic={clinic}" if clinic else ""
    if kind == "routine":
        return [(reverse("routines:routine_print", args=[r.slug]) + query, 1) for r in Routine.objects.published()]
    if kind == "summary":  # the course at a glance: one page
        return [(reverse("routines:course_summary_print", args=[c.slug]) + query, 1)
                for c in Course.objects.published()]
    if kind == "set":  # the whole library ticked on the clinic desk: one page per routine
        slugs = list(Routine.objects.published().values_list("slug", flat=True))
        query = "&".join([f"routine={slug}" for slug in slugs] + ([f"clinic={clinic}"] if clinic else []))
        return [(f"{reverse('routines:routines_print')}?{query}", len(slugs))]
    return [
        (reverse("routines:course_print", args=[c.slug]) + query,
         1 + c.course_routines.filter(routine__published=True).count())
        for c in Course.objects.published()
    ]


def open_sheet(page, url):
    page.goto(url)
    # font-display: swap draws text in a local font until the vendored one arrives; lay out with the real one.
    page.evaluate("async () => { await document.fonts.ready; }")


def print_pdf(page, url, path):
    open_sheet(page, url)
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


def squash(text):
    """Text without case or spaces: the kicker is set in spaced capitals, which pdftotext reads as split words."""
    return "".join(text.split()).casefold()


def pdf_pages_text(path):
    """The text of each printed page, squashed."""
    out = subprocess.run([poppler("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [squash(page) for page in out.split("\f")[:-1]]


def qr_codes_per_page(pdf, tmp_path):
    """The text of every QR code on each printed page, decoded from a 200 dpi rendering of the PDF."""
    prefix = tmp_path / pdf.stem
    subprocess.run([poppler("pdftoppm"), "-png", "-r", "200", str(pdf), str(prefix)], check=True)
    pages = sorted(tmp_path.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return [[code.text for code in zxingcpp.read_barcodes(Image.open(png))] for png in pages]


# Laid out for print at the page's content width, each sheet as tall as its content: the min-height that
# pins the footer to the foot of the page only stretches the space that is free anyway. The boxes that must never
# split are a routine sheet's steps and a course summary's routines.
MEASURE_SHEETS = """() => [...document.querySelectorAll('.sheet')].map(sheet => {
    sheet.style.minHeight = '0';
    const box = sheet.getBoundingClientRect();
    const steps = [...sheet.querySelectorAll('.print-step, .summary-routine')].map(step => {
        const b = step.getBoundingClientRect();
        return {top: b.top - box.top, bottom: b.bottom - box.top};
    });
    return {height: box.height, steps};
})"""


@pytest.mark.parametrize("kind", ["routine", "course", "summary", "set"])
# English under both headers; Russian and Spanish (whose words run longer) under a clinic's, the taller header.
@pytest.mark.parametrize("language, with_clinic", [("en", False), ("en", True), ("ru", True), ("es", True)],
                         ids=["en-our-header", "en-clinic-header", "ru-clinic-header", "es-clinic-header"])
def test_every_sheet_prints_on_one_a4_page_with_at_least_5_percent_of_it_to_spare(site, page, tmp_path, kind,
                                                                                  language, with_clinic):
    """Each routine is one page; a course handout is a cover plus one page per routine; a course summary is one
    page; a chosen set of routines is one page per routine; and no sheet is full. In every language."""
    clinic = ""
    if with_clinic:
        clinic = make_clinic().slug
        serve_media(page, site)
    with translation.override(language):
        urls = print_urls(kind, clinic)
    # The whole library: seven body areas, four courses (handouts and summaries), all seven routines as one set.
    assert len(urls) == {"routine": 7, "course": 4, "summary": 4, "set": 1}[kind]

    printed, spare, sheets_without_steps, steps_outside = {}, {}, [], []
    for i, (url, expected_pages) in enumerate(urls):
        info = pdfinfo(print_pdf(page, site.url + url, tmp_path / f"sheet-{i}.pdf"))
        assert "A4" in info["Page size"], url
        printed[url] = (int(info["Pages"]), expected_pages)

        page.emulate_media(media="print")
        page.set_viewport_size({"width": round(PAGE_WIDTH_PX), "height": round(PAGE_HEIGHT_PX)})
        open_sheet(page, site.url + url)
        if clinic:
            expect(page.locator(".clinic-logo").first).to_have_js_property("naturalWidth", 240)
        sheets = page.evaluate(MEASURE_SHEETS)
        page.emulate_media(media="null")  # back to none: page.pdf() prints with the emulated media
        assert len(sheets) == expected_pages, url
        for number, sheet in enumerate(sheets, start=1):
            spare[f"{url} sheet {number}"] = (PAGE_HEIGHT_PX - sheet["height"]) / PX_PER_MM
            # No step box is split by a page break: each lies wholly inside its sheet's one page.
            if not sheet["steps"] and not (kind == "course" and number == 1):
                sheets_without_steps.append((url, number))
            steps_outside += [(url, number, step) for step in sheet["steps"]
                              if not 0 <= step["top"] < step["bottom"] <= PAGE_HEIGHT_PX]

    assert {url: pages for url, (pages, _) in printed.items()} == {url: want for url, (_, want) in printed.items()}
    min_spare_mm = MIN_SPARE_PX / PX_PER_MM
    assert {sheet: f"{mm:.1f} mm" for sheet, mm in spare.items() if mm < min_spare_mm} == {}, (
        f"free height per sheet (needs {min_spare_mm:.2f} mm): "
        + ", ".join(f"{sheet} {mm:.1f} mm" for sheet, mm in spare.items())
    )
    assert sheets_without_steps == []  # every routine's steps were measured (only a course's cover has none)
    assert steps_outside == []


def test_a_course_cover_gives_the_page_each_routine_is_printed_on(site, page, tmp_path):
    for course in Course.objects.published():
        pdf = print_pdf(page, site.url + reverse("routines:course_print", args=[course.slug]),
                        tmp_path / f"{course.slug}.pdf")
        cover, *pages = pdf_pages_text(pdf)
        listed = [(item.routine.title, n) for n, item in enumerate(course.course_routines.all(), start=2)]
        for title, number in listed:
            assert squash(f"{title} page {number}") in cover, course.slug
            assert squash(f"{course.title} · page {number} of {1 + len(listed)}") in pages[number - 2], course.slug
            assert squash(title) in pages[number - 2], course.slug
        assert len(pages) == len(listed), course.slug


def test_the_sheets_are_set_in_the_vendored_font_on_paper_and_in_the_preview(site, page):
    """Every word of a sheet is drawn with the Noto Sans files under static/fonts/, never a font of this machine."""
    client = page.context.new_cdp_session(page)
    url = site.url + reverse("routines:course_print", args=["first-gentle-touches"])
    for media in ["print", "screen"]:
        page.emulate_media(media=media)
        open_sheet(page, url)
        client.send("DOM.enable")
        client.send("CSS.enable")
        root = client.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        fonts = set()
        for node in client.send("DOM.querySelectorAll", {"nodeId": root, "selector": ".sheet *"})["nodeIds"]:
            for font in client.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
                fonts.add((font["familyName"], font["isCustomFont"]))
        assert fonts == {("Noto Sans", True)}, media


def test_the_printed_qr_code_opens_the_same_routine_online_with_the_clinic_kept(site, page, tmp_path):
    Clinic.objects.create(name="Riverside Children's Clinic", slug="riverside", phone="020 7946 0000")
    routine = Routine.objects.published().get(slug="stomach")
    pdf = print_pdf(page, f"{site.url}{reverse('routines:routine_print', args=[routine.slug])}?clinic=riverside",
                    tmp_path / "stomach.pdf")
    # English paper opens in English even on a phone set to another language (?lang=en).
    assert qr_codes_per_page(pdf, tmp_path) == [[f"{site.url}/routines/stomach/?clinic=riverside&lang=en"]]


def test_a_sheet_printed_in_russian_or_spanish_opens_in_that_language(site, page, tmp_path):
    for language in ("ru", "es"):
        with translation.override(language):
            url = reverse("routines:routine_print", args=["stomach"])
            title = Routine.objects.get(slug="stomach").title
        pdf = print_pdf(page, f"{site.url}{url}", tmp_path / f"stomach-{language}.pdf")
        assert qr_codes_per_page(pdf, tmp_path) == [[f"{site.url}/{language}/routines/stomach/"]]
        assert squash(title) in pdf_pages_text(pdf)[0]
        page.goto(qr_codes_per_page(pdf, tmp_path)[0][0])
        assert page.locator("html").get_attribute("lang") == language
        expect(page.locator("h1")).to_have_text(title)


def test_every_page_of_a_course_handout_carries_a_qr_code_to_its_own_page_online(site, page, tmp_path):
    course = Course.objects.published().get(slug="first-gentle-touches")
    pdf = print_pdf(page, site.url + reverse("routines:course_print", args=[course.slug]), tmp_path / "course.pdf")
    routine_slugs = [item.routine.slug for item in course.course_routines.all()]
    assert qr_codes_per_page(pdf, tmp_path) == [
        [f"{site.url}/courses/first-gentle-touches/?lang=en"],
        *[[f"{site.url}/routines/{slug}/?lang=en"] for slug in routine_slugs],
    ]


def test_the_print_preview_has_the_clinic_header_only_its_print_script_and_no_outside_request(site, page):
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
    # One script, the site's own, for the Print button (a tablet has no Ctrl+P).
    assert page.evaluate("[...document.scripts].map(s => s.getAttribute('src'))") == ["/static/js/print.js"]
    assert [url for kind, url in requests if kind == "script"] == [f"{site.url}/static/js/print.js"]
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    assert [url for _, url in requests if not url.startswith(site.url)] == []
    # Served under the site's strict Content-Security-Policy, the sheet needs nothing it refuses.
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert [text for text in console if "Content Security Policy" in text] == []


@pytest.mark.parametrize("name, slug", [("routines:routine_print", "head-and-face"),
                                        ("routines:course_print", "first-gentle-touches"),
                                        ("routines:course_summary_print", "one-to-three-months")])
def test_the_print_previews_have_no_accessibility_violations(site, browser, axe, name, slug):
    # axe-core goes in as an inline script, which the site's Content-Security-Policy rightly refuses.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(site.url + reverse(name, args=[slug]))
    violations = axe(page)
    context.close()
    assert violations == [], axe.describe(violations)


# The diagrams' labels ("toes", "baby's right") are sized for the screen: at the screen's proportions they would
# print at 3.7 pt. print.css enlarges them as far as the drawings leave room; 6 pt would need room in the drawings.
MIN_LABEL_PT = 4.4


def test_the_diagram_labels_on_paper_are_never_smaller_than_print_css_makes_them(site, page):
    page.emulate_media(media="print")
    page.set_viewport_size({"width": round(PAGE_WIDTH_PX), "height": round(PAGE_HEIGHT_PX)})
    sizes = {}
    for url, _ in print_urls("routine"):
        open_sheet(page, site.url + url)
        # A label's size on paper: its font size times every scale on the way (the diagram's viewBox, the transform).
        sizes.update(page.evaluate(
            """() => Object.fromEntries([...document.querySelectorAll('.print-visual .dg text')].map(text => {
                const m = text.getScreenCTM();
                return [text.textContent, parseFloat(getComputedStyle(text).fontSize) * Math.hypot(m.a, m.b) * 0.75];
            }))"""
        ))
    assert len(sizes) >= 8  # toes, heel, ankle, soft spot, liver, your hand, spine, the sides, where you sit
    assert {label: f"{pt:.2f} pt" for label, pt in sizes.items() if pt < MIN_LABEL_PT} == {}


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
    assert flat("Session 1: 7 moves, about 4 minutes") in text  # one-sided moves count on both sides

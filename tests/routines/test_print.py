"""Print sheets for clinics: a sheet per routine, a handout per course, as careful as the screen.

The browser tests (tests/browser/test_print.py) print them to PDF, count the pages and decode the QR codes.
"""

import io
import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from routines import views
from routines.models import Clinic, Course, Routine
from safety.gate import EXEMPT, screening_mark
from tests.factories import make_course, make_routine

pytestmark = pytest.mark.django_db

SAFETY_SUMMARY = [
    "has a fever or is ill right now",
    "has a skin infection, pus, or broken or sore skin",
    "has fragile or painful bones",
    "has blue lips or skin, or a heart problem from birth",
    "bleeds or bruises very easily (a bleeding disorder)",
    "has a hernia: a lump at the belly button or groin that bulges",
    "is ill with the kidneys or the liver right now",
    "has a blood disease",
    "ask that specialist first",
    "Ask your pediatrician before the first massage.",
]


def make_clinic(logo=False, **fields):
    defaults = {"name": "Riverside Clinic", "slug": "riverside", "phone": "020 7946 0000", **fields}
    if logo:
        png = io.BytesIO()
        Image.new("RGB", (120, 40), "black").save(png, format="PNG")
        defaults["logo"] = SimpleUploadedFile("riverside.png", png.getvalue(), content_type="image/png")
    return Clinic.objects.create(**defaults)


def routine_print(routine, clinic=""):
    url = reverse("routines:routine_print", args=[routine.slug])
    return f"{url}?clinic={clinic}" if clinic else url


def course_print(course, clinic=""):
    url = reverse("routines:course_print", args=[course.slug])
    return f"{url}?clinic={clinic}" if clinic else url


def pages(response):
    """The printed pages of a response, one HTML chunk per sheet."""
    return response.content.decode().split('<article class="sheet')[1:]


def set_updated_at(obj, *args):
    type(obj).objects.filter(pk=obj.pk).update(updated_at=datetime(*args, 12, 0, tzinfo=UTC))


# Who may print what


def test_anyone_can_print_a_published_routine_without_a_screening(client):
    routine = make_routine(title="Tummy circles", steps=4)
    response = client.get(routine_print(routine))
    assert response.status_code == 200
    assert [t.name for t in response.templates][:1] == ["routines/routine_print.html"]
    assert len(pages(response)) == 1
    page = response.content.decode()
    assert "Tummy circles" in page
    assert all(f"Step {i} of Tummy circles" in page for i in range(1, 5))


def test_the_print_views_declare_that_they_start_no_massage():
    assert screening_mark(views.routine_print) == EXEMPT
    assert screening_mark(views.course_print) == EXEMPT
    assert "no massage" in views.routine_print.screening_reason


def test_unknown_and_unpublished_routines_and_courses_are_a_404(client):
    draft = make_routine(published=False)
    assert client.get(reverse("routines:routine_print", args=["no-such-routine"])).status_code == 404
    assert client.get(reverse("routines:course_print", args=["no-such-course"])).status_code == 404
    assert client.get(routine_print(draft)).status_code == 404
    assert client.get(course_print(make_course(routines=[make_routine()], published=False))).status_code == 404


def test_print_pages_refuse_post(client):
    routine = make_routine()
    assert client.post(routine_print(routine)).status_code == 405
    assert client.post(course_print(make_course(routines=[routine]))).status_code == 405


def test_routine_and_course_pages_link_to_their_print_sheet(client):
    routine = make_routine()
    course = make_course(routines=[routine])
    assert f'href="{routine_print(routine)}"' in client.get(routine.get_absolute_url()).content.decode()
    assert f'href="{course_print(course)}"' in client.get(course.get_absolute_url()).content.decode()


# The clinic


def test_a_clinic_puts_its_name_logo_and_phone_on_every_page(client):
    clinic = make_clinic(logo=True)
    course = make_course(routines=[make_routine(), make_routine()])
    sheets = pages(client.get(course_print(course, "riverside")))
    assert len(sheets) == 3
    for sheet in sheets:
        header = sheet.split("</header>")[0]
        assert "Riverside Clinic" in header
        assert "020 7946 0000" in header
        assert f'src="{clinic.logo.url}"' in header


def test_an_unknown_clinic_is_a_404_not_an_unbranded_sheet(client):
    make_clinic()
    routine = make_routine()
    assert client.get(routine_print(routine, "riversid")).status_code == 404
    assert client.get(course_print(make_course(routines=[routine]), "riversid")).status_code == 404


def test_without_a_clinic_the_sheet_carries_our_name_and_no_clinics(client):
    make_clinic()
    page = client.get(routine_print(make_routine())).content.decode()
    assert "Riverside" not in page
    assert "Baby massage" in page.split("</header>", 2)[1]  # the sheet's header, after the preview bar


# The online link and its QR code


def test_the_link_opens_the_same_routine_online_with_the_clinic_kept(client):
    make_clinic()
    routine = make_routine(slug="tummy")
    response = client.get(routine_print(routine, "riverside"))
    assert response.context["sheet"].url == "http://testserver/routines/tummy/?clinic=riverside&lang=en"
    assert "http://testserver/routines/tummy/?clinic=riverside&amp;lang=en" in response.content.decode()
    assert client.get(routine_print(routine)).context["sheet"].url == "http://testserver/routines/tummy/?lang=en"


def test_each_page_of_a_course_handout_links_to_its_own_page_online(client):
    make_clinic()
    course = make_course(slug="first", routines=[make_routine(slug="head"), make_routine(slug="feet")])
    response = client.get(course_print(course, "riverside"))
    assert response.context["cover"].url == "http://testserver/courses/first/?clinic=riverside&lang=en"
    assert [sheet.url for sheet in response.context["sheets"]] == [
        "http://testserver/routines/head/?clinic=riverside&lang=en",
        "http://testserver/routines/feet/?clinic=riverside&lang=en",
    ]


def test_the_qr_code_is_inline_svg_with_a_name_and_nothing_that_clashes(client):
    course = make_course(routines=[make_routine(), make_routine()])
    page = client.get(course_print(course)).content.decode()
    svgs = re.findall(r"<svg[^>]*class=\"qr\"[^>]*>", page)
    assert len(svgs) == 3
    assert 'aria-label="QR code: open this course online"' in svgs[0]
    assert all('role="img"' in svg and 'aria-label="QR code: open this routine online"' in svg for svg in svgs[1:])
    assert "<?xml" not in page
    assert not any(" id=" in svg for svg in svgs)


# What every page carries


@time_machine.travel(datetime(2026, 3, 14, 9, 0, tzinfo=UTC))
def test_every_page_carries_the_safety_summary_and_the_dates(client):
    first, second = make_routine(), make_routine()
    course = make_course(routines=[first, second])
    set_updated_at(course, 2025, 12, 1)
    set_updated_at(first, 2026, 1, 5)
    set_updated_at(second, 2026, 2, 10)

    cover, *routine_pages = pages(client.get(course_print(course)))
    assert "Content version: 10 February 2026" in cover  # the latest change of the course or any of its routines
    assert "Content version: 5 January 2026" in routine_pages[0]
    assert "Content version: 10 February 2026" in routine_pages[1]
    for sheet in [cover, *routine_pages, *pages(client.get(routine_print(first)))]:
        assert "Printed 14 March 2026" in sheet
        for line in SAFETY_SUMMARY:
            assert line in sheet


def test_a_course_cover_gives_age_sessions_minutes_milestone_and_feed_timing(client):
    course = make_course(routines=[make_routine(title="Head"), make_routine(title="Feet")], title="First touches",
                         min_age_days=14, max_age_days=30, sessions=10, minutes_per_session=5,
                         milestone="Getting used to your touch")
    cover, *routine_pages = pages(client.get(course_print(course)))
    assert "First touches" in cover
    assert "2 to 4 weeks" in cover
    assert "10 sessions, one a day" in cover
    # No session plan: every session does the whole of both routines (3 steps of 6 strokes at 4 s each, twice).
    assert "About 2 minutes each time" in cover
    assert "Getting used to your touch" in cover
    assert "40 to 60 minutes before a feed, or at least 45 minutes after one" in cover
    assert re.search(r"Head.*page 2.*Feet.*page 3", cover, re.S)
    assert all(f"First touches · page {n} of 3" in page for n, page in enumerate(routine_pages, start=2))


def test_a_course_handout_has_one_page_per_published_routine_in_order(client):
    draft = make_routine(title="Draft", published=False)
    course = make_course(routines=[make_routine(title="Legs"), draft, make_routine(title="Arms")])
    cover, *routine_pages = pages(client.get(course_print(course)))
    assert len(routine_pages) == 2
    assert ">Legs</h2>" in routine_pages[0]
    assert ">Arms</h2>" in routine_pages[1]
    assert "Draft" not in cover + "".join(routine_pages)


@pytest.mark.parametrize("printed", ["routine", "course", "summary", "set"])
def test_print_pages_run_only_the_print_button_script_no_inline_style_and_nothing_from_another_site(client, printed):
    routine = make_routine(steps=3)
    url = {
        "routine": lambda: routine_print(routine),
        "course": lambda: course_print(make_course(routines=[routine])),
        "summary": lambda: reverse("routines:course_summary_print", args=[make_course(routines=[routine]).slug]),
        "set": lambda: f"{reverse('routines:routines_print')}?routine={routine.slug}",
    }[printed]()
    page = client.get(url).content.decode()
    # One script, this site's own file, which only shows the Print button (a tablet has no Ctrl+P); nothing inline.
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/js/print.js" defer>']
    assert "<style" not in page
    assert " style=" not in page
    assert not re.search(r"\son[a-z]+=", page)  # no onclick and friends: a strict CSP will refuse them
    assert "htmx" not in page
    # Every resource comes from this site: paths only, never a scheme or another host.
    assert all(link.startswith("/") and not link.startswith("//")
               for link in re.findall(r'(?:src|href)="([^"]*)"', page))
    assert re.findall(r'rel="stylesheet" href="([^"]*)"', page) == [
        "/static/css/fonts.css", "/static/css/diagrams.css", "/static/css/print.css"]
    # The vendored font is this site's own file too, fetched early so the preview does not reflow when it arrives.
    assert re.findall(r'rel="preload" href="([^"]*)" as="font"', page) == [
        "/static/fonts/noto-sans-latin-400-normal.woff2", "/static/fonts/noto-sans-latin-700-normal.woff2"]


# Queries


@pytest.mark.parametrize("steps", [2, 12])
def test_routine_sheet_queries_do_not_grow_with_steps(client, django_assert_num_queries, steps):
    make_clinic()
    routine = make_routine(steps=steps)
    # 1. the routine, 2. its steps joined with their techniques
    with django_assert_num_queries(2):
        assert client.get(routine_print(routine)).status_code == 200
    # 1. the clinic, 2. the routine, 3. its steps joined with their techniques
    with django_assert_num_queries(3):
        assert client.get(routine_print(routine, "riverside")).status_code == 200


@pytest.mark.parametrize(("routines", "steps"), [(1, 1), (7, 8)])
def test_course_handout_queries_do_not_grow_with_routines_or_steps(client, django_assert_num_queries, routines,
                                                                   steps):
    make_clinic()
    course = make_course(routines=[make_routine(steps=steps) for _ in range(routines)])
    # 1. the course, 2. the steps of its published routines in order, with their technique, routine and plan session
    with django_assert_num_queries(2):
        assert client.get(course_print(course)).status_code == 200
    # 1. the clinic, 2. the course, 3. its steps with their technique, routine and plan session
    with django_assert_num_queries(3):
        assert client.get(course_print(course, "riverside")).status_code == 200


def test_every_library_routine_and_course_prints(client, content):
    for routine in Routine.objects.published():
        assert client.get(routine_print(routine)).status_code == 200
    for course in Course.objects.published():
        response = client.get(course_print(course))
        assert len(pages(response)) == 1 + course.course_routines.filter(routine__published=True).count()

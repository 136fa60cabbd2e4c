"""What a nurse needs from the print sheets beyond one sheet at a time: a Print button (a tablet has no Ctrl+P), the
clinic kept by every print link, a friendly page for a clinic that does not exist, the course on one page, and a
chosen set of routines printed in one go. (The real-browser print tests measure them on A4 paper.)"""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from routines import views
from routines.models import Course, Routine
from safety.gate import EXEMPT, screening_mark
from tests.factories import make_clinic, make_course, make_routine

pytestmark = pytest.mark.django_db


def summary_url(course, clinic=None):
    url = reverse("routines:course_summary_print", args=[course.slug])
    return f"{url}?clinic={clinic.slug}" if clinic else url


def set_url(*slugs, clinic=None):
    query = "&".join(f"routine={slug}" for slug in slugs)
    if clinic:
        query += f"&clinic={clinic.slug}"
    return f"{reverse('routines:routines_print')}?{query}"


def sheets(response):
    return response.content.decode().split('<article class="sheet')[1:]


# The Print button


def test_every_print_preview_has_a_print_button_that_only_its_script_shows(client):
    routine = make_routine()
    course = make_course(routines=[routine])
    for url in [reverse("routines:routine_print", args=[routine.slug]),
                reverse("routines:course_print", args=[course.slug]), summary_url(course), set_url(routine.slug)]:
        page = client.get(url).content.decode()
        # Hidden until js/print.js runs: without JavaScript the words above the sheet say how to print instead.
        assert '<button type="button" class="print-button" data-print hidden>Print</button>' in page, url
        assert "use your browser's Print command (Ctrl+P" in page


def test_the_print_script_calls_the_browsers_print_and_nothing_else():
    script = (Path(settings.BASE_DIR) / "static" / "js" / "print.js").read_text()
    assert "window.print()" in script
    assert "fetch(" not in script and "XMLHttpRequest" not in script and "eval(" not in script


# The clinic stays in every print link


def test_a_routine_or_course_opened_from_a_clinic_sheet_prints_that_clinics_sheet(client):
    clinic = make_clinic(slug="riverside")
    routine = make_routine(slug="tummy")
    course = make_course(slug="first", routines=[routine])
    routine_page = client.get("/routines/tummy/?clinic=riverside").content.decode()
    assert 'href="/routines/tummy/print/?clinic=riverside"' in routine_page
    course_page = client.get("/courses/first/?clinic=riverside").content.decode()
    assert 'href="/courses/first/print/?clinic=riverside"' in course_page
    assert 'href="/courses/first/summary/?clinic=riverside"' in course_page
    # And back from the print preview, the clinic is still there.
    assert 'href="/routines/tummy/?clinic=riverside"' in client.get(
        reverse("routines:routine_print", args=["tummy"]) + "?clinic=riverside").content.decode()
    assert 'href="/courses/first/summary/?clinic=riverside"' in client.get(
        "/courses/first/print/?clinic=riverside").content.decode()
    assert 'href="/courses/first/print/?clinic=riverside"' in client.get(summary_url(course, clinic)).content.decode()


def test_a_page_opened_with_an_unknown_clinic_prints_without_one(client):
    make_routine(slug="tummy")
    response = client.get("/routines/tummy/?clinic=nowhere")
    assert response.status_code == 200  # the routine is there: only the Print link cannot keep a clinic
    assert 'href="/routines/tummy/print/"' in response.content.decode()


# An unknown clinic


@pytest.mark.parametrize("kind", ["routine", "course", "summary", "set"])
def test_an_unknown_clinic_gets_a_page_in_the_sites_look_with_a_way_on(client, kind):
    make_clinic(slug="riverside")
    routine = make_routine(slug="tummy")
    course = make_course(slug="first", routines=[routine])
    url, plain = {
        "routine": ("/routines/tummy/print/?clinic=riversid", "/routines/tummy/print/"),
        "course": ("/courses/first/print/?clinic=riversid", "/courses/first/print/"),
        "summary": ("/courses/first/summary/?clinic=riversid", "/courses/first/summary/"),
        "set": ("/print/routines/?routine=tummy&clinic=riversid", "/print/routines/?routine=tummy"),
    }[kind]
    response = client.get(url)
    assert response.status_code == 404
    assert [t.name for t in response.templates][0] == "routines/unknown_clinic.html"
    page = response.content.decode()
    assert 'class="site-header"' in page  # the site's own look, with its menu
    assert "We do not know this clinic" in page
    assert "“riversid”" in page
    assert f'href="{plain}"' in page  # the sheet without a clinic's name, one click on
    assert "Riverside" not in page  # no list of the clinics there are
    assert course.title not in page and "<article" not in page  # and no sheet printed unbranded by mistake


def test_an_unknown_clinics_name_is_shown_as_text_never_as_markup(client):
    make_routine(slug="tummy")
    page = client.get("/routines/tummy/print/", {"clinic": "<b>x</b>"}).content.decode()
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page


# The course on one page


def test_the_course_summary_is_one_sheet_with_every_routine_its_steps_and_cautions_in_order(client):
    clinic = make_clinic(name="Riverside Clinic", slug="riverside")
    head = make_routine(title="Head", cautions="Never press on the soft spots.", steps=2)
    draft = make_routine(title="Draft", published=False)
    legs = make_routine(title="Legs", cautions="Stroke from the foot up.", steps=3)
    course = make_course(title="First touches", routines=[head, draft, legs], sessions=10, minutes_per_session=5)
    response = client.get(summary_url(course, clinic))
    assert response.status_code == 200
    [sheet] = sheets(response)
    assert "Riverside Clinic" in sheet.split("</header>")[0]
    assert "First touches" in sheet and "at a glance" in sheet.lower()
    assert "10 sessions, one a day" in sheet and "About 5 minutes" in sheet
    assert sheet.index(">Head</h3>") < sheet.index(">Legs</h3>")
    assert "Draft" not in sheet
    for routine in (head, legs):
        for step in routine.steps.all():
            assert step.title in sheet
    assert "Never press on the soft spots." in sheet and "Stroke from the foot up." in sheet
    assert "Ask your pediatrician before the first massage." in sheet  # the safety summary, as on every sheet
    assert response.context["sheet"].url == f"http://testserver/courses/{course.slug}/?clinic=riverside&lang=en"
    assert 'aria-label="QR code: open this course online"' in sheet


def test_a_course_that_needs_the_pediatricians_ok_says_so_on_its_summary(client):
    course = make_course(routines=[make_routine()], needs_pediatrician_ok=True)
    assert "Start this course only after your pediatrician" in client.get(summary_url(course)).content.decode()


@pytest.mark.parametrize(("routines", "steps"), [(1, 1), (7, 8)])
def test_the_course_summary_queries_do_not_grow(client, django_assert_num_queries, routines, steps):
    clinic = make_clinic()
    course = make_course(routines=[make_routine(steps=steps) for _ in range(routines)])
    # 1. the clinic, 2. the course, 3. the steps it keeps, with their technique, routine and plan session
    with django_assert_num_queries(3):
        assert client.get(summary_url(course, clinic)).status_code == 200


def test_unknown_or_unpublished_courses_have_no_summary(client):
    assert client.get(reverse("routines:course_summary_print", args=["no-such-course"])).status_code == 404
    assert client.get(summary_url(make_course(routines=[make_routine()], published=False))).status_code == 404
    assert client.post(summary_url(make_course(routines=[make_routine()]))).status_code == 405


# A chosen set of routines


def test_a_chosen_set_prints_one_sheet_per_routine_in_the_librarys_order_once_each(client):
    clinic = make_clinic(name="Riverside Clinic", slug="riverside")
    first, second, third = (make_routine(title=t, order=n) for n, t in enumerate(["Head", "Tummy", "Feet"]))
    response = client.get(set_url(third.slug, first.slug, third.slug, clinic=clinic))
    assert response.status_code == 200
    printed = sheets(response)
    assert len(printed) == 2
    assert ">Head</h1>" in printed[0] and ">Feet</h1>" in printed[1]
    assert "Tummy" not in "".join(printed)
    for sheet in printed:
        assert "Riverside Clinic" in sheet.split("</header>")[0]
        assert "Ask your pediatrician before the first massage." in sheet
    assert [s.url for s in response.context["sheets"]] == [
        f"http://testserver/routines/{first.slug}/?clinic=riverside&lang=en",
        f"http://testserver/routines/{third.slug}/?clinic=riverside&lang=en"]


@pytest.mark.parametrize("count", [1, 6])
def test_a_chosen_set_takes_the_same_queries_however_many_routines(client, django_assert_num_queries, count):
    clinic = make_clinic()
    slugs = [make_routine(steps=4).slug for _ in range(count)]
    # 1. the clinic, 2. the routines, 3. their steps joined with their techniques
    with django_assert_num_queries(3):
        assert client.get(set_url(*slugs, clinic=clinic)).status_code == 200


def test_a_set_with_nothing_chosen_says_to_choose_and_offers_the_routines(client):
    make_routine()
    for url in [reverse("routines:routines_print"), reverse("routines:routines_print") + "?routine=&routine=%20"]:
        response = client.get(url)
        assert response.status_code == 400
        page = response.content.decode()
        assert "Tick at least one routine" in page
        assert f'href="{reverse("routines:routine_list")}"' in page


def test_a_set_with_nothing_chosen_leads_back_to_the_page_it_was_chosen_on_if_it_is_ours(client):
    desk = "http://testserver/clinic/"
    page = client.get(reverse("routines:routines_print"), HTTP_REFERER=desk).content.decode()
    assert f'href="{desk}">Go back and tick some' in page
    page = client.get(reverse("routines:routines_print"), HTTP_REFERER="https://elsewhere.example/x").content.decode()
    assert "elsewhere.example" not in page


def test_a_set_with_an_unknown_or_unpublished_routine_is_a_404_and_too_many_is_refused(client):
    known = make_routine()
    draft = make_routine(published=False)
    assert client.get(set_url(known.slug, "no-such-routine")).status_code == 404
    assert client.get(set_url(known.slug, draft.slug)).status_code == 404
    too_many = [f"r{n}" for n in range(views.MAX_ROUTINES_PRINTED + 1)]
    assert client.get(set_url(*too_many)).status_code == 400
    assert client.post(set_url(known.slug)).status_code == 405


def test_the_new_print_views_declare_that_they_start_no_massage():
    for view in (views.routines_print, views.course_summary_print):
        assert screening_mark(view) == EXEMPT
        assert "no massage" in view.screening_reason


def test_the_whole_library_prints_as_one_set_and_every_course_as_a_summary(client, content):
    slugs = list(Routine.objects.published().values_list("slug", flat=True))
    assert len(sheets(client.get(set_url(*slugs)))) == len(slugs) == 7
    courses = list(Course.objects.published())
    assert len(courses) == 4
    for course in courses:
        assert len(sheets(client.get(summary_url(course)))) == 1

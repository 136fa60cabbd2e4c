"""Staff preview a routine or a course before it is published, on screen and as its print sheet; nobody else can."""

import pytest
from django.urls import reverse

from routines import views
from safety.gate import EXEMPT, screening_mark
from tests.factories import make_course, make_parent, make_routine
from tests.routines.admin_pages import make_editor, make_reviewer

pytestmark = pytest.mark.django_db

PREVIEWS = ["routines:routine_preview", "routines:routine_preview_print", "routines:course_preview",
            "routines:course_preview_print"]


@pytest.fixture
def drafts(db):
    routine = make_routine(title="Draft tummy", published=False, steps=2)
    course = make_course(title="Draft course", routines=[make_routine(title="Published part")], published=False)
    return routine, course


def url(name, routine, course):
    return reverse(name, args=[(routine if name.startswith("routines:routine") else course).slug])


@pytest.mark.parametrize("name", PREVIEWS)
def test_staff_see_an_unpublished_routine_or_course_as_parents_and_clinics_will(client, drafts, name):
    routine, course = drafts
    assert client.get(routine.get_absolute_url()).status_code == 404  # not published: nobody sees it
    client.force_login(make_editor())
    response = client.get(url(name, routine, course))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Staff preview" in page and ("Draft tummy" in page or "Draft course" in page)
    assert "Not yet reviewed by a clinician" in page


def test_the_on_screen_preview_says_it_is_not_published_and_links_to_the_preview_sheet(client, drafts):
    routine, course = drafts
    client.force_login(make_reviewer())  # staff, not an editor: clinicians preview too
    page = client.get(reverse("routines:routine_preview", args=[routine.slug])).content.decode()
    assert "Not published: only staff can see this page." in page
    assert f'href="{reverse("routines:routine_preview_print", args=[routine.slug])}"' in page
    assert all(f"Step {i} of Draft tummy" in page for i in (1, 2))
    sheet = client.get(reverse("routines:course_preview_print", args=[course.slug])).content.decode()
    assert "Published part" in sheet and sheet.count('<article class="sheet') == 2


@pytest.mark.parametrize("name", PREVIEWS)
def test_nobody_else_can_preview(client, drafts, name):
    routine, course = drafts
    address = url(name, routine, course)
    assert client.get(address).status_code == 302  # to the admin's login
    client.force_login(make_parent())
    response = client.get(address)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert "Draft" not in response.content.decode()


@pytest.mark.parametrize("name", PREVIEWS)
def test_previews_declare_that_they_start_no_massage_and_answer_get_only(client, drafts, name):
    routine, course = drafts
    assert screening_mark(getattr(views, name.split(":")[1])) == EXEMPT
    client.force_login(make_editor())
    assert client.post(url(name, routine, course)).status_code == 405
    assert client.get(reverse(name, args=["no-such-thing"])).status_code == 404


def test_the_admin_page_of_a_draft_links_to_its_previews(client, drafts):
    routine, course = drafts
    client.force_login(make_editor())
    page = client.get(reverse("admin:routines_routine_change", args=[routine.pk])).content.decode()
    assert reverse("routines:routine_preview", args=[routine.slug]) in page
    assert reverse("routines:routine_preview_print", args=[routine.slug]) in page
    page = client.get(reverse("admin:routines_course_change", args=[course.pk])).content.decode()
    assert reverse("routines:course_preview_print", args=[course.slug]) in page

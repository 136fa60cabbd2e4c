"""The clinic desk: a nurse's clinic's branded sheets one click away, with no ?clinic= to type, and the babies
parents have shared with the clinic. Only for clinic staff."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from clinics import views
from routines.models import Course, Routine
from safety.gate import EXEMPT, screening_mark
from tests.factories import (
    make_baby,
    make_clinic,
    make_clinic_staff,
    make_course,
    make_parent,
    make_routine,
    share_with,
)

pytestmark = pytest.mark.django_db

DESK = "/clinic/"


@pytest.fixture
def nurse(client):
    nurse = make_clinic_staff(make_clinic(name="Riverside Clinic", slug="riverside"))
    client.force_login(nurse.user)
    return nurse


def test_the_desk_links_every_sheet_with_the_clinic_already_in_it(client, nurse):
    head, feet = make_routine(slug="head", title="Head"), make_routine(slug="feet", title="Feet")
    make_routine(slug="draft", published=False)
    make_course(slug="first", routines=[head, feet])
    response = client.get(DESK)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Clinic desk: Riverside Clinic" in page
    for url in ["/routines/head/print/?clinic=riverside", "/routines/feet/print/?clinic=riverside",
                "/courses/first/print/?clinic=riverside", "/courses/first/summary/?clinic=riverside"]:
        assert f'href="{url}"' in page, url
    assert "/routines/draft/" not in page
    assert "Full handout (3 pages)" in page and "One-page summary" in page


@pytest.mark.parametrize("sheets", ["ru", "es"])
def test_the_desk_prints_the_sheets_in_the_language_the_clinic_chooses(client, nurse, sheets):
    head = make_routine(slug="head", title="Head")
    make_course(slug="first", routines=[head])
    page = client.get(DESK, {"sheets": sheets}).content.decode()
    assert page.startswith("<!doctype html>") and '<html lang="en">' in page  # the desk itself stays English
    for url in [f"/{sheets}/routines/head/print/?clinic=riverside", f"/{sheets}/courses/first/print/?clinic=riverside",
                f"/{sheets}/courses/first/summary/?clinic=riverside"]:
        assert f'href="{url}"' in page, url
    assert f'action="/{sheets}/print/routines/"' in page
    assert f'<a class="button primary" href="?sheets={sheets}" lang="{sheets}" aria-current="true">' in page
    printed = client.get(f"/{sheets}/routines/head/print/?clinic=riverside")
    assert printed.status_code == 200 and f'<html lang="{sheets}">' in printed.content.decode()


def test_a_made_up_sheet_language_prints_in_the_desks_own(client, nurse):
    make_routine(slug="head")
    page = client.get(DESK, {"sheets": "xx"}).content.decode()
    assert 'href="/routines/head/print/?clinic=riverside"' in page


def test_the_desk_prints_the_ticked_routines_in_one_go_for_its_clinic(client, nurse):
    make_routine(slug="head")
    page = client.get(DESK).content.decode()
    assert f'<form method="get" action="{reverse("routines:routines_print")}"' in page
    assert '<input type="hidden" name="clinic" value="riverside">' in page
    assert '<input type="checkbox" name="routine" value="head">' in page
    # What the browser sends when "Head" is ticked: the clinic's sheet.
    printed = client.get(reverse("routines:routines_print"), {"clinic": "riverside", "routine": ["head"]})
    assert printed.status_code == 200
    assert "Riverside Clinic" in printed.content.decode().split("</header>", 2)[1]


def test_the_desk_lists_the_babies_shared_with_this_clinic_only(client, nurse):
    ours, theirs, ended = make_baby(name="Mila"), make_baby(name="Otto"), make_baby(name="Ines")
    share = share_with(ours, nurse)
    share_with(theirs, make_clinic_staff())
    gone = share_with(ended, nurse)
    gone.end(user=ended.parent, now=gone.opened_at)
    page = client.get(DESK).content.decode()
    assert "Mila" in page and f'href="{reverse("clinics:shared_baby", args=[share.pk])}"' in page
    assert "Otto" not in page
    assert "Ines" not in page


def test_the_desk_has_the_code_form(client, nurse):
    page = client.get(DESK).content.decode()
    assert f'action="{reverse("clinics:code")}"' in page
    assert 'name="code"' in page


def test_someone_who_is_not_clinic_staff_gets_a_friendly_404(client):
    client.force_login(make_parent())
    for url in [DESK, reverse("clinics:code"), reverse("clinics:shared_baby", args=[1])]:
        response = client.get(url)
        assert response.status_code == 404, url
        page = response.content.decode()
        assert "This page is for clinic staff" in page
        assert 'class="site-header"' in page


def test_a_visitor_who_is_not_signed_in_is_sent_to_log_in_and_back(client):
    response = client.get(DESK)
    assert response.status_code == 302
    assert response.url == f"{reverse('safety:login')}?next=/clinic/"


def test_the_menu_shows_the_desk_to_clinic_staff_after_they_log_in_and_to_nobody_else(client):
    make_clinic_staff(email="nurse@example.com")
    parent = make_parent(email="mum@example.com")
    link = f'<a href="{DESK}">Clinic desk</a>'
    client.post(reverse("safety:login"), {"username": "nurse@example.com", "password": "a long enough secret 1"})
    assert link in client.get("/").content.decode()
    client.post(reverse("safety:logout"))
    client.force_login(parent)
    assert link not in client.get("/").content.decode()


def review_section(response):
    page = response.content.decode()
    return page[page.index('id="review-heading"'):]


def test_the_desk_lists_what_waits_for_a_clinical_review(client, nurse):
    reviewed_on, changed_on = datetime(2026, 6, 9, 10, tzinfo=UTC), datetime(2026, 7, 1, 10, tzinfo=UTC)
    head, feet = make_routine(slug="head", title="Head"), make_routine(slug="feet", title="Feet")
    make_routine(slug="draft", title="Draft", published=False)  # not printed by any clinic: not listed
    make_course(slug="first", title="First months", routines=[head, feet])
    Routine.objects.filter(pk=head.pk).update(changed_since_review=True, changed_at=changed_on,
                                              reviewed_at=reviewed_on, reviewed_by_name="Ada Moss")
    Routine.objects.filter(pk=feet.pk).update(changed_since_review=False, reviewed_at=reviewed_on)
    Course.objects.update(changed_since_review=True, reviewed_at=None)
    waiting = review_section(client.get(DESK))
    assert "Head" in waiting
    assert "Changed since the last clinical review · Last review: Ada Moss, 9 June 2026" in waiting
    assert "First months" in waiting and "Not yet reviewed by a clinician" in waiting
    assert "Feet" not in waiting and "Draft" not in waiting

    Routine.objects.update(changed_since_review=False, reviewed_at=reviewed_on)
    Course.objects.update(changed_since_review=False, reviewed_at=reviewed_on)
    assert "Nothing is waiting" in review_section(client.get(DESK))


def test_the_desk_views_declare_that_they_start_no_massage():
    for view in (views.desk, views.code, views.shared_baby, views.baby_share, views.share_code_new,
                 views.share_end):
        assert screening_mark(view) == EXEMPT
        assert "no massage" in view.screening_reason


def test_the_desk_queries_stay_the_same_as_the_library_grows(client, nurse, django_assert_num_queries):
    routines = [make_routine() for _ in range(3)]
    make_course(routines=routines)
    # 1. the user (the login session is a signed cookie), 2. the member of staff with the clinic, 3. the courses
    # with their routine counts, 4. the routines, 5. the shares open for the clinic with their babies. What waits
    # for a clinical review is picked from the courses and routines already read.
    with django_assert_num_queries(5):
        client.get(DESK)
    for _ in range(3):
        make_course(routines=[make_routine()])
    with django_assert_num_queries(5):
        assert client.get(DESK).status_code == 200
    assert Course.objects.count() == 4 and Routine.objects.count() == 6

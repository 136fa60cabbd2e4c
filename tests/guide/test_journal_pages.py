"""The journal shows its sessions a page at a time, newest first: a year of sessions stays a short page on a phone,
while the chart and its table keep to the last 8 weeks and the CSV keeps everything."""

import pytest
from django.urls import reverse
from django.utils import translation

from guide.journal import JOURNAL_PAGE_SIZE
from tests.factories import finished_session, make_course, make_routine

pytestmark = pytest.mark.django_db


def journal(client, baby, page=None):
    return client.get(reverse("guide:journal", args=[baby.pk]), {"page": page} if page else {})


def test_the_newest_sessions_come_first_a_page_at_a_time_numbered_down_to_the_first(client, baby):
    routine = make_routine(steps=2, body_area="legs")
    for n in range(JOURNAL_PAGE_SIZE + 5):  # note 0 is the newest, note 24 the oldest
        finished_session(baby, days_ago=n, routine=routine, note=f"note {n:02d}")
    first = journal(client, baby).content.decode()
    assert first.count('<li class="card">') == JOURNAL_PAGE_SIZE
    assert "note 00" in first and "note 19" in first and "note 20" not in first
    assert f'reversed start="{JOURNAL_PAGE_SIZE + 5}"' in first
    assert "Page 1 of 2" in first and 'rel="next"' in first and 'rel="prev"' not in first
    second = journal(client, baby, page=2).content.decode()
    assert second.count('<li class="card">') == 5 and "note 20" in second and "note 24" in second
    assert 'reversed start="5"' in second and 'rel="prev"' in second and 'rel="next"' not in second


def test_a_short_journal_has_no_page_links(client, baby):
    finished_session(baby, days_ago=1, routine=make_routine(steps=2))
    page = journal(client, baby).content.decode()
    assert 'class="pages"' not in page and 'reversed start="1"' in page


# Not named `page`: that is pytest-playwright's fixture, and asking for it pulls a test in among the browser tests,
# after they have emptied the database.
@pytest.mark.parametrize(("asked", "status"), [("3", 404), ("0", 404), ("-1", 404), ("two", 404), ("1.5", 404),
                                              ("1\x00", 400)])  # a NUL byte: refused before any view (RequestGuard)
def test_a_page_that_is_not_there_is_a_4xx(client, baby, asked, status):
    routine = make_routine(steps=1)
    for n in range(JOURNAL_PAGE_SIZE + 1):
        finished_session(baby, days_ago=n, routine=routine)
    assert journal(client, baby, page=asked).status_code == status


def test_the_chart_and_its_table_count_the_last_8_weeks_whatever_page_is_shown(client, baby):
    routine = make_routine(steps=2)
    finished_session(baby, days_ago=1, minutes=7, routine=routine)
    finished_session(baby, days_ago=9, minutes=4, routine=routine)
    finished_session(baby, days_ago=120, minutes=30, routine=routine)  # in the list and the CSV, not in the chart
    page = journal(client, baby).content.decode()
    assert "2 sessions in all." in page and "(11 minutes in all)" in page
    assert page.count('<li class="card">') == 3
    assert len(client.get(reverse("guide:journal_csv", args=[baby.pk])).content.decode("utf-8-sig").splitlines()) == 4


def test_the_course_reached_shows_even_when_its_last_session_is_older_than_the_chart(client, baby):
    course = make_course(routines=[make_routine(steps=2, body_area="legs")], min_age_days=30, max_age_days=120,
                         title="Early days", sessions=6)
    routine = make_routine(steps=1)
    finished_session(baby, days_ago=70, course=course)
    finished_session(baby, days_ago=2, routine=routine)
    assert "Early days: session 1 of 6" in journal(client, baby).content.decode()


def test_the_page_links_speak_the_parents_language(client, baby):
    routine = make_routine(steps=1)
    for n in range(JOURNAL_PAGE_SIZE + 1):
        finished_session(baby, days_ago=n, routine=routine)
    with translation.override("ru"):
        url = reverse("guide:journal", args=[baby.pk])
    page = client.get(url, {"page": 2}).content.decode()
    assert "Страница 2 из 2" in page and "Более новые сеансы" in page

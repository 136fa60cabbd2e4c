import pytest
from django.urls import reverse
from django.utils.html import escape

from routines.models import Course, Game, Routine
from tests.factories import make_course, make_game, make_routine

pytestmark = pytest.mark.django_db

LIST_PAGES = ["routines:home", "routines:routine_list", "routines:course_list", "routines:game_list",
              "routines:before_you_start"]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_render_with_the_content_library(client, content, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b'href="#main"' in response.content  # the skip link of base.html


def test_every_published_routine_course_and_game_page_shows_its_content(client, content):
    for routine in Routine.objects.published():
        page = client.get(routine.get_absolute_url()).content.decode()
        assert escape(routine.title) in page
        for step in routine.steps.all():
            assert escape(step.title) in page
    for course in Course.objects.published():
        page = client.get(course.get_absolute_url()).content.decode()
        assert escape(course.title) in page
        for item in course.course_routines.all():
            assert escape(item.routine.title) in page
    for game in Game.objects.published():
        page = client.get(game.get_absolute_url()).content.decode()
        assert all(escape(line.verse) in page for line in game.lines.all())


def test_routine_list_groups_routines_by_body_area(client, content):
    page = client.get(reverse("routines:routine_list")).content.decode()
    headings = ["Head &amp; face", "Stomach", "Chest", "Hands &amp; arms", "Legs", "Feet", "Back"]
    positions = [page.index(f">{h}</h2>") for h in headings]
    assert positions == sorted(positions)


def test_home_page_says_ask_your_pediatrician_first(client, db):
    page = client.get(reverse("routines:home")).content.decode()
    assert "Ask your pediatrician before the first massage" in page


def test_before_you_start_lists_room_temperature_and_feed_timing(client, content):
    page = client.get(reverse("routines:before_you_start")).content.decode()
    assert "22" in page
    assert "feed" in page


@pytest.mark.parametrize("name", ["routines:routine_detail", "routines:course_detail", "routines:game_detail"])
def test_unknown_slug_is_a_404_in_the_site_look(client, db, name):
    response = client.get(reverse(name, args=["no-such-thing"]))
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
    assert b'href="#main"' in response.content


def test_unpublished_content_is_hidden(client, db):
    routine = make_routine(published=False, title="Secret draft")
    course = make_course(published=False)
    game = make_game(published=False)
    assert client.get(routine.get_absolute_url()).status_code == 404
    assert client.get(course.get_absolute_url()).status_code == 404
    assert client.get(game.get_absolute_url()).status_code == 404
    assert "Secret draft" not in client.get(reverse("routines:routine_list")).content.decode()


def test_course_page_leaves_out_unpublished_routines(client, db):
    shown, hidden = make_routine(title="Tummy time"), make_routine(title="Draft legs", published=False)
    course = make_course(routines=[shown, hidden])
    page = client.get(course.get_absolute_url()).content.decode()
    assert "Tummy time" in page and "Draft legs" not in page


def test_browse_pages_refuse_post(client, db):
    assert client.post(reverse("routines:home")).status_code == 405


@pytest.mark.parametrize("steps", [2, 12])
def test_routine_page_queries_do_not_grow_with_steps(client, db, django_assert_num_queries, steps):
    routine = make_routine(steps=steps)
    # 1. the routine, 2. its steps joined with their techniques, 3. the choices (sources) that shape it
    with django_assert_num_queries(3):
        assert client.get(routine.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("routines", [1, 6])
def test_routine_list_queries_do_not_grow_with_routines(client, db, django_assert_num_queries, routines):
    for _ in range(routines):
        make_routine(steps=6)
    # 1. published routines with their step counts
    with django_assert_num_queries(1):
        assert client.get(reverse("routines:routine_list")).status_code == 200


@pytest.mark.parametrize("routines", [1, 6])
def test_course_page_queries_do_not_grow_with_routines(client, db, django_assert_num_queries, routines):
    course = make_course(routines=[make_routine(steps=8) for _ in range(routines)])
    # 1. the course, 2. the steps of its published routines in order, with their technique, routine and plan session
    with django_assert_num_queries(2):
        assert client.get(course.get_absolute_url()).status_code == 200


def test_course_and_game_lists_use_one_query_each(client, db, django_assert_num_queries):
    for _ in range(3):
        make_course(routines=[make_routine()])
        make_game()
    # 1. published courses with their routine counts, 2. the youngest and oldest game ages (for "after the courses")
    with django_assert_num_queries(2):
        assert client.get(reverse("routines:course_list")).status_code == 200
    # 1. published games
    with django_assert_num_queries(1):
        assert client.get(reverse("routines:game_list")).status_code == 200
    game = Game.objects.first()
    # 1. the game, 2. its lines
    with django_assert_num_queries(2):
        assert client.get(game.get_absolute_url()).status_code == 200

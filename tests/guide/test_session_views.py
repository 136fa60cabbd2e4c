"""The guided session pages: start, checklist, the player (htmx and plain), finish and the journal."""

from datetime import timedelta
from urllib.parse import quote

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from guide import services
from guide.models import MassageSession
from routines.models import CalmingStroke
from safety.models import DAILY_CHECK_VALID_HOURS
from safety.services import gate_status
from tests.factories import GOOD_DAY, check_today, make_baby, make_course, make_parent, make_routine, ready_baby

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def course(db):
    return make_course(routines=[make_routine(steps=3, body_area="stomach"), make_routine(steps=2, body_area="legs")],
                       min_age_days=30, max_age_days=120, title="Early days")


def started(baby, course, checklist="ticked"):
    session = services.start_session(gate=gate_status(baby), course=course)
    if checklist:
        session.set_checklist(checklist)
    return session


def url(name, session, *extra):
    return reverse(f"guide:{name}", args=[session.baby_id, session.pk, *extra])


def test_start_offers_the_recommended_course_and_single_routines(client, baby, course):
    page = client.get(reverse("guide:session_start", args=[baby.pk])).content.decode()
    assert "Recommended:" in page and "Early days" in page
    response = client.post(reverse("guide:session_start", args=[baby.pk]), {"choice": f"course-{course.pk}"})
    session = MassageSession.objects.get()
    assert response["Location"] == url("session_checklist", session)


@pytest.mark.parametrize("choice", ["course-999", "routine-abc", "", "<script>"])
def test_a_tampered_choice_starts_nothing(client, baby, course, choice):
    response = client.post(reverse("guide:session_start", args=[baby.pk]), {"choice": choice})
    assert response.status_code == 400
    assert not MassageSession.objects.exists()


def test_a_routine_too_advanced_for_the_age_is_not_offered(client, baby, course):
    late = make_routine(title="Crawling legs", min_age_days=240)
    page = client.get(reverse("guide:session_start", args=[baby.pk])).content.decode()
    assert "Crawling legs" not in page
    response = client.post(reverse("guide:session_start", args=[baby.pk]), {"choice": f"routine-{late.pk}"})
    assert response.status_code == 400


def test_the_checklist_shows_the_feed_timing_and_is_ticked_or_skipped(client, baby, course):
    session = started(baby, course, checklist="")
    assert client.get(url("session_player", session))["Location"] == url("session_checklist", session)
    page = client.get(url("session_checklist", session)).content.decode()
    assert "Last feed: 60 minutes before your check" in page
    assert client.post(url("session_checklist", session), {"checklist": "maybe"}).status_code == 400
    client.post(url("session_checklist", session), {"checklist": "skipped"})
    session.refresh_from_db()
    assert session.checklist == "skipped"


def test_htmx_gets_only_the_step_card_and_a_plain_request_the_whole_page(client, baby, course):
    session = started(baby, course)
    whole = client.get(url("session_player", session)).content.decode()
    card = client.get(url("session_player", session), **HTMX).content.decode()
    assert whole.lstrip().startswith("<!doctype html>") and 'id="step-card"' in whole
    assert card.lstrip().startswith('<section id="step-card"') and "<html" not in card
    assert len(card.encode()) < 4096


def test_done_moves_to_the_next_step_with_htmx_or_without(client, baby, course):
    session = started(baby, course)
    first, second, third = session.step_ids[:3]
    card = client.post(url("session_advance", session), {"step": first, "action": "done"}, **HTMX)
    assert f'data-step="{second}"' in card.content.decode()
    plain = client.post(url("session_advance", session), {"step": second, "action": "skip"})
    assert plain["Location"] == url("session_player", session)
    session.refresh_from_db()
    assert (session.done_ids, session.skipped_ids, session.current_step_id) == ([first], [second], third)


def test_the_last_step_sends_htmx_to_the_finish_page(client, baby, course):
    session = started(baby, course)
    for step in session.step_ids[:-1]:
        session.record_step(step, done=True)
    response = client.post(url("session_advance", session), {"step": session.step_ids[-1], "action": "done"}, **HTMX)
    assert response["HX-Redirect"] == url("session_finish", session)


@pytest.mark.parametrize("data", [{}, {"step": "x", "action": "done"}, {"step": 1, "action": "explode"}])
def test_a_tampered_step_is_refused(client, baby, course, data):
    session = started(baby, course)
    response = client.post(url("session_advance", session), data)
    assert response.status_code == 400
    session.refresh_from_db()
    assert session.position == 0


def test_someone_elses_session_is_a_404_even_with_my_own_baby(client, baby, course):
    theirs = started(ready_baby(age_days=60), course)
    response = client.get(reverse("guide:session_player", args=[baby.pk, theirs.pk]))
    assert response.status_code == 404
    response = client.post(reverse("guide:session_advance", args=[baby.pk, theirs.pk]),
                           {"step": theirs.step_ids[0], "action": "done"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.position == 0


def test_baby_is_fussing_pauses_and_offers_a_gentle_end(client, baby, course):
    CalmingStroke.objects.create(body_area="chest", title="One calming stroke on the chest",
                                 instruction="Stroke from the middle out.", source_note="Test.")
    session = started(baby, course)
    card = client.post(url("session_fuss", session), {"cue": "crying"}, **HTMX).content.decode()
    assert 'data-fussing="1"' in card and "Finish gently" in card and "Skip to the next body part" in card
    assert client.post(url("session_fuss", session), {"cue": "sneezing"}).status_code == 400
    card = client.post(url("session_end_gently", session), **HTMX).content.decode()
    assert "One calming stroke" in card
    session.refresh_from_db()
    assert [c["cue"] for c in session.cues] == ["crying"]


def test_a_stale_todays_check_mid_session_sends_to_the_check_and_back_to_the_same_step(client, baby, course):
    session = started(baby, course)
    session.record_step(session.step_ids[0], done=True)
    player = url("session_player", session)
    # Today's check has run out (2 hours), the session has not (12 hours).
    with time_machine.travel(timedelta(hours=DAILY_CHECK_VALID_HOURS, minutes=30)):
        response = client.post(url("session_advance", session), {"step": session.step_ids[1], "action": "done"},
                               HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver" + player)
        check = reverse("safety:daily_check", args=[baby.pk])
        assert response.status_code == 403
        assert response["HX-Redirect"] == f"{check}?next={quote(player, safe='')}"
        back = client.post(check, {**GOOD_DAY, "minutes_since_feed": 90, "next": player})
        assert back["Location"] == player
        page = client.get(player).content.decode()
    assert f'data-step="{session.step_ids[1]}"' in page
    session.refresh_from_db()
    assert session.position == 1


def test_finish_saves_mood_cues_and_note_to_the_journal(client, baby, course):
    session = started(baby, course)
    response = client.post(url("session_finish", session), {"mood": "calm", "cues_seen": ["hiccups"],
                                                            "note": "Loved the tummy part"})
    assert response["Location"] == reverse("guide:journal", args=[baby.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Loved the tummy part" in page and "Calm" in page and "Hiccups" in page
    assert "Early days: session 1 of 12" in page


def test_finish_refuses_an_unknown_mood(client, baby, course):
    session = started(baby, course)
    assert client.post(url("session_finish", session), {"mood": "ecstatic"}).status_code == 400
    session.refresh_from_db()
    assert not session.finished


def test_the_journal_exports_sessions_as_csv(client, baby, course):
    started(baby, course).finish(mood="calm", note="=HYPERLINK(\"x\")")
    response = client.get(reverse("guide:journal_csv", args=[baby.pk]))
    assert response["Content-Type"].startswith("text/csv")
    # UTF-8 with a byte-order mark, so that Excel shows names right; the file is named after the baby.
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response["Content-Disposition"] == f'attachment; filename="{baby.name} massage journal.csv"'
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("date,started,minutes")
    assert "Early days,1 of 12" in rows[1] and "'=HYPERLINK" in rows[1]


def test_the_journal_file_is_named_after_the_baby_whatever_the_letters(client, baby, course):
    baby.name = 'Зоя "Bean"/Zoë'
    baby.save()
    services.start_session(gate=gate_status(baby), course=course, started_by=baby.parent).finish(mood="calm")
    response = client.get(reverse("guide:journal_csv", args=[baby.pk]))
    # Letters beyond ASCII go in the RFC 6266 form browsers read; what a file name cannot hold is left out.
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%D0%97%D0%BE%D1%8F%20Bean%20Zo%C3%AB%20massage%20journal.csv")
    assert 'Зоя "Bean"/Zoë' not in response["Content-Disposition"]
    assert response.content.decode("utf-8-sig").splitlines()[1].endswith(f",{baby.parent.email}")


def test_the_journal_chart_has_a_text_summary(client, baby, course):
    for _ in range(3):
        started(baby, course).finish()
    page = client.get(reverse("guide:journal", args=[baby.pk])).content.decode()
    assert 'role="img"' in page and "3 sessions in all." in page
    assert "<caption>Sessions and minutes per week" in page


@pytest.mark.parametrize("steps", [2, 40])
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_player_queries_stay_the_same_as_steps_grow(client, baby, django_assert_num_queries, steps, headers):
    course = make_course(routines=[make_routine(steps=steps // 2) for _ in range(2)], min_age_days=30,
                         max_age_days=120)
    player = url("session_player", started(baby, course))
    # The first look in this app process reads the calming strokes too (one query, however many steps there are):
    # the library's steps, with their technique and routine, were read when the session started, in this process.
    with django_assert_num_queries(4):
        assert client.get(player, **headers).status_code == 200
    # 1. the user (the login session is a signed cookie), 2. the baby with its latest screening on the current
    # questionnaire and the stamps of its newest check and clearance (today's checks come from the cache under
    # them), 3. the massage session with the content's version (the steps come from the cache under it)
    with django_assert_num_queries(3):
        assert client.get(player, **headers).status_code == 200


@pytest.mark.parametrize("sessions", [1, 5, 25])
def test_journal_queries_stay_the_same_as_sessions_grow(client, baby, course, django_assert_num_queries, sessions):
    for _ in range(sessions):
        started(baby, course).finish()
    journal = reverse("guide:journal", args=[baby.pk])
    # 1. the user (the login session is a signed cookie), 2. the baby, 3. the sessions of the chart's weeks with their
    # course or routine and who ran them (the first page's too, when they are the newest), 4. how many sessions the
    # journal holds
    with django_assert_num_queries(4):
        assert client.get(journal).status_code == 200
    if sessions > 20:
        # An older page reads its own sessions: 5.
        with django_assert_num_queries(5):
            assert client.get(journal, {"page": 2}).status_code == 200


def test_the_baby_page_offers_resume_at_the_exact_step(client, baby, course):
    session = started(baby, course)
    session.record_step(session.step_ids[0], done=True)
    page = client.get(reverse("guide:baby_detail", args=[baby.pk])).content.decode()
    assert "step 2 of 5" in page and url("session_player", session) in page


def test_a_baby_too_young_for_every_routine_gets_a_clear_message(client):
    baby = ready_baby(age_days=20)
    client.force_login(baby.parent)
    course = make_course(routines=[make_routine(min_age_days=30)], min_age_days=14, max_age_days=40)
    response = client.post(reverse("guide:session_start", args=[baby.pk]), {"choice": f"course-{course.pk}"})
    assert response.status_code == 400
    assert "no step in this that suits your baby" in response.content.decode()
    assert not MassageSession.objects.exists()


def test_a_baby_not_yet_screened_cannot_start_but_the_family_reads_its_journal(client, course):
    baby = make_baby()
    client.force_login(baby.parent)
    assert client.get(reverse("guide:session_start", args=[baby.pk])).status_code == 302
    assert client.get(reverse("guide:journal", args=[baby.pk])).status_code == 200
    assert client.get(reverse("guide:journal_csv", args=[baby.pk])).status_code == 200
    client.force_login(make_parent())
    assert client.get(reverse("guide:journal", args=[baby.pk])).status_code == 404
    assert client.get(reverse("guide:journal_csv", args=[baby.pk])).status_code == 404


def test_a_gentle_early_stop_is_praised_for_stopping_and_counts_what_was_not_reached(client, baby, course):
    session = started(baby, course)
    session.record_step(session.step_ids[0], done=True)
    session.end_gently()
    page = client.get(url("session_finish", session)).content.decode()
    assert "Good call to stop" in page and "Well done" not in page
    assert "1 step done, 4 not reached" in page and "skipped" not in page


def test_a_whole_session_is_well_done_with_plural_counts(client, baby, course):
    session = started(baby, course)
    session.record_step(session.step_ids[0], done=False)
    for step in session.step_ids[1:]:
        session.record_step(step, done=True)
    page = client.get(url("session_finish", session)).content.decode()
    assert "Well done" in page and "4 steps done, 1 skipped" in page and "not reached" not in page


def test_a_session_left_for_12_hours_goes_to_the_journal_as_stopped_early(client, baby, course):
    session = started(baby, course)
    session.record_step(session.step_ids[0], done=True)
    with time_machine.travel(timedelta(hours=12, minutes=1)):
        check_today(baby)
        journal = client.get(reverse("guide:journal", args=[baby.pk])).content.decode()
        assert "stopped early" in journal and "1 step done, 4 not reached" in journal
        assert "Carry on where you stopped" not in journal
        baby_page = client.get(reverse("guide:baby_detail", args=[baby.pk])).content.decode()
        assert "Carry on where you stopped" not in baby_page
        response = client.get(url("session_player", session))
        assert response["Location"] == reverse("guide:journal", args=[baby.pk])
        # A late tap on the old page closes it instead of going on.
        client.post(url("session_advance", session), {"step": session.step_ids[1], "action": "done"}, **HTMX)
    session.refresh_from_db()
    assert session.finished and session.done_ids == session.step_ids[:1]
    assert session.not_reached_ids == session.step_ids[1:]


def test_a_long_word_in_a_note_wraps_inside_the_journal_card(client, baby, course):
    started(baby, course).finish(note="x" * 300)
    css = (settings.BASE_DIR / "static/css/site.css").read_text()
    assert ".journal .card { overflow-wrap: anywhere; }" in css
    assert 'class="cards journal"' in client.get(reverse("guide:journal", args=[baby.pk])).content.decode()


def test_a_plain_done_after_todays_check_ran_out_comes_back_to_the_same_step(client, baby, course):
    session = started(baby, course)
    session.record_step(session.step_ids[0], done=True)
    player = url("session_player", session)
    with time_machine.travel(timedelta(hours=DAILY_CHECK_VALID_HOURS, minutes=30)):
        # No JavaScript: the form posts, and the browser says which page it was on.
        response = client.post(url("session_advance", session), {"step": session.step_ids[1], "action": "done"},
                               HTTP_REFERER="http://testserver" + player)
        check = reverse("safety:daily_check", args=[baby.pk])
        assert response["Location"] == f"{check}?next={quote(player, safe='')}"
        back = client.post(check, {**GOOD_DAY, "minutes_since_feed": 90, "next": player})
        assert back["Location"] == player
        page = client.get(player)
    assert page.status_code == 200 and f'data-step="{session.step_ids[1]}"' in page.content.decode()
    session.refresh_from_db()
    assert session.position == 1  # nothing lost, nothing counted: the parent taps Done again


def test_a_post_from_another_site_is_not_where_the_gate_sends_the_parent_back(client, baby, course):
    session = started(baby, course)
    with time_machine.travel(timedelta(hours=DAILY_CHECK_VALID_HOURS, minutes=30)):
        response = client.post(url("session_advance", session), {"step": session.step_ids[0], "action": "done"},
                               HTTP_REFERER="https://evil.example/session/1/1/")
    assert response["Location"] == reverse("safety:daily_check", args=[baby.pk])


def test_the_player_says_its_answer_depends_on_htmx(client, baby, course):
    # The same URL answers a whole page or a step card: a cache in between must keep them apart.
    session = started(baby, course)
    for response in (client.get(url("session_player", session)), client.get(url("session_player", session), **HTMX),
                     client.post(url("session_advance", session), {"step": session.step_ids[0], "action": "done"},
                                 **HTMX)):
        assert "HX-Request" in response["Vary"]

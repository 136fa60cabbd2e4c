"""The step card's drawing and words are kept per step, language and content version (issue 19): an editor's
change shows on the very next step, and each language gets its own words. The start page's plan reads the library
kept the same way, and sees an editor's change at once too."""

import reversion
from django.urls import reverse
from django.utils import translation

from guide import services
from routines.models import Step
from safety.services import gate_status
from tests.factories import make_course, make_routine, ready_baby

HTMX = {"HTTP_HX_REQUEST": "true"}


def _player(client, db):
    baby = ready_baby(age_days=60)
    course = make_course(routines=[make_routine(steps=3, body_area="stomach")], min_age_days=30, max_age_days=120)
    session = services.start_session(gate=gate_status(baby), course=course)
    session.set_checklist("ticked")
    client.force_login(baby.parent)
    return reverse("guide:session_player", args=[baby.pk, session.pk]), Step.objects.get(pk=session.step_ids[0])


def test_an_edit_to_the_step_shows_on_the_next_card(client, db):
    url, step = _player(client, db)
    assert step.instruction in client.get(url, **HTMX).content.decode()
    with reversion.create_revision():  # as admin saves it: a new content version
        step.instruction = "Rest your warm hand on the tummy, then circle slowly."
        step.caution = "Never press on the belly button."
        step.save()
    card = client.get(url, **HTMX).content.decode()
    assert "Rest your warm hand on the tummy, then circle slowly." in card
    assert "Never press on the belly button." in card


def test_each_language_gets_its_own_words_on_the_card(client, db):
    url, step = _player(client, db)
    Step.objects.filter(pk=step.pk).update(instruction_ru="Положите тёплую ладонь на животик.")
    with reversion.create_revision():
        step.refresh_from_db()
        step.save()
    assert step.instruction_en in client.get(url, **HTMX).content.decode()
    with translation.override("ru"):
        ru_url = reverse("guide:session_player", args=url.strip("/").split("/")[1:3])
    card = client.get(ru_url, **HTMX).content.decode()
    assert "Положите тёплую ладонь на животик." in card and step.instruction_en not in card


def test_the_start_page_plans_with_the_content_as_an_editor_left_it(client, db):
    """The start page's plan comes from the library this app process keeps per content version: a step an editor
    adds to a routine is counted in the very next plan, and a routine they unpublish is no longer offered."""
    legs, tummy = make_routine(steps=2, body_area="legs"), make_routine(steps=3, body_area="stomach")
    make_course(routines=[legs, tummy], min_age_days=30, max_age_days=120)
    baby = ready_baby(age_days=60)
    client.force_login(baby.parent)
    start = reverse("guide:session_start", args=[baby.pk])
    page = client.get(start).content.decode()
    assert "5 moves" in page and legs.title in page
    with reversion.create_revision():  # as admin saves them: a new content version
        Step.objects.create(routine=tummy, order=9, title="Rest a warm hand", instruction="Rest your warm hand.",
                            technique=tummy.steps.first().technique, direction="Still", repetitions=1,
                            source_note="Test.")
        legs.published = False
        legs.save()
    page = client.get(start).content.decode()
    assert "4 moves" in page and legs.title not in page

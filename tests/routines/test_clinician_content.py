"""What infant-massage teachers and health services add to the article is where a parent or a nurse will look for
it: the before-you-start list (online and before every session), the stomach routine, the player's "baby is
fussing" panel, the print footer, and the "Sources and choices" page, each item with a note of where it comes from."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from guide import services
from routines.models import ChecklistItem, Course, Game, Routine, SourceChoice
from safety.services import gate_status
from tests.factories import ready_baby

pytestmark = pytest.mark.django_db

NEW_ITEMS = {
    "fall-safety": ["Keep one hand on your baby", "slippery", "The safest place is the floor"],
    "belly-button": ["belly button has healed", "leave the tummy out"],
    "oil-or-cream": ["essential oils", "scented oils", "mustard oil", "nut oils", "plain oil with no scent",
                     "small patch of skin"],
    "get-help": ["blue, grey or very pale", "struggles to breathe", "vomits"],
    "vaccines": ["Wait 2 days after a vaccine", "where the needle went in"],
    "ask-your-baby": ["Show your baby your warm hands and ask", "looks at you, smiles, coos or reaches out",
                      "turning away", "arching the back", "mean not now"],
    "first-lesson": ["baby-massage teacher", "show you how before your first massage"],
}


@pytest.fixture
def session_page(client, content):
    """The checklist and player pages of a session just started, for a signed-in parent."""
    baby = ready_baby(age_days=60)
    client.force_login(baby.parent)
    session = services.start_session(gate=gate_status(baby), course=Course.objects.get(slug="one-to-three-months"))
    checklist = client.get(reverse("guide:session_checklist", args=[baby.pk, session.pk])).content.decode()
    session.set_checklist("ticked")
    player = client.get(reverse("guide:session_player", args=[baby.pk, session.pk])).content.decode()
    return checklist, player


@pytest.mark.parametrize("slug", NEW_ITEMS)
def test_each_new_item_is_on_the_before_you_start_page_and_before_every_session(client, content, session_page, slug):
    checklist, _player = session_page
    page = client.get(reverse("routines:before_you_start")).content.decode()
    item = ChecklistItem.objects.get(slug=slug)
    for words in NEW_ITEMS[slug]:
        assert words in item.text or words in item.title, (slug, words)
        assert escape(words) in page and escape(words) in checklist, (slug, words)
    assert item.source_note.strip() and escape(item.source_note) in page


def test_every_before_you_start_item_says_where_it_comes_from(content):
    for item in ChecklistItem.objects.all():
        assert item.source_note.strip(), item.slug
    notes = " ".join(ChecklistItem.objects.values_list("source_note", flat=True))
    assert "Source article" in notes and "Not in the source article" in notes


def test_ask_your_baby_comes_last_just_before_the_start_button(session_page):
    checklist, _player = session_page
    assert checklist.index("Ask your baby first") > checklist.index("Signs that mean get help now")
    assert checklist.index("Ask your baby first") < checklist.index("All ready — start")


def test_the_right_time_covers_before_a_feed_too(content):
    item = ChecklistItem.objects.get(slug="feeding-time")
    assert item.title == "The right time around a feed"
    assert "before a feed" in item.text and "at least 45 minutes after" in item.text


def test_the_stomach_routine_waits_for_the_belly_button(client, content):
    page = client.get(reverse("routines:routine_detail", args=["stomach"])).content.decode()
    caution = page.split('<div class="caution" role="note">')[1].split("</div>")[0]
    assert "Wait until the belly button has healed." in caution
    assert "45 minutes after a feed" in caution


def test_the_fussing_panel_says_when_to_get_help(session_page):
    _checklist, player = session_page
    panel = player.split('<details class="fussing"')[1].split("</details>")[0]
    assert "Get help now" in panel
    assert "blue, grey or very pale" in panel and "struggles to breathe" in panel and "vomits" in panel


@pytest.mark.parametrize("printed", ["routine", "course"])
def test_every_printed_page_says_keep_a_hand_on_the_baby_and_when_to_get_help(client, content, printed):
    url = (reverse("routines:routine_print", args=["legs"]) if printed == "routine"
           else reverse("routines:course_print", args=["one-to-three-months"]))
    sheets = client.get(url).content.decode().split('<article class="sheet')[1:]
    assert sheets
    for sheet in sheets:
        footer = sheet.split('<footer class="sheet-footer">')[1]
        assert "Keep one hand on your baby." in footer
        assert "Blue or grey skin, hard breathing or vomiting: get help now." in footer
        assert "Our choices and why: <span class=\"sheet-sources\">http://testserver/sources/</span>" in footer


def test_the_first_lesson_from_a_professional_is_recommended_where_parents_start(client, content):
    home = client.get(reverse("routines:home")).content.decode()
    assert "baby-massage teacher show you how the first time" in home
    first = Course.objects.get(slug="first-gentle-touches")
    assert "has shown you how" in first.intro and "wait until your baby is 6 weeks old" in first.intro


# Sources and choices


CHOICES = {  # our choice: words of the article it weighs
    "legs-foot-to-thigh": "from the thigh to the foot",
    "home-from-six-weeks": "as early as 1.5 months",
    "feed-timing": "45 minutes after it",
    "shaking-from-four-months": "shaking is allowed",
}


def test_the_sources_page_lists_each_choice_with_the_articles_words_and_the_reason(client, content):
    page = client.get(reverse("routines:sources")).content.decode()
    for slug, words in CHOICES.items():
        choice = SourceChoice.objects.get(slug=slug)
        assert words in choice.article_says
        assert f'id="{slug}"' in page
        for text in (choice.title, choice.article_says, choice.we_do, choice.reason):
            assert escape(text) in page


def test_each_affected_routine_page_and_sheet_links_to_its_choices(client, content):
    for choice in SourceChoice.objects.prefetch_related("routines"):
        for routine in choice.routines.all():
            page = client.get(routine.get_absolute_url()).content.decode()
            assert f'href="/sources/#{choice.slug}"' in page, (routine.slug, choice.slug)
    legs = client.get(reverse("routines:routine_detail", args=["legs"])).content.decode()
    assert escape(SourceChoice.objects.get(slug="legs-foot-to-thigh").title) in legs
    for routine in Routine.objects.published():
        sheet = client.get(reverse("routines:routine_print", args=[routine.slug])).content.decode()
        assert "http://testserver/sources/" in sheet


def test_the_sources_page_uses_two_queries(client, content, django_assert_num_queries):
    # 1. the choices, 2. the routines each one shapes
    with django_assert_num_queries(2):
        assert client.get(reverse("routines:sources")).status_code == 200


# Games


def test_happy_feet_never_asks_to_press_firmly(content):
    lines = " ".join(Game.objects.get(slug="happy-feet").lines.values_list("movement", flat=True)).lower()
    assert "firmly" not in lines and "press the heel softly" in lines


def test_the_game_pages_speak_of_a_child_not_a_baby(client, content):
    game = Game.objects.get(slug="washing-game")
    for url in (reverse("routines:game_list"), game.get_absolute_url()):
        footer = client.get(url).content.decode().split('<footer class="site-footer">')[1]
        assert "stop if your child says it hurts" in footer
        assert "baby" not in footer.lower()
    home = client.get(reverse("routines:home")).content.decode()
    assert "Self-massage games for children aged 2 to 6" in home

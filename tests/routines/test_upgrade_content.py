"""An install that has the content library as it shipped before issue 12 (and an editor's changes to it) upgrades
with `migrate` and `load_content`: the corrected texts arrive where nobody changed them, the new fields and the
session plans are filled in, the new items are added, and every edit stays as the editor left it."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from routines.content import load_content
from routines.models import CalmingStroke, ChecklistItem, Course, CourseStep, GameLine, Routine, SourceChoice

BEFORE = [("routines", "0004_massagesession_moves_to_guide")]
FIXTURES = Path(settings.BASE_DIR) / "fixtures"

# The texts as they first shipped, where issue 12 changed them.
OLD = {
    ("course", "one-to-three-months", "intro"): (
        "At this age your baby learns to hold the head up alone. The course goes from head to feet and ends with the "
        "back, with your baby on the tummy. Add new moves slowly, one at a time. Keep the same feed times: 40 to 60 "
        "minutes before a feed or 40 to 45 minutes after."),
    ("course", "four-to-six-months", "minutes_per_session"): 12,
    ("course", "eight-to-twelve-months", "minutes_per_session"): 15,
    ("routine", "stomach", "cautions"): (
        "Always move clockwise, never the other way. Do not touch the liver area: your baby's right side, just under "
        "the ribs. Never press into the tummy. Wait at least 40 minutes after a feed. If your baby has a large hernia "
        "that bulges out, skip the tummy and ask your doctor first."),
    ("checklist", "feeding-time", "title"): "The right time after a feed",
    ("checklist", "feeding-time", "text"): (
        "Start 40 to 60 minutes before a feed, or 40 to 45 minutes after one. Your baby should not be hungry or full."),
    ("checklist", "oil-or-cream", "title"): "Oil or cream, if you like",
}
OLD_HEEL = "Press firmly on the heel, then rub the whole foot."
OLD_CHECKLIST = ["surface", "room-temperature", "light-and-air", "hands", "feeding-time", "sleep", "evening-bath",
                 "oil-or-cream", "health", "mood", "stop-signs"]
EDITED_INTRO = "Our clinic runs this course on Tuesdays. Start it after your first visit."
EDITED_OIL = "Ask at the clinic desk which oil we use in our classes."


def _fixture(name):
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def _old(kind, slug, field, value):
    return OLD.get((kind, slug, field), value)


def install_the_old_library(apps):
    """The library as the loader of the time wrote it, through the models of the time (no step ages, no plans,
    no source notes), with the old texts; then an editor's changes."""
    Technique, Routine, Step = (apps.get_model("routines", n) for n in ("Technique", "Routine", "Step"))
    Course, CourseRoutine = apps.get_model("routines", "Course"), apps.get_model("routines", "CourseRoutine")
    Game, GameLine = apps.get_model("routines", "Game"), apps.get_model("routines", "GameLine")
    ChecklistItem = apps.get_model("routines", "ChecklistItem")
    techniques = {row["slug"]: Technique.objects.create(**row) for row in _fixture("techniques")}
    for row in _fixture("routines"):
        steps = row.pop("steps")
        row["cautions"] = _old("routine", row["slug"], "cautions", row["cautions"])
        row.pop("lies_on", None)  # a later field
        routine = Routine.objects.create(**row)
        for order, step in enumerate(steps, start=1):
            step = {key: value for key, value in step.items() if key != "per_side"}  # a later field
            Step.objects.create(routine=routine, order=order, **{**step, "technique": techniques[step["technique"]]})
    for row in _fixture("courses"):
        slugs, _plan = row.pop("routines"), row.pop("plan")
        row = {field: _old("course", row["slug"], field, value) for field, value in row.items()}
        course = Course.objects.create(**row)
        for order, slug in enumerate(slugs, start=1):
            CourseRoutine.objects.create(course=course, routine=Routine.objects.get(slug=slug), order=order)
    for row in _fixture("games"):
        lines = row.pop("lines")
        game = Game.objects.create(**row)
        for order, line in enumerate(lines, start=1):
            movement = OLD_HEEL if line["movement"].startswith("Press the heel softly") else line["movement"]
            GameLine.objects.create(game=game, order=order, verse=line["verse"], movement=movement)
    for order, row in enumerate(r for r in _fixture("checklist") if r["slug"] in OLD_CHECKLIST):
        ChecklistItem.objects.create(slug=row["slug"], order=order,
                                     title=_old("checklist", row["slug"], "title", row["title"]),
                                     text=_old("checklist", row["slug"], "text", row["text"]))
    # The editor's work: a course intro and the oil advice rewritten, a step renamed.
    Course.objects.filter(slug="first-gentle-touches").update(intro=EDITED_INTRO)
    ChecklistItem.objects.filter(slug="oil-or-cream").update(text=EDITED_OIL)
    Step.objects.filter(routine__slug="back", title="Goodbye stroke").update(title="Last long stroke")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_install_with_the_old_library_upgrades_without_losing_an_edit():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    install_the_old_library(executor.loader.project_state(BEFORE).apps)

    executor = MigrationExecutor(connection)  # read the graph again, as a new `migrate` would
    executor.migrate(executor.loader.graph.leaf_nodes())

    # The corrected texts, where nobody had changed them.
    assert Course.objects.get(slug="one-to-three-months").intro.startswith("At this age") and \
        "at least 45 minutes after one" in Course.objects.get(slug="one-to-three-months").intro
    # (10 after the corrections, then longer once the one-sided moves count on both sides)
    assert Course.objects.get(slug="four-to-six-months").minutes_per_session == 14
    assert Course.objects.get(slug="eight-to-twelve-months").minutes_per_session == 15
    assert Routine.objects.get(slug="stomach").cautions.startswith("Wait until the belly button has healed.")
    feeding = ChecklistItem.objects.get(slug="feeding-time")
    assert feeding.title == "The right time around a feed" and "at least 45 minutes" in feeding.text
    assert GameLine.objects.filter(movement=OLD_HEEL).count() == 0
    # The editor's texts, untouched.
    assert Course.objects.get(slug="first-gentle-touches").intro == EDITED_INTRO
    oil = ChecklistItem.objects.get(slug="oil-or-cream")
    assert oil.text == EDITED_OIL and oil.title == "Oil, if you use one"  # the title was still the shipped one

    report = load_content()

    # What was missing is added: session plans, the new "before you start" items, choices, calming strokes.
    for course in Course.objects.all():
        assert course.plan.exists(), course.slug
    assert report.skipped == [f"course {slug}: plan move back/Goodbye stroke (no step 'back/Goodbye stroke')"
                              for slug in ("one-to-three-months", "four-to-six-months", "eight-to-twelve-months")]
    assert CourseStep.objects.filter(step__title="Last long stroke").count() == 0
    for slug in ["fall-safety", "belly-button", "get-help", "vaccines", "ask-your-baby", "first-lesson"]:
        assert ChecklistItem.objects.filter(slug=slug).exists(), slug
    assert all(item.source_note for item in ChecklistItem.objects.all())  # the old items' notes filled in
    assert SourceChoice.objects.count() == len(_fixture("choices"))
    assert CalmingStroke.objects.count() == len(_fixture("calming"))
    # ... and still nothing an editor wrote is changed.
    assert Course.objects.get(slug="first-gentle-touches").intro == EDITED_INTRO
    assert ChecklistItem.objects.get(slug="oil-or-cream").text == EDITED_OIL
    assert Routine.objects.get(slug="back").steps.filter(title="Last long stroke").exists()
    assert load_content().created == {}

"""Issue 12 corrects some texts of the content library as it first shipped. An install that has them gets the
new text, but only where the field still holds exactly the old shipped text: anything an editor changed in
admin stays as the editor left it. (A new install gets the new texts from fixtures/.)

- Feed timing: "at least 45 minutes after a feed" (the safer of the article's two readings; the
  "before you start" item now covers the time before a feed too).
- The first course: home massage from 6 weeks, from 2 weeks only after a lesson; the tummy waits for the
  belly button; the 1-to-3-months course adds new moves slowly.
- Stated minutes of the two later courses, to match what their session plans take.
- Oils: no essential, scented, mustard or nut oils, none in the first month, a patch test first.
- The stomach routine waits until the belly button has healed.
- "Happy feet" no longer asks children to press firmly on the heel.
"""

from django.db import migrations
from django.utils import timezone

OLD_FIRST_INTRO = (
    "You can start this course at about two weeks of age, but only after your pediatrician says it is fine. Use soft "
    "strokes only. A newborn may enjoy just a few minutes, so stop when your baby has had enough. Pick a calm time, "
    "40 to 60 minutes before a feed or 40 to 45 minutes after one."
)
NEW_FIRST_INTRO = (
    "Start this course at about two weeks of age only if a nurse, doctor or baby-massage teacher has shown you how, "
    "and your pediatrician says it is fine. Without a lesson, wait until your baby is 6 weeks old. Use soft strokes "
    "only. The first sessions are very short, because a newborn may enjoy just a minute or two. Leave the tummy out "
    "until the belly button has healed. Pick a calm time, 40 to 60 minutes before a feed or at least 45 minutes "
    "after one."
)
OLD_SECOND_INTRO = (
    "At this age your baby learns to hold the head up alone. The course goes from head to feet and ends with the "
    "back, with your baby on the tummy. Add new moves slowly, one at a time. Keep the same feed times: 40 to 60 "
    "minutes before a feed or 40 to 45 minutes after."
)
NEW_SECOND_INTRO = (
    "At this age your baby learns to hold the head up alone. The course goes from head to feet and ends with the "
    "back, with your baby on the tummy. The first session is a few strokes, and every second session adds a few "
    "moves, so new moves come in slowly. If no nurse or baby-massage teacher has shown you how, start at 6 weeks. "
    "Pick calm times: 40 to 60 minutes before a feed or at least 45 minutes after one."
)
OLD_STOMACH_CAUTIONS = (
    "Always move clockwise, never the other way. Do not touch the liver area: your baby's right side, just under the "
    "ribs. Never press into the tummy. Wait at least 40 minutes after a feed. If your baby has a large hernia that "
    "bulges out, skip the tummy and ask your doctor first."
)
NEW_STOMACH_CAUTIONS = (
    "Wait until the belly button has healed. Always move clockwise, never the other way. Do not touch the liver "
    "area: your baby's right side, just under the ribs. Never press into the tummy. Wait at least 45 minutes after "
    "a feed. If your baby has a large hernia that bulges out, skip the tummy and ask your doctor first."
)

# (model, how to find the row, field, the old shipped value, the new one)
CORRECTIONS = [
    ("Course", {"slug": "first-gentle-touches"}, "intro", OLD_FIRST_INTRO, NEW_FIRST_INTRO),
    ("Course", {"slug": "one-to-three-months"}, "intro", OLD_SECOND_INTRO, NEW_SECOND_INTRO),
    ("Course", {"slug": "four-to-six-months"}, "minutes_per_session", 12, 10),
    ("Course", {"slug": "eight-to-twelve-months"}, "minutes_per_session", 15, 10),
    ("Routine", {"slug": "stomach"}, "cautions", OLD_STOMACH_CAUTIONS, NEW_STOMACH_CAUTIONS),
    ("ChecklistItem", {"slug": "feeding-time"}, "title", "The right time after a feed", "The right time around a feed"),
    ("ChecklistItem", {"slug": "feeding-time"}, "text",
     "Start 40 to 60 minutes before a feed, or 40 to 45 minutes after one. Your baby should not be hungry or full.",
     "Start 40 to 60 minutes before a feed, or at least 45 minutes after one. Your baby should be neither hungry nor "
     "full."),
    ("ChecklistItem", {"slug": "oil-or-cream"}, "title", "Oil or cream, if you like", "Oil, if you use one"),
    ("ChecklistItem", {"slug": "oil-or-cream"}, "text",
     "You can use a baby massage oil or cream so your hands glide more easily. Do not use nut oils. Test a little on "
     "a small patch of skin first, and warm it in your hands.",
     "You do not need oil. In the first month, use none at all. After that, if you like, pick a plain oil with no "
     "scent. Never use essential oils, scented oils, mustard oil or nut oils. The first time, rub a drop on a small "
     "patch of skin and wait until the next day. If the skin turns red, do not use it. Warm the oil in your hands "
     "first."),
    ("GameLine", {"game__slug": "happy-feet", "verse": "Heel, heel, say hello!"}, "movement",
     "Press firmly on the heel, then rub the whole foot.", "Press the heel softly with the thumb, then rub the whole foot."),
]


def _replace(apps, wanted, replacement):
    for model_name, lookup, field, *values in CORRECTIONS:
        model = apps.get_model("routines", model_name)
        # A routine's or course's "last changed" dates its print sheets: a corrected text is a new version.
        dated = {"updated_at": timezone.now()} if any(f.name == "updated_at" for f in model._meta.fields) else {}
        model.objects.filter(**lookup, **{field: values[wanted]}).update(**{field: values[replacement]}, **dated)


def correct(apps, schema_editor):
    _replace(apps, 0, 1)


def uncorrect(apps, schema_editor):
    _replace(apps, 1, 0)


class Migration(migrations.Migration):
    dependencies = [("routines", "0005_plan_ages_choices_and_calming_strokes")]

    operations = [migrations.RunPython(correct, uncorrect)]

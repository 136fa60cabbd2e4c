"""The "Sole spirals" step showed straight strokes; it gets the spiral drawing. Only where the step still
has the shipped diagram: an editor's own choice stays."""

from django.db import migrations


def use_spirals(apps, schema_editor):
    Step = apps.get_model("routines", "Step")
    Step.objects.filter(routine__slug="feet", title="Sole spirals", diagram="foot-sole").update(
        diagram="foot-sole-spirals"
    )


def use_straight_strokes(apps, schema_editor):
    Step = apps.get_model("routines", "Step")
    Step.objects.filter(routine__slug="feet", title="Sole spirals", diagram="foot-sole-spirals").update(
        diagram="foot-sole"
    )


class Migration(migrations.Migration):
    dependencies = [("routines", "0006_correct_shipped_texts")]

    operations = [migrations.RunPython(use_spirals, use_straight_strokes)]

"""Each session keeps the body area of each planned step, frozen with the plan like the step ids.
Sessions saved before this get the areas their steps have now (steps keep their routine)."""

from django.db import migrations, models


def fill_step_areas(apps, schema_editor):
    MassageSession = apps.get_model("guide", "MassageSession")
    Step = apps.get_model("routines", "Step")
    area_of = dict(Step.objects.values_list("pk", "routine__body_area"))
    for session in MassageSession.objects.iterator():
        session.step_areas = [area_of.get(pk, "") for pk in session.step_ids]
        session.save(update_fields=["step_areas"])


class Migration(migrations.Migration):
    dependencies = [("guide", "0001_initial"), ("routines", "0004_massagesession_moves_to_guide")]

    operations = [
        migrations.AddField(
            model_name="massagesession",
            name="step_areas",
            field=models.JSONField(blank=True, default=list, verbose_name="body area of each planned step"),
        ),
        migrations.RunPython(fill_step_areas, migrations.RunPython.noop),
    ]

"""MassageSession, moved here from routines. The table was renamed by routines 0004, with its rows;
this migration only tells Django's state that the model now lives here, and moves its content type so
that admin history and permissions follow it."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label="routines", model="massagesession")
    if not ContentType.objects.filter(app_label="guide", model="massagesession").exists():
        old.update(app_label="guide")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="guide", model="massagesession").update(app_label="routines")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("routines", "0004_massagesession_moves_to_guide"),
        ("safety", "0002_questionnaire_v1"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="MassageSession",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("course_session_number", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="session number in the course")),
                        ("step_ids", models.JSONField(verbose_name="planned steps, in order")),
                        ("left_out_areas", models.JSONField(blank=True, default=list, verbose_name="body areas left out")),
                        ("position", models.PositiveIntegerField(default=0, verbose_name="current step (index)")),
                        ("done_ids", models.JSONField(blank=True, default=list, verbose_name="steps done")),
                        ("skipped_ids", models.JSONField(blank=True, default=list, verbose_name="steps skipped")),
                        ("cues", models.JSONField(blank=True, default=list, verbose_name="cues seen")),
                        ("checklist", models.CharField(blank=True, choices=[("ticked", "Ticked"), ("skipped", "Skipped")], max_length=8, verbose_name="before-you-start list")),
                        ("hands_free", models.BooleanField(default=False, verbose_name="hands-free")),
                        ("ending_gently", models.BooleanField(default=False, verbose_name="ending with a calming stroke")),
                        ("started_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="started")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="last step saved")),
                        ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished")),
                        ("mood", models.CharField(blank=True, choices=[("content", "Content and relaxed"), ("calm", "Calm"), ("mixed", "Some fussing"), ("unhappy", "Unhappy")], max_length=10, verbose_name="how your baby took it")),
                        ("note", models.TextField(blank=True, max_length=2000, verbose_name="note")),
                        ("baby", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="massage_sessions", to="safety.baby")),
                        ("course", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="massage_sessions", to="routines.course")),
                        ("daily_check", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="safety.dailycheck")),
                        ("routine", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="massage_sessions", to="routines.routine")),
                        ("screening", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="safety.screeningsubmission")),
                    ],
                    options={
                        "verbose_name": "massage session",
                        "verbose_name_plural": "massage sessions",
                        "ordering": ["-started_at", "-pk"],
                        "constraints": [models.CheckConstraint(condition=models.Q(("course__isnull", True), ("routine__isnull", True), _connector="XOR"), name="course_xor_routine")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]

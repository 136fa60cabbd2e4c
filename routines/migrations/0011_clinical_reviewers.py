"""The "clinical reviewers" group, and the review state of content already installed.

The group may see every piece of content in admin (not change it); routines.models.is_clinical_reviewer lets its
members mark a routine or a course reviewed.

On an install that already has the content, a routine or course still exactly as the project shipped it (its
parent-facing fields, and its steps or routines, the same as in fixtures/) counts as reviewed by the project, as
on a new install. Anything that differs waits for a clinician: we cannot know who checked an editor's change.
The fixtures are read as they are when this runs; a later change to them can only make more content wait for a
review, never less.
"""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

GROUP = "clinical reviewers"
CONTENT_MODELS = ["technique", "routine", "step", "course", "courseroutine", "coursestep", "game", "gameline",
                  "checklistitem", "sourcechoice", "calmingstroke", "clinic"]
ROUTINE_FIELDS = ["title", "summary", "position", "cautions", "min_age_days", "max_age_days", "minutes"]
STEP_FIELDS = ["title", "instruction", "direction", "repetitions", "seconds", "caution", "min_age_days", "diagram"]
COURSE_FIELDS = ["title", "min_age_days", "max_age_days", "sessions", "milestone", "minutes_per_session", "intro",
                 "needs_pediatrician_ok"]


def add_group(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("routines")
    models_module = getattr(app_config, "models_module", None)  # None in a migration: create_permissions would skip it
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*Permission.objects.filter(
        content_type__app_label="routines", codename__in=[f"view_{model}" for model in CONTENT_MODELS]))


def _shipped(name):
    path = Path(settings.BASE_DIR) / "fixtures" / f"{name}.json"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as handle:
        return {row["slug"]: row for row in json.load(handle)}


# What a field left out of a fixture row means (the loader leaves the model's own default).
ABSENT = {"min_age_days": None, "caution": "", "cautions": "", "seconds": None, "repetitions": None, "diagram": "",
          "needs_pediatrician_ok": False}


def _same(obj, row, fields):
    return all(getattr(obj, field) == row.get(field, ABSENT.get(field)) for field in fields)


def review_shipped_content(apps, schema_editor):
    Routine = apps.get_model("routines", "Routine")
    Course = apps.get_model("routines", "Course")
    now = timezone.now()
    routines, courses = _shipped("routines"), _shipped("courses")
    as_shipped = []
    for routine in Routine.objects.filter(slug__in=routines):
        row = routines[routine.slug]
        steps = list(routine.steps.select_related("technique").order_by("order", "pk"))
        shipped_steps = row.get("steps", [])
        if _same(routine, row, ROUTINE_FIELDS) and len(steps) == len(shipped_steps) and all(
            _same(step, shipped, STEP_FIELDS) and step.technique.slug == shipped["technique"]
            for step, shipped in zip(steps, shipped_steps, strict=True)
        ):
            as_shipped.append(routine.pk)
    Routine.objects.filter(pk__in=as_shipped).update(changed_since_review=False, reviewed_at=now)
    as_shipped = []
    for course in Course.objects.filter(slug__in=courses):
        row = courses[course.slug]
        slugs = list(course.course_routines.order_by("order", "pk").values_list("routine__slug", flat=True))
        if _same(course, row, COURSE_FIELDS) and slugs == row.get("routines"):
            as_shipped.append(course.pk)
    Course.objects.filter(pk__in=as_shipped).update(changed_since_review=False, reviewed_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("routines", "0010_review_state_and_plain_words"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(add_group, migrations.RunPython.noop),
        migrations.RunPython(review_shipped_content, migrations.RunPython.noop),
    ]

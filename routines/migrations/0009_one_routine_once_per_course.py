"""Before a routine can be in a course only once (0009 adds the constraint), remove the copies an editor could add
until now. The first place it has in the course (lowest order) is kept; the session plan names steps, not these
rows, so nothing else changes."""

from django.db import migrations


def remove_duplicates(apps, schema_editor):
    CourseRoutine = apps.get_model("routines", "CourseRoutine")
    seen = set()
    for row in CourseRoutine.objects.order_by("course_id", "order", "pk"):
        key = (row.course_id, row.routine_id)
        if key in seen:
            row.delete()
        else:
            seen.add(key)


class Migration(migrations.Migration):
    dependencies = [("routines", "0008_per_side_and_lying")]

    operations = [migrations.RunPython(remove_duplicates, migrations.RunPython.noop)]

"""Who started each session (issue 17). Until now only a baby's parent could start one, so the sessions kept
so far were started by the baby's parent."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def started_by_the_parent(apps, schema_editor):
    MassageSession = apps.get_model("guide", "MassageSession")
    Baby = apps.get_model("safety", "Baby")
    parent = Baby.objects.filter(pk=models.OuterRef("baby_id")).values("parent_id")[:1]
    MassageSession.objects.filter(started_by__isnull=True).update(started_by=models.Subquery(parent))


class Migration(migrations.Migration):

    dependencies = [
        ('guide', '0004_sides_and_turns'),
        ('safety', '0008_owner_memberships'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='massagesession',
            name='started_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='started by'),
        ),
        migrations.RunPython(started_by_the_parent, migrations.RunPython.noop),
    ]

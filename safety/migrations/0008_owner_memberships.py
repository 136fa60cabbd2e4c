"""Every baby's parent becomes its owner: until now the parent was the only one who could see the baby."""

from django.db import migrations


def parents_own_their_babies(apps, schema_editor):
    Baby = apps.get_model("safety", "Baby")
    Membership = apps.get_model("safety", "Membership")
    have = set(Membership.objects.filter(role="owner").values_list("baby_id", "user_id"))
    Membership.objects.bulk_create([
        Membership(baby_id=baby_id, user_id=parent_id, role="owner")
        for baby_id, parent_id in Baby.objects.values_list("pk", "parent_id") if (baby_id, parent_id) not in have
    ])


def back(apps, schema_editor):
    # Going back to one parent per baby: memberships were only ever read from 0007 on, and 0007's reversal
    # drops the table.
    pass


class Migration(migrations.Migration):
    dependencies = [("safety", "0007_families")]

    operations = [migrations.RunPython(parents_own_their_babies, back)]

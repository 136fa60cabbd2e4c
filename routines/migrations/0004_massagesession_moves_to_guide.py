"""MassageSession moves to the guide app. Its table is renamed, never dropped: every row stays.

guide/migrations/0001_initial.py takes the model over in Django's state, on the renamed table.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("routines", "0003_massagesession")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable(name="massagesession", table="guide_massagesession")],
            state_operations=[migrations.DeleteModel(name="MassageSession")],
        ),
    ]

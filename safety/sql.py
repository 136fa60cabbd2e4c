"""Model instances read by statements written out in SQL.

Only for the few reads made on every step of a session (the signed-in person, the gate's statement, the session's
locked row), where Django's ORM took longer to build and compile the statement than the database took to answer it
(perf/README.md, issue 19). The instances are the ones the ORM makes: every column of the model, converted by the
same converters (SQLite's text into dates and times, JSON into lists), loaded as from the database.
"""

from weakref import WeakKeyDictionary

from django.db import connections


class Columns:
    """Every column of `model` in a SELECT, under the table alias `alias`, and the instance made from them."""

    def __init__(self, model, alias):
        self.model, self.fields = model, model._meta.concrete_fields
        self.names = [field.attname for field in self.fields]
        self.sql = ", ".join(f'{alias}."{field.column}"' for field in self.fields)
        self._cols = [field.get_col(model._meta.db_table) for field in self.fields]
        self._converters = WeakKeyDictionary()  # per database connection: what it gives back is not what Python uses

    def __len__(self):
        return len(self.fields)

    def instance(self, values, connection):
        """The model instance from `values` (this model's columns, in order, as `connection` returned them)."""
        converters = self._converters.get(connection)
        if converters is None:
            converters = self._converters[connection] = [
                (index, col, found) for index, col in enumerate(self._cols)
                if (found := connection.ops.get_db_converters(col) + col.get_db_converters(connection))
            ]
        values = list(values)
        for index, col, functions in converters:
            for convert in functions:
                values[index] = convert(values[index], col, connection)
        return self.model.from_db(connection.alias, self.names, values)


def fetch_one(model, sql, params):
    """The first row of `sql` (or None), on the database `model` is read from, and that connection."""
    connection = connections[model.objects.db]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone(), connection

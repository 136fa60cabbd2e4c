"""Who is signed in, read back on every request."""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from safety.sql import Columns, fetch_one


@cache
def _user_read():
    """The columns and the statement of get_user(), built once."""
    columns = Columns(get_user_model(), "u")
    return columns, f"SELECT {columns.sql} FROM auth_user u WHERE u.id = %s"  # noqa: S608 - column names only


class AccountBackend(ModelBackend):
    """Django's ModelBackend (the password check, staff permissions), with the signed-in person read back by a
    written-out statement: every page and every step of a session reads it, and Django's ORM took longer to build
    that statement than the database took to answer it (safety/sql.py)."""

    def get_user(self, user_id):
        columns, sql = _user_read()
        row, connection = fetch_one(columns.model, sql, [user_id])
        user = columns.instance(row, connection) if row is not None else None
        return user if user is not None and self.user_can_authenticate(user) else None

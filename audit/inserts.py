"""Many-row INSERTs of prepared values, for writes too large for the ORM's per-field work.

``bulk_create`` prepares every field of every instance on its own (an import of
100,000 lines spent most of its time there); ``Rows`` prepares the columns that
are the same for every row once and takes the others ready for the database.
"""

import json
import sqlite3
from collections.abc import Iterable, Sequence

from django.db import connection
from django.utils import timezone


def json_value(value) -> str:
    """A JSON column's value as the database takes it (JSONField would store this)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Rows:
    """INSERTs into ``model``'s table of rows that give ``columns`` (attribute names,
    e.g. ``claim_id``) in that order, ready for the database (``json_value`` for a
    JSON field, ``datetime_value`` for a date-time); every other column gets its
    default (``auto_now``/``auto_now_add``: the time the ``Rows`` was made).

    No signals are sent and no instances are made: for services that write many
    rows and record them in the audit trail themselves.
    """

    def __init__(self, model, columns: Sequence[str]):
        meta = model._meta
        self.now = timezone.now()
        given = [meta.get_field(name) for name in columns]
        rest = [
            field
            for field in meta.concrete_fields
            if not field.primary_key and field not in given
        ]
        self.tail = tuple(
            field.get_db_prep_save(
                self.now
                if getattr(field, "auto_now", False)
                or getattr(field, "auto_now_add", False)
                else field.get_default(),
                connection,
            )
            for field in rest
        )
        names = [connection.ops.quote_name(f.column) for f in (*given, *rest)]
        self.width = len(names)
        self.given = len(given)
        # PostgreSQL: one array per given column (UNNEST), the others once each,
        # so that the statement stays short (psycopg parses it in Python).
        select = ", ".join(["*", *(f"%s::{f.db_type(connection)}" for f in rest)])
        arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in given)
        self.unnest = (
            f"INSERT INTO {connection.ops.quote_name(meta.db_table)} "
            f"({', '.join(names)}) SELECT {select} FROM UNNEST({arrays})"
        )
        self.table = connection.ops.quote_name(meta.db_table)
        self.pk = connection.ops.quote_name(meta.pk.column)
        self.head = f"INSERT INTO {self.table} ({', '.join(names)}) VALUES "
        self.one = "(" + ", ".join(["%s"] * self.width) + ")"

    def datetime_value(self, value):
        return connection.ops.adapt_datetimefield_value(value)

    def _per_statement(self) -> int:
        limit = connection.features.max_query_params
        if connection.vendor == "sqlite":
            # Django assumes 999; the library's own limit is usually 32,766.
            limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return max(1, min(2_000, (limit or 65_535) // self.width))

    def _unnest(self, cursor, full: list[tuple], *, returning: bool) -> list[int]:
        if not full:
            return []
        columns = [list(column) for column in zip(*full, strict=True)]
        params = [*self.tail, *columns[: self.given]]
        sql = self.unnest + (f" RETURNING {self.pk}" if returning else "")
        cursor.execute(sql, params)
        # Rows come back in the order of the arrays, as Django's bulk_create
        # (which uses UNNEST too) relies on.
        return [row[0] for row in cursor.fetchall()] if returning else []

    def insert(self, rows: Iterable[tuple]) -> int:
        """Write the rows; returns how many. SQLite runs one prepared statement per
        row (``executemany``), PostgreSQL one multi-row INSERT per batch."""
        tail = self.tail
        full = [(*row, *tail) for row in rows]
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.executemany(self.head + self.one, full)
                return len(full)
            self._multi_row(cursor, full, returning=False)
        return len(full)

    def insert_returning_pks(self, rows: Iterable[tuple]) -> list[int]:
        """Write the rows; their primary keys in the order of ``rows``."""
        tail = self.tail
        full = [(*row, *tail) for row in rows]
        with connection.cursor() as cursor:
            return self._multi_row(cursor, full, returning=True)

    def _multi_row(self, cursor, full: list[tuple], *, returning: bool) -> list[int]:
        if connection.vendor == "postgresql":
            return self._unnest(cursor, full, returning=returning)
        pks: list[int] = []
        step = self._per_statement()
        for offset in range(0, len(full), step):
            batch = full[offset : offset + step]
            sql = self.head + ", ".join([self.one] * len(batch))
            params = [value for row in batch for value in row]
            if returning:
                # Both SQLite (3.35+) and PostgreSQL return the rows in the order
                # of VALUES, as Django's bulk_create relies on too.
                cursor.execute(f"{sql} RETURNING {self.pk}", params)
                pks += [row[0] for row in cursor.fetchall()]
            else:
                cursor.execute(sql, params)
        return pks

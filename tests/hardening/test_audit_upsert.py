"""The audit table refuses INSERT OR REPLACE and upserts over an existing event.

Issue 18: on SQLite, ``INSERT OR REPLACE`` rewrote event #7 and deleted #201
with the append-only triggers still in place (REPLACE deletes the row it
collides with without firing the delete trigger). ``verify_audit`` named both,
but the database allowed it. Each statement here is the kind that did it.
"""

import pytest
from django.db import DatabaseError, connection, transaction

import audit
from audit.chain import verify_chain
from audit.context import system_context
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    with system_context("tests"):
        for n in range(1, 11):
            audit.record(action="record.changed", data={"n": n})
    return list(AuditEvent.objects.order_by("seq"))


def _columns() -> list[str]:
    with connection.cursor() as cursor:
        return [
            column.name
            for column in connection.introspection.get_table_description(
                cursor, "audit_auditevent"
            )
        ]


def _copy_of(seq: int, **changed) -> tuple[str, list]:
    """Column list and values of event #seq, with some values changed."""
    row = AuditEvent.objects.filter(seq=seq).values().get()
    columns = _columns()
    values = []
    for column in columns:
        key = column if column in row else f"{column}_id"
        value = changed.get(column, row.get(key, row.get(column)))
        values.append(value if not isinstance(value, dict) else "{}")
    return ", ".join(columns), values


def _execute(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def _snapshot() -> list[tuple]:
    return list(AuditEvent.objects.order_by("seq").values_list("id", "seq", "comment"))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite syntax")
@pytest.mark.parametrize("verb", ["INSERT OR REPLACE", "REPLACE"])
def test_replace_cannot_rewrite_an_event(events, verb):
    before = _snapshot()
    columns, values = _copy_of(7, comment="rewritten")
    marks = ", ".join(["%s"] * len(values))
    with pytest.raises(DatabaseError, match="append-only"):
        _execute(f"{verb} INTO audit_auditevent ({columns}) VALUES ({marks})", values)
    assert _snapshot() == before
    assert verify_chain().ok


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite syntax")
def test_replace_cannot_delete_the_event_it_collides_with(events):
    # A new row (a fresh id) that shares event #2's seq and event #3's hash:
    # REPLACE would delete both to make room.
    before = _snapshot()
    columns, values = _copy_of(
        2, id=events[-1].pk + 100, comment="forged", hash=events[2].hash
    )
    marks = ", ".join(["%s"] * len(values))
    with pytest.raises(DatabaseError, match="append-only"):
        _execute(
            f"INSERT OR REPLACE INTO audit_auditevent ({columns}) VALUES ({marks})",
            values,
        )
    assert _snapshot() == before
    assert verify_chain().ok


@pytest.mark.parametrize("conflict_column", ["id", "seq", "hash"])
def test_an_upsert_cannot_rewrite_an_event(events, conflict_column):
    """INSERT … ON CONFLICT DO UPDATE, on SQLite and PostgreSQL alike."""
    before = _snapshot()
    columns, values = _copy_of(7, comment="rewritten")
    marks = ", ".join(["%s"] * len(values))
    with pytest.raises(DatabaseError, match="append-only"):
        _execute(
            f"INSERT INTO audit_auditevent ({columns}) VALUES ({marks}) "
            f"ON CONFLICT ({conflict_column}) DO UPDATE SET comment = 'rewritten'",
            values,
        )
    assert _snapshot() == before
    assert verify_chain().ok


@pytest.mark.postgres
def test_merge_cannot_rewrite_or_delete_an_event_on_postgresql(events):
    if connection.pg_version < 150000:
        pytest.skip("MERGE needs PostgreSQL 15")
    before = _snapshot()
    for action in ("UPDATE SET comment = 'rewritten'", "DELETE"):
        with pytest.raises(DatabaseError, match="append-only"):
            _execute(
                "MERGE INTO audit_auditevent AS e USING (SELECT 7 AS seq) AS s "
                f"ON e.seq = s.seq WHEN MATCHED THEN {action}",
                [],
            )
    assert _snapshot() == before


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite catalogue")
def test_the_sqlite_triggers_are_installed_after_migrating(events):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            " AND tbl_name = 'audit_auditevent' ORDER BY name"
        )
        names = [row[0] for row in cursor.fetchall()]
    assert names == [
        "audit_event_no_delete",
        "audit_event_no_replace",
        "audit_event_no_update",
    ]


def test_new_events_are_still_appended(events):
    with system_context("tests"):
        audit.record(action="record.changed", data={"n": 11})
    assert AuditEvent.objects.count() == 11
    assert verify_chain().ok

"""The audit table is append-only: the model, the QuerySet and the database refuse."""

import pytest
from django.db import DatabaseError, connection, transaction

import audit
from audit.context import system_context
from audit.models import AppendOnlyError, AuditEvent


@pytest.fixture
def event(db):
    with system_context("tests"):
        audit.record(action="record.changed", data={"n": 1})
        return audit.record(action="record.changed", data={"n": 2})


def test_saving_a_changed_event_is_refused(event):
    event.comment = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).comment == ""


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_queryset_update_and_delete_are_refused(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(comment="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 2


def _raw(sql: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET comment = 'rewritten'",
        "DELETE FROM audit_auditevent WHERE seq = 2",
    ],
)
def test_raw_sql_update_and_delete_are_refused_by_the_database(event, sql):
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(sql)
    assert AuditEvent.objects.count() == 2
    assert AuditEvent.objects.get(seq=2).comment == ""


@pytest.mark.postgres
def test_truncate_is_refused_on_postgresql(event):
    # The test's own transaction holds deferred foreign-key checks, which would
    # block TRUNCATE for an unrelated reason; run them now.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.count() == 2


@pytest.mark.postgres
def test_the_postgresql_triggers_are_installed(event):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass"
            " AND NOT tgisinternal ORDER BY tgname"
        )
        names = [row[0] for row in cursor.fetchall()]
    assert names == ["audit_event_no_change", "audit_event_no_truncate"]


def test_inserting_a_new_event_is_allowed(event):
    with system_context("tests"):
        audit.record(action="record.changed", data={"n": 3})
    assert AuditEvent.objects.count() == 3

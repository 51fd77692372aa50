"""The hash chain: every event is linked to the one before, and tampering shows."""

import threading
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction

import audit
from audit import triggers
from audit.chain import GENESIS, compute_hash, verify_chain
from audit.context import audit_context, system_context
from audit.models import AuditEvent


def _record(n: int = 1, **data) -> list[AuditEvent]:
    with system_context("tests"):
        return [
            audit.record(action="record.changed", data={"n": i, **data})
            for i in range(n)
        ]


@contextmanager
def triggers_dropped():
    """What an attacker with database access does first."""
    triggers.drop(connection)
    try:
        yield
    finally:
        triggers.install(connection)


def _raw(sql: str, params: list) -> None:
    with triggers_dropped(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_an_empty_trail_verifies():
    report = verify_chain()
    assert report.ok
    assert report.checked == 0


@pytest.mark.django_db
def test_each_event_links_to_the_hash_of_the_one_before():
    _record(5)
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == GENESIS
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.hash
    assert all(e.hash == compute_hash(e) for e in events)
    report = verify_chain()
    assert report.ok and report.checked == 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value",
    [
        ("action", "claim.approved"),
        ("actor_label", "mallory"),
        ("subject_id", "999"),
        ("subject_label", "another claim"),
        ("scope_id", "999"),
        ("comment", "rewritten"),
        ("request_id", "forged"),
        ("ip", "10.9.9.9"),
        ("data", {"n": 42}),
        ("prev_hash", "f" * 64),
    ],
)
def test_the_hash_covers_every_field_of_the_event(field, value):
    event = _record(1)[0]
    original = compute_hash(event)
    setattr(event, field, value)
    assert compute_hash(event) != original


@pytest.mark.django_db
def test_data_of_any_json_type_verifies_after_the_round_trip():
    _record(1, when=date(2025, 3, 1), amount=Decimal("1.50"), text="Zhōngguó ✓")
    assert verify_chain().ok


@pytest.mark.django_db
def test_an_address_in_an_unusual_spelling_still_verifies():
    # PostgreSQL's inet stores 2001:0db8::0001 as 2001:db8::1; the hash must match
    # what comes back from the database, not what the client sent.
    with audit_context(ip="2001:0db8:0000::0001"):
        event = _record(1)[0]
    assert AuditEvent.objects.get(pk=event.pk).ip == "2001:db8::1"
    assert verify_chain().ok


@pytest.mark.django_db
def test_a_malformed_forwarded_address_is_dropped_not_fatal():
    with audit_context(ip="unknown, 10.0.0.1"):
        event = _record(1)[0]
    assert AuditEvent.objects.get(pk=event.pk).ip is None
    assert verify_chain().ok


@pytest.mark.django_db
def test_an_event_altered_by_raw_sql_is_named():
    _record(4)
    _raw("UPDATE audit_auditevent SET comment = %s WHERE seq = %s", ["forged", 2])
    report = verify_chain()
    assert not report.ok
    assert report.broken_seq == 2
    assert report.checked == 1
    assert "content" in report.reason


@pytest.mark.django_db
def test_rehashing_an_altered_event_breaks_the_next_link():
    _record(4)
    event = AuditEvent.objects.get(seq=2)
    event.comment = "forged"
    forged_hash = compute_hash(event)
    _raw(
        "UPDATE audit_auditevent SET comment = %s, hash = %s WHERE seq = %s",
        ["forged", forged_hash, 2],
    )
    report = verify_chain()
    assert report.broken_seq == 3
    assert "previous-hash" in report.reason


@pytest.mark.django_db
def test_a_deleted_event_leaves_a_gap_that_is_named():
    _record(4)
    _raw("DELETE FROM audit_auditevent WHERE seq = %s", [3])
    report = verify_chain()
    assert report.broken_seq == 3
    assert "missing" in report.reason
    assert report.checked == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_on_postgresql_never_fork_the_chain():
    threads_n, per_thread = 8, 15
    barrier = threading.Barrier(threads_n)
    errors: list[BaseException] = []

    def writer(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            for j in range(per_thread):
                # Half the appends sit inside a longer transaction with other work,
                # as a service's do, so the lock is held across statements.
                with system_context(f"writer {i}"), transaction.atomic():
                    audit.record(action="record.changed", data={"w": i, "j": j})
                    if j % 2:
                        audit.record(action="record.changed", data={"w": i, "k": j})
        except BaseException as exc:  # noqa: BLE001  (reported by the main thread)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    expected = threads_n * (per_thread + per_thread // 2)
    events = list(AuditEvent.objects.order_by("seq").values_list("seq", "prev_hash"))
    assert [seq for seq, _ in events] == list(range(1, expected + 1))
    prev_hashes = [prev for _, prev in events]
    assert len(set(prev_hashes)) == len(prev_hashes), "two events share a parent"
    report = verify_chain()
    assert report.ok and report.checked == expected

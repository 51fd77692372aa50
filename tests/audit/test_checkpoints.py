"""Signed checkpoints of the audit head: written, append-only, published, checked.

Issue 18: deleting the newest audit events went unnoticed unless someone had
kept the head hash. A checkpoint is that head, signed (Ed25519) and published;
a trail that no longer holds a checkpoint's head was truncated or rewritten.
"""

import json
from base64 import b64encode

import pytest
from django.db import DatabaseError, connection, transaction
from rest_framework.test import APIClient

import audit
from audit import triggers
from audit.chain import GENESIS, verify_chain
from audit.checkpoints.services import (
    CheckpointRefused,
    SignedHead,
    as_json,
    check_checkpoints,
    checkpoint_write,
)
from audit.checkpoints.signing import (
    Head,
    format_time,
    generate_private_key,
    load_private_key,
    public_key_b64,
    sign,
    signature_is_valid,
)
from audit.context import system_context
from audit.models import AppendOnlyError, AuditCheckpoint, AuditEvent

pytestmark = pytest.mark.django_db

URL = "/audit/checkpoints.json"


@pytest.fixture
def key(settings):
    settings.AUDIT_CHECKPOINT_KEY = generate_private_key()
    settings.AUDIT_CHECKPOINT_TRUSTED_KEYS = []
    return load_private_key(settings.AUDIT_CHECKPOINT_KEY)


def record_events(n: int) -> None:
    with system_context("tests"):
        for i in range(n):
            audit.record(action="record.changed", data={"n": i})


def without_triggers(sql: str, params=()) -> None:
    """What someone with database access can do: drop the triggers, write, restore."""
    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, list(params))
    finally:
        triggers.install(connection)


def stored() -> list[SignedHead]:
    return [SignedHead.from_model(c) for c in AuditCheckpoint.objects.order_by("pk")]


def test_a_checkpoint_signs_the_heads_count_seq_hash_and_time(key):
    record_events(5)
    checkpoint = checkpoint_write(via="tests")
    head = AuditEvent.objects.get(seq=5)
    assert (checkpoint.event_count, checkpoint.head_seq) == (5, 5)
    assert checkpoint.head_hash == head.hash
    assert checkpoint.public_key == public_key_b64(key)
    signed = SignedHead.from_model(AuditCheckpoint.objects.get())
    assert signature_is_valid(signed.head, signed.public_key, signed.signature)
    # The statement covers every field: change one and the signature fails.
    for changed in (
        Head(signed.head.at, 4, 5, head.hash),
        Head(signed.head.at, 5, 4, head.hash),
        Head(signed.head.at, 5, 5, GENESIS),
    ):
        assert not signature_is_valid(changed, signed.public_key, signed.signature)


def test_an_empty_trail_can_be_checkpointed(key):
    checkpoint = checkpoint_write(via="tests")
    assert (checkpoint.event_count, checkpoint.head_seq) == (0, 0)
    assert checkpoint.head_hash == GENESIS
    assert check_checkpoints(stored(), trusted_keys={public_key_b64(key)}) == []


def test_each_checkpoint_is_recorded_right_after_the_head_it_signed(key):
    record_events(2)
    checkpoint = checkpoint_write(via="tests")
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.seq, event.action) == (3, "checkpoint.signed")
    assert event.subject_type == "audit.auditcheckpoint"
    assert event.subject_id == str(checkpoint.pk)
    assert event.data["head_seq"] == 2 and event.data["via"] == "tests"
    assert event.message == "The trail's head #2 was signed"


def test_a_refused_checkpoint_is_recorded_with_its_reason(key):
    record_events(3)
    checkpoint_write(via="tests")
    without_triggers("DELETE FROM audit_auditevent WHERE seq > 2")
    with pytest.raises(CheckpointRefused):
        checkpoint_write(via="tests")
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "checkpoint.refused"
    assert "event #3 is gone" in event.data["reason"]


def test_an_intact_trail_holds_against_every_checkpoint(key):
    for _ in range(3):
        record_events(2)
        checkpoint_write(via="tests")
    assert check_checkpoints(stored(), trusted_keys={public_key_b64(key)}) == []


def test_deleting_the_newest_events_is_named_as_truncation(key):
    record_events(6)
    first = checkpoint_write(via="tests")
    record_events(2)
    without_triggers("DELETE FROM audit_auditevent WHERE seq > 4")
    # The chain alone still verifies: only the checkpoint shows the cut.
    assert verify_chain().ok
    (problem,) = check_checkpoints(stored(), trusted_keys={public_key_b64(key)})
    assert str(problem) == (
        f"checkpoint #{first.pk} ({format_time(first.at)}: 6 events, head #6) no "
        "longer matches: event #6 is gone (the trail was truncated after it was "
        "signed)."
    )


def test_a_rewritten_trail_is_named(key):
    record_events(4)
    first = checkpoint_write(via="tests")
    # Cut the trail at #2 and append forged events: a chain that verifies, with
    # an event #4 that is not the one signed.
    without_triggers("DELETE FROM audit_auditevent WHERE seq > 2")
    record_events(3)
    (problem,) = check_checkpoints(stored(), trusted_keys={public_key_b64(key)})
    assert problem.checkpoint.label == f"checkpoint #{first.pk}"
    assert "event #4 has another hash (the trail was rewritten" in problem.reason


def test_a_forged_or_altered_checkpoint_is_named(key):
    record_events(3)
    checkpoint_write(via="tests")
    other = load_private_key(generate_private_key())
    head = Head(
        at=AuditCheckpoint.objects.get().at,
        event_count=1,
        head_seq=1,
        head_hash=AuditEvent.objects.get(seq=1).hash,
    )
    AuditCheckpoint(
        at=head.at,
        event_count=1,
        head_seq=1,
        head_hash=head.head_hash,
        public_key=public_key_b64(other),
        signature=sign(head, other),
    ).save()
    AuditCheckpoint(
        at=head.at,
        event_count=3,
        head_seq=3,
        head_hash=AuditEvent.objects.get(seq=3).hash,
        public_key=public_key_b64(key),
        signature=b64encode(b"\0" * 64).decode(),
    ).save()
    reasons = [
        p.reason
        for p in check_checkpoints(stored(), trusted_keys={public_key_b64(key)})
    ]
    assert any("not trusted" in reason for reason in reasons)
    assert any("does not verify" in reason for reason in reasons)


def test_a_later_checkpoint_with_a_smaller_head_is_named(key):
    record_events(3)
    checkpoint_write(via="tests")
    older = SignedHead.from_model(AuditCheckpoint.objects.get())
    shrunk_head = Head(
        at=older.head.at.replace(year=older.head.at.year + 1),
        event_count=2,
        head_seq=2,
        head_hash=AuditEvent.objects.get(seq=2).hash,
    )
    shrunk = SignedHead(
        "kept #2", shrunk_head, older.public_key, sign(shrunk_head, key)
    )
    (problem,) = check_checkpoints([older, shrunk], trusted_keys=None)
    assert "older head than checkpoint" in problem.reason


def test_the_next_checkpoint_refuses_to_sign_over_a_truncation(key):
    record_events(5)
    checkpoint_write(via="tests")
    without_triggers("DELETE FROM audit_auditevent WHERE seq > 3")
    with pytest.raises(CheckpointRefused, match="event #5 is gone"):
        checkpoint_write(via="tests")
    assert AuditCheckpoint.objects.count() == 1


def test_the_next_checkpoint_refuses_a_broken_chain_after_the_last(key):
    record_events(3)
    checkpoint_write(via="tests")
    record_events(3)
    without_triggers("UPDATE audit_auditevent SET comment = 'rewritten' WHERE seq = 5")
    with pytest.raises(CheckpointRefused, match="broken at event #5"):
        checkpoint_write(via="tests")


def test_the_next_checkpoint_checks_only_the_events_since_the_last(key):
    record_events(3)
    first = checkpoint_write(via="tests")  # head #3, its event #4
    record_events(2)
    second = checkpoint_write(via="tests")
    assert (second.event_count, second.head_seq) == (6, 6)
    assert second.pk > first.pk


# --- append-only -------------------------------------------------------------------


def test_checkpoints_cannot_be_changed_or_deleted(key):
    checkpoint = checkpoint_write(via="tests")
    checkpoint.head_seq = 99
    with pytest.raises(AppendOnlyError):
        checkpoint.save()
    with pytest.raises(AppendOnlyError):
        checkpoint.delete()
    with pytest.raises(AppendOnlyError):
        AuditCheckpoint.objects.update(head_seq=99)
    with pytest.raises(AppendOnlyError):
        AuditCheckpoint.objects.all().delete()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditcheckpoint SET head_seq = 99",
        "DELETE FROM audit_auditcheckpoint",
    ],
)
def test_the_database_refuses_to_change_checkpoints(key, sql):
    checkpoint_write(via="tests")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AuditCheckpoint.objects.get().head_seq == 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite syntax")
def test_insert_or_replace_cannot_rewrite_a_checkpoint(key):
    checkpoint = checkpoint_write(via="tests")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT OR REPLACE INTO audit_auditcheckpoint (id, at, event_count,"
            " head_seq, head_hash, public_key, signature) "
            "SELECT id, at, 9, 9, head_hash, public_key, signature "
            "FROM audit_auditcheckpoint WHERE id = %s",
            [checkpoint.pk],
        )
    assert AuditCheckpoint.objects.get().head_seq == 0


# --- the public list ----------------------------------------------------------------


def test_the_checkpoints_are_public_with_the_key(key):
    record_events(2)
    checkpoint = checkpoint_write(via="tests")
    response = APIClient().get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "public, max-age=60"
    document = response.json()
    assert document["algorithm"] == "Ed25519"
    assert document["public_key"] == public_key_b64(key)
    assert document["checkpoints"] == [as_json(checkpoint)]
    assert document["next"] is None
    kept = SignedHead.from_json(document["checkpoints"][0], 0)
    assert signature_is_valid(kept.head, document["public_key"], kept.signature)


def test_the_public_list_pages_oldest_first(key, monkeypatch):
    from audit.checkpoints import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    ids = [checkpoint_write(via="tests").pk for _ in range(3)]
    first = APIClient().get(URL).json()
    assert [c["id"] for c in first["checkpoints"]] == ids[:2]
    second = APIClient().get(first["next"]).json()
    assert [c["id"] for c in second["checkpoints"]] == ids[2:]
    assert second["next"] is None


def test_a_kept_copy_still_shows_a_truncation_after_the_table_is_emptied(key):
    record_events(4)
    checkpoint_write(via="tests")
    kept = [
        SignedHead.from_json(item, i)
        for i, item in enumerate(
            json.loads(APIClient().get(URL).content)["checkpoints"]
        )
    ]
    without_triggers("DELETE FROM audit_auditevent WHERE seq > 2")
    without_triggers("DELETE FROM audit_auditcheckpoint")
    assert check_checkpoints(stored(), trusted_keys={public_key_b64(key)}) == []
    (problem,) = check_checkpoints(kept, trusted_keys={public_key_b64(key)})
    assert "event #4 is gone" in problem.reason

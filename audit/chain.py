"""The hash chain over audit events: canonical content, hashing and verification."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder

GENESIS = "0" * 64


def normalise_data(data: dict | None) -> dict:
    """Round-trip through JSON so that what is hashed equals what the database returns."""
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))


def canonical_content(event) -> bytes:
    content = {
        "seq": event.seq,
        "at": event.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "subject": [event.subject_type, event.subject_id, event.subject_label],
        "scope": [event.scope_type, event.scope_id],
        "data": event.data,
        "comment": event.comment,
        "request_id": event.request_id,
        "ip": event.ip,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def compute_hash(event) -> str:
    return hashlib.sha256(canonical_content(event)).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify_chain(
    queryset=None,
    chunk_size: int = 2000,
    *,
    after_seq: int = 0,
    after_hash: str = GENESIS,
) -> ChainReport:
    """Recompute every hash in order; report the first event that does not match.

    ``after_seq``/``after_hash`` start from a head already known good (a signed
    checkpoint) and check only the events after it.
    """
    from audit.models import AuditEvent

    events = (queryset if queryset is not None else AuditEvent.objects.all()).order_by(
        "seq"
    )
    if after_seq:
        events = events.filter(seq__gt=after_seq)
    expected_prev = after_hash
    expected_seq = after_seq + 1
    checked = 0
    for event in events.iterator(chunk_size=chunk_size):
        if event.seq > expected_seq:
            # A deleted event leaves a gap; the first missing number is the break.
            return ChainReport(
                checked,
                expected_seq,
                f"event #{expected_seq} is missing (the chain jumps from "
                f"#{expected_seq - 1} to #{event.seq})",
            )
        if event.seq != expected_seq:
            return ChainReport(
                checked,
                event.seq,
                f"expected event #{expected_seq}, found #{event.seq}",
            )
        if event.prev_hash != expected_prev:
            return ChainReport(
                checked,
                event.seq,
                "its previous-hash does not match the event before it",
            )
        if compute_hash(event) != event.hash:
            return ChainReport(
                checked, event.seq, "its content does not match its stored hash"
            )
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    return ChainReport(checked)

"""Writing checkpoints, and checking the trail against checkpoints (stored or kept)."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from audit.chain import GENESIS, verify_chain
from audit.checkpoints.signing import (
    Head,
    format_time,
    key_id,
    parse_time,
    public_key_b64,
    sign,
    signature_is_valid,
    signing_key,
    trusted_public_keys,
)
from audit.models import AuditCheckpoint, AuditEvent
from audit.recorder import lock_chain, record


class CheckpointRefused(Exception):
    """The trail cannot be signed: it contradicts the last checkpoint or is broken."""


@dataclass(frozen=True)
class SignedHead:
    """A checkpoint as the database holds it or as a reader kept it (JSON)."""

    label: str
    head: Head
    public_key: str
    signature: str

    @classmethod
    def from_model(cls, checkpoint: AuditCheckpoint) -> "SignedHead":
        return cls(
            label=f"checkpoint #{checkpoint.pk}",
            head=Head(
                at=checkpoint.at,
                event_count=checkpoint.event_count,
                head_seq=checkpoint.head_seq,
                head_hash=checkpoint.head_hash,
            ),
            public_key=checkpoint.public_key,
            signature=checkpoint.signature,
        )

    @classmethod
    def from_json(cls, item: dict, index: int) -> "SignedHead":
        """One entry of /audit/checkpoints.json; ValueError if it is not one."""
        try:
            return cls(
                label=f"checkpoint #{item.get('id', f'[{index}]')}",
                head=Head(
                    at=parse_time(str(item["at"])),
                    event_count=int(item["event_count"]),
                    head_seq=int(item["head_seq"]),
                    head_hash=str(item["head_hash"]),
                ),
                public_key=str(item["public_key"]),
                signature=str(item["signature"]),
            )
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"entry {index} is not a checkpoint ({exc})") from None

    def describe(self) -> str:
        return (
            f"{self.label} ({format_time(self.head.at)}: {self.head.event_count} "
            f"events, head #{self.head.head_seq})"
        )


@dataclass(frozen=True)
class CheckpointProblem:
    checkpoint: SignedHead
    reason: str

    def __str__(self) -> str:
        return f"{self.checkpoint.describe()} {self.reason}"


def as_json(checkpoint: AuditCheckpoint) -> dict:
    """A checkpoint as /audit/checkpoints.json publishes it."""
    return {
        "id": checkpoint.pk,
        "at": format_time(checkpoint.at),
        "event_count": checkpoint.event_count,
        "head_seq": checkpoint.head_seq,
        "head_hash": checkpoint.head_hash,
        "key_id": key_id(checkpoint.public_key),
        "public_key": checkpoint.public_key,
        "signature": checkpoint.signature,
    }


def check_checkpoints(
    checkpoints: Iterable[SignedHead], *, trusted_keys: set[str] | None
) -> list[CheckpointProblem]:
    """Everything wrong between these checkpoints and the trail as it is now.

    Each checkpoint must carry a valid signature by a trusted key (if any are
    given), state a count equal to its head's number, and name an event that
    still exists with the same hash: an event gone means the trail was cut
    after it was signed; another hash, that it was rewritten.
    """
    checkpoints = sorted(checkpoints, key=lambda c: (c.head.at, c.head.head_seq))
    problems: list[CheckpointProblem] = []
    signed: list[SignedHead] = []
    highest: SignedHead | None = None
    for checkpoint in checkpoints:
        head = checkpoint.head
        if not signature_is_valid(head, checkpoint.public_key, checkpoint.signature):
            problems.append(
                CheckpointProblem(
                    checkpoint,
                    "has a signature that does not verify (forged or altered).",
                )
            )
            continue
        if trusted_keys and checkpoint.public_key not in trusted_keys:
            problems.append(
                CheckpointProblem(
                    checkpoint,
                    f"is signed by a key that is not trusted (key id "
                    f"{key_id(checkpoint.public_key)}).",
                )
            )
            continue
        if head.event_count != head.head_seq:
            problems.append(
                CheckpointProblem(checkpoint, "states a count its head contradicts.")
            )
        if highest and head.head_seq < highest.head.head_seq:
            problems.append(
                CheckpointProblem(
                    checkpoint,
                    f"has an older head than {highest.label} signed before it "
                    "(the trail shrank between them).",
                )
            )
        if highest is None or head.head_seq >= highest.head.head_seq:
            highest = checkpoint
        signed.append(checkpoint)
    problems.extend(_heads_missing(signed))
    return problems


def _heads_missing(checkpoints: list[SignedHead]) -> list[CheckpointProblem]:
    problems = []
    wanted = {c.head.head_seq for c in checkpoints if c.head.head_seq}
    stored: dict[int, str] = {}
    ordered = sorted(wanted)
    for start in range(0, len(ordered), 500):
        stored.update(
            AuditEvent.objects.filter(seq__in=ordered[start : start + 500]).values_list(
                "seq", "hash"
            )
        )
    for checkpoint in checkpoints:
        seq, expected = checkpoint.head.head_seq, checkpoint.head.head_hash
        if not seq:
            continue
        if seq not in stored:
            problems.append(
                CheckpointProblem(
                    checkpoint,
                    f"no longer matches: event #{seq} is gone (the trail was "
                    "truncated after it was signed).",
                )
            )
        elif stored[seq] != expected:
            problems.append(
                CheckpointProblem(
                    checkpoint,
                    f"no longer matches: event #{seq} has another hash (the trail "
                    "was rewritten after it was signed).",
                )
            )
    return problems


def checkpoint_write(*, via: str) -> AuditCheckpoint:
    """Sign the trail's head now, if it extends the last checkpoint intact.

    The events since the last checkpoint are verified (all of them the first
    time); a trail that contradicts the last checkpoint is refused rather than
    signed, so that a truncation cannot be laundered by the next checkpoint.
    Both outcomes are audit events (``checkpoint.signed`` right after the head
    it signed, ``checkpoint.refused`` with the reason). ``via`` names the
    command or task that asked.
    """
    try:
        return _sign_head(via=via)
    except CheckpointRefused as exc:
        record(action="checkpoint.refused", data={"reason": str(exc)}, via=via)
        raise


@transaction.atomic
def _sign_head(*, via: str) -> AuditCheckpoint:
    key = signing_key()
    lock_chain()  # the head read below is the head signed
    last = AuditCheckpoint.objects.order_by("-id").first()
    after_seq, after_hash = 0, GENESIS
    if last is not None:
        problems = check_checkpoints(
            [SignedHead.from_model(last)], trusted_keys=trusted_public_keys()
        )
        if problems:
            raise CheckpointRefused(str(problems[0]))
        after_seq, after_hash = last.head_seq, last.head_hash
    report = verify_chain(after_seq=after_seq, after_hash=after_hash)
    if not report.ok:
        raise CheckpointRefused(
            f"The audit chain is broken at event #{report.broken_seq}: {report.reason}."
        )
    seq, hash_ = AuditEvent.objects.order_by("-seq").values_list(
        "seq", "hash"
    ).first() or (0, GENESIS)
    head = Head(
        at=timezone.now(),
        event_count=after_seq + report.checked,
        head_seq=seq,
        head_hash=hash_,
    )
    checkpoint = AuditCheckpoint(
        at=head.at,
        event_count=head.event_count,
        head_seq=head.head_seq,
        head_hash=head.head_hash,
        public_key=public_key_b64(key),
        signature=sign(head, key),
    )
    checkpoint.save()
    record(
        action="checkpoint.signed",
        subject=checkpoint,
        data={
            "checkpoint": checkpoint.pk,
            "event_count": checkpoint.event_count,
            "head_seq": checkpoint.head_seq,
            "head_hash": checkpoint.head_hash,
            "key_id": key_id(checkpoint.public_key),
        },
        via=via,
    )
    return checkpoint

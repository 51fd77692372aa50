"""audit.record(): the only way an audit event is written."""

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from audit.chain import GENESIS, compute_hash, normalise_data
from audit.context import current
from audit.inserts import Rows, json_value
from audit.middleware import normalise_ip
from audit.models import AuditEvent
from audit.registry import is_registered

# Any constant works; it names the lock that serialises appends to the chain.
_CHAIN_LOCK_KEY = 7_262_637_377


def model_label(obj: Model | None) -> str:
    return obj._meta.label_lower if obj is not None else ""


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict:
    """The fields whose value differs, as {field: {"old": ..., "new": ...}}."""
    return {
        field: {"old": before.get(field), "new": after.get(field)}
        for field in sorted(set(before) | set(after))
        if before.get(field) != after.get(field)
    }


def lock_chain() -> None:
    # SQLite writers are already serialised by BEGIN IMMEDIATE; PostgreSQL needs a
    # lock so that two concurrent transactions never append after the same event.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def _fields(
    *,
    action: str,
    actor=None,
    subject: Model | None = None,
    scope: Model | None = None,
    data: Mapping[str, Any] | None = None,
    comment: str = "",
    via: str = "",
    subject_label: str | None = None,
    subject_ref: tuple[str, Any] | None = None,
) -> dict:
    """An event's fields but its time and place in the chain. ``subject_ref``
    (model label, pk) names a subject without an instance; ``subject_label`` must
    then be given."""
    if not is_registered(action):
        raise ValueError(f"Unregistered audit action {action!r}.")
    ctx = current()
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    via = via or ctx.via
    if actor is None and not via:
        if ctx.request_id and ctx.ip is not None:
            via = "anonymous request"
        else:
            raise ValueError("An event without an actor must name its origin in 'via'.")
    payload = normalise_data(data)
    if via:
        payload["via"] = via
    if ctx.client_request_id:
        payload["client_request_id"] = ctx.client_request_id
    if subject is not None:
        subject_ref = (model_label(subject), subject.pk)
        if subject_label is None:
            subject_label = str(subject)[:300]
    subject_type, subject_id = (
        (subject_ref[0], str(subject_ref[1])) if subject_ref else ("", "")
    )
    return {
        "actor": actor,
        "actor_label": actor.get_username() if actor is not None else "",
        "action": action,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "subject_label": subject_label or "",
        "scope_type": model_label(scope) if scope is not None else subject_type,
        "scope_id": str(scope.pk) if scope is not None else subject_id,
        "data": payload,
        "comment": comment or "",
        "request_id": ctx.request_id,
        "ip": normalise_ip(ctx.ip),
    }


def _event(**kwargs) -> AuditEvent:
    """An unsaved event with everything but its place in the chain."""
    return AuditEvent(at=timezone.now(), **_fields(**kwargs))


def _chain_head() -> tuple[int, str]:
    """The next ``seq`` and the hash it follows; call with the chain locked."""
    last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    return (last[0] + 1, last[1]) if last else (1, GENESIS)


def record(**kwargs) -> AuditEvent:
    """Append one event to the trail, inside the caller's transaction.

    ``actor`` may be empty only for the system (``via`` or the audit context names
    the command or task) or for an anonymous request (the context has its address).
    Takes the keyword arguments of ``_event``.
    """
    event = _event(**kwargs)
    with transaction.atomic():
        lock_chain()
        event.seq, event.prev_hash = _chain_head()
        event.hash = compute_hash(event)
        event.save()
    return event


# Events written per INSERT by record_many: large enough that a 100,000-event
# import is a hundred statements.
BATCH = 2_000

_COLUMNS = (
    "seq", "at", "actor_id", "actor_label", "action", "subject_type", "subject_id",
    "subject_label", "scope_type", "scope_id", "data", "comment", "request_id",
    "ip", "prev_hash", "hash",
)  # fmt: skip


class _Row:
    """The attributes ``compute_hash`` reads, without a model instance."""

    __slots__ = (*_COLUMNS, "actor")

    def __init__(self, at, fields: dict):
        self.at = at
        for name, value in fields.items():
            setattr(self, name, value)
        self.actor_id = self.actor.pk if self.actor is not None else None

    def values(self, rows: Rows) -> tuple:
        return (
            self.seq, rows.datetime_value(self.at), self.actor_id, self.actor_label,
            self.action, self.subject_type, self.subject_id, self.subject_label,
            self.scope_type, self.scope_id, json_value(self.data), self.comment,
            self.request_id, connection.ops.adapt_ipaddressfield_value(self.ip),
            self.prev_hash, self.hash,
        )  # fmt: skip


def record_many(entries: Iterable[Mapping[str, Any]]) -> int:
    """Append many events (each the keyword arguments of ``record``; a
    ``subject_ref`` with a ``subject_label`` spares loading the subject) in order, in batches; returns
    how many. For a write that records one event per row it creates (an import):
    the chain is the same as with ``record`` one by one, but a batch is one
    statement of prepared rows, and the entries are consumed as they come (an
    iterator keeps memory flat). No ``post_save`` is sent: the caller records one
    event with ``record`` in the same transaction, which wakes the dispatcher.
    """
    written = 0
    at = timezone.now()
    with transaction.atomic():
        lock_chain()
        rows = Rows(AuditEvent, _COLUMNS)
        seq, prev_hash = _chain_head()
        batch: list[tuple] = []
        for entry in entries:
            row = _Row(at, _fields(**entry))
            row.seq, row.prev_hash = seq, prev_hash
            row.hash = prev_hash = compute_hash(row)
            seq += 1
            batch.append(row.values(rows))
            if len(batch) >= BATCH:
                written += rows.insert(batch)
                batch = []
        if batch:
            written += rows.insert(batch)
    return written


def records_refusal(
    attempted: str, *, subject_kwarg: str = "claim", scope_attr: str = ""
) -> Callable:
    """Decorate a service so that a PermissionDenied it raises is itself recorded.

    ``scope_attr`` names the subject's attribute whose timeline shows the refusal
    (e.g. "claim" for evidence).

    The refusal is written after the service's own transaction has rolled back, so
    the decorator must sit outside ``@transaction.atomic``.
    """

    def decorator(func: Callable) -> Callable:
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except PermissionDenied as exc:
                subject = kwargs.get(subject_kwarg)
                subject = subject if isinstance(subject, Model) else None
                scope = getattr(subject, scope_attr, None) if scope_attr else None
                record(
                    action="access.refused",
                    actor=kwargs.get("actor"),
                    subject=subject,
                    scope=scope if isinstance(scope, Model) else None,
                    data={"attempted": attempted, "reason": str(exc)},
                    via=""
                    if getattr(kwargs.get("actor"), "is_authenticated", False)
                    else "anonymous request",
                )
                # The 403 handlers see this mark and do not record it a second time.
                exc.audit_recorded = True
                raise

        return wrapper

    return decorator

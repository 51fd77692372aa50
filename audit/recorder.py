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


def _event(
    *,
    action: str,
    actor=None,
    subject: Model | None = None,
    scope: Model | None = None,
    data: Mapping[str, Any] | None = None,
    comment: str = "",
    via: str = "",
    subject_label: str | None = None,
) -> AuditEvent:
    """An unsaved event with everything but its place in the chain."""
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
    scope = scope if scope is not None else subject
    return AuditEvent(
        at=timezone.now(),
        actor=actor,
        actor_label=actor.get_username() if actor is not None else "",
        action=action,
        subject_type=model_label(subject),
        subject_id=str(subject.pk) if subject is not None else "",
        subject_label=(
            subject_label
            if subject_label is not None
            else (str(subject)[:300] if subject is not None else "")
        ),
        scope_type=model_label(scope),
        scope_id=str(scope.pk) if scope is not None else "",
        data=payload,
        comment=comment or "",
        request_id=ctx.request_id,
        ip=normalise_ip(ctx.ip),
    )


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
# import is a hundred statements, small enough to stay under SQLite's variable limit.
BATCH = 500


def record_many(entries: Iterable[Mapping[str, Any]]) -> int:
    """Append many events (each the keyword arguments of ``record``) in order, in
    batches; returns how many. For a write that records one event per row it
    creates (an import): the chain is the same as with ``record`` one by one, but
    each batch is one INSERT, and the entries are consumed as they come (an
    iterator keeps memory flat). No ``post_save`` is sent: the caller records one
    event with ``record`` in the same transaction, which wakes the dispatcher.
    """
    written = 0
    with transaction.atomic():
        lock_chain()
        seq, prev_hash = _chain_head()
        batch: list[AuditEvent] = []
        for entry in entries:
            event = _event(**entry)
            event.seq, event.prev_hash = seq, prev_hash
            event.hash = prev_hash = compute_hash(event)
            seq += 1
            batch.append(event)
            if len(batch) >= BATCH:
                written += _insert(batch)
                batch = []
        if batch:
            written += _insert(batch)
    return written


def _insert(events: list[AuditEvent]) -> int:
    AuditEvent.objects.bulk_create(events)
    return len(events)


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

"""Per-request (or per-command) audit context: request id, client address, system origin."""

import contextvars
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class AuditContext:
    request_id: str = ""
    ip: str | None = None
    via: str = ""
    # What the client sent as X-Request-ID: kept beside the server's id, never as it.
    client_request_id: str = ""


_EMPTY = AuditContext()
_current: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar(
    "audit_context", default=None
)


def current() -> AuditContext:
    return _current.get() or _EMPTY


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextmanager
def audit_context(
    *,
    request_id: str | None = None,
    ip: str | None = None,
    via: str | None = None,
    client_request_id: str | None = None,
) -> Iterator[AuditContext]:
    """Group the events recorded inside under one request id (and origin)."""
    base = current()
    ctx = replace(
        base,
        request_id=request_id or base.request_id or new_request_id(),
        ip=ip if ip is not None else base.ip,
        via=via if via is not None else base.via,
        client_request_id=(
            client_request_id
            if client_request_id is not None
            else base.client_request_id
        ),
    )
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


def system_context(via: str):
    """Context for work done by the system, e.g. ``system_context("manage.py seed_demo")``."""
    return audit_context(request_id=new_request_id(), via=via)

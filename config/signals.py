"""Signals that config sends for the apps above it to act on (config imports no app)."""

from django.dispatch import Signal

# Sent inside the transaction that issued a token, with ``user`` and ``token``.
token_issued = Signal()
# Sent inside the transaction that revokes a token, with ``user`` (its owner),
# ``token``, ``actor`` (the owner, an administrator, or None) and ``reason``.
token_revoked = Signal()

# Sent with ``request`` and ``reason`` when a request is refused with a 403 that no
# service has recorded yet (page-level checks, the API's permission classes, CSRF).
access_refused = Signal()


def announce_refusal(request, exception) -> None:
    """Send ``access_refused`` unless the refusal is already in the trail."""
    if getattr(exception, "audit_recorded", False):
        return
    access_refused.send(sender=None, request=request, reason=str(exception or ""))

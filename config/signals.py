"""Signals that config sends for the apps above it to act on (config imports no app)."""

from django.dispatch import Signal

# Sent inside the transaction that issued the token, with ``user`` and ``created``
# (False when the user already had one); the audit trail records it.
token_issued = Signal()

# Sent with ``request`` and ``reason`` when a request is refused with a 403 that no
# service has recorded yet (page-level checks, the API's permission classes, CSRF).
access_refused = Signal()


def announce_refusal(request, exception) -> None:
    """Send ``access_refused`` unless the refusal is already in the trail."""
    if getattr(exception, "audit_recorded", False):
        return
    access_refused.send(sender=None, request=request, reason=str(exception or ""))

"""Signals that config sends for the apps above it to act on (config imports no app)."""

from django.dispatch import Signal

# Sent inside the transaction that issued the token, with ``user`` and ``created``
# (False when the user already had one); the audit trail records it.
token_issued = Signal()

"""Signed checkpoints of the audit trail's head, so that truncation becomes detectable.

Like Certificate Transparency's signed tree heads: now and then the server signs
(count, last seq, head hash, time) with an Ed25519 key; the checkpoints are kept
append-only and published at ``/audit/checkpoints.json``. A trail that no longer
contains a checkpoint's head was truncated or rewritten after it was signed, and
``manage.py verify_audit --checkpoints`` names that checkpoint.
"""

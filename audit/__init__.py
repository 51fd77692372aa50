"""The append-only, hash-chained audit trail that every write of ClaimTrail records into."""


def record(**kwargs):
    """Record one audit event; see :func:`audit.recorder.record`."""
    from audit.recorder import record as _record

    return _record(**kwargs)

"""The append-only, hash-chained audit trail that every write of ClaimTrail records into."""


def record(**kwargs):
    """Record one audit event; see :func:`audit.recorder.record`."""
    from audit.recorder import record as _record

    return _record(**kwargs)


def record_many(entries):
    """Record many audit events in order; see :func:`audit.recorder.record_many`."""
    from audit.recorder import record_many as _record_many

    return _record_many(entries)

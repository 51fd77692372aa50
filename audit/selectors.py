"""Reads of the audit trail: timelines per record, per user, and the global log."""

from django.db.models import QuerySet

from audit.models import AuditEvent
from config.counting import ResultCount, count_rows


def audit_events(*, select_actor: bool = True) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.all()
    return qs.select_related("actor") if select_actor else qs


def audit_event_count(events: QuerySet[AuditEvent], *, filtered: bool) -> ResultCount:
    """How many events a log lists: the whole trail's from its two ends (the chain
    numbers its events without a gap, a gap being a break), a filtered log's by
    ``count_rows``."""
    if filtered:
        return count_rows(events)
    # Two index seeks: SQLite reads the whole table for MIN and MAX in one query.
    seqs = AuditEvent.objects.order_by("seq").values_list("seq", flat=True)
    last = seqs.last()
    return ResultCount(0 if last is None else last - seqs.first() + 1)


def audit_timeline_for(obj) -> QuerySet[AuditEvent]:
    """Every event filed under one record (e.g. a claim and its evidence and reviews)."""
    return audit_events().for_scope(obj._meta.label_lower, obj.pk).order_by("seq")


def audit_events_by_actor(user) -> QuerySet[AuditEvent]:
    return audit_events().filter(actor=user)

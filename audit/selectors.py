"""Reads of the audit trail: timelines per record, per user, and the global log."""

from django.db.models import QuerySet

from audit.models import AuditEvent


def audit_events(*, select_actor: bool = True) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.all()
    return qs.select_related("actor") if select_actor else qs


def audit_timeline_for(obj) -> QuerySet[AuditEvent]:
    """Every event filed under one record (e.g. a claim and its evidence and reviews)."""
    return audit_events().for_scope(obj._meta.label_lower, obj.pk).order_by("seq")


def audit_events_by_actor(user) -> QuerySet[AuditEvent]:
    return audit_events().filter(actor=user)

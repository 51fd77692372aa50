"""Read-only API of the audit trail: keyset pages by seq, newest first, with filters."""

import django_filters
from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_view
from rest_framework import mixins, viewsets

from audit.models import AuditEvent
from audit.selectors import audit_events
from audit.serializers import AuditEventSerializer
from config.api import IsStaffMember, read_schemas
from config.filters import UtcIsoDateTimeFilter
from config.pagination import AuditPagination


class AuditEventFilterSet(django_filters.FilterSet):
    actor = django_filters.CharFilter(
        method="filter_actor", label="Actor's user name (or 'system')"
    )
    action = django_filters.CharFilter(
        method="filter_action",
        label="Action name, or a namespace ending in '.', e.g. 'claim.'",
    )
    scope_type = django_filters.CharFilter(label="Scope model, e.g. 'claims.claim'")
    scope_id = django_filters.CharFilter(label="Scope record id")
    subject_type = django_filters.CharFilter()
    subject_id = django_filters.CharFilter()
    request_id = django_filters.CharFilter()
    since = UtcIsoDateTimeFilter(
        field_name="at", lookup_expr="gte", label="At or after (ISO 8601)"
    )
    until = UtcIsoDateTimeFilter(
        field_name="at", lookup_expr="lt", label="Before (ISO 8601)"
    )

    class Meta:
        model = AuditEvent
        fields = ["scope_type", "scope_id", "subject_type", "subject_id", "request_id"]

    def filter_actor(self, queryset, name, value):
        if value == "system":
            return queryset.filter(actor__isnull=True)
        users = get_user_model().objects.filter(username=value)
        return queryset.filter(actor__in=users)

    def filter_action(self, queryset, name, value):
        if value.endswith("."):
            return queryset.filter(action__startswith=value)
        return queryset.filter(action=value)


@extend_schema_view(
    **read_schemas(
        AuditEventSerializer,
        list_summary="The audit trail, newest first (keyset pages by seq)",
        retrieve_summary="One audit event by its position in the chain",
    )
)
class AuditEventViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The append-only, hash-chained trail of every change (read-only)."""

    serializer_class = AuditEventSerializer
    permission_classes = [IsStaffMember]
    pagination_class = AuditPagination
    filterset_class = AuditEventFilterSet
    lookup_field = "seq"

    def get_queryset(self):
        return audit_events().order_by("-seq")

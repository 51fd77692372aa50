"""The audit log FilterSet: actor, action, date range, report, claim and scope.

The form's widgets are rendered in Python (``config.widgets``): the action menu is
long, and a template include per option cost a quarter of the log page's time.

The audit app imports no other app of the project: claims and reports are named by
their model labels (the string scope fields), and the one join it needs (the claims
that appear in a report) looks the model up by name at run time.
"""

import datetime

import django_filters
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone

from audit.models import AuditEvent
from audit.registry import registered_actions
from config.widgets import (
    QuickDateInput,
    QuickHiddenInput,
    QuickNumberInput,
    QuickSelect,
    QuickTextInput,
)

CLAIM = "claims.claim"
REPORT = "claims.report"


def _action_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in registered_actions()]


def _report_choices() -> list[tuple[str, str]]:
    if not apps.is_installed("claims"):
        return []
    report = apps.get_model("claims", "Report")
    return [
        (str(pk), title)
        for pk, title in report.objects.order_by("-imported_at", "-id").values_list(
            "pk", "title"
        )[:500]
    ]


def _actor_queryset():
    return get_user_model().objects.order_by("username")


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.min),
        timezone.get_current_timezone(),
    )


class AuditEventFilterSet(django_filters.FilterSet):
    actor = django_filters.ModelChoiceFilter(
        queryset=_actor_queryset(),
        to_field_name="username",
        empty_label="Anyone",
        label="Actor",
        widget=QuickSelect,
    )
    action = django_filters.ChoiceFilter(
        choices=_action_choices,
        empty_label="Any action",
        label="Action",
        widget=QuickSelect,
    )
    since = django_filters.DateFilter(
        method="filter_since",
        label="From",
        widget=QuickDateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        method="filter_until",
        label="To (inclusive)",
        widget=QuickDateInput(attrs={"type": "date"}),
    )
    report = django_filters.ChoiceFilter(
        choices=_report_choices,
        method="filter_report",
        empty_label="Any report",
        label="Report",
        widget=QuickSelect,
    )
    claim = django_filters.NumberFilter(
        method="filter_claim",
        label="Claim number",
        min_value=1,
        widget=QuickNumberInput(attrs={"inputmode": "numeric"}),
    )
    request_id = django_filters.CharFilter(
        field_name="request_id",
        label="Request id",
        max_length=64,
        widget=QuickTextInput,
    )
    scope = django_filters.CharFilter(
        method="filter_scope",
        label="Record",
        widget=QuickHiddenInput,
        help_text="A record as 'app.model:id', e.g. claims.claim:12.",
    )

    class Meta:
        model = AuditEvent
        fields: list[str] = []

    def filter_since(self, queryset, name, value):
        # A range on the indexed column, not a date() of it, so the index serves it.
        return queryset.filter(at__gte=_start_of(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(at__lt=_start_of(value + datetime.timedelta(days=1)))

    def filter_claim(self, queryset, name, value):
        return queryset.filter(scope_type=CLAIM, scope_id=str(int(value)))

    def filter_scope(self, queryset, name, value):
        label, _, pk = value.partition(":")
        if not label or not pk:
            return queryset.none()
        return queryset.filter(scope_type=label.strip().lower(), scope_id=pk.strip())

    def filter_report(self, queryset, name, value):
        """Events filed under the report, or under any claim that appears in it."""
        value = int(value)
        report_scope = Q(scope_type=REPORT, scope_id=str(value))
        if not apps.is_installed("claims"):
            return queryset.filter(report_scope)
        appearance = apps.get_model("claims", "Appearance")
        claim_ids = (
            appearance.objects.filter(report_id=value)
            .annotate(as_text=Cast("claim_id", output_field=CharField()))
            .values("as_text")
        )
        return queryset.filter(
            report_scope | Q(scope_type=CLAIM, scope_id__in=claim_ids)
        )

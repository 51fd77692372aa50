"""The audit log's filters on the desk: the trail's own, plus report and claim."""

import django_filters
from django import forms
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from audit.filters import AuditEventFilterSet
from claims.models import Appearance, Claim, Report
from config.lazy_text import gettext_lazy as _

CLAIM = Claim._meta.label_lower
REPORT = Report._meta.label_lower


def _report_choices() -> list[tuple[str, str]]:
    return [
        (str(pk), title)
        for pk, title in Report.objects.order_by("-imported_at", "-id").values_list(
            "pk", "title"
        )[:500]
    ]


class DeskAuditFilterSet(AuditEventFilterSet):
    report = django_filters.ChoiceFilter(
        choices=_report_choices,
        method="filter_report",
        empty_label=_("Any report"),
        label=_("Report"),
    )
    claim = django_filters.NumberFilter(
        method="filter_claim",
        label=_("Claim number"),
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta(AuditEventFilterSet.Meta):
        fields: list[str] = []

    def filter_claim(self, queryset, name, value):
        return queryset.filter(scope_type=CLAIM, scope_id=str(int(value)))

    def filter_report(self, queryset, name, value):
        """Events filed under the report, or under any claim that appears in it."""
        value = int(value)
        claim_ids = (
            Appearance.objects.filter(report_id=value)
            .annotate(as_text=Cast("claim_id", output_field=CharField()))
            .values("as_text")
        )
        return queryset.filter(
            Q(scope_type=REPORT, scope_id=str(value))
            | Q(scope_type=CLAIM, scope_id__in=claim_ids)
        )

"""The claims FilterSet, shared by the HTML list and the API."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

from claims.models import (
    Appearance,
    Claim,
    ClaimKind,
    ClaimStatus,
    Evidence,
    Report,
    Verdict,
)
from claims.search import search_claims

SORTS = {
    "id": ("id",),
    "-id": ("-id",),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
    "score": ("checkworthiness", "id"),
    "-score": ("-checkworthiness", "id"),
    "status": ("status", "id"),
}


class ClaimFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search")
    status = django_filters.MultipleChoiceFilter(choices=ClaimStatus.choices)
    verdict = django_filters.MultipleChoiceFilter(choices=Verdict.choices)
    kind = django_filters.MultipleChoiceFilter(choices=ClaimKind.choices)
    report = django_filters.ModelChoiceFilter(
        queryset=Report.objects.all(), method="filter_report", label="Report"
    )
    section = django_filters.CharFilter(method="filter_section", label="Section")
    assignee = django_filters.ModelChoiceFilter(
        queryset=get_user_model().objects.filter(is_active=True), label="Assignee"
    )
    unassigned = django_filters.BooleanFilter(
        field_name="assignee", lookup_expr="isnull"
    )
    min_checkworthiness = django_filters.NumberFilter(
        field_name="checkworthiness",
        lookup_expr="gte",
        label="Minimum check-worthiness",
    )
    has_evidence = django_filters.BooleanFilter(method="filter_has_evidence")
    sort = django_filters.ChoiceFilter(
        choices=[(key, key) for key in SORTS], method="filter_sort", label="Sort"
    )

    class Meta:
        model = Claim
        fields = ["status", "verdict", "kind", "assignee"]

    def filter_search(self, queryset, name, value):
        return search_claims(queryset, value)

    def filter_report(self, queryset, name, value):
        return queryset.filter(
            Exists(Appearance.objects.filter(claim=OuterRef("pk"), report=value))
        )

    def filter_section(self, queryset, name, value):
        return queryset.filter(
            Exists(
                Appearance.objects.filter(
                    claim=OuterRef("pk"), section__startswith=value
                )
            )
        )

    def filter_has_evidence(self, queryset, name, value):
        active = Evidence.objects.filter(claim=OuterRef("pk"), removed_at__isnull=True)
        return queryset.filter(Exists(active) if value else ~Exists(active))

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, ("id",)))

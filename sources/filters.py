"""The sources FilterSet: search by title, publisher or address, and filter by kind."""

import django_filters
from django.db.models import Q

from sources.models import LinkStatus, Source, SourceKind


class SourceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label="Search",
        help_text="Words from the title, the publisher or the address.",
    )
    kind = django_filters.ChoiceFilter(
        choices=SourceKind.choices, empty_label="Any kind", label="Kind"
    )
    link_status = django_filters.ChoiceFilter(
        choices=LinkStatus.choices,
        empty_label="Any link status",
        label="Link",
        help_text="Whether the address still answers with the archived content.",
    )

    class Meta:
        model = Source
        fields = ["kind", "link_status"]

    def filter_search(self, queryset, name, value):
        value = value.strip()[:200]
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(publisher__icontains=value)
            | Q(url__icontains=value)
        )

"""The sources FilterSet, shared by the HTML list and the API."""

import django_filters
from django import forms
from django.db.models import Q

from config.lazy_text import gettext_lazy as _
from config.sorting import Order, SortFilter
from sources.models import LinkStatus, Source, SourceKind

# A search of more words than this reads the first ones: each word is a filter.
MAX_SEARCH_WORDS = 10

# The sources list's orders (``claim_count`` is its selector's annotation).
SOURCE_ORDERS = {
    "title": Order(_("Title, A to Z"), ("title", "id")),
    "-title": Order(_("Title, Z to A"), ("-title", "-id")),
    "-citing": Order(_("Most cited first"), ("-claim_count", "id")),
    "citing": Order(_("Least cited first"), ("claim_count", "id")),
}


class SourceFilterSet(django_filters.FilterSet):
    """``?q=`` finds sources whose title, publisher or address contains every word
    (in any field, any order: "china yearbook"); ``?kind=`` one or more kinds;
    ``?sort=`` one of ``SOURCE_ORDERS``."""

    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        help_text=_("Words from the title, the publisher or the address."),
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=SourceKind.choices,
        label=_("Kind"),
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    link_status = django_filters.ChoiceFilter(
        choices=LinkStatus.choices,
        empty_label=_("Any link status"),
        label=_("Link"),
        help_text=_("Whether the address still answers with the archived content."),
    )

    sort = SortFilter(SOURCE_ORDERS)

    class Meta:
        model = Source
        fields = ["kind", "link_status"]

    def filter_search(self, queryset, name, value):
        for word in value[:200].split()[:MAX_SEARCH_WORDS]:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(publisher__icontains=word)
                | Q(url__icontains=word)
            )
        return queryset

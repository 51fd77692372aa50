"""The FilterSets of the public verdict search (GET /api/v1/verdicts/) and of
the editors' review queue.

The verdict search filters published verdict versions (``reviews.publication``),
never the claims' working fields.
"""

import django_filters
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from claims.filters import CLAIM_ORDERS
from claims.models import Claim, Verdict
from config.lazy_text import gettext_lazy as _
from config.sorting import Order, SortFilter
from reviews.models import VerdictVersion


class VerdictFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        label="Words in the claim, its short form, claimant or topic",
        max_length=200,
    )
    rating = django_filters.MultipleChoiceFilter(
        choices=Verdict.choices, distinct=False, label="Rating"
    )
    language = django_filters.CharFilter(
        field_name="language", lookup_expr="iexact", label="Language (BCP 47)"
    )
    claimant = django_filters.CharFilter(
        field_name="claimant", lookup_expr="icontains", label="Claimant"
    )
    since = django_filters.IsoDateTimeFilter(
        field_name="published_at",
        lookup_expr="gte",
        label="Published (this version) at or after (ISO 8601)",
    )
    publisher = django_filters.CharFilter(
        method="filter_publisher",
        label="Publisher of a report the claim appeared in",
        max_length=200,
    )

    class Meta:
        model = VerdictVersion
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        condition = Q()
        for word in value.split()[:10]:
            condition &= (
                Q(text__icontains=word)
                | Q(short_claim__icontains=word)
                | Q(claimant__icontains=word)
                | Q(topic__icontains=word)
            )
        return queryset.filter(condition)

    def filter_publisher(self, queryset, name, value):
        # The version's snapshot of its appearances (JSON), read as text: the
        # same on SQLite and PostgreSQL, and only what was published.
        return queryset.annotate(_appearances=Cast("appearances", TextField())).filter(
            _appearances__icontains=value
        )


# The review queue's orders. A claim in review is written by nothing but its next
# transition, so ``updated_at`` is when it was submitted (``selectors.review_queue``).
REVIEW_QUEUE_ORDERS = {
    "waiting": Order(_("Longest waiting first"), ("updated_at", "id")),
    "-waiting": Order(_("Most recently submitted first"), ("-updated_at", "-id")),
    "id": CLAIM_ORDERS["id"],
    "-id": CLAIM_ORDERS["-id"],
    "due": CLAIM_ORDERS["due"],
}


class ReviewQueueFilterSet(django_filters.FilterSet):
    """The review queue's sort (the queue has no API list)."""

    sort = SortFilter(REVIEW_QUEUE_ORDERS)

    class Meta:
        model = Claim
        fields: list[str] = []

"""Reads of sources."""

from django.db.models import Count, Q, QuerySet

from sources.models import Source


def source_list() -> QuerySet[Source]:
    return Source.objects.annotate(
        claim_count=Count(
            "evidence__claim",
            filter=Q(evidence__removed_at__isnull=True),
            distinct=True,
        )
    ).order_by("title", "id")

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


def source_citations(source: Source) -> QuerySet:
    """The current evidence that cites a source, with its claim, oldest claim first."""
    return (
        source.evidence.filter(removed_at__isnull=True)
        .select_related("claim", "added_by")
        .order_by("claim_id", "added_at", "id")
    )

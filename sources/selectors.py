"""Reads of sources."""

from django.db.models import Count, Q, QuerySet

from sources.models import Snapshot, SnapshotOutcome, Source


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


def latest_archived_copies(source_ids) -> dict[int, Snapshot]:
    """The newest snapshot holding an archived copy of each source, in one query."""
    latest: dict[int, Snapshot] = {}
    rows = (
        Snapshot.objects.filter(
            source_id__in=set(source_ids), outcome=SnapshotOutcome.ARCHIVED
        )
        .exclude(body="")
        .order_by("source_id", "-retrieved", "-id")
        .defer("text")
    )
    for snapshot in rows:
        latest.setdefault(snapshot.source_id, snapshot)
    return latest

"""Reads of sources."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from sources.filters import SourceFilterSet
from sources.models import Snapshot, SnapshotOutcome, Source

# The fields a menu of sources shows (title, publisher, address).
MENU_FIELDS = ("id", "title", "publisher", "url", "document_sha256")


def source_list() -> QuerySet[Source]:
    """Sources by title, each with ``claim_count``: the claims citing it now.

    The count is a subquery per row, not a GROUP BY of the whole join, so that a
    page of 50 sources counts the evidence of those 50 only.
    """
    # Evidence is the claims app's, which sources may not import: reached by the
    # reverse relation, as the former GROUP BY reached it.
    evidence = Source._meta.get_field("evidence").related_model
    citing = (
        evidence.objects.filter(source=OuterRef("pk"), removed_at__isnull=True)
        .order_by()
        .values("source")
        .annotate(n=Count("claim", distinct=True))
        .values("n")
    )
    return Source.objects.annotate(
        claim_count=Coalesce(Subquery(citing, output_field=IntegerField()), 0)
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


def source_search(query: str, *, limit: int) -> tuple[list[Source], bool]:
    """The first ``limit`` sources by title that the sources list's ``?q=`` finds,
    and whether there are more."""
    found = SourceFilterSet(
        {"q": query}, queryset=Source.objects.only(*MENU_FIELDS).order_by("title", "id")
    ).qs
    rows = list(found[: limit + 1])
    return rows[:limit], len(rows) > limit


def sources_by_id(ids) -> dict[int, Source]:
    """The sources of these ids, with what a menu shows of them, in one query."""
    return Source.objects.only(*MENU_FIELDS).in_bulk(set(ids))


def sources_added_lately(*, user, limit: int) -> list[tuple[int, object]]:
    """``(id, created_at)`` of the last sources the user added, newest first."""
    return list(
        Source.objects.filter(added_by=user)
        .order_by("-created_at", "-id")
        .values_list("id", "created_at")[:limit]
    )

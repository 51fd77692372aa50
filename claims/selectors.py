"""Reads of reports and claims, scoped to what the user may see."""

from django.db.models import Prefetch, QuerySet

from claims.models import Appearance, Claim, Evidence, Report
from claims.permissions import user_can_view_claims


def claim_list(*, user) -> QuerySet[Claim]:
    """Claims visible to the user (staff see all; others none: the public reads verdicts)."""
    if not user_can_view_claims(user):
        return Claim.objects.none()
    return Claim.objects.select_related("assignee").order_by("id")


def claim_detail(*, user, pk: int) -> Claim:
    """One claim with its appearances (and reports) and current evidence prefetched."""
    return (
        claim_list(user=user)
        .prefetch_related(
            Prefetch(
                "appearances",
                queryset=Appearance.objects.select_related("report").order_by(
                    "report_id", "start"
                ),
            ),
            Prefetch(
                "evidence",
                queryset=Evidence.objects.filter(removed_at__isnull=True)
                .select_related("source", "added_by")
                .order_by("added_at", "id"),
                to_attr="current_evidence",
            ),
        )
        .get(pk=pk)
    )


def report_list(*, user) -> QuerySet[Report]:
    if not user_can_view_claims(user):
        return Report.objects.none()
    return Report.objects.select_related("imported_by").defer("text")

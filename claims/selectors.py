"""Reads of reports and claims, scoped to what the user may see."""

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from claims.models import Appearance, Claim, ClaimStatus, Evidence, Report
from claims.permissions import user_can_view_claims
from claims.text import SECTION_SEPARATOR


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


# --- the web pages' reads ------------------------------------------------------

OPEN_WORK_STATUSES = (ClaimStatus.NEW, ClaimStatus.RESEARCHING, ClaimStatus.IN_REVIEW)


def claim_rows(*, user) -> QuerySet[Claim]:
    """The claim list's rows: only the columns a list shows, no report texts."""
    return claim_list(user=user).only(
        "id",
        "text",
        "topic",
        "kind",
        "checkworthiness",
        "status",
        "verdict",
        "version",
        "updated_at",
        "assignee__id",
        "assignee__username",
        "assignee__first_name",
        "assignee__last_name",
    )


def claim_counts_by_status(*, user) -> dict[str, int]:
    rows = claim_list(user=user).order_by().values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def claim_counts_by_verdict(*, user) -> dict[str, int]:
    """Verdicts on the record: published ones and those under correction."""
    rows = (
        claim_list(user=user)
        .exclude(verdict="")
        .order_by()
        .values("verdict")
        .annotate(n=Count("id"))
    )
    return {row["verdict"]: row["n"] for row in rows}


def report_status_counts(*, user) -> list[dict]:
    """Per report: how many distinct claims it makes, in each status."""
    if not user_can_view_claims(user):
        return []
    rows = (
        Appearance.objects.order_by()
        .values("report_id", "report__title", "claim__status")
        .annotate(n=Count("claim_id", distinct=True))
    )
    return _pivot(rows, key=("report_id", "report__title"))


def section_status_counts(*, user, report=None, limit: int = 60) -> list[dict]:
    """Per report section: how many distinct claims appear there, in each status."""
    if not user_can_view_claims(user):
        return []
    rows = Appearance.objects.order_by()
    if report is not None:
        rows = rows.filter(report=report)
    rows = rows.values("report_id", "report__title", "section", "claim__status")
    rows = rows.annotate(n=Count("claim_id", distinct=True))
    pivot = _pivot(rows, key=("report_id", "report__title", "section"))
    pivot.sort(key=lambda row: (-row["total"], row["report_id"], row["section"]))
    for row in pivot:
        # The report's own title heads most section paths; the page names the report.
        head = row["report__title"] + SECTION_SEPARATOR
        row["label"] = row["section"].removeprefix(head) if row["section"] else ""
    return pivot[:limit]


def _pivot(rows, *, key: tuple[str, ...]) -> list[dict]:
    table: dict[tuple, dict] = {}
    for row in rows:
        ident = tuple(row[k] for k in key)
        entry = table.setdefault(
            ident, {**{k: row[k] for k in key}, "by_status": {}, "total": 0}
        )
        entry["by_status"][row["claim__status"]] = row["n"]
        entry["total"] += row["n"]
    for entry in table.values():
        entry["cells"] = [entry["by_status"].get(s, 0) for s in ClaimStatus.values]
    return list(table.values())


def claims_assigned_open(*, user) -> QuerySet[Claim]:
    """Work on my desk: claims assigned to me that are not yet decided."""
    return (
        claim_rows(user=user)
        .filter(assignee=user, status__in=OPEN_WORK_STATUSES)
        .order_by("-checkworthiness", "id")
    )


def queue_assigned(*, user) -> QuerySet[Claim]:
    """My queue: claims assigned to me that are new or being researched."""
    return (
        claim_rows(user=user)
        .filter(assignee=user, status__in=[ClaimStatus.NEW, ClaimStatus.RESEARCHING])
        .order_by("-checkworthiness", "id")
    )


def queue_available(*, user) -> QuerySet[Claim]:
    """New claims nobody has taken, the most check-worthy first."""
    return (
        claim_rows(user=user)
        .filter(status=ClaimStatus.NEW, assignee__isnull=True)
        .order_by("-checkworthiness", "id")
    )


def report_with_claim_counts(*, user) -> QuerySet[Report]:
    claims = (
        Appearance.objects.filter(report=OuterRef("pk"))
        .order_by()
        .values("report")
        .annotate(n=Count("claim_id", distinct=True))
        .values("n")
    )
    return report_list(user=user).annotate(claim_count=Coalesce(Subquery(claims), 0))


def report_reader(*, user, pk: int) -> tuple[Report, list[Appearance]]:
    """A report with its appearances (and their claims), in the order of the text."""
    if not user_can_view_claims(user):
        raise Report.DoesNotExist
    report = Report.objects.select_related("imported_by").get(pk=pk)
    appearances = list(
        Appearance.objects.filter(report=report)
        .select_related("claim")
        .only(
            "id",
            "start",
            "end",
            "quote",
            "line",
            "section",
            "report_id",
            "claim__id",
            "claim__text",
            "claim__status",
            "claim__verdict",
        )
        .order_by("start", "id")
    )
    return report, appearances

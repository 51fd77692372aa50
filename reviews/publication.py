"""Reads of published verdicts for the public pages, the feed and the exports."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from claims.models import Appearance, Claim, Evidence, Report, Verdict
from reviews.models import Decision, DecisionKind, Review


def public_claims() -> QuerySet[Claim]:
    """Claims whose verdict has been published, including those under correction."""
    return (
        Claim.objects.filter(first_published_at__isnull=False)
        .exclude(verdict="")
        .order_by("-published_at", "-id")
    )


def _with_publication(queryset: QuerySet[Claim]) -> QuerySet[Claim]:
    return queryset.prefetch_related(
        Prefetch(
            "appearances",
            queryset=Appearance.objects.select_related("report")
            .defer("report__text", "report__html")
            .order_by("report_id", "start"),
            to_attr="public_appearances",
        ),
        # The cited evidence hangs off the same decisions the page uses: a
        # separate "decisions__review__cited_evidence" prefetch filled other
        # Decision objects, and each verdict then read its evidence alone.
        Prefetch(
            "decisions",
            queryset=Decision.objects.select_related("review")
            .prefetch_related(
                Prefetch(
                    "review__cited_evidence",
                    queryset=Evidence.objects.select_related("source").order_by(
                        "added_at", "id"
                    ),
                )
            )
            .order_by("created_at", "id"),
            to_attr="public_decisions",
        ),
    )


@dataclass
class PublicVerdict:
    """A published verdict as the public sees it."""

    claim: Claim
    approval: Decision | None
    corrections: list[Decision] = field(default_factory=list)
    reopening: Decision | None = None

    @property
    def pk(self) -> int:
        return self.claim.pk

    @property
    def verdict_label(self) -> str:
        return Verdict(self.claim.verdict).label

    @property
    def rating_value(self) -> int | None:
        return self.claim.rating_value

    @property
    def review(self) -> Review | None:
        return self.approval.review if self.approval is not None else None

    @property
    def rationale(self) -> str:
        return self.review.rationale if self.review is not None else ""

    @property
    def evidence(self) -> list[Evidence]:
        return list(self.review.cited_evidence.all()) if self.review else []

    @property
    def appearances(self) -> list[Appearance]:
        return self.claim.public_appearances

    @property
    def reports(self) -> list[Report]:
        seen: dict[int, Report] = {}
        for appearance in self.appearances:
            seen.setdefault(appearance.report_id, appearance.report)
        return list(seen.values())

    @property
    def under_correction(self) -> bool:
        return self.claim.is_under_correction


def _public_verdict(claim: Claim) -> PublicVerdict:
    decisions = claim.public_decisions
    approvals = [d for d in decisions if d.kind == DecisionKind.APPROVE]
    reopenings = [d for d in decisions if d.kind == DecisionKind.REOPEN]
    return PublicVerdict(
        claim=claim,
        approval=approvals[-1] if approvals else None,
        corrections=[d for d in decisions if d.is_correction],
        reopening=(
            reopenings[-1] if claim.is_under_correction and reopenings else None
        ),
    )


def public_verdicts(queryset: QuerySet[Claim] | None = None) -> list[PublicVerdict]:
    """The given public claims (by default all) with what their pages show."""
    claims = _with_publication(public_claims() if queryset is None else queryset)
    return [_public_verdict(claim) for claim in claims]


def public_verdict(pk: int) -> PublicVerdict:
    """One published verdict, or 404 (drafts and unpublished claims stay private)."""
    claim = get_object_or_404(_with_publication(public_claims()), pk=pk)
    return _public_verdict(claim)

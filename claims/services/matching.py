"""Claim matching: suggest restatements on import and edit; resolve them as same or distinct."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

import audit
from audit.recorder import records_refusal
from claims.matching import find_matches
from claims.models import (
    Appearance,
    Claim,
    ClaimMatch,
    ClaimStatus,
    MatchSource,
    MatchStatus,
    Report,
)
from claims.permissions import user_can_propose_match, user_can_resolve_match
from claims.reader import stored_html
from claims.services.guards import claim_lock
from claims.services.tallies import claim_tallies_rebuild
from config.exceptions import StaleEdit, WorkflowConflict


@dataclass
class MatchOutcome:
    """What matching some claims suggested."""

    suggested: list[ClaimMatch] = field(default_factory=list)

    @property
    def verdict_matches(self) -> list[ClaimMatch]:
        return [m for m in self.suggested if m.source == MatchSource.PUBLISHED_VERDICT]


def _source(low: Claim, high: Claim, reports: dict[int, set[int]]) -> str:
    if low.first_published_at or high.first_published_at:
        return MatchSource.PUBLISHED_VERDICT
    if reports.get(low.pk, set()) & reports.get(high.pk, set()):
        return MatchSource.SAME_REPORT
    return MatchSource.OTHER_REPORT


def _corpus() -> Iterable[tuple[int, str]]:
    # Merged claims are closed: their wording lives on in the claim they joined.
    return Claim.objects.filter(merged_into__isnull=True).values_list("pk", "text")


def claims_match(*, actor, claims: list[Claim]) -> MatchOutcome:
    """Suggest a match for each pair of one of ``claims`` and any open claim.

    Runs inside the caller's transaction (report import, claim edit). A pair
    already known (suggested, or resolved either way) is not suggested again.
    """
    outcome = MatchOutcome()
    claims = [c for c in claims if c.merged_into_id is None]
    if not claims:
        return outcome
    found = find_matches(
        [(c.pk, c.text) for c in claims],
        _corpus(),
        threshold=settings.MATCH_THRESHOLD,
    )
    if not found:
        return outcome
    pairs = {(m.claim, m.other) for m in found}
    ids = {pk for pair in pairs for pk in pair}
    known = set(
        ClaimMatch.objects.filter(claim__in=ids, other__in=ids).values_list(
            "claim_id", "other_id"
        )
    )
    rows = Claim.objects.in_bulk(ids)
    reports: dict[int, set[int]] = {}
    for claim_id, report_id in Appearance.objects.filter(claim__in=ids).values_list(
        "claim_id", "report_id"
    ):
        reports.setdefault(claim_id, set()).add(report_id)
    for found_match in found:
        if (found_match.claim, found_match.other) in known:
            continue
        low, high = rows[found_match.claim], rows[found_match.other]
        match = ClaimMatch.objects.create(
            claim=low,
            other=high,
            score=found_match.score,
            features=found_match.features.as_dict(),
            source=_source(low, high, reports),
        )
        outcome.suggested.append(match)
        audit.record(
            action="claim.match_suggested",
            actor=actor,
            subject=high,
            data={
                "match_id": match.pk,
                "claim_id": low.pk,
                "other_id": high.pk,
                "score": match.score,
                "features": match.features,
                "source": match.source,
                "threshold": settings.MATCH_THRESHOLD,
            },
        )
    return outcome


def _match_lock(*, match: ClaimMatch | int) -> ClaimMatch:
    pk = match.pk if isinstance(match, ClaimMatch) else match
    return (
        ClaimMatch.objects.select_for_update()
        .select_related("claim", "other")
        .get(pk=pk)
    )


def _require_resolution(status: str) -> str:
    if status not in (MatchStatus.SAME, MatchStatus.DISTINCT):
        raise ValidationError({"status": "Choose 'same' or 'distinct'."})
    return status


def _require_open(match: ClaimMatch) -> None:
    if match.status != MatchStatus.SUGGESTED:
        raise WorkflowConflict(
            f"This match was already resolved as {match.get_status_display().lower()}."
        )


def _require_version(claim: Claim, expected_version: int | None) -> None:
    if expected_version is not None and claim.version != expected_version:
        raise StaleEdit(
            f"This claim was changed by someone else (you saw version "
            f"{expected_version}, it is now version {claim.version}).",
            current_version=claim.version,
        )


@records_refusal("claim_match.resolve", subject_kwarg="match")
@transaction.atomic
def claim_match_resolve(
    *,
    match: ClaimMatch,
    actor,
    status: str,
    note: str = "",
    viewed_claim_id: int | None = None,
    expected_version: int | None = None,
) -> ClaimMatch:
    """An editor confirms a suggested match as the same claim (the newer one is
    merged into the older) or as distinct claims (never suggested again).

    ``expected_version`` is the version the editor saw of the claim whose page
    (or API resource) they acted from, ``viewed_claim_id`` (default the newer).
    """
    status = _require_resolution(status)
    locked = _match_lock(match=match)
    _require_open(locked)
    if not user_can_resolve_match(actor):
        raise PermissionDenied("Only editors may resolve a match.")
    newer = claim_lock(claim=locked.other)
    older = claim_lock(claim=locked.claim)
    _require_version(older if viewed_claim_id == older.pk else newer, expected_version)
    if status == MatchStatus.SAME:
        _claim_merge(actor=actor, claim=newer, into=older, match=locked, note=note)
    locked.status = status
    locked.resolved_by = actor
    locked.resolved_at = timezone.now()
    locked.note = (note or "").strip()
    locked.save()
    audit.record(
        action=f"claim.match_{'confirmed' if status == MatchStatus.SAME else 'rejected'}",
        actor=actor,
        subject=newer,
        data={
            "match_id": locked.pk,
            "claim_id": older.pk,
            "other_id": newer.pk,
            "status": {"old": MatchStatus.SUGGESTED, "new": status},
            "proposed": locked.proposed_status,
        },
        comment=locked.note,
    )
    return locked


@records_refusal("claim_match.propose", subject_kwarg="match")
@transaction.atomic
def claim_match_propose(
    *, match: ClaimMatch, actor, status: str, note: str = ""
) -> ClaimMatch:
    """A researcher proposes 'same' or 'distinct' for an editor to confirm."""
    status = _require_resolution(status)
    locked = _match_lock(match=match)
    _require_open(locked)
    if not user_can_propose_match(actor):
        raise PermissionDenied("Only staff may propose how a match is resolved.")
    old = locked.proposed_status
    locked.proposed_status = status
    locked.proposed_by = actor
    locked.note = (note or "").strip()
    locked.save()
    audit.record(
        action="claim.match_proposed",
        actor=actor,
        subject=locked.other,
        data={
            "match_id": locked.pk,
            "claim_id": locked.claim_id,
            "other_id": locked.other_id,
            "proposed_status": {"old": old, "new": status},
        },
        comment=locked.note,
    )
    return locked


def _claim_merge(
    *, actor, claim: Claim, into: Claim, match: ClaimMatch, note: str
) -> None:
    """Move the newer claim's appearances to the older one and close it.

    Nothing is deleted. A claim that already has work (out of 'new', evidence or
    reviews) is refused: merging it would bury that work under another claim.
    """
    if claim.merged_into_id is not None or into.merged_into_id is not None:
        raise WorkflowConflict("One of these claims has already been merged.")
    if (
        claim.status != ClaimStatus.NEW
        or claim.evidence.exists()
        or claim.reviews.exists()
    ):
        raise WorkflowConflict(
            f"Claim #{claim.pk} already has work (status "
            f"{claim.get_status_display().lower()}, evidence or reviews): "
            "it cannot be merged. Mark the match distinct, or finish one claim "
            "and cite it in the other."
        )
    moved = list(Appearance.objects.filter(claim=claim).values_list("pk", "report_id"))
    Appearance.objects.filter(claim=claim).update(claim=into)
    claim.merged_into = into
    claim.version += 1
    claim.save()
    _merge_derived_refresh(report_ids={report_id for _pk, report_id in moved})
    for subject, role in ((claim, "merged"), (into, "kept")):
        audit.record(
            action="claim.merged",
            actor=actor,
            subject=subject,
            data={
                "role": role,
                "match_id": match.pk,
                "merged_claim_id": claim.pk,
                "into_claim_id": into.pk,
                "merged_into": {"old": None, "new": into.pk}
                if role == "merged"
                else None,
                "appearances_moved": [pk for pk, _report in moved],
            },
            comment=(note or "").strip(),
        )
    # Other open suggestions of the merged claim now concern the claim it joined.
    ClaimMatch.objects.filter(
        Q(claim=claim) | Q(other=claim), status=MatchStatus.SUGGESTED
    ).exclude(pk=match.pk).update(status=MatchStatus.DISTINCT, note="merged")


def _merge_derived_refresh(*, report_ids: set[int]) -> None:
    """The reports whose appearances moved: their stored HTML (its links name the
    claims, see ``claims.reader``) and the counts."""
    for report in Report.objects.filter(pk__in=report_ids):
        appearances = list(
            report.appearances.filter(claim__isnull=False).only(
                "id", "report_id", "start", "end"
            )
        )
        stored = stored_html(report.text, appearances)
        Report.objects.filter(pk=report.pk).update(
            html=stored.html, html_key=stored.key
        )
    claim_tallies_rebuild()

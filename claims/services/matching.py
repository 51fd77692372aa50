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
    ExternalFactCheck,
    ExternalMatch,
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
    external: list[ExternalMatch] = field(default_factory=list)

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
    """Every open claim, and every external fact-check under its id negated (one
    index serves both; a pair of two negative ids is two fact-checks, ignored)."""
    # Merged claims are closed: their wording lives on in the claim they joined.
    yield from Claim.objects.filter(merged_into__isnull=True).values_list("pk", "text")
    for pk, text in ExternalFactCheck.objects.values_list("pk", "claim_reviewed"):
        yield -pk, text


def claims_match(*, actor, claims: list[Claim]) -> MatchOutcome:
    """Suggest a match for each pair of one of ``claims`` and any open claim or
    external fact-check.

    Runs inside the caller's transaction (report import, claim edit). A pair
    already known (suggested, or resolved either way) is not suggested again.
    """
    claims = [c for c in claims if c.merged_into_id is None]
    return _suggest(actor=actor, to_match=[(c.pk, c.text) for c in claims])


def external_factchecks_match(
    *, actor, fact_checks: list[ExternalFactCheck]
) -> MatchOutcome:
    """Suggest the claims that imported external fact-checks may have reviewed."""
    return _suggest(
        actor=actor, to_match=[(-fc.pk, fc.claim_reviewed) for fc in fact_checks]
    )


def _suggest(*, actor, to_match: list[tuple[int, str]]) -> MatchOutcome:
    outcome = MatchOutcome()
    if not to_match:
        return outcome
    found = find_matches(to_match, _corpus(), threshold=settings.MATCH_THRESHOLD)
    # A pair sorts (lower id, higher id): a fact-check (negative) comes first.
    external = [m for m in found if m.claim < 0 < m.other]
    found = [m for m in found if m.claim > 0]
    if found:
        outcome.suggested = _suggest_claim_matches(actor=actor, found=found)
    if external:
        outcome.external = _suggest_external_matches(actor=actor, found=external)
    return outcome


def _suggest_claim_matches(*, actor, found: list) -> list[ClaimMatch]:
    suggested = []
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
        suggested.append(match)
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
    return suggested


def _suggest_external_matches(*, actor, found: list) -> list[ExternalMatch]:
    suggested = []
    claim_ids = {m.other for m in found}
    known = set(
        ExternalMatch.objects.filter(claim__in=claim_ids).values_list(
            "claim_id", "fact_check_id"
        )
    )
    claims = Claim.objects.filter(merged_into__isnull=True).in_bulk(claim_ids)
    fact_checks = ExternalFactCheck.objects.in_bulk({-m.claim for m in found})
    for found_match in found:
        claim = claims.get(found_match.other)
        fact_check = fact_checks.get(-found_match.claim)
        if claim is None or fact_check is None:
            continue
        if (claim.pk, fact_check.pk) in known:
            continue
        match = ExternalMatch.objects.create(
            claim=claim,
            fact_check=fact_check,
            score=found_match.score,
            features=found_match.features.as_dict(),
        )
        suggested.append(match)
        audit.record(
            action="claim.external_match_suggested",
            actor=actor,
            subject=claim,
            data={
                "external_match_id": match.pk,
                "claim_id": claim.pk,
                "fact_check_id": fact_check.pk,
                "fact_check_url": fact_check.url,
                "publisher": fact_check.publisher,
                "score": match.score,
                "features": match.features,
                "source": MatchSource.EXTERNAL,
                "threshold": settings.MATCH_THRESHOLD,
            },
        )
    return suggested


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


def _external_match_lock(*, match: ExternalMatch) -> ExternalMatch:
    return (
        ExternalMatch.objects.select_for_update()
        .select_related("claim", "fact_check")
        .get(pk=match.pk)
    )


@records_refusal("external_match.resolve", subject_kwarg="match")
@transaction.atomic
def external_match_resolve(
    *,
    match: ExternalMatch,
    actor,
    status: str,
    note: str = "",
    expected_version: int | None = None,
) -> ExternalMatch:
    """An editor confirms that an external fact-check reviewed this claim
    (``same``: kept with the claim, nothing merged) or that it did not
    (``distinct``: never suggested again), confirming or overriding a
    researcher's proposal. ``expected_version``: the claim's, as the editor saw it.
    """
    status = _require_resolution(status)
    locked = _external_match_lock(match=match)
    _require_open(locked)
    if not user_can_resolve_match(actor):
        raise PermissionDenied("Only editors may resolve a match.")
    _require_version(locked.claim, expected_version)
    locked.status = status
    locked.resolved_by = actor
    locked.resolved_at = timezone.now()
    locked.note = (note or "").strip()
    locked.save()
    audit.record(
        action="claim.external_match_"
        + ("confirmed" if status == MatchStatus.SAME else "rejected"),
        actor=actor,
        subject=locked.claim,
        data={
            "external_match_id": locked.pk,
            "fact_check_id": locked.fact_check_id,
            "fact_check_url": locked.fact_check.url,
            "status": {"old": MatchStatus.SUGGESTED, "new": status},
            "proposed": locked.proposed_status,
        },
        comment=locked.note,
    )
    return locked


@records_refusal("external_match.propose", subject_kwarg="match")
@transaction.atomic
def external_match_propose(
    *,
    match: ExternalMatch,
    actor,
    status: str,
    note: str = "",
    expected_version: int | None = None,
) -> ExternalMatch:
    """A researcher proposes whether the external fact-check reviewed this claim
    ('same' or 'distinct') for an editor to confirm."""
    status = _require_resolution(status)
    locked = _external_match_lock(match=match)
    _require_open(locked)
    if not user_can_propose_match(actor):
        raise PermissionDenied("Only staff may propose how a match is resolved.")
    _require_version(locked.claim, expected_version)
    old = locked.proposed_status
    locked.proposed_status = status
    locked.proposed_by = actor
    locked.note = (note or "").strip()
    locked.save()
    audit.record(
        action="claim.external_match_proposed",
        actor=actor,
        subject=locked.claim,
        data={
            "external_match_id": locked.pk,
            "fact_check_id": locked.fact_check_id,
            "fact_check_url": locked.fact_check.url,
            "proposed_status": {"old": old, "new": status},
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
    # Closed as 'merged': out of triage and the queues, never offered a step. The
    # status is protected and no workflow step leads there (a merge names a
    # second claim), so the locked row is written in one update.
    Claim.objects.filter(pk=claim.pk).update(
        status=ClaimStatus.MERGED,
        merged_into=into,
        version=claim.version + 1,
        updated_at=timezone.now(),
    )
    claim.merged_into = into
    claim.version += 1
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
                "status": {"old": ClaimStatus.NEW, "new": ClaimStatus.MERGED}
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

"""Claim matching: suggest restatements on import and edit; resolve them as same or distinct."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

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
        raise ValidationError({"status": _("Choose 'same' or 'distinct'.")})
    return status


def _require_open(match: ClaimMatch) -> None:
    if match.status != MatchStatus.SUGGESTED:
        raise WorkflowConflict(
            _("This match was already resolved as %(status)s.")
            % {"status": match.get_status_display().lower()}
        )


def _resolution_save(
    match: ClaimMatch | ExternalMatch, *, actor, status: str, note: str
) -> None:
    match.status = status
    match.resolved_by = actor
    match.resolved_at = timezone.now()
    match.note = (note or "").strip()
    match.save()


def _proposal_save(
    match: ClaimMatch | ExternalMatch, *, actor, status: str, note: str
) -> str:
    """Record a researcher's proposal; returns the proposal it replaces."""
    old = match.proposed_status
    match.proposed_status = status
    match.proposed_by = actor
    match.note = (note or "").strip()
    match.save()
    return old


def _require_version(claim: Claim, expected_version: int | None) -> None:
    if expected_version is not None and claim.version != expected_version:
        raise StaleEdit(
            _(
                "This claim was changed by someone else (you saw version "
                "%(seen)s, it is now version %(current)s)."
            )
            % {"seen": expected_version, "current": claim.version},
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
        raise PermissionDenied(_("Only editors may resolve a match."))
    newer = claim_lock(claim=locked.other)
    older = claim_lock(claim=locked.claim)
    _require_version(older if viewed_claim_id == older.pk else newer, expected_version)
    if status == MatchStatus.SAME:
        _claim_merge(actor=actor, claim=newer, into=older, match=locked, note=note)
    _resolution_save(locked, actor=actor, status=status, note=note)
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


def _external_match_open(
    *,
    match: ExternalMatch,
    status: str,
    allowed: bool,
    refusal: str,
    expected_version: int | None,
) -> tuple[str, ExternalMatch]:
    """The checks before an external match is resolved or proposed: a resolution
    asked, the match locked and still suggested, the actor ``allowed`` (else
    ``refusal``), the claim at the version its page showed."""
    status = _require_resolution(status)
    locked = (
        ExternalMatch.objects.select_for_update()
        .select_related("claim", "fact_check")
        .get(pk=match.pk)
    )
    _require_open(locked)
    if not allowed:
        raise PermissionDenied(refusal)
    _require_version(locked.claim, expected_version)
    return status, locked


def _external_match_named(match: ExternalMatch) -> dict:
    """How an external match's events name it."""
    return {
        "external_match_id": match.pk,
        "fact_check_id": match.fact_check_id,
        "fact_check_url": match.fact_check.url,
    }


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
    status, locked = _external_match_open(
        match=match,
        status=status,
        allowed=user_can_resolve_match(actor),
        refusal=_("Only editors may resolve a match."),
        expected_version=expected_version,
    )
    _resolution_save(locked, actor=actor, status=status, note=note)
    audit.record(
        action="claim.external_match_"
        + ("confirmed" if status == MatchStatus.SAME else "rejected"),
        actor=actor,
        subject=locked.claim,
        data={
            **_external_match_named(locked),
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
    status, locked = _external_match_open(
        match=match,
        status=status,
        allowed=user_can_propose_match(actor),
        refusal=_("Only staff may propose how a match is resolved."),
        expected_version=expected_version,
    )
    old = _proposal_save(locked, actor=actor, status=status, note=note)
    audit.record(
        action="claim.external_match_proposed",
        actor=actor,
        subject=locked.claim,
        data={
            **_external_match_named(locked),
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
        raise PermissionDenied(_("Only staff may propose how a match is resolved."))
    old = _proposal_save(locked, actor=actor, status=status, note=note)
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
        raise WorkflowConflict(_("One of these claims has already been merged."))
    if (
        claim.status != ClaimStatus.NEW
        or claim.evidence.exists()
        or claim.reviews.exists()
    ):
        raise WorkflowConflict(
            _(
                "Claim #%(number)s already has work (status %(status)s, evidence "
                "or reviews): it cannot be merged. Mark the match distinct, or "
                "finish one claim and cite it in the other."
            )
            % {"number": claim.pk, "status": claim.get_status_display().lower()}
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
    _merged_suggestions_carry(actor=actor, claim=claim, into=into, match=match)
    _merged_external_matches_move(actor=actor, claim=claim, into=into)


def _closed_by_merge(match: ClaimMatch | ExternalMatch, *, actor) -> None:
    """Close an open suggestion of a merged claim: not an editor's 'distinct' (no
    one judged the pair), so its own status; the note (a proposal's why) stays."""
    match.status = MatchStatus.CLOSED
    match.resolved_by = actor
    match.resolved_at = timezone.now()
    match.save(update_fields=["status", "resolved_by", "resolved_at"])


def _merged_suggestions_carry(
    *, actor, claim: Claim, into: Claim, match: ClaimMatch
) -> None:
    """The merged claim's other open suggestions now concern the claim it joined:
    each is closed and suggested for the kept claim instead (same score, features
    and proposal), unless the kept claim's pair is already known (suggested, or
    resolved either way). Matching the kept claim again would not do: its own
    wording may not reach the threshold with a claim the merged wording did."""
    open_matches = list(
        ClaimMatch.objects.select_for_update()
        .filter(Q(claim=claim) | Q(other=claim), status=MatchStatus.SUGGESTED)
        .exclude(pk=match.pk)
        .order_by("id")
    )
    if not open_matches:
        return
    known = {
        m.counterpart(into.pk)
        for m in ClaimMatch.objects.filter(Q(claim=into) | Q(other=into)).only(
            "claim_id", "other_id"
        )
    }
    counterparts = Claim.objects.in_bulk(
        {m.counterpart(claim.pk) for m in open_matches}
    )
    reports: dict[int, set[int]] = {}
    for claim_id, report_id in Appearance.objects.filter(
        claim__in=[into.pk, *counterparts]
    ).values_list("claim_id", "report_id"):
        reports.setdefault(claim_id, set()).add(report_id)
    for closed in open_matches:
        counterpart = counterparts[closed.counterpart(claim.pk)]
        carried = None
        if counterpart.pk not in known and counterpart.merged_into_id is None:
            known.add(counterpart.pk)
            low, high = sorted((into, counterpart), key=lambda c: c.pk)
            carried = ClaimMatch.objects.create(
                claim=low,
                other=high,
                score=closed.score,
                features=closed.features,
                source=_source(low, high, reports),
                proposed_status=closed.proposed_status,
                proposed_by=closed.proposed_by,
                note=closed.note,
            )
        _closed_by_merge(closed, actor=actor)
        audit.record(
            action="claim.match_closed",
            actor=actor,
            subject=claim,
            data={
                "match_id": closed.pk,
                "claim_id": closed.claim_id,
                "other_id": closed.other_id,
                "counterpart_id": counterpart.pk,
                "status": {"old": MatchStatus.SUGGESTED, "new": MatchStatus.CLOSED},
                "proposed": closed.proposed_status,
                "merged_claim_id": claim.pk,
                "into_claim_id": into.pk,
                "carried_to_match_id": carried.pk if carried else None,
            },
        )
        if carried is None:
            continue
        audit.record(
            action="claim.match_carried",
            actor=actor,
            subject=into,
            data={
                "match_id": carried.pk,
                "claim_id": carried.claim_id,
                "other_id": carried.other_id,
                "counterpart_id": counterpart.pk,
                "score": carried.score,
                "features": carried.features,
                "source": carried.source,
                "proposed": carried.proposed_status,
                "merged_claim_id": claim.pk,
                "from_match_id": closed.pk,
            },
        )


def _merged_external_matches_move(*, actor, claim: Claim, into: Claim) -> None:
    """The merged claim's open external suggestions move to the claim it joined,
    unless that claim already has the fact-check (then they are closed): else
    they would wait on a closed claim, counted on the dashboard and in the
    claims list's "Has unresolved matches". A confirmed fact-check moves too (an
    editor found that it reviewed this claim, which is now the kept one), unless
    the kept claim has its own decision on it: then each keeps its own."""
    movable = list(
        # The fact-checks are read, not changed: lock the matches only.
        ExternalMatch.objects.select_for_update(of=("self",))
        .filter(claim=claim, status__in=[MatchStatus.SUGGESTED, MatchStatus.SAME])
        .select_related("fact_check")
        .order_by("id")
    )
    if not movable:
        return
    present = set(
        ExternalMatch.objects.filter(claim=into).values_list("fact_check_id", flat=True)
    )
    for external in movable:
        if external.fact_check_id in present:
            if external.status == MatchStatus.SAME:
                continue
            _closed_by_merge(external, actor=actor)
            audit.record(
                action="claim.external_match_closed",
                actor=actor,
                subject=claim,
                data={
                    **_external_match_named(external),
                    "status": {"old": MatchStatus.SUGGESTED, "new": MatchStatus.CLOSED},
                    "proposed": external.proposed_status,
                    "merged_claim_id": claim.pk,
                    "into_claim_id": into.pk,
                },
            )
            continue
        present.add(external.fact_check_id)
        external.claim = into
        external.save(update_fields=["claim"])
        audit.record(
            action="claim.external_match_moved"
            if external.status == MatchStatus.SUGGESTED
            else "claim.external_confirmation_moved",
            actor=actor,
            subject=into,
            data={
                **_external_match_named(external),
                "claim_id": {"old": claim.pk, "new": into.pk},
                "proposed": external.proposed_status,
                "merged_claim_id": claim.pk,
            },
        )


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

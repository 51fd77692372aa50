"""Bulk actions: one service call (and event) per claim, and an outcome for each.

Each claim is its own transaction, so one refusal leaves the others done; the
caller reports every outcome.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from claims.models import Claim, ClaimStatus
from claims.services.claims import claim_assign
from claims.services.workflow import claim_mark_not_checkable, claim_start_research
from config.exceptions import SERVICE_ERRORS


@dataclass(frozen=True)
class BulkOutcome:
    """What became of one claim: the claim as saved, or why it was refused."""

    claim_id: int
    claim: Claim | None = None
    error: Exception | None = None

    @property
    def done(self) -> bool:
        return self.error is None


def _each(
    claims: Iterable[Claim | int], act: Callable[[Claim], Claim]
) -> list[BulkOutcome]:
    wanted = [claim.pk if isinstance(claim, Claim) else claim for claim in claims]
    found = Claim.objects.in_bulk(wanted)
    outcomes = []
    for pk in wanted:
        claim = found.get(pk)
        if claim is None:
            outcomes.append(
                BulkOutcome(claim_id=pk, error=Claim.DoesNotExist(_("no such claim.")))
            )
            continue
        try:
            outcomes.append(BulkOutcome(claim_id=pk, claim=act(claim)))
        except SERVICE_ERRORS as exc:
            outcomes.append(BulkOutcome(claim_id=pk, error=exc))
    return outcomes


def claim_bulk_assign(
    *, actor, claims: Iterable[Claim | int], assignee
) -> list[BulkOutcome]:
    """Give each claim to ``assignee``: a new claim starts research, an open one is
    reassigned (a claim in review or closed is refused by ``claim_assign``)."""

    def assign(claim: Claim) -> Claim:
        if claim.status == ClaimStatus.NEW:
            return claim_start_research(claim=claim, actor=actor, assignee=assignee)
        return claim_assign(claim=claim, actor=actor, assignee=assignee)

    return _each(claims, assign)


def claim_bulk_mark_not_checkable(
    *, actor, claims: Iterable[Claim | int], reason: str
) -> list[BulkOutcome]:
    """Mark each claim not checkable, for the same reason."""
    return _each(
        claims,
        lambda claim: claim_mark_not_checkable(claim=claim, actor=actor, reason=reason),
    )

"""Claims put into each workflow state (directly, without events) for the tests."""

from claims.models import Claim
from tests.factories import ClaimFactory, EvidenceFactory, ReviewFactory


def new_claim() -> Claim:
    return ClaimFactory()


def researching_claim(assignee) -> Claim:
    return ClaimFactory(status="researching", assignee=assignee)


def ready_to_submit_claim(assignee) -> Claim:
    """Researching, with evidence and the assignee's review citing it."""
    claim = researching_claim(assignee)
    evidence = EvidenceFactory(claim=claim, added_by=assignee)
    ReviewFactory(claim=claim, reviewer=assignee, cited_evidence=[evidence])
    return claim


def in_review_claim(assignee) -> Claim:
    claim = ready_to_submit_claim(assignee)
    return _with_status(claim, "in_review")


def published_claim(assignee, verdict: str = "mostly_true") -> Claim:
    claim = ready_to_submit_claim(assignee)
    Claim.objects.filter(pk=claim.pk).update(status="published", verdict=verdict)
    return Claim.objects.get(pk=claim.pk)


def not_checkable_claim() -> Claim:
    return ClaimFactory(status="not_checkable", not_checkable_reason="Opinion.")


def _with_status(claim: Claim, status: str) -> Claim:
    Claim.objects.filter(pk=claim.pk).update(status=status)
    return Claim.objects.get(pk=claim.pk)

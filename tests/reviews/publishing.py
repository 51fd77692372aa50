"""Helpers that take a claim through the real services to a published verdict."""

from claims.services.evidence import evidence_add
from claims.services.workflow import claim_start_research
from reviews.services import (
    claim_approve,
    claim_reopen,
    claim_submit_for_review,
    review_submit,
)
from tests.factories import SourceFactory


def research_and_submit(claim, *, researcher, rating="mostly_true", source=None):
    """Start research, cite one source, review and submit (as the researcher)."""
    if claim.status == "new":
        claim = claim_start_research(claim=claim, actor=researcher)
    evidence = evidence_add(
        claim=claim,
        actor=researcher,
        source=source or SourceFactory(),
        stance="supports",
        excerpt="Table 3 gives 38.1%.",
        locator="p. 12",
    )
    return review_and_submit(
        claim,
        researcher=researcher,
        rating=rating,
        rationale=f"The yearbook supports a verdict of {rating}.",
        evidence=evidence,
    )


def review_and_submit(claim, *, researcher, rating, rationale, evidence=None):
    """Review citing ``evidence`` (default: the claim's first) and submit (as the
    researcher)."""
    evidence = evidence or claim.evidence.first()
    review_submit(
        claim=claim,
        actor=researcher,
        rating=rating,
        rationale=rationale,
        cited_evidence_ids=[evidence.pk],
    )
    return claim_submit_for_review(claim=claim, actor=researcher)


def publish(claim, *, researcher, editor, rating="mostly_true", source=None):
    claim = research_and_submit(
        claim, researcher=researcher, rating=rating, source=source
    )
    return claim_approve(claim=claim, actor=editor)


def correct(claim, *, researcher, editor, rating, reason="New figures came out."):
    """Reopen a published verdict and publish a new one: a correction."""
    claim = claim_reopen(claim=claim, actor=editor, reason=reason)
    return publish(claim, researcher=researcher, editor=editor, rating=rating)

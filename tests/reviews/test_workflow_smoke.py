"""The whole workflow through the services, from new to published."""

import pytest

from claims.services import claim_start_research, evidence_add
from reviews.services import claim_approve, claim_submit_for_review, review_submit
from tests.factories import ClaimFactory, SourceFactory


@pytest.mark.django_db
def test_claim_goes_from_new_to_published(researcher, editor):
    claim = ClaimFactory()
    claim = claim_start_research(claim=claim, actor=researcher)
    evidence = evidence_add(
        claim=claim, actor=researcher, source=SourceFactory(), stance="supports"
    )
    review_submit(
        claim=claim,
        actor=researcher,
        rating="true",
        rationale="Matches.",
        cited_evidence_ids=[evidence.pk],
    )
    claim = claim_submit_for_review(claim=claim, actor=researcher)
    claim = claim_approve(claim=claim, actor=editor)
    assert claim.status == "published"
    assert claim.verdict == "true"

"""Correcting and withdrawing one's own review until the claim is sent for review."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from config.exceptions import WorkflowConflict
from reviews.models import Review
from reviews.services import (
    claim_submit_for_review,
    review_content_digest,
    review_edit,
    review_withdraw,
)
from tests import states
from tests.api.conftest import token_client
from tests.factories import EvidenceFactory

pytestmark = pytest.mark.django_db


def _own_review(researcher) -> Review:
    claim = states.ready_to_submit_claim(researcher)
    return Review.objects.get(claim=claim, reviewer=researcher)


def test_the_author_corrects_a_review_and_the_trail_records_it(researcher):
    review = _own_review(researcher)
    before = review_content_digest(review)
    extra = EvidenceFactory(claim=review.claim)
    corrected = review_edit(
        review=review,
        actor=researcher,
        rating="false",
        rationale="The 95% is for one lab test only.",
        confidence="high",
        cited_evidence_ids=[extra.pk],
    )
    corrected.refresh_from_db()
    assert (corrected.rating, corrected.confidence) == ("false", "high")
    assert list(corrected.cited_evidence.all()) == [extra]
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "review.edited"
    assert event.data["content_sha256_before"] == before
    assert event.data["content_sha256"] == review_content_digest(corrected)
    assert "one lab test" not in str(event.data)  # the round is still blind


def test_the_author_withdraws_a_review_and_may_submit_again(researcher):
    review = _own_review(researcher)
    claim = review.claim
    review_withdraw(review=review, actor=researcher)
    assert not Review.objects.filter(pk=review.pk).exists()
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.data["review_id"]) == ("review.withdrawn", review.pk)
    with pytest.raises(WorkflowConflict, match="Submit your review"):
        claim_submit_for_review(claim=claim, actor=researcher)


def test_nobody_else_changes_a_review_and_the_refusal_is_recorded(
    researcher, other_researcher, editor
):
    review = _own_review(researcher)
    for actor in (other_researcher, editor):
        with pytest.raises(PermissionDenied):
            review_withdraw(review=review, actor=actor)
    assert Review.objects.filter(pk=review.pk).exists()
    refused = AuditEvent.objects.filter(action="access.refused").order_by("-seq")
    assert refused.count() == 2


def test_once_sent_for_review_the_review_stands(researcher):
    review = _own_review(researcher)
    claim_submit_for_review(claim=review.claim, actor=researcher)
    with pytest.raises(WorkflowConflict, match="until the claim is sent for review"):
        review_edit(
            review=review, actor=researcher, rating="true", rationale="Changed mind."
        )
    with pytest.raises(WorkflowConflict):
        review_withdraw(review=review, actor=researcher)


def test_a_correction_is_checked_like_a_submission(researcher):
    review = _own_review(researcher)
    with pytest.raises(ValidationError):
        review_edit(review=review, actor=researcher, rating="true", rationale="  ")


def test_on_the_claim_page_the_author_corrects_then_withdraws(client, researcher):
    review = _own_review(researcher)
    claim = review.claim
    client.force_login(researcher)
    page = client.get(reverse("desk:claim_detail", args=[claim.pk])).content.decode()
    assert "Correct or withdraw your review" in page
    response = client.post(
        reverse("desk:claim_review_edit", args=[claim.pk, review.pk]),
        {"rating": "half_true", "confidence": "low", "rationale": "Half of it."},
        follow=True,
    )
    assert "Your review was corrected." in response.content.decode()
    review.refresh_from_db()
    assert review.rating == "half_true"
    response = client.post(
        reverse("desk:claim_review_withdraw", args=[claim.pk, review.pk]),
        follow=True,
    )
    html = response.content.decode()
    assert "Your review was withdrawn" in html
    assert "Submit your review" in html  # the form to review again


def test_the_page_offers_no_correction_once_sent(client, researcher):
    review = _own_review(researcher)
    claim_submit_for_review(claim=review.claim, actor=researcher)
    client.force_login(researcher)
    page = client.get(reverse("desk:claim_detail", args=[review.claim_id]))
    assert "Correct or withdraw your review" not in page.content.decode()
    response = client.post(
        reverse("desk:claim_review_withdraw", args=[review.claim_id, review.pk])
    )
    assert response.status_code == 409


def test_the_api_corrects_and_withdraws(researcher, other_researcher):
    review = _own_review(researcher)
    url = f"/api/v1/claims/{review.claim_id}/reviews/{review.pk}/"
    mine = token_client(researcher)
    response = mine.patch(
        url,
        {"rating": "mostly_false", "rationale": "Mostly wrong.", "confidence": "high"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["rating"] == "mostly_false"
    # Another researcher cannot see a blind review of this round: not found.
    assert token_client(other_researcher).delete(url).status_code == 404
    assert mine.delete(url).status_code == 204
    assert mine.delete(url).status_code == 404

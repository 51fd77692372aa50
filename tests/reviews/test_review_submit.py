"""Submitting reviews, and the blind-review rule on who sees whose verdict."""

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from config.exceptions import WorkflowConflict
from reviews.selectors import hidden_review_count, reviews_visible_to
from reviews.services import review_content_digest, review_submit
from tests import states
from tests.factories import EvidenceFactory

pytestmark = pytest.mark.django_db


def test_a_review_is_recorded_with_its_rating_and_rationale(researcher):
    claim = states.researching_claim(researcher)
    evidence = EvidenceFactory(claim=claim)
    review = review_submit(
        claim=claim,
        actor=researcher,
        rating="misleading",
        rationale="Cherry-picked year.",
        confidence="high",
        cited_evidence_ids=[evidence.pk],
    )
    assert list(review.cited_evidence.all()) == [evidence]
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.scope_id, event.data["review_id"]) == (
        "review.submitted",
        str(claim.pk),
        review.pk,
    )
    # The round is blind: the trail commits to the verdict without revealing it.
    assert "misleading" not in str(event.data) and "Cherry-picked" not in str(
        event.data
    )
    assert event.comment == ""
    assert event.data["content_sha256"] == review_content_digest(review)


def test_a_review_cannot_cite_evidence_of_another_claim(researcher):
    claim = states.researching_claim(researcher)
    foreign = EvidenceFactory()
    with pytest.raises(ValidationError):
        review_submit(
            claim=claim,
            actor=researcher,
            rating="true",
            rationale="x",
            cited_evidence_ids=[foreign.pk],
        )


def test_one_review_per_round(researcher):
    claim = states.researching_claim(researcher)
    review_submit(claim=claim, actor=researcher, rating="true", rationale="Yes.")
    with pytest.raises(WorkflowConflict):
        review_submit(claim=claim, actor=researcher, rating="false", rationale="No.")


def test_rating_and_rationale_are_required(researcher):
    claim = states.researching_claim(researcher)
    with pytest.raises(ValidationError):
        review_submit(claim=claim, actor=researcher, rating="true", rationale=" ")
    with pytest.raises(ValidationError):
        review_submit(
            claim=claim, actor=researcher, rating="pants_on_fire", rationale="x"
        )


def test_other_verdicts_stay_hidden_until_ones_own_is_in(
    researcher, other_researcher, editor
):
    claim = states.in_review_claim(researcher)
    assert list(reviews_visible_to(user=other_researcher, claim=claim)) == []
    assert hidden_review_count(user=other_researcher, claim=claim) == 1
    # The claim page passes the reviews it already read: the same answer.
    assert hidden_review_count(user=other_researcher, claim=claim, visible=[]) == 1

    review_submit(
        claim=claim, actor=other_researcher, rating="half_true", rationale="Partly."
    )
    visible = reviews_visible_to(user=other_researcher, claim=claim)
    assert {r.reviewer for r in visible} == {researcher, other_researcher}
    assert hidden_review_count(user=other_researcher, claim=claim) == 0
    assert hidden_review_count(user=other_researcher, claim=claim, visible=visible) == 0


def test_editors_see_every_review_to_decide(researcher, editor):
    claim = states.in_review_claim(researcher)
    assert [r.reviewer for r in reviews_visible_to(user=editor, claim=claim)] == [
        researcher
    ]


def test_the_public_sees_no_reviews_of_an_unpublished_claim(researcher, anonymous):
    claim = states.in_review_claim(researcher)
    assert list(reviews_visible_to(user=anonymous, claim=claim)) == []

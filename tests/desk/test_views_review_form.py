"""The review form on the claim page, and blind review: hidden until one's own is in."""

import pytest
from django.urls import reverse

from reviews.models import Review
from tests.factories import ClaimFactory, EvidenceFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(researcher):
    claim = ClaimFactory(status="in_review", assignee=researcher)
    evidence = EvidenceFactory(claim=claim, added_by=researcher)
    ReviewFactory(
        claim=claim,
        reviewer=researcher,
        rating="misleading",
        rationale="The assignee's secret reasoning.",
        cited_evidence=[evidence],
    )
    return claim


def page(client, claim):
    return client.get(reverse("desk:claim_detail", args=[claim.pk]))


def test_another_reviewers_verdict_stays_hidden_until_mine_is_in(
    client, other_researcher, submitted
):
    client.force_login(other_researcher)
    html = page(client, submitted).content.decode()
    assert "1 hidden review in this round" in html
    assert "secret reasoning" not in html
    assert "Add a second opinion" in html

    evidence = submitted.evidence.get()
    response = client.post(
        reverse("desk:claim_review", args=[submitted.pk]),
        {
            "rating": "false",
            "confidence": "high",
            "rationale": "My own reading.",
            "cited_evidence": [evidence.pk],
        },
    )
    assert response.status_code == 302
    review = Review.objects.get(reviewer=other_researcher)
    assert (review.rating, review.confidence) == ("false", "high")
    assert list(review.cited_evidence.all()) == [evidence]
    html = page(client, submitted).content.decode()
    assert "hidden review" not in html
    assert "secret reasoning" in html
    assert "My own reading." in html


def test_editors_see_every_review(client, editor, submitted):
    client.force_login(editor)
    html = page(client, submitted).content.decode()
    assert "secret reasoning" in html
    assert "Misleading" in html


def test_a_review_needs_a_rating_and_a_rationale(client, other_researcher, submitted):
    client.force_login(other_researcher)
    response = client.post(
        reverse("desk:claim_review", args=[submitted.pk]),
        {"confidence": "low", "rationale": ""},
    )
    assert response.status_code == 400
    assert response.content.decode().count("This field is required.") == 2
    assert not Review.objects.filter(reviewer=other_researcher).exists()


def test_the_assignee_reviews_while_researching(client, researcher):
    claim = ClaimFactory(status="researching", assignee=researcher)
    evidence = EvidenceFactory(claim=claim, added_by=researcher)
    client.force_login(researcher)
    html = page(client, claim).content.decode()
    assert "Submit your review" in html
    assert f'value="{evidence.pk}"' in html  # cite by checkbox
    client.post(
        reverse("desk:claim_review", args=[claim.pk]),
        {
            "rating": "true",
            "confidence": "medium",
            "rationale": "Matches the table.",
            "cited_evidence": [evidence.pk],
        },
    )
    assert Review.objects.get(claim=claim).rating == "true"


def test_others_cannot_review_a_claim_being_researched(
    client, researcher, other_researcher
):
    claim = ClaimFactory(status="researching", assignee=researcher)
    client.force_login(other_researcher)
    assert "Submit your review" not in page(client, claim).content.decode()
    response = client.post(
        reverse("desk:claim_review", args=[claim.pk]),
        {"rating": "true", "confidence": "medium", "rationale": "Sneaky."},
    )
    assert response.status_code == 403
    assert not Review.objects.exists()

"""Reads of reviews and decisions, with the blind-review rule applied."""

from django.db.models import QuerySet

from claims.models import Claim
from reviews.models import Decision, Review
from reviews.permissions import user_can_see_all_reviews


def reviews_visible_to(*, user, claim: Claim) -> QuerySet[Review]:
    """Reviews of past rounds, and of this round once the user's own is in.

    Editors see all; so does everyone once the verdict is published.
    """
    reviews = (
        Review.objects.filter(claim=claim)
        .select_related("reviewer")
        .prefetch_related("cited_evidence__source")
        .order_by("round", "submitted_at", "id")
    )
    own_submitted = (
        getattr(user, "is_authenticated", False)
        and Review.objects.filter(
            claim=claim, round=claim.review_round, reviewer=user
        ).exists()
    )
    if user_can_see_all_reviews(user, claim, own_submitted):
        return reviews
    current = reviews.filter(round=claim.review_round)
    own = (
        current.filter(reviewer=user)
        if getattr(user, "is_authenticated", False)
        else current.none()
    )
    return reviews.exclude(round=claim.review_round) | own


def hidden_review_count(*, user, claim: Claim) -> int:
    """How many reviews of the current round the user cannot see yet."""
    visible = reviews_visible_to(user=user, claim=claim).filter(
        round=claim.review_round
    )
    total = Review.objects.filter(claim=claim, round=claim.review_round).count()
    return total - visible.count()


def decisions_for(*, claim: Claim) -> QuerySet[Decision]:
    return Decision.objects.filter(claim=claim).select_related("editor", "review")

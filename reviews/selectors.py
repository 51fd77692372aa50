"""Reads of reviews and decisions, with the blind-review rule applied."""

from dataclasses import dataclass

from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce

from audit.models import AuditEvent
from claims.models import Claim, ClaimStatus
from config.roles import is_staff_member
from reviews.models import Decision, Review, VerdictVersion
from reviews.permissions import user_sees_every_review


def visible_reviews(
    *, user, reviews: QuerySet[Review] | None = None
) -> QuerySet[Review]:
    """``reviews`` (every review by default) less those blind review hides from ``user``.

    The one rule, for every surface (claim page, API, dashboard, review queue,
    admin): editors see all (``user_sees_every_review``); anyone else sees a review
    if it is their own, if they submitted their own in its round, or once its round
    is closed (an earlier round than its claim's, or the claim published).
    """
    reviews = Review.objects.all() if reviews is None else reviews
    if user_sees_every_review(user):
        return reviews
    closed = Q(round__lt=F("claim__review_round")) | Q(
        claim__status=ClaimStatus.PUBLISHED
    )
    if not getattr(user, "is_authenticated", False):
        return reviews.filter(closed)
    own_in_round = Review.objects.filter(
        claim_id=OuterRef("claim_id"), round=OuterRef("round"), reviewer=user
    )
    return reviews.filter(closed | Q(reviewer=user) | Exists(own_in_round))


def reviews_visible_to(*, user, claim: Claim) -> QuerySet[Review]:
    """The claim's reviews that ``user`` may see (``visible_reviews``), oldest first."""
    return visible_reviews(
        user=user,
        reviews=Review.objects.filter(claim=claim)
        .select_related("reviewer")
        .prefetch_related("cited_evidence__source")
        .order_by("round", "submitted_at", "id"),
    )


def hidden_review_count(*, user, claim: Claim, visible=None) -> int:
    """How many reviews of the current round the user cannot see yet.

    ``visible``: the reviews ``reviews_visible_to`` gave this user, if the caller
    has them already (the claim page), so they are not read again.
    """
    total = Review.objects.filter(claim=claim, round=claim.review_round).count()
    if visible is None:
        return (
            total
            - reviews_visible_to(user=user, claim=claim)
            .filter(round=claim.review_round)
            .count()
        )
    return total - sum(1 for review in visible if review.round == claim.review_round)


def decisions_for(*, claim: Claim) -> QuerySet[Decision]:
    return Decision.objects.filter(claim=claim).select_related("editor", "review")


def verdict_versions(*, claim: Claim) -> QuerySet[VerdictVersion]:
    """Every published version of the claim's verdict, oldest first."""
    return VerdictVersion.objects.filter(claim=claim).order_by("number")


# --- the review queue ----------------------------------------------------------


def review_queue(*, user) -> QuerySet[Claim]:
    """Claims waiting for an editor, the longest-waiting first.

    The wait is counted from the claim's last submission for review. A claim in
    review is written by nothing but its next transition (editing and reassigning
    need it returned first; evidence and reviews are rows of their own), so its
    ``updated_at`` is the time it was submitted, and the queue is ordered by that
    indexed column: sorting by the submission read from the audit trail computed
    it for every claim in review before the first page (0.7 s at 10,000 waiting).
    ``submitted_at``, shown on the page, is still read from the trail, for the
    rows shown only.
    """
    if not is_staff_member(user):
        return Claim.objects.none()
    submitted = (
        AuditEvent.objects.filter(
            action="claim.submitted_for_review",
            subject_type="claims.claim",
            subject_id=Cast(OuterRef("pk"), CharField()),
        )
        .order_by("-seq")
        .values("at")[:1]
    )
    return (
        Claim.objects.filter(status=ClaimStatus.IN_REVIEW)
        .select_related("assignee")
        .defer("not_checkable_reason")
        .annotate(submitted_at=Coalesce(Subquery(submitted), "updated_at"))
        .order_by("updated_at", "id")
    )


@dataclass(frozen=True)
class RoundSummary:
    """The reviews of a claim's current round, as the review queue shows them."""

    submitted: Review | None
    reviews: tuple[Review, ...]

    @property
    def ratings(self) -> list[str]:
        return [review.get_rating_display() for review in self.reviews]

    @property
    def agreement(self) -> str:
        """'agree', 'disagree' or 'single' (only one review so far)."""
        if len(self.reviews) < 2:
            return "single"
        return "agree" if len({r.rating for r in self.reviews}) == 1 else "disagree"


def current_round_summaries(claims, *, user) -> dict[int, RoundSummary]:
    """For each claim, its current round's reviews that ``user`` may see (blind
    review: ``visible_reviews``), in one query for all of them."""
    claims = list(claims)
    if not claims:
        return {}
    rounds = {claim.pk: claim.review_round for claim in claims}
    by_claim: dict[int, list[Review]] = {claim.pk: [] for claim in claims}
    # One IN list, the rounds picked here: fifty OR'd (claim, round) pairs cost
    # more to build in the ORM than the query costs to run.
    reviews = Review.objects.filter(claim_id__in=rounds)
    for review in (
        visible_reviews(user=user, reviews=reviews)
        .select_related("reviewer")
        .order_by("submitted_at", "id")
    ):
        if review.round == rounds[review.claim_id]:
            by_claim[review.claim_id].append(review)
    summaries = {}
    for claim in claims:
        reviews = by_claim[claim.pk]
        submitted = next(
            (r for r in reviews if r.reviewer_id == claim.assignee_id), None
        )
        summaries[claim.pk] = RoundSummary(submitted=submitted, reviews=tuple(reviews))
    return summaries


def hidden_review_ids(*, user, review_ids) -> set[int]:
    """The reviews among ``review_ids`` whose rating ``user`` may not see yet.

    ``visible_reviews``'s rule, for many claims at once (the audit trail shows
    reviews of any claim).
    """
    pks = {int(pk) for pk in review_ids if str(pk).isdigit() and len(str(pk)) < 19}
    if not pks or user_sees_every_review(user):
        return set()
    asked = Review.objects.filter(pk__in=pks)
    visible = visible_reviews(user=user, reviews=asked)
    return set(asked.exclude(pk__in=visible.values("pk")).values_list("pk", flat=True))

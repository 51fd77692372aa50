"""Writes of reviews and the editor's decisions: submit, return, approve, reopen."""

import hashlib
import json
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from audit.recorder import records_refusal
from claims.models import Claim, ClaimStatus, Verdict
from claims.services.guards import claim_lock, require_text
from claims.services.workflow import TransitionPlan, claim_run_transition
from config.exceptions import StaleEdit, WorkflowConflict
from reviews.approval import (
    build_version,
    disagreement_in,
    latest_version,
    round_reviews,
)
from reviews.models import Confidence, Decision, DecisionKind, Review
from reviews.permissions import (
    user_can_approve,
    user_can_change_review,
    user_can_submit_review,
)


def submitted_review_for(claim: Claim) -> Review | None:
    """The assignee's review of the current round: the verdict put to the editor."""
    if claim.assignee_id is None:
        return None
    return (
        Review.objects.filter(
            claim=claim, round=claim.review_round, reviewer_id=claim.assignee_id
        )
        .prefetch_related("cited_evidence")
        .first()
    )


def review_content_digest(review: Review) -> str:
    """SHA-256 over what the reviewer said, so the trail can prove it unchanged."""
    content = {
        "review_id": review.pk,
        "reviewer_id": review.reviewer_id,
        "round": review.round,
        "rating": review.rating,
        "rationale": review.rationale,
        "confidence": review.confidence,
        "cited_evidence": sorted(e.pk for e in review.cited_evidence.all()),
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@records_refusal("review.submit")
@transaction.atomic
def review_submit(
    *,
    claim: Claim,
    actor,
    rating: str,
    rationale: str,
    confidence: str = Confidence.MEDIUM,
    cited_evidence_ids: Iterable[int] = (),
) -> Review:
    locked = claim_lock(claim=claim)
    if locked.status not in {ClaimStatus.RESEARCHING, ClaimStatus.IN_REVIEW}:
        raise WorkflowConflict(
            _("A claim that is %(status)s takes no reviews.")
            % {"status": locked.get_status_display().lower()}
        )
    if not user_can_submit_review(actor, locked):
        raise PermissionDenied(_("You may not review this claim now."))
    rationale = _checked_content(rating, confidence, rationale)
    if Review.objects.filter(
        claim=locked, reviewer=actor, round=locked.review_round
    ).exists():
        raise WorkflowConflict(_("You have already reviewed this claim in this round."))
    cited = _cited(locked, cited_evidence_ids)
    review = Review.objects.create(
        claim=locked,
        reviewer=actor,
        round=locked.review_round,
        rating=rating,
        rationale=rationale,
        confidence=confidence,
    )
    review.cited_evidence.set(cited)
    _record_content("review.submitted", actor, review, locked, cited)
    return review


def _record_content(action: str, actor, review: Review, claim, cited, **data) -> None:
    """The event of a review's content. The rating and rationale stay out of the
    trail while the round is blind: the event carries a digest that commits the
    chain to them without revealing them."""
    audit.record(
        action=action,
        actor=actor,
        subject=review,
        scope=claim,
        data={
            "review_id": review.pk,
            "round": review.round,
            "cited_evidence": sorted(e.pk for e in cited),
            **data,
            "content_sha256": review_content_digest(review),
        },
    )


def review_fields(data: Mapping) -> dict:
    """A review form's or request body's cleaned data as the arguments of
    ``review_submit`` and ``review_edit``."""
    return {
        "rating": data["rating"],
        "rationale": data["rationale"],
        "confidence": data["confidence"],
        "cited_evidence_ids": data["cited_evidence"],
    }


def _checked_content(rating: str, confidence: str, rationale: str) -> str:
    """The rationale, stripped, once rating, confidence and rationale are valid."""
    if rating not in Verdict.values:
        raise ValidationError(
            {"rating": _("Unknown rating %(rating)r.") % {"rating": rating}}
        )
    if confidence not in Confidence.values:
        raise ValidationError(
            {
                "confidence": _("Unknown confidence %(confidence)r.")
                % {"confidence": confidence}
            }
        )
    rationale = (rationale or "").strip()
    if not rationale:
        raise ValidationError({"rationale": _("A rationale is required.")})
    return rationale


def _cited(claim: Claim, cited_evidence_ids: Iterable[int]) -> list:
    wanted = set(cited_evidence_ids)
    cited = list(claim.evidence.filter(pk__in=wanted, removed_at__isnull=True))
    if len(cited) != len(wanted):
        raise ValidationError(
            {"cited_evidence": _("Cite only current evidence attached to this claim.")}
        )
    return cited


def _changeable_review(review: Review, actor) -> tuple[Review, Claim]:
    """The review and its claim, locked, if this actor may change the review now."""
    locked = claim_lock(claim=review.claim)
    review = Review.objects.select_for_update().filter(pk=review.pk).first()
    if review is None:
        raise WorkflowConflict(_("That review has been withdrawn."))
    if review.reviewer_id != actor.pk:
        raise PermissionDenied(_("Only its author may change a review."))
    if not user_can_change_review(actor, review, locked):
        raise WorkflowConflict(
            _("A review can be changed only until the claim is sent for review.")
        )
    return review, locked


@records_refusal("review.edit", subject_kwarg="review", scope_attr="claim")
@transaction.atomic
def review_edit(
    *,
    review: Review,
    actor,
    rating: str,
    rationale: str,
    confidence: str = Confidence.MEDIUM,
    cited_evidence_ids: Iterable[int] = (),
) -> Review:
    """Its author corrects a review before the claim is sent for review."""
    review, locked = _changeable_review(review, actor)
    rationale = _checked_content(rating, confidence, rationale)
    cited = _cited(locked, cited_evidence_ids)
    before = review_content_digest(review)
    review.rating, review.rationale, review.confidence = rating, rationale, confidence
    review.save(update_fields=["rating", "rationale", "confidence"])
    review.cited_evidence.set(cited)
    _record_content(
        "review.edited", actor, review, locked, cited, content_sha256_before=before
    )
    return review


@records_refusal("review.withdraw", subject_kwarg="review", scope_attr="claim")
@transaction.atomic
def review_withdraw(*, review: Review, actor) -> None:
    """Its author withdraws a review before the claim is sent for review; they may
    submit a new one."""
    review, locked = _changeable_review(review, actor)
    audit.record(
        action="review.withdrawn",
        actor=actor,
        subject=review,
        scope=locked,
        data={
            "review_id": review.pk,
            "round": review.round,
            "content_sha256": review_content_digest(review),
        },
    )
    review.cited_evidence.clear()
    review.delete()


@records_refusal("claim.submit_for_review")
@transaction.atomic
def claim_submit_for_review(
    *, claim: Claim, actor, expected_version: int | None = None
) -> Claim:
    def prepare(locked: Claim) -> TransitionPlan:
        review = submitted_review_for(locked)
        if review is None:
            raise WorkflowConflict(
                _(
                    "Submit your review (rating and rationale) before sending the "
                    "claim for review."
                )
            )
        return TransitionPlan(audit_data={"review_id": review.pk})

    return claim_run_transition(
        claim=claim,
        actor=actor,
        name="submit_for_review",
        expected_version=expected_version,
        prepare=prepare,
    )


@records_refusal("claim.return_for_research")
@transaction.atomic
def claim_return_for_research(
    *, claim: Claim, actor, note: str, expected_version: int | None = None
) -> Claim:
    note = require_text(note, "note")
    returned_round = claim_lock(claim=claim).review_round
    locked = claim_run_transition(
        claim=claim,
        actor=actor,
        name="return_for_research",
        expected_version=expected_version,
        # Whom it goes back to, as the trail's readers (and notifications) need it.
        prepare=lambda locked: TransitionPlan(
            audit_data={"assignee_id": locked.assignee_id}
        ),
        comment=note,
    )
    Decision.objects.create(
        claim=locked,
        round=returned_round,
        kind=DecisionKind.RETURN,
        editor=actor,
        review=Review.objects.filter(
            claim=locked, round=returned_round, reviewer_id=locked.assignee_id
        ).first(),
        note=note,
    )
    return locked


@records_refusal("claim.approve")
@transaction.atomic
def claim_approve(
    *,
    claim: Claim,
    actor,
    note: str = "",
    publish_despite_disagreement: bool = False,
    expected_version: int | None = None,
    expected_content: str | None = None,
) -> Claim:
    """Publish the submitted verdict as the claim's next verdict version.

    Four eyes binds everyone, superusers included. When the round's reviews
    disagree, the editor must confirm ``publish_despite_disagreement`` and say
    why in ``note``. ``expected_content`` is the digest of the version the
    editor previewed: if the version has changed since, nothing is published.
    """
    note = (note or "").strip()
    decided: dict = {}

    def prepare(locked: Claim) -> TransitionPlan:
        reviews = round_reviews(locked)
        review = next((r for r in reviews if r.reviewer_id == locked.assignee_id), None)
        if not user_can_approve(actor, locked, review):
            raise PermissionDenied(
                _(
                    "Four eyes: a verdict must be approved by an editor who did not "
                    "write it."
                )
            )
        if not any(e.removed_at is None for e in review.cited_evidence.all()):
            raise WorkflowConflict(
                _("The verdict must cite at least one piece of evidence.")
            )
        disagreement = disagreement_in(reviews)
        if disagreement is not None and not publish_despite_disagreement:
            raise ValidationError(
                {
                    "publish_despite_disagreement": (
                        _(
                            "The reviews of this round disagree: %(ratings)s. "
                            "Confirm 'publish despite disagreement' and say why in "
                            "the note."
                        )
                        % {"ratings": disagreement}
                    )
                },
                code="disagreement",
            )
        if disagreement is not None and not note:
            raise ValidationError(
                {"note": _("Say why you publish despite the disagreement.")},
                code="required",
            )
        version = build_version(
            locked,
            review=review,
            reviews=reviews,
            editor=actor,
            previous=latest_version(locked),
        )
        if expected_content and expected_content != version.content_sha256:
            raise StaleEdit(
                _(
                    "What would be published has changed since you previewed it "
                    "(a review, the evidence or the claim). Check the preview again."
                ),
                current_version=locked.version,
            )
        decided.update(
            review=review,
            version=version,
            disagreement=disagreement,
            previous_verdict=locked.verdict,
            is_correction=locked.first_published_at is not None,
        )
        audit_data = {
            "review_id": review.pk,
            "verdict": review.rating,
            "correction": decided["is_correction"],
            "previous_verdict": locked.verdict,
            "verdict_version": version.number,
        }
        if disagreement is not None:
            audit_data["published_despite_disagreement"] = [
                list(rating) for rating in disagreement.ratings
            ]
        return TransitionPlan(
            arguments={"verdict": review.rating, "at": timezone.now()},
            audit_data=audit_data,
        )

    locked = claim_run_transition(
        claim=claim,
        actor=actor,
        name="approve",
        expected_version=expected_version,
        prepare=prepare,
        comment=note,
    )
    decision = Decision.objects.create(
        claim=locked,
        round=locked.review_round,
        kind=DecisionKind.APPROVE,
        editor=actor,
        review=decided["review"],
        note=note,
        verdict=locked.verdict,
        previous_verdict=decided["previous_verdict"],
        is_correction=decided["is_correction"],
        published_despite_disagreement=decided["disagreement"] is not None,
    )
    version = decided["version"]
    version.decision = decision
    version.published_at = locked.published_at
    version.save()
    audit.record(
        action="verdict.published",
        actor=actor,
        subject=version,
        scope=locked,
        data={
            "claim_id": locked.pk,
            "number": version.number,
            "rating": version.rating,
            "decision_id": decision.pk,
            "content_sha256": version.content_sha256,
            "correction_note": version.correction_note,
        },
    )
    return locked


@records_refusal("claim.reopen")
@transaction.atomic
def claim_reopen(
    *,
    claim: Claim,
    actor,
    reason: str,
    public_note: str = "",
    expected_version: int | None = None,
) -> Claim:
    """Reopen a published or not-checkable claim; a published one becomes a correction.

    ``reason`` is internal (the audit trail and the desk); ``public_note`` is the
    correction note the public page shows, with the version that corrects it.
    """
    reason = require_text(reason, "reason")
    public_note = (public_note or "").strip()
    before = claim_lock(claim=claim)
    was_published = before.status == ClaimStatus.PUBLISHED
    if public_note and not was_published:
        raise ValidationError(
            {"public_note": _("Only a published verdict has a public correction note.")}
        )
    locked = claim_run_transition(
        claim=claim,
        actor=actor,
        name="reopen",
        expected_version=expected_version,
        prepare=lambda locked: TransitionPlan(
            audit_data={"correction": was_published, "public_note": public_note}
        ),
        comment=reason,
    )
    Decision.objects.create(
        claim=locked,
        round=before.review_round,
        kind=DecisionKind.REOPEN,
        editor=actor,
        note=reason,
        public_note=public_note,
        previous_verdict=before.verdict if was_published else "",
        is_correction=was_published,
    )
    return locked

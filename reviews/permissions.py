"""Who may review, decide, and see whose verdicts."""

from config.roles import is_editor, is_staff_member


def user_can_submit_review(user, claim) -> bool:
    if not is_staff_member(user) or claim.status not in {"researching", "in_review"}:
        return False
    # While research goes on, only the assignee reviews; once submitted, others may
    # add second opinions.
    return claim.status == "in_review" or claim.assignee_id == user.pk


def user_can_change_review(user, review, claim) -> bool:
    """Its author corrects or withdraws a review of this round until the claim is
    sent for review; from then on the editor judges what was submitted."""
    return (
        is_staff_member(user)
        and review.reviewer_id == user.pk
        and review.round == claim.review_round
        and claim.status == "researching"
    )


def user_can_approve(user, claim, submitted_review) -> bool:
    """Four eyes: nobody, superusers included, approves a verdict they wrote."""
    return (
        is_editor(user)
        and submitted_review is not None
        and submitted_review.reviewer_id != user.pk
    )


def user_sees_every_review(user) -> bool:
    """Editors decide, so they see every review at once. Anyone else sees another
    reviewer's rating only once their own review of that round is in, or the round
    is closed (a later round began, or the verdict was published): blind review,
    applied to every surface by ``reviews.selectors.visible_reviews``."""
    return is_editor(user)

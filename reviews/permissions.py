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


def user_can_see_all_reviews(user, claim, own_review_submitted: bool) -> bool:
    """Other reviewers' verdicts stay hidden until one's own is in (editors decide)."""
    return is_editor(user) or own_review_submitted or claim.status == "published"

"""Who may do what to claims, reports and evidence: the ``user_can_*`` rules.

Transition permissions take ``(claim, user)`` because django-fsm calls them so;
the others take ``(user, ...)``.
"""

from config.roles import is_editor, is_researcher, is_staff_member

_OPEN_FOR_WORK = {"new", "researching", "in_review"}


def user_can_view_claims(user) -> bool:
    return is_staff_member(user)


def user_can_import_report(user) -> bool:
    return is_editor(user)


# --- workflow transitions (claim, user) ---------------------------------------


def user_can_start_research(claim, user) -> bool:
    return is_researcher(user) or is_editor(user)


def user_can_mark_not_checkable(claim, user) -> bool:
    return is_editor(user)


def user_can_submit_for_review(claim, user) -> bool:
    return (
        is_staff_member(user)
        and claim.assignee_id is not None
        and claim.assignee_id == user.pk
    )


def user_can_decide(claim, user) -> bool:
    """Return, approve and reopen are the editor's (four eyes is checked on approve)."""
    return is_editor(user)


# --- other writes (user, ...) --------------------------------------------------


def user_can_assign(user, claim) -> bool:
    return is_editor(user) and claim.status in _OPEN_FOR_WORK


def user_can_assign_to_others(user) -> bool:
    return is_editor(user)


def user_can_edit_claim(user, claim) -> bool:
    """Published verdicts are reopened before their claim text can change."""
    if claim.status in {"published"}:
        return False
    if is_editor(user):
        return True
    return is_researcher(user) and claim.status in {"new", "researching"}


def user_can_add_evidence(user, claim) -> bool:
    return is_staff_member(user) and claim.status in _OPEN_FOR_WORK


def user_can_remove_evidence(user, evidence) -> bool:
    if evidence.claim.status not in _OPEN_FOR_WORK or evidence.removed_at is not None:
        return False
    return is_editor(user) or (
        is_staff_member(user) and evidence.added_by_id == user.pk
    )


def user_can_resolve_duplicates(user) -> bool:
    return is_editor(user)

"""Who may do what to claims, reports and evidence: the ``user_can_*`` rules.

Transition permissions take ``(claim, user)`` because django-fsm calls them so;
the others take ``(user, ...)``. The model imports this module for its transitions,
so the rules ask the claim about its status rather than import the model.
"""

from config.roles import is_editor, is_researcher, is_staff_member


def user_can_view_claims(user) -> bool:
    return is_staff_member(user)


def user_can_import_report(user) -> bool:
    return is_editor(user)


def user_can_train_triage(user) -> bool:
    """Refitting or rolling back the check-worthiness model changes every later
    import's ranking: an administrator's act (or the scheduled command's)."""
    return bool(getattr(user, "is_superuser", False))


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


def user_can_release(claim, user) -> bool:
    """The assignee gives a claim they hold back to the pool (editors may too)."""
    return (
        claim.assignee_id is not None and claim.assignee_id == user.pk
    ) or is_editor(user)


def user_can_decide(claim, user) -> bool:
    """Return, approve and reopen are the editor's (four eyes is checked on approve)."""
    return is_editor(user)


# --- other writes (user, ...) --------------------------------------------------


def user_can_assign(user, claim) -> bool:
    return is_editor(user) and claim.is_editable


def user_can_assign_to_others(user) -> bool:
    return is_editor(user)


def user_can_schedule(user, claim) -> bool:
    """Editors set a claim's due date and priority while work on it is open."""
    return is_editor(user) and claim.takes_evidence


def user_can_edit_claim(user, claim) -> bool:
    """A claim in review is returned, a published one reopened, before it is edited."""
    return claim.is_editable and is_staff_member(user)


def user_can_add_evidence(user, claim) -> bool:
    return is_staff_member(user) and claim.takes_evidence


def user_can_remove_evidence(user, evidence) -> bool:
    if not evidence.claim.takes_evidence or evidence.removed_at:
        return False
    return is_editor(user) or (
        is_staff_member(user) and evidence.added_by_id == user.pk
    )


def user_can_resolve_match(user) -> bool:
    """Editors confirm two claims as one (a merge) or as distinct, and whether an
    external fact-check reviewed a claim."""
    return is_editor(user)


def user_can_propose_match(user) -> bool:
    """Researchers propose a resolution of a match with a claim or an external
    fact-check for an editor to confirm."""
    return is_staff_member(user)

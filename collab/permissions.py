"""Who may be notified, comment, and manage webhooks: the ``user_can_*`` rules."""

from config.roles import is_editor, is_staff_member


def user_can_have_notifications(user) -> bool:
    """Notifications are about desk work: researchers, editors and administrators."""
    return is_staff_member(user)


def user_can_manage_webhooks(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)


def user_can_comment(user, claim) -> bool:
    """Everyone on the desk may discuss any claim, in any state."""
    return is_staff_member(user)


def user_can_edit_comment(user, comment) -> bool:
    return (
        comment.deleted_at is None
        and comment.author_id == getattr(user, "pk", None)
        and is_staff_member(user)
    )


def user_can_delete_comment(user, comment) -> bool:
    """The author, or an editor moderating the thread."""
    return comment.deleted_at is None and (
        user_can_edit_comment(user, comment) or is_editor(user)
    )


def user_can_save_search(user) -> bool:
    """Everyone on the desk may name the filters they use."""
    return is_staff_member(user)


def user_can_delete_saved_search(user, saved) -> bool:
    """Its owner; an editor may also remove a search shared with the desk."""
    return is_staff_member(user) and (
        saved.owner_id == user.pk or (saved.shared and is_editor(user))
    )

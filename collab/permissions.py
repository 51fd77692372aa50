"""Who may be notified, comment, and manage webhooks: the ``user_can_*`` rules."""

from config.roles import is_staff_member


def user_can_have_notifications(user) -> bool:
    """Notifications are about desk work: researchers, editors and administrators."""
    return is_staff_member(user)


def user_can_manage_webhooks(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)

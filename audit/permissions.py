"""Who may read the audit trail."""

from config.roles import is_staff_member


def user_can_view_audit_log(user) -> bool:
    """Desk staff (researchers, editors, administrators) read the whole trail."""
    return is_staff_member(user)

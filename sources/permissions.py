"""Who may add and edit sources."""

from config.roles import is_staff_member


def user_can_add_source(user) -> bool:
    return is_staff_member(user)


def user_can_edit_source(user, source) -> bool:
    return is_staff_member(user)


def user_can_view_sources(user) -> bool:
    return is_staff_member(user)

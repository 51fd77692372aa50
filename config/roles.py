"""The two roles of ClaimTrail, as Django groups, and checks of membership."""

RESEARCHERS = "Researchers"
EDITORS = "Editors"


def _group_names(user) -> frozenset[str]:
    if (
        user is None
        or not getattr(user, "is_authenticated", False)
        or not user.is_active
    ):
        return frozenset()
    cached = getattr(user, "_claimtrail_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._claimtrail_groups = cached
    return cached


def is_editor(user) -> bool:
    """Editors approve verdicts; superusers administer and count as editors."""
    return bool(getattr(user, "is_superuser", False) and user.is_active) or (
        EDITORS in _group_names(user)
    )


def is_researcher(user) -> bool:
    return RESEARCHERS in _group_names(user)


def is_staff_member(user) -> bool:
    """Anyone with a role on the desk (researcher, editor or administrator)."""
    return is_editor(user) or is_researcher(user)


def role_names(user) -> list[str]:
    roles = []
    if getattr(user, "is_superuser", False):
        roles.append("Administrator")
    if EDITORS in _group_names(user):
        roles.append("Editor")
    if RESEARCHERS in _group_names(user):
        roles.append("Researcher")
    return roles

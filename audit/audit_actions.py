"""The audit app's own actions (sign-in, users, groups, checkpoints) and user names."""

from django.contrib.auth import get_user_model

from audit.registry import register_lookup, register_many


def user_names(ids: set) -> dict:
    """{id: full name, or user name} for the user ids among ``ids``."""
    pks = {int(i) for i in ids if str(i).isdigit()}
    users = get_user_model().objects.filter(pk__in=pks)
    return {user.pk: user.get_full_name() or user.get_username() for user in users}


def register() -> None:
    register_lookup("user", user_names)
    register_many(
        {
            "access.refused": ("Refused", "{actor} was refused {attempted}: {reason}"),
            "auth.logged_in": ("Signed in", "{actor} signed in"),
            "auth.logged_out": ("Signed out", "{actor} signed out"),
            "auth.login_failed": ("Sign-in failed", "Failed sign-in for {username}"),
            "auth.locked_out": (
                "Sign-in paused",
                "Sign-in for {username} paused after repeated failures",
            ),
            "auth.token_created": ("API token created", "{actor} created an API token"),
            "auth.token_revoked": (
                "API token revoked",
                "API token {token} of {subject} was revoked",
            ),
            "user.created": ("User created", "{actor} created user {subject}"),
            "user.changed": ("User changed", "{actor} changed user {subject}"),
            "user.deleted": ("User deleted", "{actor} deleted user {subject}"),
            "group.created": ("Group created", "{actor} created group {subject}"),
            "group.changed": ("Group changed", "{actor} changed group {subject}"),
            "group.deleted": ("Group deleted", "{actor} deleted group {subject}"),
            "record.changed": ("Record changed", "{actor} changed {subject}"),
            "auth.lockouts_reset": (
                "Sign-in throttling reset",
                "Sign-in throttling was reset",
            ),
            "data.loaded": (
                "Fixtures loaded",
                "Fixtures were loaded: {objects} objects",
            ),
            "data.content_types_removed": (
                "Content types removed",
                "Stale content types were removed",
            ),
            "checkpoint.signed": (
                "Checkpoint signed",
                "The trail's head #{head_seq} was signed",
            ),
            "checkpoint.refused": (
                "Checkpoint refused",
                "No checkpoint was signed: {reason}",
            ),
        }
    )

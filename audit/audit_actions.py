"""The audit app's own actions (sign-in, users, groups, checkpoints) and user names."""

from django.contrib.auth import get_user_model

from audit.registry import register_lookup, register_many
from config.lazy_text import gettext_lazy as _


def user_names(ids: set) -> dict:
    """{id: full name, or user name} for the user ids among ``ids``."""
    pks = {int(i) for i in ids if str(i).isdigit()}
    users = get_user_model().objects.filter(pk__in=pks)
    return {user.pk: user.get_full_name() or user.get_username() for user in users}


def register() -> None:
    register_lookup("user", user_names)
    register_many(
        {
            "access.refused": (
                _("Refused"),
                _("{actor} was refused {attempted}: {reason}"),
            ),
            "auth.logged_in": (_("Signed in"), _("{actor} signed in")),
            "auth.logged_out": (_("Signed out"), _("{actor} signed out")),
            "auth.login_failed": (
                _("Sign-in failed"),
                _("Failed sign-in for {username}"),
            ),
            "auth.locked_out": (
                _("Sign-in paused"),
                _("Sign-in for {username} paused after repeated failures"),
            ),
            "auth.token_created": (
                _("API token created"),
                _("{actor} created an API token"),
            ),
            "auth.token_revoked": (
                _("API token revoked"),
                _("API token {token} of {subject} was revoked"),
            ),
            "user.created": (_("User created"), _("{actor} created user {subject}")),
            "user.changed": (_("User changed"), _("{actor} changed user {subject}")),
            "user.deleted": (_("User deleted"), _("{actor} deleted user {subject}")),
            "group.created": (_("Group created"), _("{actor} created group {subject}")),
            "group.changed": (_("Group changed"), _("{actor} changed group {subject}")),
            "group.deleted": (_("Group deleted"), _("{actor} deleted group {subject}")),
            "record.changed": (_("Record changed"), _("{actor} changed {subject}")),
            "auth.lockouts_reset": (
                _("Sign-in throttling reset"),
                _("Sign-in throttling was reset"),
            ),
            "data.loaded": (
                _("Fixtures loaded"),
                _("Fixtures were loaded: {objects} objects"),
            ),
            "data.content_types_removed": (
                _("Content types removed"),
                _("Stale content types were removed"),
            ),
            "checkpoint.signed": (
                _("Checkpoint signed"),
                _("The trail's head #{head_seq} was signed"),
            ),
            "checkpoint.refused": (
                _("Checkpoint refused"),
                _("No checkpoint was signed: {reason}"),
            ),
        }
    )

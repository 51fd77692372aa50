"""App configuration of the audit trail."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from audit import signals  # noqa: F401  (connects the login handlers)
        from audit.registry import register_many

        register_many(
            {
                "access.refused": "{actor} was refused {attempted}: {reason}",
                "auth.logged_in": "{actor} signed in",
                "auth.logged_out": "{actor} signed out",
                "auth.login_failed": "Failed sign-in for {username}",
                "auth.token_created": "{actor} created an API token",
                "user.created": "{actor} created user {subject}",
                "user.changed": "{actor} changed user {subject}",
                "user.deleted": "{actor} deleted user {subject}",
                "group.created": "{actor} created group {subject}",
                "group.changed": "{actor} changed group {subject}",
                "group.deleted": "{actor} deleted group {subject}",
                "record.changed": "{actor} changed {subject}",
            }
        )

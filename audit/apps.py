"""App configuration of the audit trail."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from audit import signals  # noqa: F401  (connects the login handlers)
        from audit.registry import register_many

        user_locked_out.connect(_locked_out, dispatch_uid="audit_axes_locked_out")

        register_many(
            {
                "access.refused": "{actor} was refused {attempted}: {reason}",
                "auth.logged_in": "{actor} signed in",
                "auth.logged_out": "{actor} signed out",
                "auth.login_failed": "Failed sign-in for {username}",
                "auth.locked_out": "Sign-in for {username} paused after repeated failures",
                "auth.token_created": "{actor} created an API token",
                "auth.token_revoked": "API token {token} of {subject} was revoked",
                "user.created": "{actor} created user {subject}",
                "user.changed": "{actor} changed user {subject}",
                "user.deleted": "{actor} deleted user {subject}",
                "group.created": "{actor} created group {subject}",
                "group.changed": "{actor} changed group {subject}",
                "group.deleted": "{actor} deleted group {subject}",
                "record.changed": "{actor} changed {subject}",
                "auth.lockouts_reset": "Sign-in throttling was reset",
                "data.loaded": "Fixtures were loaded: {objects} objects",
                "data.content_types_removed": "Stale content types were removed",
                "checkpoint.signed": "The trail's head #{head_seq} was signed",
                "checkpoint.refused": "No checkpoint was signed: {reason}",
            }
        )


def _locked_out(sender, request, username, ip_address, **kwargs):
    """django-axes refused a sign-in (or just started refusing): keep it in the trail."""
    from audit.context import audit_context
    from audit.recorder import record

    with audit_context(ip=ip_address):
        record(
            action="auth.locked_out",
            data={"username": str(username or "")[:150]},
            via="sign-in throttling",
        )

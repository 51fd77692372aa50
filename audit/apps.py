"""App configuration of the audit trail."""

from django.apps import AppConfig

from config.lazy_text import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from audit import (
            audit_actions,
            signals,  # noqa: F401  (connects the login handlers)
        )

        user_locked_out.connect(_locked_out, dispatch_uid="audit_axes_locked_out")

        audit_actions.register()


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

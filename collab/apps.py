"""App configuration of collab: its audit actions, and the dispatcher's trigger."""

from django.apps import AppConfig

from config.lazy_text import gettext_lazy as _


class CollabConfig(AppConfig):
    name = "collab"
    verbose_name = _("Notifications, discussion and webhooks")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from audit.models import AuditEvent
        from collab import audit_actions
        from collab.tasks import kick_dispatcher

        post_save.connect(
            kick_dispatcher, sender=AuditEvent, dispatch_uid="collab_kick_dispatcher"
        )
        audit_actions.register()

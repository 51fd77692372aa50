"""App configuration of collab: its audit actions, and the dispatcher's trigger."""

from django.apps import AppConfig


class CollabConfig(AppConfig):
    name = "collab"
    verbose_name = "Notifications, discussion and webhooks"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from audit.models import AuditEvent
        from audit.registry import register_many
        from collab.tasks import kick_dispatcher

        post_save.connect(
            kick_dispatcher, sender=AuditEvent, dispatch_uid="collab_kick_dispatcher"
        )
        register_many(
            {
                "comment.added": "{actor} commented on the claim",
                "comment.edited": "{actor} edited a comment",
                "comment.deleted": "{actor} deleted a comment",
                "webhook.created": "{actor} added webhook {subject}",
                "webhook.changed": "{actor} changed webhook {subject}",
                "webhook.paused": "Webhook {subject} paused after {failures} failures",
                "webhook.resumed": "{actor} resumed webhook {subject}",
                "saved_search.created": "{actor} saved the search “{name}”",
                "saved_search.deleted": "{actor} deleted the saved search “{name}”",
                "notification.read": "{actor} marked {count} notification(s) read",
                "notification.preferences_changed": (
                    "{actor} changed their notification settings"
                ),
            }
        )

"""The collab app's audit actions: discussion, webhooks and notifications."""

from audit.registry import register_many


def register() -> None:
    register_many(
        {
            "comment.added": ("Comment added", "{actor} commented on the claim"),
            "comment.edited": ("Comment edited", "{actor} edited a comment"),
            "comment.deleted": ("Comment deleted", "{actor} deleted a comment"),
            "webhook.created": ("Webhook added", "{actor} added webhook {subject}"),
            "webhook.changed": ("Webhook changed", "{actor} changed webhook {subject}"),
            "webhook.paused": (
                "Webhook paused",
                "Webhook {subject} paused after {failures} failures",
            ),
            "webhook.resumed": ("Webhook resumed", "{actor} resumed webhook {subject}"),
            "saved_search.created": (
                "Search saved",
                "{actor} saved the search “{name}”",
            ),
            "saved_search.deleted": (
                "Saved search deleted",
                "{actor} deleted the saved search “{name}”",
            ),
            "notification.read": (
                "Notifications read",
                "{actor} marked {count} notification(s) read",
            ),
            "notification.preferences_changed": (
                "Notification settings changed",
                "{actor} changed their notification settings",
            ),
        }
    )

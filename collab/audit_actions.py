"""The collab app's audit actions: discussion, webhooks and notifications."""

from django.utils.translation import ngettext_lazy

from audit.registry import Plural, register_many
from config.lazy_text import gettext_lazy as _


def register() -> None:
    register_many(
        {
            "comment.added": (_("Comment added"), _("{actor} commented on the claim")),
            "comment.edited": (_("Comment edited"), _("{actor} edited a comment")),
            "comment.deleted": (_("Comment deleted"), _("{actor} deleted a comment")),
            "webhook.created": (
                _("Webhook added"),
                _("{actor} added webhook {subject}"),
            ),
            "webhook.changed": (
                _("Webhook changed"),
                _("{actor} changed webhook {subject}"),
            ),
            "webhook.paused": (
                _("Webhook paused"),
                _("Webhook {subject} paused after {failures} failures"),
            ),
            "webhook.resumed": (
                _("Webhook resumed"),
                _("{actor} resumed webhook {subject}"),
            ),
            "saved_search.created": (
                _("Search saved"),
                _("{actor} saved the search “{name}”"),
            ),
            "saved_search.deleted": (
                _("Saved search deleted"),
                _("{actor} deleted the saved search “{name}”"),
            ),
            "notification.read": (
                _("Notifications read"),
                Plural(
                    ngettext_lazy(
                        "{actor} marked {count} notification read",
                        "{actor} marked {count} notifications read",
                        "count",
                    ),
                    count="count",
                ),
            ),
            "notification.preferences_changed": (
                _("Notification settings changed"),
                _("{actor} changed their notification settings"),
            ),
        }
    )

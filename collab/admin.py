"""Admin of collab: notifications and their e-mails (read-only), to see what failed."""

from django.contrib import admin

from collab.models import Cursor, Notification


class ReadOnlyAdmin(admin.ModelAdmin):
    """Derived rows: written by the dispatcher and the workers, only read here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "recipient",
        "kind",
        "claim",
        "read_at",
        "email_state",
        "email_attempts",
    )
    list_filter = ("email_state", "kind")
    search_fields = ("recipient__username", "subject", "email_error")
    list_select_related = ("recipient", "claim")
    date_hierarchy = "created_at"


@admin.register(Cursor)
class CursorAdmin(ReadOnlyAdmin):
    list_display = ("name", "position", "moved_at")

"""Admin of the audit trail (read-only) and audited admin for users and groups."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.utils.html import format_html

from audit.models import AuditEvent
from audit.recorder import record


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = (
        "seq",
        "at",
        "actor_display",
        "action",
        "subject_link",
        "comment_short",
    )
    list_filter = ("action", "subject_type")
    search_fields = ("actor_label", "subject_label", "comment", "request_id")
    date_hierarchy = "at"
    list_select_related = ("actor",)
    show_full_result_count = False
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="actor")
    def actor_display(self, event):
        return event.actor_display

    @admin.display(description="subject")
    def subject_link(self, event):
        url = event.subject_url
        if url:
            return format_html('<a href="{}">{}</a>', url, event.subject_label)
        return event.subject_label

    @admin.display(description="comment")
    def comment_short(self, event):
        return (event.comment[:80] + "…") if len(event.comment) > 80 else event.comment


class AuditedAdminMixin:
    """Mirror the admin's own change log into the audit trail (for models without services)."""

    audit_namespace = "record"

    def _audit(self, request, obj, verb, message=""):
        record(
            action=f"{self.audit_namespace}.{verb}",
            actor=request.user,
            subject=obj,
            data={"changes": _admin_change_message(message)},
        )

    def log_addition(self, request, obj, message):
        self._audit(request, obj, "created", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._audit(request, obj, "changed", message)
        return super().log_change(request, obj, message)

    def log_deletion(self, request, obj, object_repr):
        self._audit(request, obj, "deleted")
        return super().log_deletion(request, obj, object_repr)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, "deleted")
        return super().log_deletions(request, queryset)


def _admin_change_message(message) -> dict:
    if isinstance(message, list):
        fields = sorted(
            {f for entry in message for f in entry.get("changed", {}).get("fields", [])}
        )
        return {"fields": {"old": None, "new": fields}} if fields else {}
    return {}


User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AuditedUserAdmin(AuditedAdminMixin, UserAdmin):
    audit_namespace = "user"


@admin.register(Group)
class AuditedGroupAdmin(AuditedAdminMixin, GroupAdmin):
    audit_namespace = "group"

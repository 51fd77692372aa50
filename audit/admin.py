"""Admin of the audit trail (read-only) and audited admin for users and groups."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.utils.html import format_html

from audit.admin_forms import ReadOnlyAdmin
from audit.models import AuditCheckpoint, AuditEvent
from audit.recorder import changes_between, record
from audit.registry import action_choices, format_event, format_events


class ActionFilter(admin.SimpleListFilter):
    """The registered actions by label, as in the audit log's filter menu."""

    title = "action"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return action_choices()

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = (
        "seq",
        "at",
        "actor_display",
        "action_label",
        "message",
        "details",
        "subject_link",
        "comment_short",
    )
    list_filter = (ActionFilter, "subject_type")
    search_fields = ("actor_label", "subject_label", "comment", "request_id")
    date_hierarchy = "at"
    list_select_related = ("actor",)
    show_full_result_count = False
    readonly_fields = ["action_label", "message", "details"] + [
        f.name for f in AuditEvent._meta.fields
    ]

    # The same words as the log, timeline, CSV and API: a page formatted at once.
    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        for shown in format_events(changelist.result_list, viewer=request.user):
            shown.event.shown = shown
        return changelist

    def get_object(self, request, object_id, from_field=None):
        event = super().get_object(request, object_id, from_field)
        if event is not None:
            event.shown = format_event(event, viewer=request.user)
        return event

    @staticmethod
    def _shown(event):
        return getattr(event, "shown", None) or format_event(event)

    @admin.display(description="action")
    def action_label(self, event):
        return self._shown(event).label

    @admin.display(description="what happened")
    def message(self, event):
        return self._shown(event).message

    @admin.display(description="changes")
    def details(self, event):
        return self._shown(event).changes_text

    @admin.display(description="actor")
    def actor_display(self, event):
        return event.actor_display

    @admin.display(description="subject")
    def subject_link(self, event):
        shown = self._shown(event)
        if shown.subject_url:
            return format_html(
                '<a href="{}">{}</a>', shown.subject_url, shown.subject_text
            )
        return shown.subject_text

    @admin.display(description="comment")
    def comment_short(self, event):
        return (event.comment[:80] + "…") if len(event.comment) > 80 else event.comment


class AuditedAdminMixin:
    """Record admin changes of models that have no services (users, groups).

    Every tracked field is recorded as an old/new pair, many-to-many fields (groups,
    permissions) as sorted lists of names; password hashes never enter the trail.
    """

    audit_namespace = "record"
    audited_fields: tuple[str, ...] = ()
    audited_m2m: tuple[str, ...] = ()

    def audit_snapshot(self, obj) -> dict:
        if obj is None or obj.pk is None:
            return {}
        values = {field: getattr(obj, field) for field in self.audited_fields}
        for field in self.audited_m2m:
            values[field] = sorted(str(item) for item in getattr(obj, field).all())
        return values

    def save_model(self, request, obj, form, change):
        stored = type(obj).objects.filter(pk=obj.pk).first() if change else None
        request._audit_before = self.audit_snapshot(stored)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        record(
            action=f"{self.audit_namespace}.{'changed' if change else 'created'}",
            actor=request.user,
            subject=obj,
            data={
                "changes": changes_between(
                    getattr(request, "_audit_before", {}), self.audit_snapshot(obj)
                )
            },
        )
        request._audit_recorded = obj.pk

    def log_change(self, request, obj, message):
        # Views that bypass save_related (the password form) are recorded here.
        if getattr(request, "_audit_recorded", None) != obj.pk:
            record(
                action=f"{self.audit_namespace}.changed",
                actor=request.user,
                subject=obj,
                data={"changes": {"password": {"old": "(hidden)", "new": "(changed)"}}},
            )
        return super().log_change(request, obj, message)

    def delete_model(self, request, obj):
        self._record_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._record_deletion(request, obj)
        super().delete_queryset(request, queryset)

    def _record_deletion(self, request, obj):
        record(
            action=f"{self.audit_namespace}.deleted",
            actor=request.user,
            subject=obj,
            data={"changes": changes_between(self.audit_snapshot(obj), {})},
        )


User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AuditedUserAdmin(AuditedAdminMixin, UserAdmin):
    audit_namespace = "user"
    audited_fields = (
        "username",
        "first_name",
        "last_name",
        "email",
        "is_active",
        "is_staff",
        "is_superuser",
    )
    audited_m2m = ("groups", "user_permissions")


@admin.register(Group)
class AuditedGroupAdmin(AuditedAdminMixin, GroupAdmin):
    audit_namespace = "group"
    audited_fields = ("name",)
    audited_m2m = ("permissions",)


from audit import admin_axes  # noqa: E402,F401  (the audited lockout admin)


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(ReadOnlyAdmin):
    """Signed heads of the trail, read-only (manage.py audit_checkpoint writes them)."""

    list_display = ("id", "at", "event_count", "head_seq", "head_hash")
    readonly_fields = [f.name for f in AuditCheckpoint._meta.fields]

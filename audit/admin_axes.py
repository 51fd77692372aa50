"""The admin of axes' sign-in lockouts: deleting an attempt unlocks, and is recorded."""

from axes import admin as axes_admin  # registers axes' admins before we replace one
from axes.models import AccessAttempt
from django.contrib import admin

from audit.recorder import record


class AuditedAccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    """Unlocking someone is a security decision: the trail names who did it."""

    def delete_model(self, request, obj):
        self._record_unlock(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._record_unlock(request, obj)
        super().delete_queryset(request, queryset)

    def _record_unlock(self, request, obj) -> None:
        record(
            action="auth.lockouts_reset",
            actor=request.user,
            data={
                "username": obj.username or "",
                "ip": obj.ip_address or "",
                "failures": obj.failures_since_start,
            },
        )


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, AuditedAccessAttemptAdmin)

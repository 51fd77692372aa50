"""Admin of API tokens: listed without secrets, revocable, never created for others."""

from django.contrib import admin
from knox import admin as knox_admin  # noqa: F401  (registers knox's admin first)
from knox.models import AuthToken

from config.tokens import token_revoke


class ApiTokenAdmin(admin.ModelAdmin):
    """A token is made only by its owner's sign-in; here it can only be revoked."""

    list_display = ("token_key", "user", "created", "expiry")
    list_select_related = ("user",)
    search_fields = ("token_key", "user__username")
    fields = ("token_key", "user", "created", "expiry")
    readonly_fields = fields
    ordering = ("-created",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        token_revoke(token=obj, actor=request.user, reason="revoked in the admin")

    def delete_queryset(self, request, queryset):
        for token in queryset.select_related("user"):
            token_revoke(token=token, actor=request.user, reason="revoked in the admin")


admin.site.unregister(AuthToken)
admin.site.register(AuthToken, ApiTokenAdmin)

"""Admin of collab: notifications and webhook deliveries (read-only), webhooks."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import ngettext

from audit.admin_forms import ReadOnlyAdmin, RefusedSave, ServiceAdminMixin
from collab.models import (
    WEBHOOK_EVENTS,
    Cursor,
    Notification,
    WebhookDelivery,
    WebhookSubscription,
)
from collab.permissions import user_can_manage_webhooks
from collab.services.webhooks import webhook_resume, webhook_subscription_save
from config.exceptions import SERVICE_ERRORS
from config.lazy_text import gettext_lazy as _


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


class WebhookSubscriptionForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=list(WEBHOOK_EVENTS.items()),
        widget=forms.CheckboxSelectMultiple,
        label=_("Events"),
        help_text=_("The events to send."),
    )
    new_secret = forms.CharField(
        required=False,
        max_length=200,
        label=_("Secret"),
        help_text=_(
            "Leave empty to keep the current secret (a new subscription gets "
            "a random one, shown on its page after saving)."
        ),
    )

    class Meta:
        model = WebhookSubscription
        fields = ("name", "url", "events", "active")
        # The model's fields carry no verbose_name (docs/development.md).
        labels = {
            "name": _("Name"),
            "url": _("Address (URL)"),
            "active": _("Active"),
        }


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = WebhookSubscriptionForm
    list_display = (
        "name",
        "url",
        "active",
        "paused_at",
        "consecutive_failures",
        "owner",
    )
    list_filter = ("active",)
    readonly_fields = ("owner", "secret", "paused_at", "consecutive_failures")
    fields = (
        "name",
        "url",
        "events",
        "active",
        "new_secret",
        "secret",
        "owner",
        "paused_at",
        "consecutive_failures",
    )
    actions = ["resume"]

    def has_module_permission(self, request):
        return user_can_manage_webhooks(request.user)

    def has_view_permission(self, request, obj=None):
        return user_can_manage_webhooks(request.user)

    has_add_permission = has_change_permission = has_view_permission

    def has_delete_permission(self, request, obj=None):
        return False  # deliveries log what was sent; deactivate instead

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            saved = webhook_subscription_save(
                actor=request.user,
                subscription=obj if change else None,
                name=data["name"],
                url=data["url"],
                events=data["events"],
                active=data["active"],
                secret=data.get("new_secret", ""),
            )
        except SERVICE_ERRORS as exc:
            raise RefusedSave(str(exc)) from exc
        obj.pk = saved.pk

    @admin.action(description=_("Resume the selected paused subscriptions"))
    def resume(self, request, queryset):
        from collab.tasks import deliver_webhook

        waiting = 0
        for subscription in queryset:
            for delivery_id in webhook_resume(
                actor=request.user, subscription=subscription
            ):
                deliver_webhook.enqueue(delivery_id)
                waiting += 1
        messages.success(
            request,
            ngettext(
                "Resumed; %(count)d waiting delivery is sent.",
                "Resumed; %(count)d waiting deliveries are sent.",
                waiting,
            )
            % {"count": waiting},
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "subscription",
        "event_action",
        "event_seq",
        "state",
        "attempts",
        "response_status",
        "delivered_at",
    )
    list_filter = ("state", "event_action", "subscription")
    list_select_related = ("subscription",)

    def has_module_permission(self, request):
        return user_can_manage_webhooks(request.user)

    def has_view_permission(self, request, obj=None):
        return user_can_manage_webhooks(request.user)

"""Cursors of background work, notifications and preferences, comments, webhooks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import pgettext_lazy

from claims.models import Claim
from config.choices import ChoiceLabels
from config.lazy_text import gettext_lazy as _


class Cursor(models.Model):
    """A named position that background work resumes from.

    The dispatcher's is the ``seq`` of the last audit event it handled; the
    schedule's, the time its next tick is due (epoch seconds); the digest's, the
    day it last ran (a date ordinal).
    """

    name = models.CharField(max_length=40, unique=True)
    position = models.BigIntegerField(default=0)
    moved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("model name", "cursor")
        verbose_name_plural = pgettext_lazy("model name", "cursors")

    def __str__(self) -> str:
        return f"{self.name} at {self.position}"


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned to you")
    RETURNED = "returned", _("Returned to you")
    REVIEW_WAITING = "review_waiting", _("Waiting for your review")
    VERDICT_PUBLISHED = "verdict_published", _("Your verdict was published")
    VERDICT_REOPENED = "verdict_reopened", _("Your verdict was reopened")
    VERDICT_CORRECTED = "verdict_corrected", _("Your verdict was corrected")
    MENTIONED = "mentioned", _("You were mentioned")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    WEBHOOK_PAUSED = "webhook_paused", _("A webhook of yours was paused")


class Channel(models.TextChoices):
    APP = "app", _("In the app")
    EMAIL = "email", _("In the app and by e-mail")
    OFF = "off", _("Off")


# What each kind does for someone who has not chosen.
DEFAULT_CHANNELS = {
    NotificationKind.ASSIGNED: Channel.EMAIL,
    NotificationKind.RETURNED: Channel.EMAIL,
    NotificationKind.REVIEW_WAITING: Channel.APP,
    NotificationKind.VERDICT_PUBLISHED: Channel.APP,
    NotificationKind.VERDICT_REOPENED: Channel.EMAIL,
    NotificationKind.VERDICT_CORRECTED: Channel.EMAIL,
    NotificationKind.MENTIONED: Channel.EMAIL,
    NotificationKind.DUE_SOON: Channel.APP,
    NotificationKind.OVERDUE: Channel.EMAIL,
    NotificationKind.WEBHOOK_PAUSED: Channel.EMAIL,
}


class EmailState(models.TextChoices):
    NONE = "", _("Not e-mailed")
    PENDING = "pending", _("To send")
    SENDING = "sending", _("Being sent")
    DIGEST = "digest", _("For the daily digest")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(ChoiceLabels, models.Model):
    """Something a person should know, derived once from one audit event (or a date)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    # What made it: "event:<seq>" or "due:<claim>:<date>"; one per recipient and
    # kind, so that running the dispatcher twice over an event adds nothing.
    key = models.CharField(max_length=80)
    claim = models.ForeignKey(
        Claim,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event_seq = models.PositiveBigIntegerField(null=True, blank=True)
    actor_label = models.CharField(max_length=150, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(
        max_length=8, choices=EmailState.choices, blank=True, default=EmailState.NONE
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.TextField(blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model name", "notification")
        verbose_name_plural = pgettext_lazy("model name", "notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"], name="notification_once"
            ),
            models.CheckConstraint(
                condition=Q(email_state__in=EmailState.values),
                name="notification_email_state_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "read_at", "-created_at"],
                name="notification_inbox_idx",
            ),
            models.Index(fields=["email_state", "id"], name="notification_email_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """One person's choice for one kind of notification (no row: the default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices)

    class Meta:
        verbose_name = pgettext_lazy("model name", "notification preference")
        verbose_name_plural = pgettext_lazy("model name", "notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_once"),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="preference_channel_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} by {self.channel}"


class DigestSubscription(models.Model):
    """Someone who wants their e-mails once a day, together, instead of one by one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model name", "digest subscription")
        verbose_name_plural = pgettext_lazy("model name", "digest subscriptions")

    def __str__(self) -> str:
        return f"daily digest for {self.user}"


class Comment(models.Model):
    """One message in a claim's internal discussion (never public, never exported).

    Deleting leaves a tombstone: the row stays, without its text, so the thread
    still shows that something was said and removed, by whom and when; the text
    itself stays in the (staff-only) audit trail.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    body = models.TextField(
        blank=True, help_text=_("Markdown; raw HTML is not allowed.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = pgettext_lazy("model name", "comment")
        verbose_name_plural = pgettext_lazy("model name", "comments")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["claim", "created_at"], name="comment_claim_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=False) | ~Q(body=""),
                name="comment_body_unless_deleted",
            )
        ]

    def __str__(self) -> str:
        if self.deleted_at:
            return f"Deleted comment on claim #{self.claim_id}"
        text = " ".join(self.body.split())
        return text if len(text) <= 80 else text[:79] + "…"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


# The audit actions an integrator may subscribe to, with what they mean. Internal
# matters (comments, notes, notifications) are never sent out.
WEBHOOK_EVENTS = {
    "claim.research_started": _("Research started (a claim was taken or assigned)"),
    "claim.assigned": _("A claim was reassigned"),
    "claim.released": _("A claim went back to the pool"),
    "claim.submitted_for_review": _("A verdict was submitted for review"),
    "claim.returned_for_research": _("A claim was returned for research"),
    "claim.approved": _("A verdict was published (or a correction)"),
    "claim.reopened": _("A published verdict was reopened"),
    "claim.marked_not_checkable": _("A claim was marked not checkable"),
    "report.imported": _("A report was imported"),
}


class WebhookSubscription(models.Model):
    """An integrator's endpoint: where to POST which events, signed with a secret."""

    name = models.CharField(max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="webhook_subscriptions",
        help_text=_("Told when the subscription is paused."),
    )
    url = models.URLField(max_length=2000)
    secret = models.CharField(max_length=200)
    events = models.JSONField(default=list, help_text=_("Audit action names."))
    active = models.BooleanField(default=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model name", "webhook subscription")
        verbose_name_plural = pgettext_lazy("model name", "webhook subscriptions")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("To send")
    SENDING = "sending", _("Being sent")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One event for one subscription, with every attempt's outcome."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_seq = models.PositiveBigIntegerField()
    event_action = models.CharField(max_length=80)
    payload = models.JSONField()
    state = models.CharField(
        max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    log = models.JSONField(
        default=list, blank=True, help_text=_("Each attempt: when, status, error.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model name", "webhook delivery")
        verbose_name_plural = pgettext_lazy("model name", "webhook deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event_seq"], name="delivery_once"
            ),
            models.CheckConstraint(
                condition=Q(state__in=DeliveryState.values),
                name="delivery_state_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "id"], name="delivery_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event_action} #{self.event_seq} to {self.subscription}"


class SavedList(models.TextChoices):
    """The lists a search can be saved for (the address it opens)."""

    CLAIMS = "claims", _("Claims")


class SavedSearch(models.Model):
    """A list's filters under a name, for its owner and, if shared, the desk."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=100)
    list = models.CharField(
        max_length=16, choices=SavedList.choices, default=SavedList.CLAIMS
    )
    # The list's query string without paging, e.g. "status=new&sort=-score".
    query = models.CharField(max_length=2000, blank=True)
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model name", "saved search")
        verbose_name_plural = pgettext_lazy("model name", "saved searches")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "list", "name"], name="saved_search_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

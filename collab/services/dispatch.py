"""The dispatcher: follows the audit trail by ``seq`` from its stored cursor.

Everything it derives from a batch of events (notifications, webhook deliveries)
is written in the same transaction that moves the cursor past them, so a worker
stopped mid-batch leaves nothing behind and the next run starts from the same
event; an event is in the trail only once its write committed, so nothing is
derived from a write that rolled back.
"""

from dataclasses import dataclass, field

from django.db import transaction

from audit.models import AuditEvent
from collab.derive import Facts, notifications_for
from collab.models import (
    DEFAULT_CHANNELS,
    Channel,
    Cursor,
    DigestSubscription,
    EmailState,
    Notification,
    NotificationPreference,
    WebhookSubscription,
)
from collab.services.webhooks import deliveries_for

DISPATCHER = "dispatcher"
BATCH_SIZE = 200


@dataclass
class DispatchResult:
    events: int = 0
    last_seq: int = 0
    notifications: list[int] = field(default_factory=list)
    emails: list[int] = field(default_factory=list)
    webhooks: list[int] = field(default_factory=list)
    more: bool = False


def cursor_lock(name: str) -> Cursor:
    """The named cursor, locked for this transaction (made at 0 if missing)."""
    Cursor.objects.get_or_create(name=name)
    return Cursor.objects.select_for_update().get(name=name)


class Recipients:
    """Who may be told, and how each wants to be, read once per person per batch."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[bool, dict[str, str], bool]] = {}

    def _load(self, user_id: int) -> tuple[bool, dict[str, str], bool]:
        if user_id not in self._known:
            from django.contrib.auth import get_user_model

            active = (
                get_user_model().objects.filter(pk=user_id, is_active=True).exists()
            )
            chosen = dict(
                NotificationPreference.objects.filter(user_id=user_id).values_list(
                    "kind", "channel"
                )
            )
            digest = DigestSubscription.objects.filter(user_id=user_id).exists()
            self._known[user_id] = (active, chosen, digest)
        return self._known[user_id]

    def email_state(self, user_id: int, kind: str) -> str | None:
        """None: not to be told; else the notification's e-mail state."""
        active, chosen, digest = self._load(user_id)
        channel = chosen.get(kind) or DEFAULT_CHANNELS.get(kind, Channel.APP)
        if not active or channel == Channel.OFF:
            return None
        if channel == Channel.APP:
            return EmailState.NONE
        return EmailState.DIGEST if digest else EmailState.PENDING


@transaction.atomic
def dispatch_events(*, limit: int | None = None) -> DispatchResult:
    """Derive what the next ``limit`` audit events give rise to; move the cursor."""
    limit = limit or BATCH_SIZE
    cursor = cursor_lock(DISPATCHER)
    events = list(
        AuditEvent.objects.filter(seq__gt=cursor.position).order_by("seq")[:limit]
    )
    result = DispatchResult(last_seq=cursor.position, more=len(events) == limit)
    if not events:
        return result
    facts, recipients = Facts(), Recipients()
    subscriptions = list(
        WebhookSubscription.objects.filter(active=True).only("id", "events")
    )
    for event in events:
        result.webhooks += deliveries_for(event, subscriptions)
        for item in notifications_for(event, facts):
            email = recipients.email_state(item.recipient_id, item.kind)
            if email is None:
                continue
            notification, created = Notification.objects.get_or_create(
                recipient_id=item.recipient_id,
                kind=item.kind,
                key=f"event:{event.seq}",
                defaults={
                    "claim_id": item.claim_id,
                    "event_seq": event.seq,
                    "actor_label": event.actor_label,
                    "subject": event.subject_label[:300],
                    "note": item.note,
                    "email_state": email,
                },
            )
            if created:
                result.notifications.append(notification.pk)
                if email == EmailState.PENDING:
                    result.emails.append(notification.pk)
    cursor.position = result.last_seq = events[-1].seq
    cursor.save()
    result.events = len(events)
    return result

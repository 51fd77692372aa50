"""Writes of webhooks: subscriptions (administrators), and delivering events to them."""

import json
import logging
import secrets
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from audit.context import system_context
from audit.models import AuditEvent
from audit.recorder import records_refusal
from collab import outbound
from collab.models import (
    WEBHOOK_EVENTS,
    DeliveryState,
    WebhookDelivery,
    WebhookSubscription,
)
from collab.permissions import user_can_manage_webhooks

logger = logging.getLogger(__name__)
_FIELDS = ("name", "url", "events", "active", "owner_id")


class WebhookFailed(Exception):
    """A delivery failed its last attempt."""


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def _clean(url: str, events: Iterable[str]) -> tuple[str, list[str]]:
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError({"url": _("An http:// or https:// address.")}) from None
    events = sorted(set(events))
    unknown = set(events) - set(WEBHOOK_EVENTS)
    if unknown or not events:
        raise ValidationError(
            {"events": _("Choose one or more of the events offered.")}, code="invalid"
        )
    return url, events


def _snapshot(subscription: WebhookSubscription) -> dict:
    return {field: getattr(subscription, field) for field in _FIELDS}


@records_refusal("webhook.save", subject_kwarg="subscription")
@transaction.atomic
def webhook_subscription_save(
    *,
    actor,
    subscription: WebhookSubscription | None = None,
    name: str,
    url: str,
    events: Iterable[str],
    active: bool = True,
    secret: str = "",
) -> WebhookSubscription:
    """Create (no ``subscription``) or change a subscription; the secret is
    generated when none is given, and is never written to the audit trail."""
    if not user_can_manage_webhooks(actor):
        raise PermissionDenied(_("Only administrators manage webhooks."))
    url, events = _clean(url, events)
    created = subscription is None
    if created:
        subscription = WebhookSubscription(owner=actor, secret=secret or new_secret())
        before = {}
    else:
        subscription = WebhookSubscription.objects.select_for_update().get(
            pk=subscription.pk
        )
        before = _snapshot(subscription)
        if secret:
            subscription.secret = secret
    subscription.name = (name or "").strip()[:200] or url
    subscription.url, subscription.events, subscription.active = url, events, active
    subscription.save()
    after = _snapshot(subscription)
    changes = {
        k: {"old": before.get(k), "new": v}
        for k, v in after.items()
        if before.get(k) != v
    }
    if secret and not created:
        changes["secret"] = {"old": "…", "new": "(replaced)"}
    if changes:
        audit.record(
            action="webhook.created" if created else "webhook.changed",
            actor=actor,
            subject=subscription,
            data={"changes": changes},
        )
    return subscription


@records_refusal("webhook.resume", subject_kwarg="subscription")
@transaction.atomic
def webhook_resume(*, actor, subscription: WebhookSubscription) -> list[int]:
    """Un-pause a subscription; returns the deliveries waiting for it, to send."""
    if not user_can_manage_webhooks(actor):
        raise PermissionDenied(_("Only administrators manage webhooks."))
    locked = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    if not locked.is_paused:
        return []
    locked.paused_at = None
    locked.consecutive_failures = 0
    locked.save(update_fields=["paused_at", "consecutive_failures"])
    audit.record(action="webhook.resumed", actor=actor, subject=locked)
    return list(
        locked.deliveries.filter(state=DeliveryState.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


# --- deliveries -----------------------------------------------------------------


def payload_for(event: AuditEvent) -> dict:
    """What an integrator receives: the event, never its comment or internal data."""
    data = event.data if isinstance(event.data, dict) else {}
    body = {
        "id": f"evt_{event.seq}",
        "type": event.action,
        "created": event.at.isoformat(),
        "actor": event.actor_label or None,
        "subject": {
            "type": event.subject_type,
            "id": event.subject_id,
            "label": event.subject_label,
        },
    }
    for key in ("from", "to", "verdict", "previous_verdict", "correction"):
        if key in data:
            body[key] = data[key]
    return body


def deliveries_for(
    event: AuditEvent, subscriptions: list[WebhookSubscription]
) -> list[int]:
    """Record the event's delivery to each active subscription that wants it.

    Runs inside the dispatcher's transaction; returns the new deliveries' ids.
    """
    created_ids = []
    for subscription in subscriptions:
        if event.action not in subscription.events:
            continue
        delivery, created = WebhookDelivery.objects.get_or_create(
            subscription=subscription,
            event_seq=event.seq,
            defaults={"event_action": event.action, "payload": payload_for(event)},
        )
        if created:
            created_ids.append(delivery.pk)
    return created_ids


def _take(delivery_id: int) -> WebhookDelivery | None:
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("subscription")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.state != DeliveryState.PENDING:
            return None
        subscription = delivery.subscription
        if not subscription.active or subscription.is_paused:
            return None  # it waits; resuming the subscription sends it
        delivery.state = DeliveryState.SENDING
        delivery.attempts += 1
        delivery.save(update_fields=["state", "attempts"])
    return delivery


def webhook_deliver(*, delivery_id: int, max_attempts: int, pause_after: int) -> str:
    """POST one delivery, signed; record the answer. Idempotent: a delivered one is
    not sent again. Returns the delivery's state ("" when there was nothing to do).

    A failure counts against the subscription; after ``pause_after`` in a row it is
    paused (an audit event, from which its owner is notified).
    """
    delivery = _take(delivery_id)
    if delivery is None:
        return ""
    subscription = delivery.subscription
    body = json.dumps(delivery.payload, sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "ClaimTrail-Webhooks/1",
        "ClaimTrail-Event": delivery.event_action,
        "ClaimTrail-Delivery": str(delivery.pk),
        outbound.SIGNATURE_HEADER: outbound.sign(subscription.secret, body),
    }
    status, error = None, ""
    try:
        answer = outbound.post(subscription.url, body, headers)
        status = answer.status
        if not 200 <= status < 300:
            error = f"HTTP {status}: {answer.body[:200]}"
    except outbound.RefusedAddress as exc:
        error = f"Refused: {exc}"
    except OSError as exc:
        error = f"{exc.__class__.__name__}: {exc}"
    state = _record_attempt(
        delivery.pk,
        status=status,
        error=error,
        max_attempts=max_attempts,
        pause_after=pause_after,
    )
    if state == DeliveryState.FAILED:
        # Raised after the record committed: the task shows as failed too.
        raise WebhookFailed(f"Delivery {delivery.pk} failed its last attempt: {error}")
    return state


@transaction.atomic
def _record_attempt(
    delivery_id: int, *, status, error: str, max_attempts: int, pause_after: int
) -> str:
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
    subscription = WebhookSubscription.objects.select_for_update().get(
        pk=delivery.subscription_id
    )
    now = timezone.now()
    delivery.response_status = status
    delivery.last_error = error[:2000]
    delivery.log = [
        *delivery.log,
        {
            "at": now.isoformat(),
            "attempt": delivery.attempts,
            "status": status,
            "error": error[:300],
        },
    ][-20:]
    if not error:
        delivery.state = DeliveryState.SUCCEEDED
        delivery.delivered_at = now
        subscription.consecutive_failures = 0
    else:
        final = delivery.attempts >= max_attempts
        delivery.state = DeliveryState.FAILED if final else DeliveryState.PENDING
        subscription.consecutive_failures += 1
        if (
            subscription.consecutive_failures >= pause_after
            and not subscription.is_paused
        ):
            subscription.paused_at = now
            with system_context("webhook delivery"):
                audit.record(
                    action="webhook.paused",
                    subject=subscription,
                    comment=(
                        f"{subscription.consecutive_failures} failed deliveries in a "
                        f"row; the last: {error[:300]}"
                    ),
                    data={
                        "owner_id": subscription.owner_id,
                        "failures": subscription.consecutive_failures,
                        "url": subscription.url,
                    },
                )
    delivery.save()
    subscription.save(update_fields=["consecutive_failures", "paused_at"])
    return delivery.state

"""Background tasks of collab: thin, idempotent wrappers around its services.

Each can run twice or be retried without sending anything twice (but for an
e-mail or delivery interrupted between the remote server's answer and the
record of it): the services keep the state that makes them so.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django_tasks import task

from claims.tasks import train_triage
from collab.services import deadlines, dispatch, notifications, schedule, webhooks
from config.tasks import enqueue_later, retry_delay
from sources.tasks import recheck_sources

logger = logging.getLogger(__name__)

# How long an e-mail may sit "sending" or unqueued before the tick retries it.
STALE_AFTER = timedelta(minutes=10)


@task()
def dispatch_events() -> int:
    """Handle the audit events after the cursor, then what they gave rise to."""
    result = dispatch.dispatch_events()
    for notification_id in result.emails:
        send_notification_email.enqueue(notification_id)
    for delivery_id in result.webhooks:
        deliver_webhook.enqueue(delivery_id)
    if result.more:
        dispatch_events.enqueue()
    if schedule.tick_missing():
        tick.enqueue()
    return result.events


@task()
def send_notification_email(notification_id: int) -> str:
    state = notifications.notification_email_send(notification_id=notification_id)
    if state == "pending":
        enqueue_later(
            send_notification_email,
            retry_delay(_attempts(notification_id)),
            notification_id,
        )
    return state


def _attempts(notification_id: int) -> int:
    from collab.models import Notification

    return (
        Notification.objects.filter(pk=notification_id)
        .values_list("email_attempts", flat=True)
        .first()
        or 1
    )


@task()
def deliver_webhook(delivery_id: int) -> str:
    state = webhooks.webhook_deliver(
        delivery_id=delivery_id,
        max_attempts=settings.TASK_MAX_ATTEMPTS,
        pause_after=settings.WEBHOOK_PAUSE_AFTER_FAILURES,
    )
    if state == "pending":
        from collab.models import WebhookDelivery

        attempts = (
            WebhookDelivery.objects.filter(pk=delivery_id)
            .values_list("attempts", flat=True)
            .first()
        )
        enqueue_later(deliver_webhook, retry_delay(attempts or 1), delivery_id)
    return state


@task()
def tick() -> str:
    """The periodic work: catch up the dispatcher, deadlines, the daily digest,
    stalled e-mails, the daily retraining of triage, the re-check of sources
    (hourly, sources.tasks); then book the next tick."""
    if not schedule.tick_claim():
        return "skipped"
    dispatch_events.enqueue()
    for notification_id in deadlines.deadline_notifications():
        send_notification_email.enqueue(notification_id)
    for notification_id in notifications.stale_email_sends(older_than=STALE_AFTER):
        send_notification_email.enqueue(notification_id)
    if schedule.digest_due():
        notifications.digests_send()
    if schedule.triage_training_due():
        train_triage.enqueue()
    if schedule.source_recheck_due():
        recheck_sources.enqueue()
    enqueue_later(tick, timedelta(seconds=settings.COLLAB_TICK_SECONDS))
    return "ran"


def kick_dispatcher(sender, instance, created, using, **kwargs) -> None:
    """After a transaction that recorded audit events commits, run the dispatcher.

    Connected to the audit event's post_save; enqueued once per transaction.
    """
    if not created:
        return
    connection = transaction.get_connection(using)
    if any(func is _enqueue_dispatch for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(_enqueue_dispatch, using=using, robust=True)


def _enqueue_dispatch() -> None:
    dispatch_events.enqueue()

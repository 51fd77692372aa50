"""Writes of a person's notifications: marking them read, choosing how to be told,
and sending their e-mails (one by one, or as a daily digest)."""

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import audit
from audit.recorder import records_refusal
from collab.models import (
    Channel,
    DigestSubscription,
    EmailState,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from collab.permissions import user_can_have_notifications

logger = logging.getLogger(__name__)


@records_refusal("notification.read", subject_kwarg="")
@transaction.atomic
def notifications_mark_read(*, actor, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own notifications read (``ids``; all unread when None)."""
    if not user_can_have_notifications(actor):
        raise PermissionDenied(_("Only people on the desk have notifications."))
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    marked = list(unread.order_by("pk").values_list("pk", flat=True))
    if not marked:
        return 0
    now = timezone.now()
    for notification in Notification.objects.filter(pk__in=marked):
        notification.read_at = now
        notification.save(update_fields=["read_at"])
    audit.record(
        action="notification.read",
        actor=actor,
        data={"notifications": marked, "count": len(marked)},
    )
    return len(marked)


@records_refusal("notification.preferences", subject_kwarg="")
@transaction.atomic
def notification_preferences_set(
    *, actor, channels: dict[str, str], digest: bool
) -> None:
    """Choose, for each kind, in the app, by e-mail too, or not at all; and the digest."""
    if not user_can_have_notifications(actor):
        raise PermissionDenied(_("Only people on the desk have notifications."))
    unknown = set(channels) - set(NotificationKind.values)
    if unknown:
        raise ValidationError(
            _("Unknown kinds: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown))}
        )
    bad = {value for value in channels.values() if value not in Channel.values}
    if bad:
        raise ValidationError(
            _("Unknown channels: %(channels)s.") % {"channels": ", ".join(sorted(bad))}
        )
    before = dict(
        NotificationPreference.objects.filter(user=actor).values_list("kind", "channel")
    )
    had_digest = DigestSubscription.objects.filter(user=actor).exists()
    for kind, channel in channels.items():
        if before.get(kind) != channel:
            NotificationPreference.objects.update_or_create(
                user=actor, kind=kind, defaults={"channel": channel}
            )
    if digest and not had_digest:
        DigestSubscription.objects.create(user=actor)
    elif had_digest and not digest:
        DigestSubscription.objects.filter(user=actor).delete()
    changes = {
        kind: {"old": before.get(kind), "new": channel}
        for kind, channel in channels.items()
        if before.get(kind) != channel
    }
    if had_digest != digest:
        changes["daily_digest"] = {"old": had_digest, "new": digest}
    if changes:
        audit.record(
            action="notification.preferences_changed",
            actor=actor,
            subject=actor,
            data={"changes": changes},
        )


# --- e-mail ---------------------------------------------------------------------


class EmailFailed(Exception):
    """An e-mail could not be sent after its last attempt."""


def _claim_url(claim_id: int | None) -> str:
    if claim_id is None:
        return ""
    return settings.CLAIMTRAIL_SITE_URL.rstrip("/") + reverse(
        "desk:claim_detail", args=[claim_id]
    )


def _inbox_url() -> str:
    return settings.CLAIMTRAIL_SITE_URL.rstrip("/") + reverse("desk:inbox")


def _email_context(notification: Notification) -> dict:
    return {
        "notification": notification,
        "claim_url": _claim_url(notification.claim_id),
        "inbox_url": _inbox_url(),
        "preferences_url": _inbox_url() + "preferences/",
    }


def _claim_for_sending(notification_id: int) -> Notification | None:
    """Take the notification's e-mail for sending; None if it is not (or no longer)
    to be sent, or another worker took it a moment ago."""
    with transaction.atomic():
        # Only the notification's row: a notification may have no claim, and
        # PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "claim")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.email_state != EmailState.PENDING:
            return None
        notification.email_state = EmailState.SENDING
        notification.email_attempts += 1
        notification.save(update_fields=["email_state", "email_attempts"])
    return notification


def notification_email_send(*, notification_id: int) -> str:
    """Send one notification's e-mail; idempotent: a sent one is not sent again.

    Returns the e-mail state afterwards: "sent", "pending" (to be retried after a
    backoff) or "" when there was nothing to do. The lock is not held while the
    mail server is talked to, so a worker that dies in between leaves the
    notification "sending"; the schedule puts those back after a while (an e-mail
    can then go out twice, never not at all).
    """
    notification = _claim_for_sending(notification_id)
    if notification is None:
        return ""
    recipient = notification.recipient
    try:
        if not recipient.email:
            raise EmailFailed(f"{recipient.get_username()} has no e-mail address.")
        # No one stores a language of their own: e-mails speak the site's, never
        # that of whoever's request happened to send them.
        with translation.override(settings.LANGUAGE_CODE):
            context = _email_context(notification)
            subject = render_to_string("collab/email/notification_subject.txt", context)
            body = render_to_string("collab/email/notification.txt", context)
        send_mail(
            " ".join(subject.split()),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [recipient.email],
        )
    except Exception as exc:
        return _email_failed(notification, exc)
    Notification.objects.filter(pk=notification.pk).update(
        email_state=EmailState.SENT, emailed_at=timezone.now(), email_error=""
    )
    return EmailState.SENT


def _email_failed(notification: Notification, exc: Exception) -> str:
    final = (
        isinstance(exc, EmailFailed)
        or notification.email_attempts >= settings.TASK_MAX_ATTEMPTS
    )
    state = EmailState.FAILED if final else EmailState.PENDING
    Notification.objects.filter(pk=notification.pk).update(
        email_state=state, email_error=f"{exc.__class__.__name__}: {exc}"[:2000]
    )
    logger.warning(
        "E-mail of notification %s failed (attempt %s): %s",
        notification.pk,
        notification.email_attempts,
        exc,
    )
    if final:
        raise EmailFailed(str(exc)) from exc
    return state


def stale_email_sends(*, older_than: timedelta) -> list[int]:
    """E-mails left "sending" by a worker that stopped, put back to be sent; and
    the pending ones whose task went missing. Returns the ids to enqueue."""
    cutoff = timezone.now() - older_than
    stuck = Notification.objects.filter(
        email_state=EmailState.SENDING, created_at__lt=cutoff
    )
    for notification in stuck:
        notification.email_state = EmailState.PENDING
        notification.save(update_fields=["email_state"])
    return list(
        Notification.objects.filter(
            email_state=EmailState.PENDING, created_at__lt=cutoff
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )


def digests_send() -> int:
    """Send each digest subscriber one e-mail with what collected since the last.

    Returns how many e-mails went out. Idempotent per notification: each is
    marked sent (or failed) in the same transaction that reads it.
    """
    subscribers = DigestSubscription.objects.order_by("user_id")
    return sum(
        _digest_send_one(user_id)
        for user_id in subscribers.values_list("user_id", flat=True)
    )


def _digest_send_one(user_id: int) -> int:
    with transaction.atomic():
        items = list(
            Notification.objects.select_for_update(of=("self",))
            .filter(recipient_id=user_id, email_state=EmailState.DIGEST)
            .select_related("recipient", "claim")
            .order_by("created_at", "id")
        )
        if not items:
            return 0
        recipient = items[0].recipient
        ids = [n.pk for n in items]
        if not recipient.email:
            Notification.objects.filter(pk__in=ids).update(
                email_state=EmailState.FAILED, email_error="No e-mail address."
            )
            return 0
        context = {
            "recipient": recipient,
            "items": [
                {"notification": n, "claim_url": _claim_url(n.claim_id)} for n in items
            ],
            "inbox_url": _inbox_url(),
            "preferences_url": _inbox_url() + "preferences/",
        }
        with translation.override(settings.LANGUAGE_CODE):
            subject = render_to_string("collab/email/digest_subject.txt", context)
            body = render_to_string("collab/email/digest.txt", context)
        Notification.objects.filter(pk__in=ids).update(
            email_state=EmailState.SENT, emailed_at=timezone.now()
        )
        # Sent last, inside the transaction: if the mail server refuses, the
        # notifications stay in the digest for the next day.
        send_mail(
            " ".join(subject.split()),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [recipient.email],
        )
    return 1

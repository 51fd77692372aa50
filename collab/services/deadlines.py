"""Due soon and overdue: notifications from the calendar, not from an event."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.models import OPEN_STATUSES, Claim
from collab.models import EmailState, Notification, NotificationKind
from collab.services.dispatch import Recipients


@transaction.atomic
def deadline_notifications(*, today: date | None = None) -> list[int]:
    """Tell each assignee once per due date that a claim is due soon, and once
    that it is overdue. Returns the ids of the notifications to e-mail now."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=settings.DUE_SOON_DAYS)
    claims = (
        Claim.objects.filter(
            due_on__isnull=False,
            due_on__lte=soon,
            status__in=OPEN_STATUSES,
            assignee__isnull=False,
        )
        .only("id", "text", "due_on", "assignee_id")
        .order_by("due_on", "id")
    )
    recipients = Recipients()
    emails = []
    for claim in claims.iterator(chunk_size=500):
        kind = (
            NotificationKind.OVERDUE
            if claim.due_on < today
            else NotificationKind.DUE_SOON
        )
        email = recipients.email_state(claim.assignee_id, kind)
        if email is None:
            continue
        notification, created = Notification.objects.get_or_create(
            recipient_id=claim.assignee_id,
            kind=kind,
            key=f"due:{claim.pk}:{claim.due_on.isoformat()}",
            defaults={
                "claim_id": claim.pk,
                "subject": str(claim)[:300],
                "note": f"Due on {claim.due_on:%d %B %Y}.",
                "email_state": email,
            },
        )
        if created and email == EmailState.PENDING:
            emails.append(notification.pk)
    return emails

"""Notification e-mails: retried with backoff, sent once, a failure kept in sight."""

import pytest
from django.core import mail
from django.utils import translation

from collab.models import EmailState, Notification, NotificationKind
from collab.services.notifications import notification_email_send, stale_email_sends
from collab.tasks import send_notification_email
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


class FlakyBackend:
    """A mail server that refuses the first ``failures`` messages."""

    failures = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise ConnectionRefusedError("the mail server is down")
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    settings.TASK_RETRY_BASE_SECONDS = 0
    return FlakyBackend


def pending(user):
    return Notification.objects.create(
        recipient=user,
        kind="assigned",
        key="event:1",
        claim=ClaimFactory(),
        email_state=EmailState.PENDING,
    )


def test_a_refused_email_is_retried_and_sent_once(run_worker, flaky_mail, researcher):
    flaky_mail.failures = 2
    notification = pending(researcher)
    send_notification_email.enqueue(notification.pk)
    run_worker()
    notification.refresh_from_db()
    assert notification.email_state == EmailState.SENT
    assert notification.email_attempts == 3
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [researcher.email]
    send_notification_email.enqueue(notification.pk)
    run_worker()
    assert len(mail.outbox) == 1, "a sent e-mail is not sent again"


def test_an_email_that_keeps_failing_is_marked_failed_for_the_admin(
    run_worker, flaky_mail, settings, researcher, admin, client
):
    settings.TASK_MAX_ATTEMPTS = 3
    flaky_mail.failures = 99
    notification = pending(researcher)
    send_notification_email.enqueue(notification.pk)
    run_worker()
    notification.refresh_from_db()
    assert notification.email_state == EmailState.FAILED
    assert notification.email_attempts == 3
    assert "mail server is down" in notification.email_error
    client.force_login(admin)
    page = client.get("/admin/collab/notification/?email_state__exact=failed")
    assert "Assigned to you" in page.content.decode()


def test_an_email_left_sending_by_a_dead_worker_is_put_back(researcher):
    from datetime import timedelta

    notification = pending(researcher)
    Notification.objects.filter(pk=notification.pk).update(
        email_state=EmailState.SENDING
    )
    assert stale_email_sends(older_than=timedelta(0)) == [notification.pk]
    notification.refresh_from_db()
    assert notification.email_state == EmailState.PENDING


def test_an_email_speaks_the_site_language_whoever_sent_it(mailoutbox, researcher):
    # No one stores a language of their own: an e-mail sent while a German page
    # is being answered still reads in the site's language.
    notification = pending(researcher)
    with translation.override("de"):
        notification_email_send(notification_id=notification.pk)
    assert mailoutbox[0].subject.startswith("[ClaimTrail] Assigned to you: claim #")
    with translation.override("de"):
        assert str(NotificationKind.ASSIGNED.label) == "Ihnen zugewiesen"

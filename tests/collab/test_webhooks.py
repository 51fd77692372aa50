"""Webhooks: signed deliveries to a local receiver, retries, pausing, refusals."""

import json
import re
from pathlib import Path

import pytest
from django.core import mail

from audit.models import AuditEvent
from collab import outbound
from collab.models import DeliveryState, Notification, WebhookDelivery
from collab.services.webhooks import webhook_resume, webhook_subscription_save
from collab.tasks import deliver_webhook, dispatch_events
from reviews.services import claim_reopen
from tests.collab.receiver import start_receiver
from tests.factories import ClaimFactory
from tests.reviews.publishing import publish

pytestmark = pytest.mark.django_db
DOCS_API = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def documented_verifier():
    """The signature check from docs/api.md, run as an integrator would run it."""
    text = DOCS_API.read_text(encoding="utf-8")
    marker = text.index("<!-- webhook-verification")
    code = re.search(r"```python\n(.*?)```", text[marker:], re.S).group(1)
    namespace: dict = {}
    exec(compile(code, "docs/api.md", "exec"), namespace)
    return namespace["verify_claimtrail_signature"]


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.TASK_RETRY_BASE_SECONDS = 0
    receiving, stop = start_receiver()
    yield receiving
    stop()


def subscribe(admin, url, events=("claim.approved", "claim.reopened")):
    return webhook_subscription_save(
        actor=admin, name="Partner desk", url=url, events=list(events)
    )


def test_publish_and_reopen_arrive_signed(
    run_worker, receiver, admin, researcher, editor
):
    subscription = subscribe(admin, receiver.url)
    claim = publish(ClaimFactory(), researcher=researcher, editor=editor)
    claim_reopen(claim=claim, actor=editor, reason="New customs data.")
    dispatch_events.enqueue()
    run_worker()

    assert [r.headers["ClaimTrail-Event"] for r in receiver.received] == [
        "claim.approved",
        "claim.reopened",
    ]
    verify = documented_verifier()
    for request in receiver.received:
        header = request.headers["ClaimTrail-Signature"]
        assert verify(subscription.secret, header, request.body)
        assert not verify("another secret", header, request.body)
        assert not verify(subscription.secret, header, request.body + b" ")
    published = json.loads(receiver.received[0].body)
    assert published["type"] == "claim.approved"
    assert published["subject"] == {
        "type": "claims.claim",
        "id": str(claim.pk),
        "label": str(claim),
    }
    assert (published["from"], published["to"]) == ("in_review", "published")
    reopened = json.loads(receiver.received[1].body)
    assert "New customs data." not in receiver.received[1].body.decode()
    assert reopened["correction"] is True
    deliveries = WebhookDelivery.objects.order_by("event_seq")
    assert [(d.state, d.response_status, d.attempts) for d in deliveries] == [
        (DeliveryState.SUCCEEDED, 200, 1)
    ] * 2

    dispatch_events.enqueue()
    run_worker()
    assert len(receiver.received) == 2, "each event is delivered once"


def test_a_failing_receiver_gets_retries_with_every_attempt_logged(
    run_worker, receiver, settings, admin, researcher, editor, client
):
    settings.TASK_MAX_ATTEMPTS = 3
    receiver.status = 500
    subscribe(admin, receiver.url, events=["claim.approved"])
    publish(ClaimFactory(), researcher=researcher, editor=editor)
    dispatch_events.enqueue()
    run_worker()
    assert len(receiver.received) == 3
    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.response_status) == (
        "failed",
        3,
        500,
    )
    assert [entry["status"] for entry in delivery.log] == [500, 500, 500]
    ids = {r.headers["ClaimTrail-Delivery"] for r in receiver.received}
    assert ids == {str(delivery.pk)}, "a retry is the same delivery"
    client.force_login(admin)
    page = client.get("/admin/collab/webhookdelivery/?state__exact=failed")
    assert "claim.approved" in page.content.decode()


def test_a_subscription_that_keeps_failing_is_paused_and_its_owner_told(
    run_worker, receiver, settings, admin, researcher, editor
):
    settings.TASK_MAX_ATTEMPTS = 3
    settings.WEBHOOK_PAUSE_AFTER_FAILURES = 4
    receiver.status = 500
    subscription = subscribe(admin, receiver.url)
    claim = publish(ClaimFactory(), researcher=researcher, editor=editor)
    claim_reopen(claim=claim, actor=editor, reason="New customs data.")
    dispatch_events.enqueue()
    run_worker()

    assert len(receiver.received) == 4, "paused after the documented count"
    subscription.refresh_from_db()
    assert subscription.is_paused and subscription.consecutive_failures == 4
    assert AuditEvent.objects.filter(action="webhook.paused").count() == 1
    waiting = WebhookDelivery.objects.filter(state="pending")
    assert waiting.count() == 2

    dispatch_events.enqueue()  # the pause, like any event, reaches the dispatcher
    run_worker()
    told = Notification.objects.get(recipient=admin, kind="webhook_paused")
    assert "failed deliveries in a row" in told.note
    assert "[ClaimTrail] A webhook of yours was paused" in [
        m.subject for m in mail.outbox if admin.email in m.to
    ]
    assert len(receiver.received) == 4, "nothing is sent while paused"

    receiver.status = 204
    for delivery_id in webhook_resume(actor=admin, subscription=subscription):
        deliver_webhook.enqueue(delivery_id)
    run_worker()
    assert set(WebhookDelivery.objects.values_list("state", flat=True)) == {"succeeded"}


@pytest.mark.parametrize(
    "address", ["127.0.0.1", "10.1.2.3", "192.168.0.10", "169.254.169.254", "::1"]
)
def test_private_and_loopback_addresses_are_refused(settings, address):
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    with pytest.raises(outbound.RefusedAddress):
        outbound.check_address(address)


def test_a_public_address_passes_and_an_allowed_network_is_let_through(settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["10.0.5.0/24"]
    outbound.check_address("93.184.215.14")
    outbound.check_address("10.0.5.7")
    with pytest.raises(outbound.RefusedAddress):
        outbound.check_address("10.0.6.7")


def test_a_delivery_to_a_refused_address_fails_without_a_request(
    run_worker, settings, admin, researcher, editor
):
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    settings.TASK_MAX_ATTEMPTS = 1
    receiving, stop = start_receiver()
    try:
        subscribe(admin, receiving.url)
        publish(ClaimFactory(), researcher=researcher, editor=editor)
        dispatch_events.enqueue()
        run_worker()
    finally:
        stop()
    assert receiving.received == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "failed" and delivery.last_error.startswith("Refused")


def test_only_administrators_manage_webhooks(editor):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        subscribe(editor, "https://hooks.example.org/")

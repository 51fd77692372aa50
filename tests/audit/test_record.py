"""audit.record(): registered actions, the actor or origin, request grouping, messages."""

import pytest

import audit
from audit.context import audit_context, system_context
from audit.models import AuditEvent
from audit.registry import render_message
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_unregistered_actions_are_refused(researcher):
    with pytest.raises(ValueError, match="Unregistered"):
        audit.record(action="claim.teleported", actor=researcher)


def test_a_system_event_must_name_its_origin():
    with pytest.raises(ValueError, match="via"):
        audit.record(action="record.changed")
    with system_context("manage.py tidy_up"):
        event = audit.record(action="record.changed")
    assert event.actor is None
    assert event.data["via"] == "manage.py tidy_up"
    assert event.actor_display == "system (manage.py tidy_up)"


def test_events_of_one_request_share_its_id_and_address(researcher):
    claim = ClaimFactory()
    with audit_context(request_id="abc123def456", ip="192.0.2.1"):
        first = audit.record(action="claim.changed", actor=researcher, subject=claim)
        second = audit.record(action="claim.changed", actor=researcher, subject=claim)
    assert first.request_id == second.request_id == "abc123def456"
    assert second.ip == "192.0.2.1"
    assert (first.subject_type, first.subject_id, first.subject_label) == (
        "claims.claim",
        str(claim.pk),
        str(claim),
    )


def test_the_subject_label_is_a_copy_that_survives_later_edits(researcher):
    claim = ClaimFactory(text="Original wording.")
    event = audit.record(action="claim.changed", actor=researcher, subject=claim)
    claim.text = "New wording."
    claim.save()
    assert AuditEvent.objects.get(pk=event.pk).subject_label == "Original wording."


def test_messages_never_crash_on_old_or_odd_data(researcher):
    claim = ClaimFactory()
    event = audit.record(
        action="evidence.added",
        actor=researcher,
        subject=claim,
        data={"unexpected": [1, 2]},
    )
    assert event.message == f"{researcher.username} added evidence from …"
    assert (
        render_message("claim.approved", {"actor": "x"})
        == "x approved the verdict on …"
    )
    assert "retired.action" in render_message("retired.action", {"actor": "edith"})


def test_request_ids_come_from_the_middleware(client, researcher):
    # The server makes every request id; a client's is never taken as one
    # (tests/hardening/test_request_ids.py shows where it is kept instead).
    client.force_login(researcher)
    response = client.get("/admin/login/", HTTP_X_REQUEST_ID="client-supplied-id-1")
    assert response["X-Request-ID"] != "client-supplied-id-1"
    assert len(response["X-Request-ID"]) == 32
    response = client.get("/admin/login/", HTTP_X_REQUEST_ID="bad id; drop table")
    assert response["X-Request-ID"] != "bad id; drop table"
    assert len(response["X-Request-ID"]) == 32

"""Claim edits (with optimistic locking) and assignment."""

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from claims.models import Claim
from claims.services.claims import claim_assign, claim_update
from claims.text import claim_fingerprint
from config.exceptions import StaleEdit, WorkflowConflict
from tests import states

pytestmark = pytest.mark.django_db


def test_an_edit_records_old_and_new_text(researcher):
    claim = states.researching_claim(researcher)
    old = claim.text
    claim = claim_update(
        claim=claim,
        actor=researcher,
        expected_version=1,
        changes={"text": "The market grew by 12% in 2025, says the bureau."},
    )
    assert claim.version == 2
    assert claim.fingerprint == claim_fingerprint(claim.text)
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "claim.changed"
    assert event.data["changes"]["text"] == {"old": old, "new": claim.text}


def test_a_stale_edit_is_refused_and_overwrites_nothing(researcher, other_researcher):
    claim = states.researching_claim(researcher)
    claim_update(
        claim=claim,
        actor=other_researcher,
        expected_version=1,
        changes={"text": "First edit."},
    )
    with pytest.raises(StaleEdit) as refused:
        claim_update(
            claim=claim,
            actor=researcher,
            expected_version=1,
            changes={"text": "Second edit."},
        )
    assert refused.value.current_version == 2
    assert Claim.objects.get(pk=claim.pk).text == "First edit."
    assert AuditEvent.objects.filter(action="claim.changed").count() == 1


def test_an_edit_that_changes_nothing_records_nothing(researcher):
    claim = states.researching_claim(researcher)
    claim_update(
        claim=claim, actor=researcher, expected_version=1, changes={"text": claim.text}
    )
    assert Claim.objects.get(pk=claim.pk).version == 1
    assert not AuditEvent.objects.exists()


def test_empty_text_and_unknown_fields_are_refused(researcher):
    claim = states.researching_claim(researcher)
    with pytest.raises(ValidationError):
        claim_update(
            claim=claim, actor=researcher, expected_version=1, changes={"text": " "}
        )
    with pytest.raises(ValidationError):
        claim_update(
            claim=claim,
            actor=researcher,
            expected_version=1,
            changes={"status": "published"},
        )


@pytest.mark.parametrize("make", [states.published_claim, states.in_review_claim])
def test_a_claim_is_returned_or_reopened_before_its_text_changes(
    editor, researcher, make
):
    claim = make(researcher)
    with pytest.raises(WorkflowConflict, match="return or reopen"):
        claim_update(
            claim=claim,
            actor=editor,
            expected_version=claim.version,
            changes={"text": "x"},
        )


def test_editors_reassign_open_claims(editor, researcher, other_researcher):
    claim = claim_assign(
        claim=states.researching_claim(researcher),
        actor=editor,
        assignee=other_researcher,
    )
    assert claim.assignee == other_researcher
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.data["changes"]["assignee_id"] == {
        "old": researcher.pk,
        "new": other_researcher.pk,
    }


def test_claims_are_assigned_only_to_desk_members(editor, researcher):
    from tests.factories import UserFactory

    outsider = UserFactory()
    with pytest.raises(ValidationError):
        claim_assign(
            claim=states.researching_claim(researcher), actor=editor, assignee=outsider
        )


def test_a_claim_in_review_cannot_be_reassigned(editor, researcher, other_researcher):
    # Reassigning would change whose review is the verdict put to the editor.
    claim = states.in_review_claim(researcher)
    with pytest.raises(WorkflowConflict):
        claim_assign(claim=claim, actor=editor, assignee=other_researcher)
    assert Claim.objects.get(pk=claim.pk).assignee == researcher


def test_an_over_long_topic_is_a_clear_error(researcher):
    claim = states.researching_claim(researcher)
    with pytest.raises(ValidationError, match="300"):
        claim_update(
            claim=claim,
            actor=researcher,
            expected_version=1,
            changes={"topic": "x" * 301},
        )

"""Start research and not checkable: the claims app's own transitions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from claims.models import Claim
from claims.services.workflow import claim_mark_not_checkable, claim_start_research
from tests import states

pytestmark = pytest.mark.django_db


def last_event():
    return AuditEvent.objects.order_by("-seq").first()


def test_start_research_assigns_the_researcher_and_records_old_and_new(researcher):
    claim = states.new_claim()
    claim = claim_start_research(claim=claim, actor=researcher)
    assert (claim.status, claim.assignee, claim.version) == (
        "researching",
        researcher,
        2,
    )
    event = last_event()
    assert event.action == "claim.research_started"
    assert event.actor == researcher
    assert event.data["from"] == "new" and event.data["to"] == "researching"
    assert event.data["changes"]["status"] == {"old": "new", "new": "researching"}
    assert event.data["changes"]["assignee_id"] == {"old": None, "new": researcher.pk}


def test_an_editor_assigns_research_to_a_researcher(editor, researcher):
    claim = claim_start_research(
        claim=states.new_claim(), actor=editor, assignee=researcher
    )
    assert claim.assignee == researcher
    assert last_event().actor == editor


def test_a_researcher_cannot_assign_research_to_someone_else(
    researcher, other_researcher
):
    claim = states.new_claim()
    with pytest.raises(PermissionDenied):
        claim_start_research(claim=claim, actor=researcher, assignee=other_researcher)
    assert Claim.objects.get(pk=claim.pk).status == "new"


def test_mark_not_checkable_needs_a_reason(editor):
    claim = states.new_claim()
    with pytest.raises(ValidationError):
        claim_mark_not_checkable(claim=claim, actor=editor, reason="  ")
    claim = claim_mark_not_checkable(claim=claim, actor=editor, reason="Pure opinion.")
    assert claim.status == "not_checkable"
    assert last_event().comment == "Pure opinion."

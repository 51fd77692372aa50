"""Submit, return, approve, reopen: guards, four eyes, rounds, corrections, events."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from claims.models import Claim
from claims.services.evidence import evidence_add, evidence_remove
from claims.services.workflow import claim_start_research
from config.exceptions import StaleEdit, WorkflowConflict
from reviews.models import Decision
from reviews.services import (
    claim_approve,
    claim_reopen,
    claim_return_for_research,
    claim_submit_for_review,
)
from tests import states
from tests.factories import SourceFactory
from tests.reviews.publishing import review_and_submit

pytestmark = pytest.mark.django_db


def last_event():
    return AuditEvent.objects.order_by("-seq").first()


def test_submitting_needs_evidence(researcher):
    claim = states.researching_claim(researcher)
    with pytest.raises(WorkflowConflict, match="evidence"):
        claim_submit_for_review(claim=claim, actor=researcher)


def test_submitting_needs_the_assignees_review(researcher):
    claim = states.researching_claim(researcher)
    evidence_add(
        claim=claim, actor=researcher, source=SourceFactory(), stance="supports"
    )
    with pytest.raises(WorkflowConflict, match="review"):
        claim_submit_for_review(claim=claim, actor=researcher)


def test_only_the_assignee_submits(researcher, other_researcher):
    claim = states.ready_to_submit_claim(researcher)
    with pytest.raises(PermissionDenied):
        claim_submit_for_review(claim=claim, actor=other_researcher)


def test_wrong_state_is_a_conflict_not_a_permission_error(editor, researcher):
    claim = states.researching_claim(researcher)
    with pytest.raises(WorkflowConflict):
        claim_approve(claim=claim, actor=editor)


def test_return_needs_a_note_and_opens_a_new_round(editor, researcher):
    claim = states.in_review_claim(researcher)
    with pytest.raises(ValidationError):
        claim_return_for_research(claim=claim, actor=editor, note="")
    claim = claim_return_for_research(claim=claim, actor=editor, note="Cite the table.")
    assert (claim.status, claim.review_round) == ("researching", 2)
    decision = Decision.objects.get(claim=claim)
    assert (decision.kind, decision.round, decision.note) == (
        "return",
        1,
        "Cite the table.",
    )
    assert last_event().action == "claim.returned_for_research"
    assert last_event().comment == "Cite the table."


def test_after_a_return_the_researcher_reviews_again_before_resubmitting(
    editor, researcher
):
    claim = states.in_review_claim(researcher)
    claim = claim_return_for_research(claim=claim, actor=editor, note="Check again.")
    with pytest.raises(WorkflowConflict):
        claim_submit_for_review(claim=claim, actor=researcher)
    claim = review_and_submit(
        claim,
        researcher=researcher,
        rating="half_true",
        rationale="Revised.",
    )
    claim = claim_approve(claim=claim, actor=editor)
    assert claim.verdict == "half_true"


def test_approve_publishes_the_submitted_verdict(editor, researcher):
    claim = claim_approve(claim=states.in_review_claim(researcher), actor=editor)
    assert claim.status == "published"
    assert claim.verdict == "mostly_true"
    assert claim.published_at is not None
    event = AuditEvent.objects.filter(action="claim.approved").get()
    assert event.data["changes"]["verdict"] == {"old": "", "new": "mostly_true"}
    assert event.data["correction"] is False
    assert event.data["verdict_version"] == 1
    published = last_event()
    assert published.action == "verdict.published"
    assert published.seq == event.seq + 1


def test_four_eyes_binds_superusers_too(admin, editor):
    claim = states.in_review_claim(admin)
    with pytest.raises(PermissionDenied, match="Four eyes"):
        claim_approve(claim=claim, actor=admin)
    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    assert last_event().action == "access.refused"
    claim_approve(claim=claim, actor=editor)


def test_an_editor_cannot_approve_their_own_verdict(editor, other_editor):
    claim = states.in_review_claim(editor)
    with pytest.raises(PermissionDenied):
        claim_approve(claim=claim, actor=editor)
    assert claim_approve(claim=claim, actor=other_editor).status == "published"


def test_the_verdict_must_cite_current_evidence(editor, researcher):
    claim = states.in_review_claim(researcher)
    for evidence in claim.evidence.all():
        evidence_remove(evidence=evidence, actor=editor)
    with pytest.raises(WorkflowConflict, match="cite"):
        claim_approve(claim=claim, actor=editor)


def test_reopening_a_published_verdict_makes_a_correction(editor, researcher):
    claim = claim_approve(claim=states.in_review_claim(researcher), actor=editor)
    with pytest.raises(ValidationError):
        claim_reopen(claim=claim, actor=editor, reason="")
    claim = claim_reopen(claim=claim, actor=editor, reason="New official figures.")
    assert claim.status == "researching"
    assert claim.verdict == "mostly_true"
    assert claim.is_under_correction
    decision = Decision.objects.filter(claim=claim, kind="reopen").get()
    assert decision.is_correction and decision.previous_verdict == "mostly_true"
    assert last_event().data["correction"] is True

    claim = review_and_submit(
        claim,
        researcher=researcher,
        rating="false",
        rationale="Superseded.",
    )
    claim = claim_approve(claim=claim, actor=editor)
    approval = (
        Decision.objects.filter(claim=claim, kind="approve").order_by("-id").first()
    )
    assert approval.is_correction and approval.previous_verdict == "mostly_true"
    assert claim.verdict == "false" and claim.first_published_at < claim.published_at


def test_reopening_a_not_checkable_claim_is_no_correction(editor):
    claim = claim_reopen(
        claim=states.not_checkable_claim(), actor=editor, reason="It is checkable."
    )
    assert claim.status == "researching"
    assert not Decision.objects.get(claim=claim).is_correction


def test_a_stale_version_is_refused_for_transitions(editor, researcher):
    claim = states.in_review_claim(researcher)
    with pytest.raises(StaleEdit):
        claim_approve(
            claim=claim, actor=editor, expected_version=claim.version - 1 or 99
        )
    assert Claim.objects.get(pk=claim.pk).status == "in_review"


def test_versions_increase_with_every_transition(editor, researcher):
    claim = states.new_claim()
    versions = [claim.version]
    claim = claim_start_research(claim=claim, actor=researcher)
    versions.append(claim.version)
    evidence = evidence_add(
        claim=claim, actor=researcher, source=SourceFactory(), stance="refutes"
    )
    claim = review_and_submit(
        claim,
        researcher=researcher,
        rating="false",
        rationale="No.",
        evidence=evidence,
    )
    versions.append(claim.version)
    claim = claim_approve(claim=claim, actor=editor)
    versions.append(claim.version)
    assert versions == sorted(set(versions))


def test_one_event_per_action_grouped_by_request(researcher, editor):
    from audit.context import audit_context

    claim = states.new_claim()
    with audit_context(request_id="req-0001-abcdef", ip="10.0.0.7"):
        claim_start_research(claim=claim, actor=researcher)
    event = last_event()
    assert (event.request_id, event.ip) == ("req-0001-abcdef", "10.0.0.7")
    assert AuditEvent.objects.filter(request_id="req-0001-abcdef").count() == 1

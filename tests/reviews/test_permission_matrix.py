"""Every persona against every action: allowed ones succeed, the rest are refused and logged."""

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEvent
from claims.models import Claim
from claims.services.claims import claim_assign, claim_update
from claims.services.evidence import evidence_add
from config.exceptions import WorkflowConflict
from reviews.services import review_submit
from reviews.workflow import WORKFLOW, claim_perform
from tests import states
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "researcher", "other_researcher", "editor", "admin"]


def _workflow(name, **inputs):
    return lambda claim, actor, assignee: claim_perform(
        name, claim=claim, actor=actor, **inputs
    )


# action -> (how to build the claim, how to act, the personas allowed)
MATRIX = {
    "start_research": (
        lambda r: states.new_claim(),
        _workflow("start_research"),
        {"researcher", "other_researcher", "editor", "admin"},
    ),
    "mark_not_checkable": (
        lambda r: states.new_claim(),
        _workflow("mark_not_checkable", reason="An opinion, not a fact."),
        {"editor", "admin"},
    ),
    "submit_for_review": (
        lambda r: states.ready_to_submit_claim(r),
        _workflow("submit_for_review"),
        {"researcher"},
    ),
    "release": (
        lambda r: states.researching_claim(r),
        _workflow("release", note="Out this week."),
        # The assignee (the researcher persona holds it), or an editor.
        {"researcher", "editor", "admin"},
    ),
    "return_for_research": (
        lambda r: states.in_review_claim(r),
        _workflow("return_for_research", note="Find the primary source."),
        {"editor", "admin"},
    ),
    "approve": (
        lambda r: states.in_review_claim(r),
        _workflow("approve"),
        {"editor", "admin"},
    ),
    "reopen": (
        lambda r: states.published_claim(r),
        _workflow("reopen", reason="A reader sent a newer figure."),
        {"editor", "admin"},
    ),
    "assign": (
        lambda r: states.researching_claim(r),
        lambda claim, actor, assignee: claim_assign(
            claim=claim, actor=actor, assignee=assignee
        ),
        {"editor", "admin"},
    ),
    "edit_text": (
        lambda r: states.researching_claim(r),
        lambda claim, actor, assignee: claim_update(
            claim=claim,
            actor=actor,
            expected_version=claim.version,
            changes={"text": claim.text + " (edited)"},
        ),
        {"researcher", "other_researcher", "editor", "admin"},
    ),
    "add_evidence": (
        lambda r: states.researching_claim(r),
        lambda claim, actor, assignee: evidence_add(
            claim=claim, actor=actor, source=SourceFactory(), stance="supports"
        ),
        {"researcher", "other_researcher", "editor", "admin"},
    ),
    "second_opinion_review": (
        lambda r: states.in_review_claim(r),
        lambda claim, actor, assignee: review_submit(
            claim=claim, actor=actor, rating="half_true", rationale="Partly right."
        ),
        # The assignee already reviewed this round; everyone else on the desk may.
        {"other_researcher", "editor", "admin"},
    ),
}


def test_every_workflow_step_is_in_the_matrix():
    # A new row in reviews.workflow.WORKFLOW needs its line above.
    assert set(WORKFLOW) <= set(MATRIX)


# Allowed in principle but refused by the state of things, not by the role.
CONFLICTS = {("second_opinion_review", "researcher")}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", sorted(MATRIX))
def test_permission_matrix(request, action, persona, researcher, other_researcher):
    build, act, allowed = MATRIX[action]
    actor = request.getfixturevalue(persona)
    if (action, persona) in CONFLICTS:
        claim = build(researcher)
        with pytest.raises(WorkflowConflict):
            act(claim, actor, other_researcher)
        return
    claim = build(researcher)
    before = Claim.objects.get(pk=claim.pk)
    events_before = AuditEvent.objects.count()

    if persona in allowed:
        act(claim, actor, other_researcher)
        # An approval writes the claim's transition and the verdict version it
        # publishes, each with its own event.
        written = 2 if action == "approve" else 1
        assert AuditEvent.objects.count() == events_before + written
        assert AuditEvent.objects.order_by("-seq").first().action != "access.refused"
    else:
        with pytest.raises(PermissionDenied):
            act(claim, actor, other_researcher)
        after = Claim.objects.get(pk=claim.pk)
        assert (after.status, after.version, after.text) == (
            before.status,
            before.version,
            before.text,
        )
        refusal = AuditEvent.objects.order_by("-seq").first()
        assert AuditEvent.objects.count() == events_before + 1
        assert refusal.action == "access.refused"
        assert refusal.actor_id == getattr(actor, "pk", None)

"""Evidence: added and withdrawn on the claim's timeline, a new source with it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from claims.services.evidence import evidence_add, evidence_remove
from config.exceptions import WorkflowConflict
from tests import states
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_evidence_is_added_and_withdrawn_with_events_on_the_claims_timeline(
    researcher, other_researcher, editor
):
    claim = states.researching_claim(researcher)
    evidence = evidence_add(
        claim=claim,
        actor=researcher,
        source=SourceFactory(),
        stance="refutes",
        excerpt=" Table 2 ",
        locator="p. 4",
    )
    assert evidence.excerpt == "Table 2"
    with pytest.raises(PermissionDenied):
        evidence_remove(evidence=evidence, actor=other_researcher)
    evidence_remove(evidence=evidence, actor=researcher, reason="Wrong edition.")
    assert not claim.has_evidence()
    actions = list(
        AuditEvent.objects.for_scope("claims.claim", claim.pk)
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["evidence.added", "access.refused", "evidence.removed"]


def test_unknown_stance_is_refused(researcher):
    with pytest.raises(ValidationError):
        evidence_add(
            claim=states.researching_claim(researcher),
            actor=researcher,
            source=SourceFactory(),
            stance="maybe",
        )


def test_withdrawn_evidence_cannot_be_withdrawn_again(researcher):
    claim = states.researching_claim(researcher)
    evidence = evidence_add(
        claim=claim, actor=researcher, source=SourceFactory(), stance="supports"
    )
    evidence_remove(evidence=evidence, actor=researcher)
    with pytest.raises(WorkflowConflict):
        evidence_remove(evidence=evidence, actor=researcher)

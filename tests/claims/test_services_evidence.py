"""Evidence: added and withdrawn on the claim's timeline, a new source with it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from claims.models import Evidence
from claims.services.evidence import (
    evidence_add,
    evidence_add_with_source,
    evidence_remove,
)
from config.exceptions import WorkflowConflict
from sources.models import Source
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


def _add_from_new_url(claim, actor, **fields):
    return evidence_add_with_source(
        claim=claim,
        actor=actor,
        url="https://stats.example.gov/table-3",
        title="Table 3",
        kind="official_statistics",
        **{"stance": "supports", **fields},
    )


def test_evidence_from_a_new_url_adds_the_source_with_it(researcher):
    claim = states.researching_claim(researcher)
    evidence, created = _add_from_new_url(claim, researcher, locator="t. 3")
    assert created
    source = Source.objects.get()
    assert (source.url, source.title, source.added_by) == (
        "https://stats.example.gov/table-3",
        "Table 3",
        researcher,
    )
    assert (evidence.source, evidence.locator) == (source, "t. 3")
    assert list(
        AuditEvent.objects.order_by("seq").values_list("action", flat=True)
    ) == ["source.created", "evidence.added"]


def test_evidence_from_a_known_url_reuses_its_source(researcher):
    claim = states.researching_claim(researcher)
    known = SourceFactory(url="https://stats.example.gov/table-3")
    evidence, created = _add_from_new_url(claim, researcher)
    assert not created
    assert evidence.source == known
    assert Source.objects.count() == 1
    assert not AuditEvent.objects.filter(action="source.created").exists()


@pytest.mark.parametrize("make", [states.published_claim, states.not_checkable_claim])
def test_refused_evidence_leaves_no_source_behind(researcher, make):
    claim = make(researcher) if make is states.published_claim else make()
    sources, evidence = Source.objects.count(), Evidence.objects.count()
    with pytest.raises(WorkflowConflict):
        _add_from_new_url(claim, researcher)
    assert not Source.objects.filter(url__contains="stats.example.gov").exists()
    assert (Source.objects.count(), Evidence.objects.count()) == (sources, evidence)
    assert not AuditEvent.objects.filter(action="source.created").exists()


def test_evidence_refused_after_its_source_is_written_leaves_no_source(researcher):
    # The stance is checked after the source is written: the rollback removes it.
    claim = states.researching_claim(researcher)
    with pytest.raises(ValidationError):
        _add_from_new_url(claim, researcher, stance="maybe")
    assert not Source.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_forbidden_user_leaves_no_source_and_one_refusal(researcher):
    from tests.factories import UserFactory

    outsider = UserFactory()
    claim = states.researching_claim(researcher)
    with pytest.raises(PermissionDenied):
        _add_from_new_url(claim, outsider)
    assert not Source.objects.exists()
    refusal = AuditEvent.objects.get()
    assert (refusal.action, refusal.actor) == ("access.refused", outsider)
    assert refusal.data["attempted"] == "evidence.add"

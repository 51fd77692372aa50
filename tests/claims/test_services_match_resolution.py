"""Resolving a match: editors merge or keep apart, researchers propose; all audited."""

import pytest

from audit.models import AuditEvent
from claims.models import Claim, ClaimMatch, ClaimStatus, MatchStatus
from claims.selectors import queue_available
from claims.services.matching import (
    claim_match_propose,
    claim_match_resolve,
    claims_match,
)
from config.exceptions import StaleEdit, WorkflowConflict
from tests.factories import AppearanceFactory, ClaimFactory, EvidenceFactory

pytestmark = pytest.mark.django_db

OLD = "The Shenzhen plant produced 4,000 chips in March 2025."
NEW = "The Shenzhen plant produced 4,000 chips in March, 2025."


@pytest.fixture
def pair(editor):
    old = ClaimFactory(text=OLD)
    new = ClaimFactory(text=NEW)
    AppearanceFactory(claim=old)
    AppearanceFactory(claim=new)
    (match,) = claims_match(actor=editor, claims=[new]).suggested
    return old, new, match


def test_same_merges_the_newer_claim_into_the_older(editor, pair):
    old, new, match = pair
    claim_match_resolve(match=match, actor=editor, status="same", note="One claim.")
    new.refresh_from_db()
    assert new.merged_into == old
    assert old.appearances.count() == 2
    assert Claim.objects.filter(pk=new.pk).exists()
    match.refresh_from_db()
    assert (match.status, match.resolved_by, match.note) == (
        "same",
        editor,
        "One claim.",
    )
    event = AuditEvent.objects.get(action="claim.match_confirmed")
    assert event.actor == editor
    assert event.comment == "One claim."
    merged = AuditEvent.objects.filter(action="claim.merged")
    assert {e.data["role"] for e in merged} == {"merged", "kept"}


def test_distinct_is_never_suggested_again(editor, pair):
    _old, new, match = pair
    claim_match_resolve(match=match, actor=editor, status="distinct", note="Other.")
    assert claims_match(actor=editor, claims=[new]).suggested == []
    new.refresh_from_db()
    assert new.merged_into is None
    assert AuditEvent.objects.filter(action="claim.match_rejected").exists()


def test_a_claim_with_work_is_not_merged(editor, pair):
    _old, new, match = pair
    EvidenceFactory(claim=new, added_by=editor)
    with pytest.raises(WorkflowConflict, match="already has work"):
        claim_match_resolve(match=match, actor=editor, status="same", note="x")
    match.refresh_from_db()
    assert match.status == MatchStatus.SUGGESTED


def test_a_resolved_match_is_a_conflict(editor, pair):
    _old, _new, match = pair
    claim_match_resolve(match=match, actor=editor, status="distinct")
    with pytest.raises(WorkflowConflict):
        claim_match_resolve(match=match, actor=editor, status="same")


def test_a_stale_version_is_refused(editor, pair):
    _old, new, match = pair
    with pytest.raises(StaleEdit):
        claim_match_resolve(
            match=match, actor=editor, status="same", expected_version=new.version + 1
        )


def test_researchers_propose_and_cannot_resolve(researcher, pair):
    from django.core.exceptions import PermissionDenied

    _old, _new, match = pair
    with pytest.raises(PermissionDenied):
        claim_match_resolve(match=match, actor=researcher, status="same")
    claim_match_propose(match=match, actor=researcher, status="same", note="Same.")
    match.refresh_from_db()
    assert (match.status, match.proposed_status, match.proposed_by) == (
        "suggested",
        "same",
        researcher,
    )
    assert AuditEvent.objects.get(action="claim.match_proposed").actor == researcher
    assert not ClaimMatch.objects.filter(status="same").exists()


def test_a_merged_claim_is_closed_and_leaves_the_triage_queue(editor, pair):
    old, new, match = pair
    claim_match_resolve(match=match, actor=editor, status="same", note="One claim.")
    new.refresh_from_db()
    assert new.status == ClaimStatus.MERGED
    assert not new.is_editable
    assert new.pk not in set(queue_available(user=editor).values_list("pk", flat=True))
    event = AuditEvent.objects.get(action="claim.merged", data__role="merged")
    assert event.data["status"] == {"old": "new", "new": "merged"}

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


# --- what a merge does to the merged claim's other suggestions --------------------


def _fact_check(n: int):
    from claims.models import ExternalFactCheck

    url = f"https://checks.example.org/{n}"
    return ExternalFactCheck.objects.create(
        key=ExternalFactCheck.key_for(url, OLD),
        publisher=f"Checker {n}",
        url=url,
        claim_reviewed=OLD,
        rating="False",
    )


@pytest.fixture
def merge(editor, researcher, pair):
    """The pair, and the newer claim's other suggestions: with a third claim
    (proposed 'same' by a researcher), with a fourth that the older claim was
    already found distinct from, and with two external fact-checks, one of which
    the older claim has too."""
    from claims.models import ExternalMatch

    old, new, match = pair
    third = ClaimFactory(text="Shenzhen's plant made 4,000 chips in March 2025.")
    AppearanceFactory(claim=third)
    fourth = ClaimFactory(text="A plant in Shenzhen produced chips in 2025.")
    with_third = ClaimMatch.objects.create(
        claim=new, other=third, score=72, source="other_report"
    )
    claim_match_propose(match=with_third, actor=researcher, status="same", note="Yes.")
    with_fourth = ClaimMatch.objects.create(
        claim=new, other=fourth, score=55, source="other_report"
    )
    ClaimMatch.objects.create(
        claim=old, other=fourth, score=51, source="other_report", status="distinct"
    )
    moving, shared = _fact_check(1), _fact_check(2)
    external = {
        "moving": ExternalMatch.objects.create(claim=new, fact_check=moving, score=80),
        "shared": ExternalMatch.objects.create(claim=new, fact_check=shared, score=70),
    }
    ExternalMatch.objects.create(claim=old, fact_check=shared, score=75)
    return old, new, match, third, fourth, with_third, with_fourth, external


def test_a_merge_carries_the_newer_claims_suggestions_to_the_older(
    editor, researcher, merge
):
    old, new, match, third, fourth, with_third, with_fourth, _external = merge
    claim_match_resolve(match=match, actor=editor, status="same", note="One claim.")
    # The suggestion with the third claim now waits on the kept claim, proposal
    # and all; the one with the fourth is not offered again (already distinct).
    carried = ClaimMatch.objects.get(claim=old, other=third)
    assert (carried.status, carried.score, carried.source) == (
        "suggested",
        72,
        "other_report",
    )
    assert (carried.proposed_status, carried.proposed_by) == ("same", researcher)
    assert ClaimMatch.objects.get(claim=old, other=fourth).status == "distinct"
    # The merged claim's suggestions are closed, not judged distinct.
    for closed in (with_third, with_fourth):
        closed.refresh_from_db()
        assert (closed.status, closed.resolved_by) == (MatchStatus.CLOSED, editor)
        assert closed.get_status_display() == "Closed (claim merged)"
    assert with_third.note == "Yes."
    assert not ClaimMatch.objects.filter(status="suggested").exclude(pk=carried.pk)


def test_a_merge_records_each_closed_and_carried_match(editor, merge):
    from audit.registry import format_event

    old, new, match, third, fourth, with_third, with_fourth, _external = merge
    claim_match_resolve(match=match, actor=editor, status="same", note="One claim.")
    closed = AuditEvent.objects.filter(action="claim.match_closed").order_by("seq")
    assert [e.data["match_id"] for e in closed] == [with_third.pk, with_fourth.pk]
    assert {e.subject_id for e in closed} == {str(new.pk)}
    assert {e.actor for e in closed} == {editor}
    shown = format_event(closed[0])
    assert shown.label == "Match closed by merge"
    assert shown.message == (
        f"{closed[0].actor_display} closed the suggestion that "
        f"{new.text} restates claim #{third.pk}: it was merged into claim #{old.pk}"
    )
    carried = AuditEvent.objects.get(action="claim.match_carried")
    assert carried.subject_id == str(old.pk)
    assert carried.data["from_match_id"] == with_third.pk
    assert format_event(carried).message.endswith(
        f"suggested claim #{third.pk} as a restatement of {old.text}, carried over "
        f"from merged claim #{new.pk}"
    )


def test_a_merge_moves_the_newer_claims_external_suggestions(editor, merge):
    from claims.models import ExternalMatch
    from claims.selectors import claims_with_open_matches, open_match_count

    old, new, match, *_rest, external = merge
    # The pair, the two suggestions with claims, three external ones.
    assert open_match_count() == 6
    claim_match_resolve(match=match, actor=editor, status="same", note="One claim.")
    moved, shared = external["moving"], external["shared"]
    moved.refresh_from_db()
    shared.refresh_from_db()
    assert (moved.claim, moved.status) == (old, "suggested")
    # The older claim had that fact-check already: the newer claim's is closed.
    assert (shared.claim, shared.status, shared.resolved_by) == (
        new,
        MatchStatus.CLOSED,
        editor,
    )
    assert ExternalMatch.objects.filter(claim=old).count() == 2
    # What waits for an editor: the carried match and the older claim's two
    # fact-checks; nothing on the merged claim.
    assert open_match_count() == 3
    assert set(claims_with_open_matches()) == {old, merge[3]}
    assert AuditEvent.objects.get(action="claim.external_match_moved").subject_id == (
        str(old.pk)
    )
    assert AuditEvent.objects.get(
        action="claim.external_match_closed"
    ).subject_id == str(new.pk)


def test_suggestions_closed_by_old_merges_are_marked_closed(editor, pair):
    """Migration claims 0016: before the status, a merge marked them distinct."""
    from importlib import import_module

    from django.apps import apps

    old, new, match = pair
    third = ClaimFactory(text="Shenzhen's plant made 4,000 chips in March 2025.")
    by_merge = ClaimMatch.objects.create(
        claim=new, other=third, score=60, source="other_report"
    )
    ClaimMatch.objects.filter(pk=by_merge.pk).update(status="distinct", note="merged")
    claim_match_resolve(match=match, actor=editor, status="distinct", note="merged")
    import_module(
        "claims.migrations.0016_match_closed_by_merge"
    ).close_merged_suggestions(apps, None)
    by_merge.refresh_from_db()
    match.refresh_from_db()
    assert by_merge.status == MatchStatus.CLOSED
    # An editor's "distinct" stays, whatever its note.
    assert match.status == "distinct"


def test_a_merge_moves_the_newer_claims_confirmed_fact_checks(editor, merge):
    from audit.registry import format_event
    from claims.models import ExternalMatch

    old, new, match, *_rest, external = merge
    confirmed = ExternalMatch.objects.create(
        claim=new, fact_check=_fact_check(3), score=90, status="same"
    )
    # The older claim was judged distinct from a fact-check the newer one matched:
    # two editors' decisions, each kept on its own claim.
    disputed = _fact_check(4)
    ExternalMatch.objects.create(
        claim=old, fact_check=disputed, score=60, status="distinct"
    )
    kept_apart = ExternalMatch.objects.create(
        claim=new, fact_check=disputed, score=88, status="same"
    )

    claim_match_resolve(match=match, actor=editor, status="same", note="One claim.")

    confirmed.refresh_from_db()
    kept_apart.refresh_from_db()
    assert (confirmed.claim, confirmed.status) == (old, "same")
    assert (kept_apart.claim, kept_apart.status) == (new, "same")
    event = AuditEvent.objects.get(action="claim.external_confirmation_moved")
    assert event.subject_id == str(old.pk)
    assert event.data["external_match_id"] == confirmed.pk
    assert format_event(event).message == (
        f"{event.actor_display} moved an external fact-check confirmed for merged "
        f"claim #{new.pk} to {old.text}"
    )

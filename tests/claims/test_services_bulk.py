"""Bulk actions: one rule for assigning many claims, an outcome for each claim."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from claims.models import Claim
from claims.services.bulk import claim_bulk_assign, claim_bulk_mark_not_checkable
from config.exceptions import WorkflowConflict
from tests import states

pytestmark = pytest.mark.django_db


def test_bulk_assign_starts_new_claims_and_reassigns_open_ones(
    editor, researcher, other_researcher
):
    new = states.new_claim()
    open_claim = states.researching_claim(researcher)
    outcomes = claim_bulk_assign(
        actor=editor, claims=[new.pk, open_claim], assignee=other_researcher
    )
    assert [(o.claim_id, o.done) for o in outcomes] == [
        (new.pk, True),
        (open_claim.pk, True),
    ]
    assert [o.claim.status for o in outcomes] == ["researching", "researching"]
    for claim in (new, open_claim):
        claim.refresh_from_db()
        assert (claim.status, claim.assignee) == ("researching", other_researcher)
    actions = dict(
        AuditEvent.objects.filter(subject_id__in=[str(new.pk), str(open_claim.pk)])
        .order_by("seq")
        .values_list("subject_id", "action")
    )
    assert actions == {
        str(new.pk): "claim.research_started",
        str(open_claim.pk): "claim.assigned",
    }


def test_one_refused_claim_leaves_the_others_assigned(editor, researcher):
    in_review = states.in_review_claim(researcher)
    closed = states.not_checkable_claim()
    new = states.new_claim()
    outcomes = claim_bulk_assign(
        actor=editor, claims=[in_review.pk, 999999, closed.pk, new.pk], assignee=editor
    )
    by_id = {o.claim_id: o for o in outcomes}
    assert [o.claim_id for o in outcomes] == [in_review.pk, 999999, closed.pk, new.pk]
    assert isinstance(by_id[in_review.pk].error, WorkflowConflict)
    assert str(by_id[999999].error) == "no such claim."
    assert isinstance(by_id[closed.pk].error, WorkflowConflict)
    assert by_id[new.pk].done
    assert Claim.objects.get(pk=in_review.pk).assignee == researcher
    assert Claim.objects.get(pk=closed.pk).status == "not_checkable"
    assert Claim.objects.get(pk=new.pk).assignee == editor


def test_a_researcher_cannot_bulk_assign_to_someone_else(researcher, other_researcher):
    new = states.new_claim()
    mine = states.researching_claim(researcher)
    outcomes = claim_bulk_assign(
        actor=researcher, claims=[new, mine], assignee=other_researcher
    )
    assert all(isinstance(o.error, PermissionDenied) for o in outcomes)
    assert Claim.objects.get(pk=new.pk).status == "new"
    assert Claim.objects.get(pk=mine.pk).assignee == researcher
    refused = AuditEvent.objects.filter(action="access.refused")
    assert sorted(refused.values_list("data__attempted", flat=True)) == [
        "claim.assign",
        "claim.start_research",
    ]


def test_claims_go_only_to_desk_members(editor):
    from tests.factories import UserFactory

    [outcome] = claim_bulk_assign(
        actor=editor, claims=[states.new_claim()], assignee=UserFactory()
    )
    assert isinstance(outcome.error, ValidationError)


def test_bulk_not_checkable_marks_each_claim_with_the_reason(editor, researcher):
    new = states.new_claim()
    published = states.published_claim(researcher)
    outcomes = claim_bulk_mark_not_checkable(
        actor=editor, claims=[new.pk, published.pk], reason="An opinion."
    )
    assert [o.done for o in outcomes] == [True, False]
    assert isinstance(outcomes[1].error, WorkflowConflict)
    new.refresh_from_db()
    assert (new.status, new.not_checkable_reason) == ("not_checkable", "An opinion.")
    assert AuditEvent.objects.filter(action="claim.marked_not_checkable").count() == 1


def test_bulk_not_checkable_needs_a_reason(editor):
    claim = states.new_claim()
    [outcome] = claim_bulk_mark_not_checkable(actor=editor, claims=[claim], reason=" ")
    assert isinstance(outcome.error, ValidationError)
    assert Claim.objects.get(pk=claim.pk).status == "new"

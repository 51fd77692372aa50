"""Comments: safe Markdown, @mentions that notify, edits and deletions in the trail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from collab.markdown import render_comment
from collab.models import Notification
from collab.services.comments import comment_add, comment_delete, comment_edit
from collab.services.dispatch import dispatch_events
from config.exceptions import WorkflowConflict
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_a_mention_tells_the_person_mentioned(researcher, editor, other_researcher):
    claim = ClaimFactory()
    comment = comment_add(
        claim=claim, actor=researcher, body="@editor can you check the **2024** base?"
    )
    event = AuditEvent.objects.get(action="comment.added")
    assert event.scope_id == str(claim.pk)
    assert event.data["mentioned"] == [editor.pk]
    dispatch_events()
    told = Notification.objects.get(recipient=editor)
    assert (told.kind, told.claim_id) == ("mentioned", claim.pk)
    assert "check the **2024** base" in told.note
    assert not Notification.objects.filter(recipient=other_researcher).exists()
    assert comment.body.startswith("@editor")


def test_an_edit_tells_only_the_people_newly_mentioned(
    researcher, editor, other_researcher
):
    comment = comment_add(claim=ClaimFactory(), actor=researcher, body="Hi @editor")
    comment_edit(
        comment=comment, actor=researcher, body="Hi @editor and @other_researcher"
    )
    edited = AuditEvent.objects.get(action="comment.edited")
    assert edited.data["mentioned"] == [other_researcher.pk]
    assert edited.data["changes"]["body"] == {
        "old": "Hi @editor",
        "new": "Hi @editor and @other_researcher",
    }
    dispatch_events()
    assert Notification.objects.filter(recipient=editor).count() == 1
    assert Notification.objects.filter(recipient=other_researcher).count() == 1


def test_only_the_author_edits_and_a_deletion_leaves_a_tombstone(
    researcher, other_researcher, editor
):
    comment = comment_add(claim=ClaimFactory(), actor=researcher, body="A first note.")
    with pytest.raises(PermissionDenied):
        comment_edit(comment=comment, actor=other_researcher, body="Not mine.")
    with pytest.raises(PermissionDenied):
        comment_delete(comment=comment, actor=other_researcher)
    deleted = comment_delete(comment=comment, actor=editor)
    assert deleted.is_deleted and deleted.body == "" and deleted.deleted_by == editor
    event = AuditEvent.objects.get(action="comment.deleted")
    assert event.data["body"] == "A first note."
    with pytest.raises(WorkflowConflict):
        comment_edit(comment=deleted, actor=researcher, body="Back again")
    refused = AuditEvent.objects.filter(action="access.refused")
    assert refused.count() == 2


def test_an_empty_comment_is_refused(researcher):
    with pytest.raises(ValidationError):
        comment_add(claim=ClaimFactory(), actor=researcher, body="   ")


def test_markdown_is_safe():
    html = render_comment(
        "See <script>alert(1)</script> and [this](javascript:alert(1)) "
        "and [the yearbook](https://stats.example.org/) **now**",
        known_names=set(),
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert (
        '<a href="https://stats.example.org/" rel="nofollow noopener noreferrer">'
        in html
    )
    assert "<strong>now</strong>" in html

"""Writes of the discussion on a claim: add, edit, delete (leaving a tombstone)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

import audit
from audit.recorder import records_refusal
from claims.models import Claim
from collab.markdown import mentioned_names
from collab.models import Comment
from collab.permissions import (
    user_can_comment,
    user_can_delete_comment,
    user_can_edit_comment,
)
from config.exceptions import WorkflowConflict
from config.roles import is_staff_member

MAX_LENGTH = 10_000


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")}, code="required")
    if len(body) > MAX_LENGTH:
        raise ValidationError(
            {
                "body": _("At most %(count)s characters.")
                % {"count": number_format(MAX_LENGTH, force_grouping=True)}
            }
        )
    return body


def mentioned_users(body: str) -> list[int]:
    """The ids of the people on the desk that ``body`` mentions by user name."""
    names = {name.lower() for name in mentioned_names(body)}
    if not names:
        return []
    users = get_user_model().objects.filter(is_active=True)
    return sorted(
        user.pk
        for user in users.filter(username__in=_spellings(names))
        if user.get_username().lower() in names and is_staff_member(user)
    )


def _spellings(names: set[str]) -> list[str]:
    # User names are matched without regard to case; the database's own
    # comparison may not be, so ask for the usual spellings.
    return sorted({v for n in names for v in (n, n.lower(), n.capitalize())})


def _excerpt(body: str) -> str:
    text = " ".join(body.split())
    return text if len(text) <= 300 else text[:299] + "…"


@records_refusal("comment.add")
@transaction.atomic
def comment_add(*, claim: Claim, actor, body: str) -> Comment:
    if not user_can_comment(actor, claim):
        raise PermissionDenied(_("Only people on the desk may discuss claims."))
    body = _clean_body(body)
    comment = Comment.objects.create(claim=claim, author=actor, body=body)
    audit.record(
        action="comment.added",
        actor=actor,
        subject=comment,
        scope=claim,
        data={
            "comment_id": comment.pk,
            "body": body,
            "mentioned": mentioned_users(body),
            "excerpt": _excerpt(body),
        },
    )
    return comment


def _lock(comment: Comment) -> Comment:
    return (
        Comment.objects.select_for_update().select_related("claim").get(pk=comment.pk)
    )


@records_refusal("comment.edit", subject_kwarg="comment", scope_attr="claim")
@transaction.atomic
def comment_edit(*, comment: Comment, actor, body: str) -> Comment:
    """The author rewrites their comment; people newly mentioned are told."""
    locked = _lock(comment)
    if locked.is_deleted:
        raise WorkflowConflict(_("This comment was deleted."))
    if not user_can_edit_comment(actor, locked):
        raise PermissionDenied(_("Only its author may edit a comment."))
    body = _clean_body(body)
    if body == locked.body:
        return locked
    before = locked.body
    already = set(mentioned_users(before))
    locked.body = body
    locked.edited_at = timezone.now()
    locked.save(update_fields=["body", "edited_at"])
    audit.record(
        action="comment.edited",
        actor=actor,
        subject=locked,
        scope=locked.claim,
        data={
            "comment_id": locked.pk,
            "changes": {"body": {"old": before, "new": body}},
            "mentioned": [u for u in mentioned_users(body) if u not in already],
            "excerpt": _excerpt(body),
        },
    )
    return locked


@records_refusal("comment.delete", subject_kwarg="comment", scope_attr="claim")
@transaction.atomic
def comment_delete(*, comment: Comment, actor) -> Comment:
    """Remove a comment's text; a tombstone stays in the thread."""
    locked = _lock(comment)
    if locked.is_deleted:
        raise WorkflowConflict(_("This comment was already deleted."))
    if not user_can_delete_comment(actor, locked):
        raise PermissionDenied(_("Only its author or an editor may delete a comment."))
    before = locked.body
    locked.body = ""
    locked.deleted_at = timezone.now()
    locked.deleted_by = actor
    locked.save(update_fields=["body", "deleted_at", "deleted_by"])
    audit.record(
        action="comment.deleted",
        actor=actor,
        subject=locked,
        scope=locked.claim,
        subject_label=f"comment #{locked.pk}",
        # The text stays in the trail for whoever audits, but not as a "change"
        # that the claim's timeline would show again on the page.
        data={"comment_id": locked.pk, "body": before},
    )
    return locked

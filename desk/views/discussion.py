"""The discussion on a claim page: add, edit and delete comments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collab.models import Comment
from collab.services.comments import comment_add, comment_delete, comment_edit
from config.exceptions import WorkflowConflict
from desk.forms.claims import CommentForm
from desk.http import error_text, staff_required
from desk.views.claim import _load_claim, _refused


def _to_thread(pk: int, comment_pk: int | None = None):
    anchor = f"#comment-{comment_pk}" if comment_pk else "#discussion"
    return redirect(reverse("desk:claim_detail", args=[pk]) + anchor)


@require_POST
@staff_required
def comment_add_view(request, pk: int):
    claim = _load_claim(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _refused(
            request,
            claim,
            _("The comment was not posted: write something first."),
            comment_form=form,
        )
    try:
        comment = comment_add(
            claim=claim, actor=request.user, body=form.cleaned_data["body"]
        )
    except ValidationError as exc:
        return _refused(
            request,
            claim,
            _("The comment was not posted: %(error)s") % {"error": error_text(exc)},
            comment_form=form,
        )
    messages.success(request, _("Comment posted."))
    return _to_thread(pk, comment.pk)


def _comment(claim, comment_pk: int) -> Comment:
    return get_object_or_404(Comment, pk=comment_pk, claim=claim)


@require_POST
@staff_required
def comment_edit_view(request, pk: int, comment_pk: int):
    claim = _load_claim(request, pk)
    comment = _comment(claim, comment_pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The comment was not changed: it cannot be empty."))
        return _to_thread(pk, comment.pk)
    try:
        comment_edit(
            comment=comment, actor=request.user, body=form.cleaned_data["body"]
        )
    except (ValidationError, WorkflowConflict) as exc:
        messages.error(
            request,
            _("The comment was not changed: %(error)s") % {"error": error_text(exc)},
        )
        return _to_thread(pk, comment.pk)
    messages.success(request, _("Comment changed."))
    return _to_thread(pk, comment.pk)


@require_POST
@staff_required
def comment_delete_view(request, pk: int, comment_pk: int):
    claim = _load_claim(request, pk)
    comment = _comment(claim, comment_pk)
    try:
        comment_delete(comment=comment, actor=request.user)
    except WorkflowConflict as exc:
        messages.error(request, str(exc))
        return _to_thread(pk, comment.pk)
    messages.success(request, _("Comment deleted."))
    return _to_thread(pk, comment.pk)

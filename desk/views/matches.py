"""Resolving a claim's suggested match from the claim page: same, distinct, or a proposal."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from claims.models import ClaimMatch, ExternalMatch
from claims.permissions import user_can_resolve_match
from claims.services.matching import (
    claim_match_propose,
    claim_match_resolve,
    external_match_propose,
    external_match_resolve,
)
from config.exceptions import SERVICE_ERRORS
from desk.http import error_text, staff_required


def _posted_version(request) -> int | None:
    version = request.POST.get("version")
    return int(version) if version and version.isdigit() else None


@require_POST
@staff_required
def claim_match_resolve_view(request, pk: int, match_pk: int):
    """An editor resolves the match; anyone else on the staff proposes."""
    match = get_object_or_404(
        ClaimMatch.objects.filter(Q(claim_id=pk) | Q(other_id=pk)), pk=match_pk
    )
    status = request.POST.get("status", "")
    note = request.POST.get("note", "")
    try:
        if user_can_resolve_match(request.user):
            claim_match_resolve(
                match=match,
                actor=request.user,
                status=status,
                note=note,
                viewed_claim_id=pk,
                expected_version=_posted_version(request),
            )
            messages.success(request, "The match is resolved.")
        else:
            claim_match_propose(
                match=match, actor=request.user, status=status, note=note
            )
            messages.success(request, "Your proposal is recorded for an editor.")
    except SERVICE_ERRORS as exc:
        messages.error(request, error_text(exc))
    return redirect(reverse("desk:claim_detail", args=[pk]) + "#matches")


@require_POST
@staff_required
def claim_external_match_resolve_view(request, pk: int, match_pk: int):
    """An editor says whether an external fact-check reviewed this claim; anyone
    else on the staff proposes."""
    match = get_object_or_404(ExternalMatch.objects.filter(claim_id=pk), pk=match_pk)
    decide = (
        external_match_resolve
        if user_can_resolve_match(request.user)
        else external_match_propose
    )
    try:
        decide(
            match=match,
            actor=request.user,
            status=request.POST.get("status", ""),
            note=request.POST.get("note", ""),
            expected_version=_posted_version(request),
        )
        messages.success(
            request,
            "The match is resolved."
            if decide is external_match_resolve
            else "Your proposal is recorded for an editor.",
        )
    except SERVICE_ERRORS as exc:
        messages.error(request, error_text(exc))
    return redirect(reverse("desk:claim_detail", args=[pk]) + "#matches")

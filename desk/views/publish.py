"""The approval preview: the public page as it would be published, then approve.

The editor reads the would-be verdict version rendered with the public page's
own template, what changed since the published version, how the wording
differs from the report, and whether the round's reviews disagree; approving
sends back the digest of what was shown, so that nothing else gets published.
"""

from copy import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from claims import selectors
from claims.models import Claim
from config.exceptions import StaleEdit, WorkflowConflict
from desk.forms.claims import PreviewedStepForm
from desk.http import apply_errors, editor_required, error_text, found_or_404
from reviews.approval import approval_preview
from reviews.claimreview import claimreview, to_json
from reviews.publication import Correction, PublicVerdict
from reviews.selectors import verdict_versions
from reviews.workflow import WORKFLOW
from sources.quotes import quote_checks

APPROVE = WORKFLOW["approve"]


def _load_claim(request, pk: int) -> Claim:
    return found_or_404(
        selectors.claim_detail, "No such claim.", user=request.user, pk=pk
    )


def _would_be_claimreview(preview) -> str:
    """The ClaimReview JSON-LD the approval would publish, dated now."""
    if preview.version is None:
        return ""
    version = copy(preview.version)
    version.published_at = timezone.now()
    history = [*verdict_versions(claim=preview.claim), version]
    return to_json(claimreview(PublicVerdict(history=history)))


def _excerpt_checks(preview) -> list[tuple[dict, object]]:
    """Each cited excerpt with its check against the source's archived copy."""
    if preview.version is None:
        return []
    entries = [e for e in preview.version.evidence if e.get("excerpt")]
    checks = quote_checks(
        (index, entry["source"]["id"], entry["excerpt"])
        for index, entry in enumerate(entries)
    )
    return [(entry, checks.get(index)) for index, entry in enumerate(entries)]


def _preview_page(request, claim: Claim, *, form=None, status: int = 200):
    preview = approval_preview(claim, request.user)
    if form is None:
        form = PreviewedStepForm(
            step=APPROVE,
            user=request.user,
            initial={
                "expected_version": claim.version,
                "expected_content": preview.digest,
            },
        )
    return render(
        request,
        "desk/approve_preview.html",
        {
            "claim": claim,
            "preview": preview,
            "form": form,
            "jsonld": _would_be_claimreview(preview),
            "excerpt_checks": _excerpt_checks(preview),
            "correction": (
                Correction(preview.version, preview.previous, preview.changes)
                if preview.version is not None and preview.previous is not None
                else None
            ),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@editor_required
def approve_preview(request, pk: int):
    claim = _load_claim(request, pk)
    if request.method == "GET":
        return _preview_page(request, claim)
    form = PreviewedStepForm(request.POST, step=APPROVE, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Nothing was published: the form was incomplete."))
        return _preview_page(request, claim, form=form, status=400)
    try:
        updated = form.perform(claim, request.user)
    except ValidationError as exc:
        apply_errors(form, exc)
        messages.error(
            request,
            _("%(action)s: nothing was published. %(error)s")
            % {"action": APPROVE.label, "error": error_text(exc)},
        )
        return _preview_page(request, claim, form=form, status=400)
    except StaleEdit:
        messages.warning(
            request,
            _(
                "%(action)s: nothing was published. The claim, its review or its "
                "evidence changed since you opened the preview; this is what would "
                "be published now."
            )
            % {"action": APPROVE.label},
        )
        return _preview_page(request, _load_claim(request, pk), status=412)
    except WorkflowConflict as exc:
        messages.error(
            request,
            _("%(action)s: %(error)s") % {"action": APPROVE.label, "error": exc},
        )
        return _preview_page(request, _load_claim(request, pk), status=409)
    version = verdict_versions(claim=updated).last()
    messages.success(
        request,
        _(
            "%(action)s: done. The claim is now published; version %(number)s of "
            "its verdict is on the public page."
        )
        % {"action": APPROVE.label, "number": version.number},
    )
    return redirect("desk:claim_detail", pk=pk)

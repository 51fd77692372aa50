"""The claim page and its forms: edit, workflow actions, evidence, reviews."""

from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.registry import format_events
from audit.selectors import audit_timeline_for
from claims import selectors
from claims.models import (
    Claim,
    ClaimStatus,
    Evidence,
)
from claims.permissions import (
    user_can_add_evidence,
    user_can_edit_claim,
    user_can_remove_evidence,
    user_can_schedule,
)
from claims.reader import quote_in_context
from claims.services.claims import (
    CLAIM_EDITABLE_FIELDS,
    claim_schedule,
    claim_update,
)
from claims.services.evidence import (
    evidence_add,
    evidence_add_with_source,
    evidence_remove,
)
from collab.permissions import (
    user_can_comment,
    user_can_delete_comment,
    user_can_edit_comment,
)
from collab.selectors import discussion
from config.exceptions import StaleEdit, WorkflowConflict
from config.roles import is_editor
from desk.forms.claims import (
    ClaimEditForm,
    ClaimStepForm,
    CommentForm,
    EvidenceForm,
    EvidenceRemoveForm,
    ReviewForm,
    ScheduleForm,
    SourceSearchForm,
)
from desk.http import apply_errors, error_text, found_or_404, staff_required
from desk.paging import paginate
from reviews.models import DecisionKind, Review
from reviews.permissions import user_can_change_review, user_can_submit_review
from reviews.selectors import (
    decisions_for,
    hidden_review_count,
    reviews_visible_to,
)
from reviews.services import (
    review_edit,
    review_fields,
    review_submit,
    review_withdraw,
    submitted_review_for,
)
from reviews.workflow import WORKFLOW, available_steps
from sources.quotes import quote_checks
from sources.selectors import source_search

# --- the claim page ----------------------------------------------------------------


def _load_claim(request, pk: int) -> Claim:
    return found_or_404(
        selectors.claim_detail, "No such claim.", user=request.user, pk=pk
    )


# The claim page shows at most this many events of its timeline (the newest);
# the claim's audit page has them all, a page at a time.
TIMELINE_SHOWN = 200


def _timeline(claim: Claim, user) -> list:
    """The newest ``TIMELINE_SHOWN`` events (one more, to tell there are more),
    oldest first, in the words of every audit surface, blind where due."""
    newest = audit_timeline_for(claim).order_by("-seq")[: TIMELINE_SHOWN + 1]
    return format_events(list(newest)[::-1], viewer=user)


def _step_forms(claim: Claim, user, failed: ClaimStepForm | None) -> list:
    """A form per step open to this user; the one that failed keeps what was typed."""
    return [
        failed
        if failed is not None and failed.step.name == step.name
        else ClaimStepForm(step=step, user=user)
        for step in available_steps(claim, user)
    ]


def _claim_page(request, claim: Claim, *, status: int = 200, **overrides):
    user = request.user
    evidence = claim.current_evidence
    checks = quote_checks((item.pk, item.source_id, item.excerpt) for item in evidence)
    for item in evidence:
        item.can_remove = user_can_remove_evidence(user, item)
        item.quote_check = checks.get(item.pk)
    appearances = paginate(selectors.claim_appearances(claim), request.GET)
    texts = selectors.report_texts(a.report_id for a in appearances.object_list)
    for appearance in appearances.object_list:
        appearance.context = quote_in_context(
            texts[appearance.report_id], appearance.start, appearance.end
        )
    reviews = list(reviews_visible_to(user=user, claim=claim))
    own_review = any(
        r.reviewer_id == user.pk and r.round == claim.review_round for r in reviews
    )
    can_edit = user_can_edit_claim(user, claim)
    edit_form = overrides.pop("edit_form", None)
    if edit_form is None and can_edit:
        edit_form = ClaimEditForm(
            initial={
                **{name: getattr(claim, name) for name in CLAIM_EDITABLE_FIELDS},
                "expected_version": claim.version,
            }
        )
    can_add_evidence = user_can_add_evidence(user, claim)
    can_review = user_can_submit_review(user, claim) and not own_review
    decisions = list(decisions_for(claim=claim))
    timeline = _timeline(claim, user)
    comments = discussion(user=user, claim=claim)
    for comment in comments:
        comment.can_edit = user_can_edit_comment(user, comment)
        comment.can_delete = user_can_delete_comment(user, comment)
    context = {
        "claim": claim,
        "triage_reasons": selectors.claim_triage_reasons(claim),
        "appearances": appearances.object_list,
        "appearance_page": appearances,
        "appearance_count": claim.appearances.count(),
        "evidence": evidence,
        "reviews": reviews,
        "hidden_reviews": hidden_review_count(user=user, claim=claim, visible=reviews),
        "decisions": decisions,
        "returned": _returned_with_note(claim, decisions),
        "comments": comments,
        "comment_form": (
            overrides.pop("comment_form", None) or CommentForm()
            if user_can_comment(user, claim)
            else None
        ),
        "schedule_form": (
            overrides.pop("schedule_form", None)
            or ScheduleForm(
                initial={
                    "due_on": claim.due_on,
                    "priority": claim.priority,
                    "expected_version": claim.version,
                }
            )
            if user_can_schedule(user, claim)
            else None
        ),
        "actions": _step_forms(claim, user, overrides.pop("failed_step", None)),
        "can_edit": can_edit,
        "edit_form": edit_form,
        **(
            _evidence_forms(request, claim, overrides.pop("evidence_form", None))
            if can_add_evidence
            else {"evidence_form": None, "source_search": None}
        ),
        "review_form": (
            overrides.pop("review_form", None) or ReviewForm(evidence=evidence)
            if can_review
            else None
        ),
        "own_review": own_review,
        **_review_change(claim, user, reviews, evidence, overrides),
        "approval_note": _why_no_approval(claim, user),
        "timeline": timeline[-TIMELINE_SHOWN:],
        "timeline_cut": len(timeline) > TIMELINE_SHOWN,
        **overrides,
    }
    return render(request, "desk/claim_detail.html", context, status=status)


# A search puts at most this many sources in the evidence form's menu.
SOURCE_SEARCH_SHOWN = 20


def _refused(
    request, claim: Claim, message, *, status: int = 400, level=messages.ERROR, **page
):
    """A refused POST's answer: the claim page again, with ``message`` on top and
    ``page`` (the refused form, as sent) passed on to it."""
    messages.add_message(request, level, message)
    return _claim_page(request, claim, status=status, **page)


def _evidence_forms(request, claim: Claim, form: EvidenceForm | None) -> dict:
    """The evidence form, its menu of known sources bounded (what a search of the
    library found, the sources of the claim's reports, the user's recent ones),
    and the search."""
    form = form or EvidenceForm()
    search = SourceSearchForm(request.GET)
    query = search.query()
    found, more = (
        source_search(query, limit=SOURCE_SEARCH_SHOWN) if query else ([], False)
    )
    cited, recent = selectors.evidence_source_suggestions(
        claim=claim, user=request.user
    )
    form.offer(
        [
            (_("Found by your search"), found),
            (_("Cited in this claim’s reports"), cited),
            (_("Cited or added lately by you"), recent),
        ]
    )
    if len(found) == 1 and not form.is_bound:
        form.initial["source"] = found[0].pk
    return {
        "evidence_form": form,
        "source_search": {
            "form": search,
            "query": query,
            "outcome": search.outcome(query, len(found), more) if query else "",
            "all_url": f"{reverse('desk:source_list')}?{urlencode({'q': query})}"
            if more
            else "",
        },
    }


def _review_change(claim: Claim, user, reviews, evidence, overrides) -> dict:
    """The user's own review of this round, with its correction form, while its
    author may still correct or withdraw it."""
    mine = next(
        (
            r
            for r in reviews
            if r.reviewer_id == user.pk and user_can_change_review(user, r, claim)
        ),
        None,
    )
    if mine is None:
        return {"changeable_review": None, "review_edit_form": None}
    form = overrides.pop("review_edit_form", None) or ReviewForm(
        evidence=evidence,
        auto_id="review-edit-%s",
        initial={
            "rating": mine.rating,
            "confidence": mine.confidence,
            "rationale": mine.rationale,
            "cited_evidence": [e.pk for e in mine.cited_evidence.all()],
        },
    )
    return {"changeable_review": mine, "review_edit_form": form}


def _why_no_approval(claim: Claim, user) -> str:
    """Why an editor sees no Approve button on a claim in review, if that is why."""
    if claim.status != ClaimStatus.IN_REVIEW or not is_editor(user):
        return ""
    submitted = submitted_review_for(claim)
    if submitted is not None and submitted.reviewer_id == user.pk:
        return _(
            "You wrote the verdict under review, so another editor approves it "
            "(four eyes). You may still return it with a note."
        )
    return ""


def _returned_with_note(claim: Claim, decisions: list):
    """The editor's return of the last round, while the claim is being redone."""
    if claim.status != ClaimStatus.RESEARCHING or not decisions:
        return None
    last = decisions[-1]
    if last.kind == DecisionKind.RETURN and last.round == claim.review_round - 1:
        return last
    return None


@require_GET
@staff_required
def claim_detail(request, pk: int):
    return _claim_page(request, _load_claim(request, pk))


@require_POST
@staff_required
def claim_edit(request, pk: int):
    claim = _load_claim(request, pk)
    form = ClaimEditForm(request.POST)
    if not form.is_valid():
        return _refused(
            request,
            claim,
            _("The claim was not saved: correct the form."),
            edit_form=form,
            edit_open=True,
        )
    data = form.cleaned_data
    try:
        claim_update(
            claim=claim,
            actor=request.user,
            expected_version=data["expected_version"],
            # Only the fields the form sent: a form of an older page changes
            # nothing it did not show.
            changes={
                name: data[name]
                for name in CLAIM_EDITABLE_FIELDS
                if name in request.POST
                and not (name == "claimant_kind" and not data[name])
            },
        )
    except StaleEdit:
        current = _load_claim(request, pk)
        typed = request.POST.copy()
        # Saving again now means "I have seen their version and mine replaces it".
        typed["expected_version"] = str(current.version)
        return _refused(
            request,
            current,
            _(
                "Someone else changed this claim while you were editing. Their "
                "version is shown above; your text is kept in the form. Save again "
                "to replace theirs."
            ),
            status=412,
            level=messages.WARNING,
            edit_form=ClaimEditForm(typed),
            edit_open=True,
            stale_edit=True,
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return _refused(
            request,
            claim,
            _("The claim was not saved: correct the form."),
            edit_form=form,
            edit_open=True,
        )
    messages.success(request, _("Claim saved."))
    return redirect("desk:claim_detail", pk=pk)


@require_POST
@staff_required
def claim_action(request, pk: int):
    """Run one workflow step, named by the form, with the inputs its row lists."""
    claim = _load_claim(request, pk)
    step = WORKFLOW.get(request.POST.get("action", ""))
    unread = _("That action could not be read; please try again.")
    if step is None:
        return _refused(request, claim, unread)
    form = ClaimStepForm(request.POST, step=step, user=request.user)
    if not form.is_valid():
        return _refused(request, claim, unread, failed_step=form)
    try:
        updated = form.perform(claim, request.user)
    except WorkflowConflict as exc:
        return _refused(
            request,
            _load_claim(request, pk),
            _("%(action)s: %(error)s") % {"action": step.label, "error": exc},
            status=409,
            failed_step=form,
        )
    except StaleEdit:
        return _refused(
            request,
            _load_claim(request, pk),
            _(
                "%(action)s: the claim changed since you opened it. Check its "
                "current state below and try again."
            )
            % {"action": step.label},
            status=412,
            level=messages.WARNING,
            failed_step=form,
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return _refused(
            request,
            claim,
            _("%(action)s: %(error)s")
            % {"action": step.label, "error": error_text(exc)},
            failed_step=form,
        )
    messages.success(
        request,
        _("%(action)s: done. The claim is now %(status)s.")
        % {"action": step.label, "status": updated.get_status_display().lower()},
    )
    return redirect("desk:claim_detail", pk=pk)


@require_POST
@staff_required
def claim_evidence_add(request, pk: int):
    claim = _load_claim(request, pk)
    form = EvidenceForm(request.POST)
    invalid = _("The evidence was not added: correct the form.")
    if not form.is_valid():
        return _refused(request, claim, invalid, evidence_form=form)
    data = form.cleaned_data
    evidence_fields = {
        "claim": claim,
        "actor": request.user,
        "stance": data["stance"],
        "excerpt": data["excerpt"],
        "locator": data["locator"],
    }
    try:
        if data["source"] is not None:
            evidence = evidence_add(source=data["source"], **evidence_fields)
        else:
            evidence, created = evidence_add_with_source(
                url=data["new_url"],
                title=data["new_title"],
                publisher=data["new_publisher"],
                kind=data["new_kind"],
                **evidence_fields,
            )
            if created:
                messages.info(
                    request,
                    _("New source added to the library: %(source)s.")
                    % {"source": evidence.source},
                )
    except ValidationError as exc:
        apply_errors(form, exc, rename={"url": "new_url", "title": "new_title"})
        return _refused(request, claim, invalid, evidence_form=form)
    except WorkflowConflict as exc:
        return _refused(request, claim, str(exc), status=409, evidence_form=form)
    messages.success(
        request, _("Evidence from %(source)s added.") % {"source": evidence.source}
    )
    return redirect(reverse("desk:claim_detail", args=[pk]) + "#evidence")


@require_POST
@staff_required
def claim_evidence_remove(request, pk: int, evidence_pk: int):
    claim = _load_claim(request, pk)
    evidence = get_object_or_404(
        Evidence.objects.select_related("source"), pk=evidence_pk, claim=claim
    )
    form = EvidenceRemoveForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    evidence_remove(evidence=evidence, actor=request.user, reason=reason)
    messages.success(
        request, _("Evidence from %(source)s removed.") % {"source": evidence.source}
    )
    return redirect(reverse("desk:claim_detail", args=[pk]) + "#evidence")


def _review_post(request, claim: Claim, form, write, *, form_name: str, invalid, done):
    """A review form's POST written by ``write`` (its service, given the actor and
    the review's fields); a refusal shows the claim page with the form: its errors
    (400) or the conflict (409)."""
    if form.is_valid():
        try:
            write(actor=request.user, **review_fields(form.cleaned_data))
        except ValidationError as exc:
            apply_errors(form, exc)
        except WorkflowConflict as exc:
            claim = _load_claim(request, claim.pk)  # as it is now
            return _refused(request, claim, str(exc), status=409, **{form_name: form})
        else:
            messages.success(request, done)
            return redirect(reverse("desk:claim_detail", args=[claim.pk]) + "#reviews")
    return _refused(request, claim, invalid, **{form_name: form})


@require_POST
@staff_required
def claim_review_submit(request, pk: int):
    claim = _load_claim(request, pk)
    return _review_post(
        request,
        claim,
        ReviewForm(request.POST, evidence=claim.current_evidence),
        partial(review_submit, claim=claim),
        form_name="review_form",
        invalid=_("The review was not submitted: correct the form."),
        done=_("Your review was submitted."),
    )


def _own_review(request, claim: Claim, review_pk: int) -> Review:
    review = Review.objects.filter(pk=review_pk, claim=claim).first()
    if review is None:
        raise Http404("No such review of this claim.")
    return review


@require_POST
@staff_required
def claim_review_edit(request, pk: int, review_pk: int):
    """Its author corrects a review until the claim is sent for review."""
    claim = _load_claim(request, pk)
    review = _own_review(request, claim, review_pk)
    return _review_post(
        request,
        claim,
        ReviewForm(
            request.POST, evidence=claim.current_evidence, auto_id="review-edit-%s"
        ),
        partial(review_edit, review=review),
        form_name="review_edit_form",
        invalid=_("The review was not corrected: correct the form."),
        done=_("Your review was corrected."),
    )


@require_POST
@staff_required
def claim_review_withdraw(request, pk: int, review_pk: int):
    """Its author withdraws a review until the claim is sent for review."""
    claim = _load_claim(request, pk)
    review = _own_review(request, claim, review_pk)
    try:
        review_withdraw(review=review, actor=request.user)
    except WorkflowConflict as exc:
        return _refused(request, _load_claim(request, pk), str(exc), status=409)
    messages.success(request, _("Your review was withdrawn; you may submit a new one."))
    return redirect(reverse("desk:claim_detail", args=[pk]) + "#reviews")


@require_POST
@staff_required
def claim_schedule_view(request, pk: int):
    """An editor sets the claim's due date and priority."""
    claim = _load_claim(request, pk)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        return _refused(
            request,
            claim,
            _("The due date was not saved: correct the form."),
            schedule_form=form,
        )
    data = form.cleaned_data
    try:
        claim_schedule(
            claim=claim,
            actor=request.user,
            due_on=data["due_on"],
            priority=data["priority"],
            expected_version=data["expected_version"],
        )
    except StaleEdit:
        return _refused(
            request,
            _load_claim(request, pk),
            _("The claim changed since you opened it; check and try again."),
            status=412,
            level=messages.WARNING,
        )
    except WorkflowConflict as exc:
        return _refused(request, claim, str(exc), status=409)
    messages.success(request, _("Due date and priority saved."))
    return redirect("desk:claim_detail", pk=pk)

"""The desk's web pages: dashboard, claims, the claim page, queues and reports.

Views stay thin: they read through selectors, write through services, and turn
the services' errors into messages and status codes (409 conflict, 412 stale
edit, 400 invalid input; a PermissionDenied propagates as 403). The claim page
shows reviews and the workflow, so this web layer also calls the reviews app.
"""

from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.selectors import audit_timeline_for
from claims import selectors
from claims.filters import ClaimFilterSet
from claims.forms import (
    BulkActionForm,
    ClaimEditForm,
    EvidenceForm,
    EvidenceRemoveForm,
    ReportImportForm,
    WorkflowActionForm,
)
from claims.models import Claim, ClaimKind, ClaimStatus, Evidence, Report, Verdict
from claims.permissions import (
    user_can_add_evidence,
    user_can_edit_claim,
    user_can_import_report,
    user_can_remove_evidence,
)
from claims.reader import quote_in_context, render_report
from claims.services import (
    claim_assign,
    claim_mark_not_checkable,
    claim_start_research,
    claim_update,
    evidence_add,
    evidence_remove,
)
from config.exceptions import StaleEdit, WorkflowConflict
from config.roles import is_editor, is_staff_member
from reviews.forms import ReviewForm
from reviews.permissions import user_can_submit_review
from reviews.selectors import (
    current_round_summaries,
    decisions_for,
    hidden_review_count,
    reviews_visible_to,
)
from reviews.selectors import (
    review_queue as review_queue_claims,
)
from reviews.services import review_submit
from reviews.workflow import WORKFLOW_ACTIONS, available_actions, claim_perform
from sources.services import source_get_or_create

# --- access and paging --------------------------------------------------------


def staff_required(view):
    """Signed in (else to the login page) and on the desk (else 403)."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_staff_member(request.user):
            raise PermissionDenied("Only researchers and editors may use the desk.")
        return view(request, *args, **kwargs)

    return wrapped


def editor_required(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_editor(request.user):
            raise PermissionDenied("Only editors may open this page.")
        return view(request, *args, **kwargs)

    return wrapped


@dataclass
class PeekPage:
    """One page of rows, found by fetching one row more than shown (no COUNT)."""

    object_list: list
    number: int
    size: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.size + len(self.object_list)

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1


def _int_param(params, name: str, default: int, *, low: int, high: int) -> int:
    try:
        value = int(params.get(name, default))
    except (TypeError, ValueError):
        return default
    return min(max(value, low), high)


def peek_paginate(queryset, params, *, page_param: str = "page") -> PeekPage:
    size = _int_param(
        params,
        "size",
        settings.LIST_PAGE_SIZE,
        low=1,
        high=settings.LIST_MAX_PAGE_SIZE,
    )
    number = _int_param(params, page_param, 1, low=1, high=1_000_000)
    offset = (number - 1) * size
    rows = list(queryset[offset : offset + size + 1])
    return PeekPage(rows[:size], number, size, len(rows) > size)


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def _apply_errors(form, exc: ValidationError, rename: dict | None = None) -> None:
    """Put a service's ValidationError on the form, field by field where it can."""
    rename = rename or {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            field = rename.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# --- dashboard ------------------------------------------------------------------


@require_GET
@staff_required
def dashboard(request):
    user = request.user
    by_status = selectors.claim_counts_by_status(user=user)
    by_verdict = selectors.claim_counts_by_verdict(user=user)
    my_work = list(selectors.claims_assigned_open(user=user)[:10])
    waiting = list(review_queue_claims(user=user)[:10])
    summaries = current_round_summaries(waiting)
    for claim in waiting:
        claim.round_summary = summaries[claim.pk]
    return render(
        request,
        "claims/dashboard.html",
        {
            "statuses": [
                (s, label, by_status.get(s, 0)) for s, label in ClaimStatus.choices
            ],
            "total": sum(by_status.values()),
            "verdicts": [
                (v, label, by_verdict.get(v, 0)) for v, label in Verdict.choices
            ],
            "status_choices": ClaimStatus.choices,
            "reports": selectors.report_status_counts(user=user),
            "sections": selectors.section_status_counts(user=user),
            "my_work": my_work,
            "waiting": waiting,
        },
    )


# --- claim list and bulk actions ---------------------------------------------------


_MORE_FILTERS = (
    "verdict",
    "kind",
    "report",
    "section",
    "assignee",
    "unassigned",
    "min_checkworthiness",
    "has_evidence",
)


@require_GET
@staff_required
def claim_list(request):
    filterset = ClaimFilterSet(
        request.GET or None,
        queryset=selectors.claim_rows(user=request.user),
        request=request,
    )
    page = peek_paginate(filterset.qs, request.GET)
    editor = is_editor(request.user)
    return render(
        request,
        "claims/claim_list.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "page": page,
            "claims": page.object_list,
            "bulk_form": BulkActionForm() if editor else None,
            "filtered": bool(request.GET.dict().keys() - {"page", "size", "sort"}),
            "more_filters_used": any(request.GET.get(name) for name in _MORE_FILTERS),
        },
    )


@require_POST
@editor_required
def claim_bulk(request):
    """Assign or mark not checkable many claims: one service call (and event) each."""
    back = _safe_next(request, reverse("claims:claim_list"))
    form = BulkActionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return HttpResponseRedirect(back)
    action = form.cleaned_data["action"]
    assignee = form.cleaned_data.get("assignee")
    reason = form.cleaned_data.get("reason", "")
    done, failures = [], []
    claims = Claim.objects.in_bulk(form.cleaned_data["claims"])
    for pk in form.cleaned_data["claims"]:
        claim = claims.get(pk)
        if claim is None:
            failures.append(f"Claim #{pk}: no such claim.")
            continue
        try:
            if action == BulkActionForm.ASSIGN:
                if claim.status == ClaimStatus.NEW:
                    claim_start_research(
                        claim=claim, actor=request.user, assignee=assignee
                    )
                else:
                    claim_assign(claim=claim, actor=request.user, assignee=assignee)
            else:
                claim_mark_not_checkable(claim=claim, actor=request.user, reason=reason)
        except (WorkflowConflict, StaleEdit, ValidationError, PermissionDenied) as exc:
            failures.append(f"Claim #{pk}: {_error_text(exc)}")
        else:
            done.append(pk)
    if done:
        what = (
            f"assigned to {assignee.get_full_name() or assignee.get_username()}"
            if action == BulkActionForm.ASSIGN
            else "marked not checkable"
        )
        ids = ", ".join(f"#{pk}" for pk in done)
        messages.success(request, f"{len(done)} claim(s) {what}: {ids}.")
    for failure in failures:
        messages.error(request, failure)
    return HttpResponseRedirect(back)


# --- the claim page ----------------------------------------------------------------


def _load_claim(request, pk: int) -> Claim:
    try:
        return selectors.claim_detail(user=request.user, pk=pk)
    except Claim.DoesNotExist as exc:
        raise Http404("No such claim.") from exc


def _timeline(claim: Claim) -> list:
    events = list(audit_timeline_for(claim))
    user_ids = set()
    for event in events:
        change = event.changes.get("assignee_id")
        if isinstance(change, dict):
            user_ids |= {v for v in (change.get("old"), change.get("new")) if v}
    names = {
        user.pk: user.get_username()
        for user in get_user_model().objects.filter(pk__in=user_ids)
    }
    labels = {
        "status": dict(ClaimStatus.choices),
        "verdict": dict(Verdict.choices),
        "kind": dict(ClaimKind.choices),
    }
    for event in events:
        rows = []
        for field, change in event.changes.items():
            if not isinstance(change, dict):
                continue
            old, new = change.get("old"), change.get("new")
            if field == "assignee_id":
                field, old, new = "assignee", names.get(old, old), names.get(new, new)
            elif field in labels:
                old, new = labels[field].get(old, old), labels[field].get(new, new)
            rows.append({"field": field.replace("_", " "), "old": old, "new": new})
        event.change_rows = rows
    return events


def _claim_page(request, claim: Claim, *, status: int = 200, **overrides):
    user = request.user
    evidence = claim.current_evidence
    for item in evidence:
        item.can_remove = user_can_remove_evidence(user, item)
    appearances = []
    for appearance in claim.appearances.all():
        appearance.context = quote_in_context(
            appearance.report.text, appearance.start, appearance.end
        )
        appearances.append(appearance)
    reviews = list(reviews_visible_to(user=user, claim=claim))
    own_review = any(
        r.reviewer_id == user.pk and r.round == claim.review_round for r in reviews
    )
    can_edit = user_can_edit_claim(user, claim)
    edit_form = overrides.pop("edit_form", None)
    if edit_form is None and can_edit:
        edit_form = ClaimEditForm(
            initial={
                "text": claim.text,
                "topic": claim.topic,
                "kind": claim.kind,
                "expected_version": claim.version,
            }
        )
    can_add_evidence = user_can_add_evidence(user, claim)
    can_review = user_can_submit_review(user, claim) and not own_review
    context = {
        "claim": claim,
        "appearances": appearances,
        "evidence": evidence,
        "reviews": reviews,
        "hidden_reviews": hidden_review_count(user=user, claim=claim),
        "decisions": list(decisions_for(claim=claim)),
        "actions": available_actions(claim, user),
        "assignees": (
            list(WorkflowActionForm().fields["assignee"].queryset)
            if is_editor(user) and claim.status == ClaimStatus.NEW
            else []
        ),
        "can_edit": can_edit,
        "edit_form": edit_form,
        "evidence_form": (
            overrides.pop("evidence_form", None) or EvidenceForm()
            if can_add_evidence
            else None
        ),
        "review_form": (
            overrides.pop("review_form", None) or ReviewForm(evidence=evidence)
            if can_review
            else None
        ),
        "own_review": own_review,
        "timeline": _timeline(claim),
        "action_error": None,
        **overrides,
    }
    return render(request, "claims/claim_detail.html", context, status=status)


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
        messages.error(request, "The claim was not saved: correct the form.")
        return _claim_page(request, claim, status=400, edit_form=form, edit_open=True)
    data = form.cleaned_data
    try:
        claim_update(
            claim=claim,
            actor=request.user,
            expected_version=data["expected_version"],
            changes={
                "text": data["text"],
                "topic": data["topic"],
                "kind": data["kind"],
            },
        )
    except StaleEdit:
        current = _load_claim(request, pk)
        typed = request.POST.copy()
        # Saving again now means "I have seen their version and mine replaces it".
        typed["expected_version"] = str(current.version)
        messages.warning(
            request,
            "Someone else changed this claim while you were editing. Their version is "
            "shown above; your text is kept in the form. Save again to replace theirs.",
        )
        return _claim_page(
            request,
            current,
            status=412,
            edit_form=ClaimEditForm(typed),
            edit_open=True,
            stale_edit=True,
        )
    except ValidationError as exc:
        _apply_errors(form, exc)
        messages.error(request, "The claim was not saved: correct the form.")
        return _claim_page(request, claim, status=400, edit_form=form, edit_open=True)
    messages.success(request, "Claim saved.")
    return redirect("claims:claim_detail", pk=pk)


@require_POST
@staff_required
def claim_action(request, pk: int):
    """Run one workflow action (start research, submit, approve, return, reopen…)."""
    claim = _load_claim(request, pk)
    form = WorkflowActionForm(request.POST)
    name = request.POST.get("action", "")
    if name not in WORKFLOW_ACTIONS or not form.is_valid():
        messages.error(request, "That action could not be read; please try again.")
        return _claim_page(request, claim, status=400)
    action = WORKFLOW_ACTIONS[name]
    data = form.cleaned_data
    typed = {"name": name, "text": data.get("text", "")}
    try:
        updated = claim_perform(
            name,
            claim=claim,
            actor=request.user,
            text=data.get("text", ""),
            assignee=data.get("assignee"),
            expected_version=data["expected_version"],
        )
    except WorkflowConflict as exc:
        messages.error(request, f"{action.label}: {exc}")
        return _claim_page(
            request, _load_claim(request, pk), status=409, action_error=typed
        )
    except StaleEdit:
        messages.warning(
            request,
            f"{action.label}: the claim changed since you opened it. Check its current "
            "state below and try again.",
        )
        return _claim_page(
            request, _load_claim(request, pk), status=412, action_error=typed
        )
    except ValidationError as exc:
        messages.error(request, f"{action.label}: {_error_text(exc)}")
        typed["errors"] = exc.messages
        return _claim_page(request, claim, status=400, action_error=typed)
    messages.success(
        request,
        f"{action.label}: done. The claim is now "
        f"{updated.get_status_display().lower()}.",
    )
    return redirect("claims:claim_detail", pk=pk)


@require_POST
@staff_required
def claim_evidence_add(request, pk: int):
    claim = _load_claim(request, pk)
    form = EvidenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The evidence was not added: correct the form.")
        return _claim_page(request, claim, status=400, evidence_form=form)
    data = form.cleaned_data
    try:
        source = data["source"]
        if source is None:
            source, created = source_get_or_create(
                actor=request.user,
                url=data["new_url"],
                title=data["new_title"],
                publisher=data["new_publisher"],
                kind=data["new_kind"],
            )
            if created:
                messages.info(request, f"New source added to the library: {source}.")
        evidence_add(
            claim=claim,
            actor=request.user,
            source=source,
            stance=data["stance"],
            excerpt=data["excerpt"],
            locator=data["locator"],
        )
    except ValidationError as exc:
        _apply_errors(form, exc, rename={"url": "new_url", "title": "new_title"})
        messages.error(request, "The evidence was not added: correct the form.")
        return _claim_page(request, claim, status=400, evidence_form=form)
    except WorkflowConflict as exc:
        messages.error(request, str(exc))
        return _claim_page(request, claim, status=409, evidence_form=form)
    messages.success(request, f"Evidence from {source} added.")
    return redirect(reverse("claims:claim_detail", args=[pk]) + "#evidence")


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
    messages.success(request, f"Evidence from {evidence.source} removed.")
    return redirect(reverse("claims:claim_detail", args=[pk]) + "#evidence")


@require_POST
@staff_required
def claim_review_submit(request, pk: int):
    claim = _load_claim(request, pk)
    form = ReviewForm(request.POST, evidence=claim.current_evidence)
    if not form.is_valid():
        messages.error(request, "The review was not submitted: correct the form.")
        return _claim_page(request, claim, status=400, review_form=form)
    data = form.cleaned_data
    try:
        review_submit(
            claim=claim,
            actor=request.user,
            rating=data["rating"],
            rationale=data["rationale"],
            confidence=data["confidence"],
            cited_evidence_ids=data["cited_evidence"],
        )
    except ValidationError as exc:
        _apply_errors(form, exc)
        messages.error(request, "The review was not submitted: correct the form.")
        return _claim_page(request, claim, status=400, review_form=form)
    except WorkflowConflict as exc:
        messages.error(request, str(exc))
        return _claim_page(request, claim, status=409, review_form=form)
    messages.success(request, "Your review was submitted.")
    return redirect(reverse("claims:claim_detail", args=[pk]) + "#reviews")


# --- queues ------------------------------------------------------------------------


@require_GET
@staff_required
def my_queue(request):
    page = peek_paginate(selectors.queue_available(user=request.user), request.GET)
    return render(
        request,
        "claims/my_queue.html",
        {
            "assigned": list(selectors.queue_assigned(user=request.user)[:200]),
            "page": page,
            "available": page.object_list,
        },
    )


@require_GET
@editor_required
def review_queue(request):
    page = peek_paginate(review_queue_claims(user=request.user), request.GET)
    summaries = current_round_summaries(page.object_list)
    for claim in page.object_list:
        claim.round_summary = summaries[claim.pk]
    return render(
        request,
        "reviews/review_queue.html",
        {"page": page, "claims": page.object_list},
    )


# --- reports -------------------------------------------------------------------------


@require_GET
@staff_required
def report_list(request):
    page = peek_paginate(
        selectors.report_with_claim_counts(user=request.user), request.GET
    )
    return render(
        request,
        "claims/report_list.html",
        {
            "page": page,
            "reports": page.object_list,
            "can_import": user_can_import_report(request.user),
        },
    )


@require_GET
@staff_required
def report_detail(request, pk: int):
    try:
        report, appearances = selectors.report_reader(user=request.user, pk=pk)
    except Report.DoesNotExist as exc:
        raise Http404("No such report.") from exc
    rendered = render_report(
        report.text,
        appearances,
        claim_url=lambda claim_id: reverse("claims:claim_detail", args=[claim_id]),
    )
    shown = {a.claim.status for a in appearances}
    verdicts = {
        a.claim.verdict
        for a in appearances
        if a.claim.status == ClaimStatus.PUBLISHED and a.claim.verdict
    }
    return render(
        request,
        "claims/report_detail.html",
        {
            "report": report,
            "rendered": rendered,
            "appearance_count": len(appearances),
            "claim_count": len({a.claim_id for a in appearances}),
            "legend_statuses": [
                (s, label)
                for s, label in ClaimStatus.choices
                if s != ClaimStatus.PUBLISHED
            ],
            "legend_verdicts": Verdict.choices,
            "statuses_shown": shown,
            "verdicts_shown": verdicts,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def report_import(request):
    if not user_can_import_report(request.user):
        raise PermissionDenied("Only editors may import reports.")
    form = ReportImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # Imported here so that the page loads while the importer is being built.
        from claims.services import report_import as import_report

        data = form.cleaned_data
        try:
            result = import_report(
                actor=request.user,
                text=data["content"],
                title=data["title"],
                publisher=data["publisher"],
                url=data["url"],
                published_on=data["published_on"],
                filename=data["filename"],
            )
        except ValidationError as exc:  # ReportImportError is a ValidationError
            _apply_errors(form, exc)
            messages.error(request, "The report was not imported.")
        else:
            report = result.report
            if result.created:
                messages.success(
                    request,
                    f"Imported “{report}”: {result.claims_created} new claim(s), "
                    f"{result.appearances_added} appearance(s), "
                    f"{result.near_duplicates_flagged} near duplicate(s) flagged.",
                )
            else:
                messages.info(
                    request,
                    f"“{report}” was imported before; nothing new was created.",
                )
            return redirect("claims:report_detail", pk=report.pk)
    elif request.method == "POST":
        messages.error(request, "The report was not imported: correct the form.")
    status = 400 if request.method == "POST" else 200
    return render(request, "claims/report_import.html", {"form": form}, status=status)

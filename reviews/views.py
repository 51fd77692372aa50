"""Pages of reviews: the desk's claim page, dashboard and review queue; public verdicts.

The claim page lives here, not in claims/, because it shows reviews and runs the
workflow (dependencies point reviews -> claims).
"""

import csv

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.views.decorators.cache import cache_control
from django.views.decorators.http import (
    require_GET,
    require_POST,
    require_safe,
)

from audit.selectors import audit_timeline_for
from claims import selectors
from claims.forms import (
    ClaimEditForm,
    EvidenceForm,
    EvidenceRemoveForm,
    WorkflowActionForm,
)
from claims.models import Claim, ClaimKind, ClaimStatus, Evidence, Verdict
from claims.permissions import (
    user_can_add_evidence,
    user_can_edit_claim,
    user_can_remove_evidence,
)
from claims.reader import quote_in_context
from claims.services import (
    claim_update,
    evidence_add,
    evidence_remove,
)
from claims.views import (
    _apply_errors,
    _error_text,
    editor_required,
    peek_paginate,
    staff_required,
)
from config.csv_export import Echo, csv_cell
from config.exceptions import StaleEdit, WorkflowConflict
from config.roles import is_editor
from reviews.claimreview import (
    claimreview,
    claimreview_feed,
    correction_text,
    jsonld_script,
    to_json,
    verdict_url,
)
from reviews.forms import ReviewForm
from reviews.permissions import user_can_submit_review
from reviews.publication import (
    PublicVerdict,
    public_claims,
    public_verdict,
    public_verdicts,
)
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

PAGE_SIZE = 50
_PUBLIC = cache_control(public=True, max_age=60)


@require_safe
@_PUBLIC
def verdict_list(request):
    paginator = Paginator(public_claims().only("pk"), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    ids = [claim.pk for claim in page.object_list]
    verdicts = public_verdicts(public_claims().filter(pk__in=ids))
    return render(
        request,
        "reviews/public/verdict_list.html",
        {"page": page, "verdicts": verdicts},
    )


@require_safe
@_PUBLIC
def verdict_detail(request, pk: int):
    verdict = public_verdict(pk)
    return render(
        request,
        "reviews/public/verdict_detail.html",
        {
            "verdict": verdict,
            "corrections": [(d, correction_text(d)) for d in verdict.corrections],
            "jsonld": jsonld_script(claimreview(verdict)),
            "canonical_url": verdict_url(verdict.pk),
        },
    )


@require_safe
@_PUBLIC
def verdict_feed(request):
    return HttpResponse(
        to_json(claimreview_feed(public_verdicts())),
        content_type="application/ld+json; charset=utf-8",
    )


EXPORT_COLUMNS = [
    "id",
    "url",
    "claim",
    "topic",
    "kind",
    "verdict",
    "verdict_label",
    "rating_value",
    "first_published_at",
    "published_at",
    "under_correction",
    "corrections",
    "rationale",
    "reports",
    "evidence_urls",
]


def export_row(verdict: PublicVerdict) -> dict:
    claim = verdict.claim
    return {
        "id": claim.pk,
        "url": verdict_url(claim.pk),
        "claim": claim.text,
        "topic": claim.topic,
        "kind": claim.kind,
        "verdict": claim.verdict,
        "verdict_label": verdict.verdict_label,
        "rating_value": verdict.rating_value,
        "first_published_at": claim.first_published_at.isoformat(),
        "published_at": claim.published_at.isoformat() if claim.published_at else None,
        "under_correction": verdict.under_correction,
        "corrections": len(verdict.corrections),
        "rationale": verdict.rationale,
        "reports": [
            {"title": r.title, "publisher": r.publisher, "url": r.url}
            for r in verdict.reports
        ],
        "evidence_urls": [e.source.url for e in verdict.evidence],
    }


def _csv_value(value) -> str:
    if isinstance(value, list):
        value = " | ".join(v["title"] if isinstance(v, dict) else str(v) for v in value)
    return csv_cell(value)


def _export_chunks(chunk: int = 500):
    """Published verdicts in id order, a few hundred at a time."""
    ids = list(public_claims().order_by("id").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        batch = public_claims().filter(pk__in=ids[start : start + chunk]).order_by("id")
        yield from public_verdicts(batch)


@require_safe
@_PUBLIC
def verdict_export_csv(request):
    writer = csv.writer(Echo())

    def rows():
        yield writer.writerow(EXPORT_COLUMNS)
        for verdict in _export_chunks():
            row = export_row(verdict)
            yield writer.writerow([_csv_value(row[c]) for c in EXPORT_COLUMNS])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="claimtrail-verdicts.csv"'
    return response


@require_safe
@_PUBLIC
def verdict_export_json(request):
    rows = [export_row(v) for v in _export_chunks()]
    body = {
        "generated_at": timezone.now().isoformat(),
        "count": len(rows),
        "verdicts": rows,
    }
    response = HttpResponse(to_json(body), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="claimtrail-verdicts.json"'
    return response


# --- dashboard ------------------------------------------------------------------


# The dashboard counts the most recent reports; all of them are on the reports page.
DASHBOARD_REPORTS = 20


@require_GET
@staff_required
def dashboard(request):
    user = request.user
    by_status = selectors.claim_counts_by_status(user=user)
    newest = selectors.recent_reports(user=user, limit=DASHBOARD_REPORTS + 1)
    reports = newest[:DASHBOARD_REPORTS]
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
            "reports": selectors.report_status_counts(user=user, reports=reports),
            "more_reports": len(newest) > DASHBOARD_REPORTS,
            "sections": selectors.section_status_counts(user=user, reports=reports),
            "my_work": my_work,
            "waiting": waiting,
        },
    )


# --- the claim page ----------------------------------------------------------------


def _load_claim(request, pk: int) -> Claim:
    try:
        return selectors.claim_detail(user=request.user, pk=pk)
    except Claim.DoesNotExist as exc:
        raise Http404("No such claim.") from exc


def _readable_time(value):
    moment = parse_datetime(value) if isinstance(value, str) else None
    return date_format(localtime(moment), "DATETIME_FORMAT") if moment else value


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
            elif field.endswith("_at"):
                old, new = _readable_time(old), _readable_time(new)
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
        "hidden_reviews": hidden_review_count(user=user, claim=claim, visible=reviews),
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


# --- the review queue ----------------------------------------------------------


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

"""The desk's web pages for claims and reports: claims list and export, queue, reports.

Views stay thin: they read through selectors, write through services, and turn
the services' errors into messages and status codes (409 conflict, 412 stale
edit, 400 invalid input; a PermissionDenied propagates as 403). The claim page
and the review queue, which need the reviews app, are in reviews/views.py.
"""

import csv
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims import selectors
from claims.filters import ClaimFilterSet
from claims.forms import (
    BulkActionForm,
    ReportImportForm,
)
from claims.models import Claim, ClaimStatus, Report, Verdict
from claims.pagination import MAX_ID, keyset_page
from claims.permissions import (
    user_can_import_report,
)
from claims.reader import StoredHtml, render_report
from claims.services import (
    claim_assign,
    claim_mark_not_checkable,
    claim_start_research,
)
from config.csv_export import Echo, csv_cell, utc_iso
from config.exceptions import StaleEdit, WorkflowConflict
from config.roles import is_editor, is_staff_member

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


# The list's paging, which the export (every matching claim) leaves out.
_PAGING_PARAMS = ("after", "before", "size")


@require_GET
@staff_required
def claim_list(request):
    filterset = ClaimFilterSet(
        request.GET or None,
        queryset=selectors.claim_rows(user=request.user),
        request=request,
    )
    export_query = request.GET.copy()
    for name in _PAGING_PARAMS:
        export_query.pop(name, None)
    page = keyset_page(
        filterset.qs,
        after=_int_param(request.GET, "after", 0, low=0, high=MAX_ID),
        before=_int_param(request.GET, "before", 0, low=0, high=MAX_ID),
        size=_int_param(
            request.GET,
            "size",
            settings.LIST_PAGE_SIZE,
            low=1,
            high=settings.LIST_MAX_PAGE_SIZE,
        ),
    )
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
            "filtered": bool(
                request.GET.dict().keys() - {"after", "before", "size", "sort"}
            ),
            "more_filters_used": any(request.GET.get(name) for name in _MORE_FILTERS),
            # An invalid filter is ignored by the list but refused by the export.
            "export_url": (
                reverse("claims:export_csv")
                + (f"?{export_query.urlencode()}" if export_query else "")
                if not filterset.is_bound or filterset.is_valid()
                else None
            ),
        },
    )


EXPORT_COLUMNS = (
    "id",
    "text",
    "kind",
    "topic",
    "status",
    "verdict",
    "checkworthiness",
    "assignee",
    "reports",
    "sections",
    "evidence_count",
    "created_at",
    "updated_at",
    "url",
)


def _export_cells(row: dict, claim_url: str) -> list:
    return [
        row["id"],
        csv_cell(row["text"]),
        row["kind"],
        csv_cell(row["topic"]),
        row["status"],
        row["verdict"],
        row["checkworthiness"],
        csv_cell(row["assignee__username"]),
        csv_cell("; ".join(row["reports"])),
        csv_cell("; ".join(row["sections"])),
        row["evidence_count"],
        utc_iso(row["created_at"]),
        utc_iso(row["updated_at"]),
        claim_url,
    ]


@require_GET
@staff_required
def claim_export_csv(request):
    """Every claim the list shows for these filters, in its sort, streamed as CSV.

    Not recorded in the audit trail: reads are not, nor are the other exports.
    """
    filterset = ClaimFilterSet(
        request.GET, queryset=selectors.claim_list(user=request.user), request=request
    )
    if not filterset.is_valid():
        return HttpResponse(
            "Invalid filter: " + filterset.errors.as_text(),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    # Reversed once: reversing the claim page for each of 100,000 rows takes seconds.
    head, _, tail = request.build_absolute_uri(
        reverse("claims:claim_detail", args=[0])
    ).rpartition("/0/")
    writer = csv.writer(Echo())

    def lines():
        yield writer.writerow(EXPORT_COLUMNS)
        for row in selectors.claim_export_rows(filterset.qs):
            url = f"{head}/{row['id']}/{tail}"
            yield writer.writerow(_export_cells(row, url))

    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="claimtrail-claims-{stamp}.csv"'
    )
    response["Cache-Control"] = "no-store"
    return response


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
        stored=StoredHtml(key=report.html_key, html=report.html),
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

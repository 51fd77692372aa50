"""The claims list, its CSV export and the editors' bulk actions."""

import csv

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from claims import selectors
from claims.filters import ClaimFilterSet
from claims.services.bulk import claim_bulk_assign, claim_bulk_mark_not_checkable
from config.csv_export import Echo, csv_cell, utc_iso
from config.roles import is_editor
from desk.forms.claims import BulkActionForm
from desk.http import editor_required, error_text, safe_next, staff_required
from desk.paging import paginate, without_paging

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
    # The export is every matching claim: the list's paging is left out.
    export_query = without_paging(request.GET)
    page = paginate(filterset.qs, request.GET)
    editor = is_editor(request.user)
    return render(
        request,
        "desk/claim_list.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "page": page,
            "claims": page.object_list,
            "bulk_form": BulkActionForm() if editor else None,
            "filtered": bool(export_query.dict().keys() - {"sort"}),
            "more_filters_used": any(request.GET.get(name) for name in _MORE_FILTERS),
            # An invalid filter is ignored by the list but refused by the export.
            "export_url": (
                reverse("desk:export_csv")
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
        reverse("desk:claim_detail", args=[0])
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
    back = safe_next(request, reverse("desk:claim_list"))
    form = BulkActionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return HttpResponseRedirect(back)
    action = form.cleaned_data["action"]
    assignee = form.cleaned_data.get("assignee")
    if action == BulkActionForm.ASSIGN:
        outcomes = claim_bulk_assign(
            actor=request.user, claims=form.cleaned_data["claims"], assignee=assignee
        )
    else:
        outcomes = claim_bulk_mark_not_checkable(
            actor=request.user,
            claims=form.cleaned_data["claims"],
            reason=form.cleaned_data.get("reason", ""),
        )
    done = [outcome.claim_id for outcome in outcomes if outcome.done]
    failures = [
        f"Claim #{outcome.claim_id}: {error_text(outcome.error)}"
        for outcome in outcomes
        if not outcome.done
    ]
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

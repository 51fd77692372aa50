"""The claims list, its CSV export and the editors' bulk actions."""

import csv

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from claims import selectors
from claims.filters import ClaimFilterSet
from claims.services.bulk import claim_bulk_assign, claim_bulk_mark_not_checkable
from collab.models import SavedSearch
from collab.permissions import user_can_delete_saved_search
from collab.selectors import saved_searches_for
from collab.services.saved_searches import (
    clean_query,
    saved_search_create,
    saved_search_delete,
)
from config.counting import page_count
from config.csv_export import Echo, csv_cell, utc_iso
from config.roles import is_editor
from desk.forms.claims import BulkActionForm, SavedSearchForm
from desk.http import editor_required, error_text, safe_next, staff_required
from desk.lists import is_filtered, parameter_problems, sort_headers
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


# Sortable column headers: the column, its first sort when clicked, the other way.
SORTABLE_COLUMNS = {
    "id": ("id", "-id"),
    "status": ("status", None),
    "score": ("-score", "score"),
    "due": ("due", None),
}
_BULK_RETRY = "claim_bulk_retry"


def saved_search_rows(user) -> list:
    """The user's saved searches of the claims list (then those shared with the
    desk), each with its address and how many claims it finds now."""
    searches = saved_searches_for(user=user, list_name="claims")
    for saved in searches:
        filterset = ClaimFilterSet(
            QueryDict(saved.query),
            queryset=selectors.claim_rows(user=user),
            request=None,
        )
        saved.url = reverse("desk:claim_list") + (
            f"?{saved.query}" if saved.query else ""
        )
        saved.count = selectors.claim_list_count(user=user, filterset=filterset)
        saved.can_delete = user_can_delete_saved_search(user, saved)
    return searches


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
    # What a refused bulk action had ticked and chosen, to offer it again.
    retry = request.session.pop(_BULK_RETRY, None) if editor else None
    return render(
        request,
        "desk/claim_list.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "page": page,
            "claims": page.object_list,
            "bulk_form": BulkActionForm() if editor else None,
            "bulk_retry": retry or {},
            "bulk_selected": set((retry or {}).get("claims", ())),
            "count": page_count(
                page,
                lambda: selectors.claim_list_count(
                    user=request.user, filterset=filterset
                ),
            ),
            "sort_headers": sort_headers(request.GET, filterset, SORTABLE_COLUMNS),
            "problems": parameter_problems(request.GET, filterset),
            "saved_searches": saved_search_rows(request.user),
            "save_form": SavedSearchForm(
                initial={"query": clean_query(request.GET.urlencode())}
            ),
            "filtered": is_filtered(request.GET),
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
        _offer_again(request, request.POST.getlist("claims"))
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
        _("Claim #%(number)s: %(error)s")
        % {"number": outcome.claim_id, "error": error_text(outcome.error)}
        for outcome in outcomes
        if not outcome.done
    ]
    if done:
        ids = ", ".join(f"#{pk}" for pk in done)
        if action == BulkActionForm.ASSIGN:
            done_text = ngettext(
                "%(count)d claim assigned to %(name)s: %(ids)s.",
                "%(count)d claims assigned to %(name)s: %(ids)s.",
                len(done),
            ) % {
                "count": len(done),
                "name": assignee.get_full_name() or assignee.get_username(),
                "ids": ids,
            }
        else:
            done_text = ngettext(
                "%(count)d claim marked not checkable: %(ids)s.",
                "%(count)d claims marked not checkable: %(ids)s.",
                len(done),
            ) % {
                "count": len(done),
                "ids": ids,
            }
        messages.success(request, done_text)
    for failure in failures:
        messages.error(request, failure)
    if failures:
        _offer_again(
            request,
            [outcome.claim_id for outcome in outcomes if not outcome.done],
        )
    return HttpResponseRedirect(back)


def _offer_again(request, claim_ids) -> None:
    """Keep what a refused bulk action had ticked and chosen for the list to show."""
    request.session[_BULK_RETRY] = {
        "claims": [int(pk) for pk in claim_ids if str(pk).isdigit()][
            : settings.LIST_MAX_PAGE_SIZE
        ],
        "action": request.POST.get("action", ""),
        "assignee": request.POST.get("assignee", ""),
        "reason": request.POST.get("reason", "")[:2000],
    }


@require_POST
@staff_required
def claim_search_save(request):
    """Save the list's current filters under a name (shared with the desk or not)."""
    form = SavedSearchForm(request.POST)
    query = request.POST.get("query", "")
    back = reverse("desk:claim_list") + (f"?{query}" if query else "")
    if not form.is_valid():
        messages.error(request, _("The search was not saved: give it a name."))
        return HttpResponseRedirect(back)
    try:
        saved = saved_search_create(
            actor=request.user,
            name=form.cleaned_data["name"],
            query=form.cleaned_data["query"],
            shared=form.cleaned_data["shared"],
        )
    except ValidationError as exc:
        messages.error(
            request,
            _("The search was not saved: %(error)s") % {"error": error_text(exc)},
        )
        return HttpResponseRedirect(back)
    messages.success(
        request,
        (
            _("Search “%(name)s” saved, shared with the desk.")
            if saved.shared
            else _("Search “%(name)s” saved.")
        )
        % {"name": saved.name},
    )
    return HttpResponseRedirect(back)


@require_POST
@staff_required
def claim_search_delete(request, pk: int):
    saved = SavedSearch.objects.filter(pk=pk).first()
    if saved is None:
        raise Http404("No such saved search.")
    saved_search_delete(saved=saved, actor=request.user)
    messages.success(
        request, _("Saved search “%(name)s” deleted.") % {"name": saved.name}
    )
    return HttpResponseRedirect(safe_next(request, reverse("desk:claim_list")))


# --- queues ------------------------------------------------------------------------

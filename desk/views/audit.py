"""The audit trail's pages: the global log, per claim, per user, and CSV export.

The table grows to millions of rows, so pages are the desk's keyset pages with
rows named by ``seq`` (``?before=`` / ``?after=``), the whole trail's total is read from the ends of its
chain (a filtered log is counted as the other lists are), and the export streams.
Every event is shown through ``audit.registry.format_events`` for the viewer, the
same words as on the claim timeline, in the API and the admin.
"""

import csv
import json
from collections.abc import Iterable, Iterator
from itertools import islice
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from audit.models import AuditEvent
from audit.permissions import user_can_view_audit_log
from audit.registry import HIDDEN_DATA, format_events, subject_url
from audit.selectors import audit_event_count, audit_events
from config.counting import page_count
from config.csv_export import Echo, csv_cell
from desk.forms.audit import CLAIM, DeskAuditFilterSet
from desk.paging import PAGE_SIZE_PARAMS, paginate, without_paging

EXPORT_CHUNK = 2000


def _require_reader(request: HttpRequest) -> None:
    if not user_can_view_audit_log(request.user):
        raise PermissionDenied(gettext("Only desk staff may read the audit trail."))


def _label_from_trail(label: str, pk: str) -> str:
    """The record's most recent label as the trail copied it."""
    return (
        AuditEvent.objects.filter(subject_type=label, subject_id=pk)
        .order_by("-seq")
        .values_list("subject_label", flat=True)
        .first()
        or ""
    )


def _render_log(
    request: HttpRequest,
    *,
    fixed: dict[str, str],
    heading: str,
    subheading: str = "",
    record_url: str | None = None,
) -> HttpResponse:
    data = request.GET.copy()
    for name, value in fixed.items():
        data[name] = value
    filterset = DeskAuditFilterSet(data, queryset=audit_events(select_actor=False))
    valid = filterset.is_valid()
    page = paginate(
        filterset.qs if valid else AuditEvent.objects.none(), request.GET, key="seq"
    )
    page.object_list = format_events(page.object_list, viewer=request.user)
    export_query = without_paging(data)
    active = {
        name: value
        for name, value in export_query.items()
        if value and name in filterset.filters and name not in fixed
    }
    count = page_count(
        page,
        lambda: audit_event_count(filterset.qs, filtered=bool(active or fixed)),
    )
    return render(
        request,
        "desk/audit/event_list.html",
        {
            "heading": heading,
            "subheading": subheading,
            "record_url": record_url,
            "filter": filterset,
            "fixed": set(fixed),
            "page": page,
            # A size asked for (or an older name's) is kept when filtering.
            "page_size": page.size
            if any(request.GET.get(name) for name in PAGE_SIZE_PARAMS)
            else None,
            "count": count,
            "export_url": reverse("desk:audit_export")
            + (f"?{export_query.urlencode()}" if export_query else ""),
            "filtered": bool(active),
            "clear_url": request.path
            + (f"?{urlencode({'scope': fixed['scope']})}" if "scope" in fixed else ""),
        },
        status=200 if valid else 400,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def audit_log(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    scope = request.GET.get("scope", "")
    label, _, pk = scope.partition(":")
    if label and pk:
        record_label = _label_from_trail(label.lower(), pk)
        return _render_log(
            request,
            fixed={"scope": scope},
            # gettext, not _: this view names a throwaway "_" above.
            heading=gettext("History of %(record)s")
            % {"record": record_label or f"{label} #{pk}"},
            subheading=scope,
            record_url=subject_url(label.lower(), pk),
        )
    return _render_log(request, fixed={}, heading=gettext("Audit log"))


@login_required
@require_http_methods(["GET", "HEAD"])
def audit_claim(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    return _render_log(
        request,
        fixed={"claim": str(pk)},
        heading=gettext("History of claim #%(number)s") % {"number": pk},
        subheading=_label_from_trail(CLAIM, str(pk)),
        record_url=subject_url(CLAIM, str(pk)),
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def audit_user(request: HttpRequest, username: str) -> HttpResponse:
    _require_reader(request)
    user = get_object_or_404(get_user_model(), username=username)
    return _render_log(
        request,
        fixed={"actor": user.get_username()},
        heading=gettext("Everything %(user)s did") % {"user": user.get_username()},
        subheading=user.get_full_name(),
    )


EXPORT_COLUMNS = (
    "seq",
    "at",
    "actor",
    "action",
    "label",
    "message",
    "details",
    "subject_type",
    "subject_id",
    "subject_label",
    "scope_type",
    "scope_id",
    "changes",
    "comment",
    "request_id",
    "ip",
    "prev_hash",
    "hash",
)


def _blind_data(data: dict) -> dict:
    """What a hidden event's data may show: nothing that names or rates a review."""
    return {k: v for k, v in data.items() if k not in HIDDEN_DATA}


def export_rows(events: Iterable[AuditEvent], *, viewer) -> Iterator[list[str]]:
    yield list(EXPORT_COLUMNS)
    events = iter(events)
    while batch := list(islice(events, EXPORT_CHUNK)):
        for shown in format_events(batch, viewer=viewer):
            event = shown.event
            data = event.data if isinstance(event.data, dict) else {}
            yield [
                str(event.seq),
                event.at.isoformat(),
                csv_cell(event.actor_display),
                event.action,
                csv_cell(shown.label),
                csv_cell(shown.message),
                csv_cell(shown.changes_text),
                event.subject_type,
                event.subject_id,
                csv_cell(shown.subject_text if shown.hidden else event.subject_label),
                event.scope_type,
                event.scope_id,
                csv_cell(
                    json.dumps(
                        _blind_data(data) if shown.hidden else event.data,
                        ensure_ascii=False,
                        sort_keys=True,
                    )
                ),
                csv_cell(event.comment),
                event.request_id,
                event.ip or "",
                event.prev_hash,
                event.hash,
            ]


@login_required
@require_http_methods(["GET", "HEAD"])
def audit_export(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    filterset = DeskAuditFilterSet(
        request.GET, queryset=audit_events(select_actor=False)
    )
    if not filterset.is_valid():
        return HttpResponse(
            "Invalid filter: " + filterset.errors.as_text(),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    events = filterset.qs.order_by("seq").iterator(chunk_size=EXPORT_CHUNK)
    writer = csv.writer(Echo())
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in export_rows(events, viewer=request.user)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="claimtrail-audit-{stamp}.csv"'
    )
    response["Cache-Control"] = "no-store"
    return response

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
from dataclasses import dataclass
from itertools import islice
from urllib.parse import quote, urlencode

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from audit.models import AuditEvent
from audit.permissions import user_can_view_audit_log
from audit.registry import (
    HIDDEN_DATA,
    Change,
    Shown,
    day_text,
    format_events,
    subject_url,
)
from audit.selectors import audit_event_count, audit_events
from config.counting import page_count
from config.csv_export import Echo, csv_cell
from desk.forms.audit import CLAIM, DeskAuditFilterSet
from desk.paging import PAGE_SIZE_PARAMS, paginate, without_paging

EXPORT_CHUNK = 2000


def _require_reader(request: HttpRequest) -> None:
    if not user_can_view_audit_log(request.user):
        raise PermissionDenied(gettext("Only desk staff may read the audit trail."))


@dataclass
class LogRow:
    """One row of the log as the page prints it, each value worked out once here
    (a row's template lookups, date filters, URL reversing and translations were
    most of the page's time)."""

    seq: int
    at_iso: str
    at_day: str
    at_time: str
    actor: str
    actor_url: str | None
    action: str
    label: str
    message: str
    changes: list[Change]
    comment: str
    subject_type: str
    subject_id: str
    subject_text: str
    subject_url: str | None
    scope_url: str | None
    scope_text: str
    request_id: str
    request_url: str


def _path_with(route: str, value: str) -> str:
    """``reverse(route, args=[value])`` for a ``<str:…>`` route, by one reverse
    per page: the same quoting as ``reverse``."""
    marker = "ARG"
    prefix, _, suffix = reverse(route, args=[marker]).rpartition(marker)
    return prefix + "{}" + suffix


def log_rows(shown: list[Shown]) -> list[LogRow]:
    """The log's rows from ``format_events``: dates, links and words per row."""
    log_url = reverse("desk:audit_log")
    user_url = _path_with("desk:audit_user", "")
    rows, days = [], {}
    for row in shown:
        event = row.event
        # The day as every audit surface writes it (audit.registry.day_text),
        # worked out once per day on the page; the time to the second.
        at = timezone.localtime(event.at)
        day = days.get(at.date()) or days.setdefault(at.date(), day_text(at))
        other_scope = row.other_scope
        rows.append(
            LogRow(
                seq=event.seq,
                at_iso=at.isoformat(),
                at_day=day,
                at_time=f"{at:%H:%M:%S}",
                actor=event.actor_label if event.actor_id else event.actor_display,
                actor_url=user_url.format(
                    quote(event.actor_label, safe=RFC3986_SUBDELIMS + "/~:@")
                )
                if event.actor_id
                else None,
                action=event.action,
                label=row.label,
                message=row.message,
                changes=row.changes,
                comment=event.comment,
                subject_type=event.subject_type,
                subject_id=event.subject_id,
                subject_text=row.subject_text,
                subject_url=row.subject_url,
                scope_url=f"{log_url}?scope={quote(event.scope_type)}:"
                f"{quote(event.scope_id)}"
                if other_scope
                else None,
                scope_text=f"{event.scope_type} #{event.scope_id}",
                request_id=event.request_id,
                request_url=f"{log_url}?request_id={quote(event.request_id)}",
            )
        )
    return rows


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
    page.object_list = log_rows(format_events(page.object_list, viewer=request.user))
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

"""Web pages of the audit trail: the global log, per claim, per user, and CSV export.

The table grows to millions of rows, so pages are keyset-paginated on ``seq``
(``?before=`` / ``?after=``), nothing is ever counted, and the export streams.
"""

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from audit.filters import CLAIM, AuditEventFilterSet
from audit.models import AuditEvent
from audit.permissions import user_can_view_audit_log
from audit.rows import Row, RowMaker
from audit.selectors import audit_events
from config.csv_export import Echo, csv_cell

PAGING_PARAMS = ("before", "after", "per_page")
EXPORT_CHUNK = 2000


@dataclass(frozen=True)
class KeysetPage:
    rows: list[Row]
    newer_seq: int | None  # ?after= for the newer page, None on the newest page
    older_seq: int | None  # ?before= for the older page, None on the oldest page


def _require_reader(request: HttpRequest) -> None:
    if not user_can_view_audit_log(request.user):
        raise PermissionDenied("Only desk staff may read the audit trail.")


def _positive_int(raw: str | None) -> int | None:
    try:
        value = int(raw or "")
    except ValueError:
        return None
    return value if value > 0 else None


def _page_size(request: HttpRequest) -> int:
    size = _positive_int(request.GET.get("per_page")) or settings.LIST_PAGE_SIZE
    return min(size, settings.LIST_MAX_PAGE_SIZE)


def keyset_page(
    queryset,
    *,
    before: int | None,
    after: int | None,
    size: int,
    make_row: Callable[[AuditEvent], Row],
) -> KeysetPage:
    """One page of events, newest first, located by seq rather than by offset."""
    if after is not None and before is None:
        chunk = list(queryset.filter(seq__gt=after).order_by("seq")[: size + 1])
        more_newer = len(chunk) > size
        events = chunk[:size][::-1]
        more_older = queryset.filter(seq__lte=after).exists()
    else:
        if before is not None:
            queryset_before = queryset.filter(seq__lt=before)
        else:
            queryset_before = queryset
        chunk = list(queryset_before.order_by("-seq")[: size + 1])
        more_older = len(chunk) > size
        events = chunk[:size]
        more_newer = before is not None and queryset.filter(seq__gte=before).exists()
    rows = [make_row(event) for event in events]
    return KeysetPage(
        rows=rows,
        newer_seq=(
            (events[0].seq if events else (after or before)) if more_newer else None
        ),
        older_seq=(
            (events[-1].seq if events else (before or after)) if more_older else None
        ),
    )


def _without(query: QueryDict, *names: str) -> QueryDict:
    query = query.copy()
    for name in names:
        query.pop(name, None)
    return query


def _label_from_trail(label: str, pk: str) -> str:
    """The record's most recent label as the trail copied it (no import of its app)."""
    return (
        AuditEvent.objects.filter(subject_type=label, subject_id=pk)
        .order_by("-seq")
        .values_list("subject_label", flat=True)
        .first()
        or ""
    )


def _detail_url(route: str, pk: Any) -> str | None:
    try:
        return reverse(route, args=[pk])
    except NoReverseMatch:
        return None


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
    filterset = AuditEventFilterSet(data, queryset=audit_events(select_actor=False))
    valid = filterset.is_valid()
    page = keyset_page(
        filterset.qs if valid else AuditEvent.objects.none(),
        before=_positive_int(request.GET.get("before")),
        after=_positive_int(request.GET.get("after")),
        size=_page_size(request),
        make_row=RowMaker().row,
    )
    base_query = _without(request.GET, "before", "after")
    export_query = _without(data, *PAGING_PARAMS)
    active = {
        name: value
        for name, value in _without(data, *PAGING_PARAMS).items()
        if value and name in filterset.filters and name not in fixed
    }
    return render(
        request,
        "audit/event_list.html",
        {
            "heading": heading,
            "subheading": subheading,
            "record_url": record_url,
            "filter": filterset,
            "fixed": set(fixed),
            "page": page,
            "base_query": base_query.urlencode(),
            "export_url": reverse("audit:event_export")
            + (f"?{export_query.urlencode()}" if export_query else ""),
            "filtered": bool(active),
            "clear_url": request.path
            + (f"?{urlencode({'scope': fixed['scope']})}" if "scope" in fixed else ""),
            "is_first_page": not request.GET.get("before")
            and not request.GET.get("after"),
        },
        status=200 if valid else 400,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def event_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    scope = request.GET.get("scope", "")
    label, _, pk = scope.partition(":")
    if label and pk:
        record_label = _label_from_trail(label.lower(), pk)
        heading = f"History of {record_label or f'{label} #{pk}'}"
        record_url = AuditEvent(scope_type=label.lower(), scope_id=pk).scope_url
        return _render_log(
            request,
            fixed={"scope": scope},
            heading=heading,
            subheading=scope,
            record_url=record_url,
        )
    return _render_log(request, fixed={}, heading="Audit log")


@login_required
@require_http_methods(["GET", "HEAD"])
def claim_events(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    label = _label_from_trail(CLAIM, str(pk))
    return _render_log(
        request,
        fixed={"claim": str(pk)},
        heading=f"History of claim #{pk}",
        subheading=label,
        record_url=_detail_url("desk:claim_detail", pk),
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def user_events(request: HttpRequest, username: str) -> HttpResponse:
    _require_reader(request)
    user = get_object_or_404(get_user_model(), username=username)
    return _render_log(
        request,
        fixed={"actor": user.get_username()},
        heading=f"Everything {user.get_username()} did",
        subheading=user.get_full_name(),
    )


EXPORT_COLUMNS = (
    "seq",
    "at",
    "actor",
    "action",
    "message",
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


def export_rows(events: Iterable[AuditEvent]) -> Iterator[list[str]]:
    yield list(EXPORT_COLUMNS)
    for event in events:
        yield [
            str(event.seq),
            event.at.isoformat(),
            csv_cell(event.actor_display),
            event.action,
            csv_cell(event.message),
            event.subject_type,
            event.subject_id,
            csv_cell(event.subject_label),
            event.scope_type,
            event.scope_id,
            csv_cell(json.dumps(event.data, ensure_ascii=False, sort_keys=True)),
            csv_cell(event.comment),
            event.request_id,
            event.ip or "",
            event.prev_hash,
            event.hash,
        ]


@login_required
@require_http_methods(["GET", "HEAD"])
def event_export(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    filterset = AuditEventFilterSet(
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
        (writer.writerow(row) for row in export_rows(events)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="claimtrail-audit-{stamp}.csv"'
    )
    response["Cache-Control"] = "no-store"
    return response

"""The one pager core: keyset pages (no COUNT, no OFFSET), and the API's classes.

A list is paged by seeking past a row of its order instead of OFFSET and COUNT,
so that page 1,000 costs what the first page costs: ``?after=<id>`` shows the rows
that follow that row in the list's order, ``?before=<id>`` the rows that precede
it, ``?page_size=`` how many. The order may be any order by field names; each ends
with the row's key (the id, or another unique integer field such as the audit
trail's ``seq``), which makes it total. The anchor row's sort values are read
inside the same query (scalar subqueries by key), so a page is one query whatever
its depth. Exports read a whole list the same way, one chunk per query
(``keyset_chunks``). Every list pages this way: the desk's pages through
``desk/paging.py``, the API through ``KeysetPagination`` (the default pagination
class), which refuses unreadable paging parameters (400); the audit API's
``AuditPagination`` also still reads the ``cursor`` of its former links.
"""

import base64
import binascii
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs

from django.conf import settings
from django.db.models import Q, QuerySet, Subquery
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from config.ids import MAX_ID

PAGE_SIZE_PARAM = "page_size"


@dataclass
class KeysetPage:
    """One page of rows and whether there are rows on either side of it."""

    object_list: list
    size: int
    has_next: bool
    has_previous: bool
    key: str = "pk"  # what ``after`` and ``before`` name a row by
    # The keys of the last and first row, read when the page is made, so that a
    # view may replace the rows by what it shows of them (the audit log does).
    next_after: int | None = None
    previous_before: int | None = None

    def __post_init__(self):
        if self.object_list:
            self.next_after = getattr(self.object_list[-1], self.key)
            self.previous_before = getattr(self.object_list[0], self.key)


def ordering_of(queryset: QuerySet, *, key: str = "pk") -> list[tuple[str, bool]]:
    """The queryset's order as (field, descending) pairs, ending with ``key`` (the
    pk, or another unique field)."""
    fields = []
    for item in queryset.query.order_by or queryset.model._meta.ordering or ():
        if not isinstance(item, str):
            raise TypeError("keyset pages need an ordering by field names")
        name = item.lstrip("-")
        fields.append(("pk" if name in ("id", "pk") else name, item.startswith("-")))
        if fields[-1][0] == key:
            break  # the key is unique: anything after it never decides the order
    if not fields or fields[-1][0] != key:
        fields.append((key, False))
    return fields


def _anchor_value(queryset: QuerySet, name: str, anchor: int, key: str):
    if name in queryset.query.annotations:
        # An annotated sort value (unread first, say) is read through the list's
        # own query; a column is read by its key alone, which costs nothing.
        return Subquery(queryset.order_by().filter(**{key: anchor}).values(name)[:1])
    manager = queryset.model._base_manager
    return Subquery(manager.filter(**{key: anchor}).values(name)[:1])


def seek(
    queryset: QuerySet, ordering, anchor: int, *, forward: bool, key: str = "pk"
) -> QuerySet:
    """Rows strictly after (forward) or before the anchor row in this ordering."""
    values = {
        name: anchor if name == key else _anchor_value(queryset, name, anchor, key)
        for name, _ in ordering
    }
    return _past(queryset, ordering, values, forward=forward)


def _past(queryset: QuerySet, ordering, values: dict, *, forward: bool) -> QuerySet:
    condition, equal = Q(), Q()
    for name, descending in ordering:
        value = values[name]
        lookup = "lt" if descending == forward else "gt"
        condition |= equal & Q(**{f"{name}__{lookup}": value})
        equal &= Q(**{name: value})
    return queryset.filter(condition)


def keyset_chunks(rows: QuerySet, *, size: int) -> Iterator[list[dict]]:
    """Every row of a ``values()`` queryset in its order, ``size`` rows per query.

    Each chunk seeks past the sort values of the last row read (which must be among
    the values, the id as ``id``), so no cursor stays open between chunks and a
    chunk deep in the list costs what the first one costs. A row whose sort value
    changes between two chunks can cross the seek point and be left out or read
    twice; ids never change, so in id order neither happens.
    """
    ordering = ordering_of(rows)
    chunk = list(rows[:size])
    while chunk:
        yield chunk
        if len(chunk) < size:
            return
        last = chunk[-1]
        values = {name: last["id" if name == "pk" else name] for name, _ in ordering}
        chunk = list(_past(rows, ordering, values, forward=True)[:size])


def keyset_page(
    queryset: QuerySet,
    *,
    after: int = 0,
    before: int = 0,
    size: int,
    key: str = "pk",
) -> KeysetPage:
    """The page after the row ``after`` (or before ``before``; else the first),
    rows named by ``key``: the pk, or another unique integer field."""
    ordering = ordering_of(queryset, key=key)
    if before and not after:
        backwards = [f"{'' if desc else '-'}{name}" for name, desc in ordering]
        earlier = seek(queryset, ordering, before, forward=False, key=key)
        rows = list(earlier.order_by(*backwards)[: size + 1])
        return KeysetPage(
            rows[:size][::-1], size, True, has_previous=len(rows) > size, key=key
        )
    if after:
        queryset = seek(queryset, ordering, after, forward=True, key=key)
    rows = list(queryset[: size + 1])
    return KeysetPage(
        rows[:size], size, len(rows) > size, has_previous=bool(after), key=key
    )


# Older names of the page size, still read by the web pages so that bookmarks
# keep their size; the API reads ``page_size`` alone.
OLD_PAGE_SIZE_PARAMS = ("size", "per_page")
# Where one is in a list: a link that changes the list (a sort, a filter) starts
# again at its first page, keeping the page size the reader chose.
POSITION_PARAMS = ("after", "before", "page")
# A list's paging, all of it: what an export or a saved search leaves out.
PAGING_PARAMS = (*POSITION_PARAMS, PAGE_SIZE_PARAM, *OLD_PAGE_SIZE_PARAMS)


def bounded_int(
    params, name: str, default: int, *, low: int, high: int, strict: bool = True
) -> int:
    """An integer paging parameter: absent is the default, above ``high`` is
    ``high`` (the documented cap). Anything else that is not a whole number in
    range is refused with a 400 naming the parameter (the API, ``strict``), or
    read as the default (a web page, whose links may be old or hand-edited).

    The API also refuses an empty value and a parameter given more than once
    (``?page_size=&page_size=5``), which a client that sends an array or an
    object where the schema says integer produces: read as absent, or as its
    last value, they answered a page the client did not ask for.
    """
    raw = single_value(params, name) if strict else params.get(name)
    if raw is None or (raw == "" and not strict):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError, OverflowError):
        value = None
    if value is None or value < low:
        if not strict:
            return default
        raise ValidationError(
            {name: [f"Must be a whole number of at least {low}; got {raw[:40]!r}."]}
        )
    return min(value, high)


def single_value(params, name: str) -> str | None:
    """The one value of a query parameter (None if absent); a 400 if repeated."""
    values = params.getlist(name) if hasattr(params, "getlist") else [params.get(name)]
    if len(values) > 1:
        raise ValidationError({name: [f"Give it once; got {len(values)} values."]})
    return values[0] if values else None


def page_size_of(params, *, strict: bool = True) -> int:
    """``?page_size=``: 1 or more, at most ``LIST_MAX_PAGE_SIZE``."""
    name = PAGE_SIZE_PARAM
    if not strict:
        name = next(
            (n for n in (PAGE_SIZE_PARAM, *OLD_PAGE_SIZE_PARAMS) if params.get(n)),
            name,
        )
    return bounded_int(
        params,
        name,
        settings.LIST_PAGE_SIZE,
        low=1,
        high=settings.LIST_MAX_PAGE_SIZE,
        strict=strict,
    )


def paging_of(params, *, strict: bool = True) -> dict:
    """``keyset_page``'s ``after``, ``before`` and ``size`` from query params."""
    return {
        "after": bounded_int(params, "after", 0, low=1, high=MAX_ID, strict=strict),
        "before": bounded_int(params, "before", 0, low=1, high=MAX_ID, strict=strict),
        "size": page_size_of(params, strict=strict),
    }


def _integer_param(name: str, description: str, **bounds) -> dict:
    return {
        "name": name,
        "required": False,
        "in": "query",
        "description": description,
        "schema": {"type": "integer", **bounds},
    }


def _page_size_param() -> dict:
    return _integer_param(
        PAGE_SIZE_PARAM,
        "Rows per page, 1 or more (a larger value than the server's cap is the cap).",
        minimum=1,
    )


class KeysetPagination(pagination.BasePagination):
    """The API's pages of lists that grow: ``?after=<id>``/``?before=<id>``, no
    count, no OFFSET.

    ``next`` and ``previous`` are links to follow; their values are row ids, so a
    client may also build them (the page after claim 4,711 in this order).
    """

    page_size_query_param = PAGE_SIZE_PARAM
    key = "pk"  # what ``after`` and ``before`` name a row by (a unique field)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page = keyset_page(queryset, **self.paging(request), key=self.key)
        return self.page.object_list

    def paging(self, request) -> dict:
        if "page" in request.query_params:
            # Numbered pages are gone: read as absent, ?page=2 would answer the
            # first page again and a client counting pages would never stop.
            raise ValidationError(
                {
                    "page": [
                        "Lists have no numbered pages: follow `next`, or give "
                        "`after` or `before`."
                    ]
                }
            )
        return paging_of(request.query_params)

    def _link(self, **change) -> str:
        url = self.request.build_absolute_uri()
        url = remove_query_param(url, "after")
        url = remove_query_param(url, "before")
        ((key, value),) = change.items()
        return replace_query_param(url, key, value)

    def get_next_link(self) -> str | None:
        if not (self.page.has_next and self.page.object_list):
            return None
        return self._link(after=self.page.next_after)

    def get_previous_link(self) -> str | None:
        if not (self.page.has_previous and self.page.object_list):
            return None
        return self._link(before=self.page.previous_before)

    def get_paginated_response(self, data):
        return Response(
            {
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {
                    **link,
                    "example": "https://example.org/api/v1/claims/?after=50",
                },
                "previous": {
                    **link,
                    "example": "https://example.org/api/v1/claims/?before=51",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            _integer_param(
                "after",
                "The id of the last row seen: the page that follows it.",
                minimum=1,
            ),
            _integer_param(
                "before",
                "The id of the first row seen: the page that precedes it.",
                minimum=1,
            ),
            _page_size_param(),
        ]


class AuditPagination(KeysetPagination):
    """The audit trail's pages, newest first, by position in the chain:
    ``?after=<seq>`` is the page of older events, ``?before=<seq>`` of newer ones.

    The trail was paged by DRF's ``CursorPagination`` before; a ``cursor`` from
    one of its links (base64 of ``p=<seq>``, ``r=1`` going back) still opens the
    same page, so that a saved link keeps working. A cursor that no link of ours
    made is a 404 as it was; a repeated one a 400.
    """

    key = "seq"

    def paging(self, request) -> dict:
        params = request.query_params
        raw = single_value(params, "cursor")
        if raw is None:
            return super().paging(request)
        if raw == "":  # was read as the first page; only a link's value is a cursor
            raise NotFound("Invalid cursor")
        if "after" in params or "before" in params:
            raise ValidationError({"cursor": ["Give a cursor or after/before."]})
        paging = {"after": 0, "before": 0, "size": page_size_of(params)}
        position = _old_cursor_position(raw)
        if position is not None:
            paging["before" if position[0] else "after"] = position[1]
        return paging

    def get_schema_operation_parameters(self, view):
        cursor = {
            "name": "cursor",
            "required": False,
            "in": "query",
            "deprecated": True,
            "description": "The cursor of a link of the former cursor pages, as it "
            "is (the same page as `after`/`before`).",
            "schema": {"type": "string", "minLength": 1},
        }
        return [*super().get_schema_operation_parameters(view), cursor]


def _old_cursor_position(raw: str) -> tuple[bool, int] | None:
    """A DRF cursor's (reverse, seq), None for the first page; 404 if none of
    its links could have held it (only positions, never offsets, on a unique
    key)."""
    try:
        query = parse_qs(base64.b64decode(raw.encode("ascii")).decode("ascii"))
        offset = int(query.get("o", ["0"])[0])
        reverse = bool(int(query.get("r", ["0"])[0]))
        position = query.get("p", [None])[0]
        seq = None if position is None else int(position)
    except (binascii.Error, UnicodeError, TypeError, ValueError):
        seq, offset = -1, -1
    if offset != 0 or (seq is not None and not 1 <= seq <= MAX_ID):
        raise NotFound("Invalid cursor")
    return None if seq is None else (reverse, seq)

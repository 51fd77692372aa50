"""The one pager core: keyset pages (no COUNT, no OFFSET), and the API's classes.

A list is paged by seeking past a row of its order instead of OFFSET and COUNT,
so that page 1,000 costs what the first page costs: ``?after=<id>`` shows the rows
that follow that row in the list's order, ``?before=<id>`` the rows that precede
it, ``?page_size=`` how many. The order may be any order by field names; each ends
with the id, which makes it total. The anchor row's sort values are read inside the
same query (scalar subqueries by primary key), so a page is one query whatever its
depth. Exports read a whole list the same way, one chunk per query
(``keyset_chunks``). The desk's pages use this core through ``desk/paging.py``; the
API through ``KeysetPagination``, which refuses unreadable paging parameters (400).
"""

from collections.abc import Iterator
from dataclasses import dataclass

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
    keyset = True

    @property
    def next_after(self) -> int | None:
        return self.object_list[-1].pk if self.object_list else None

    @property
    def previous_before(self) -> int | None:
        return self.object_list[0].pk if self.object_list else None


def ordering_of(queryset: QuerySet) -> list[tuple[str, bool]]:
    """The queryset's order as (field, descending) pairs, ending with the pk."""
    fields = []
    for item in queryset.query.order_by or queryset.model._meta.ordering or ():
        if not isinstance(item, str):
            raise TypeError("keyset pages need an ordering by field names")
        name = item.lstrip("-")
        fields.append(("pk" if name in ("id", "pk") else name, item.startswith("-")))
        if fields[-1][0] == "pk":
            break  # the pk is unique: anything after it never decides the order
    if not fields or fields[-1][0] != "pk":
        fields.append(("pk", False))
    return fields


def _anchor_value(queryset: QuerySet, name: str, anchor: int):
    if name in queryset.query.annotations:
        # An annotated sort value (unread first, say) is read through the list's
        # own query; a column is read by primary key alone, which costs nothing.
        return Subquery(queryset.order_by().filter(pk=anchor).values(name)[:1])
    return Subquery(queryset.model._base_manager.filter(pk=anchor).values(name)[:1])


def seek(queryset: QuerySet, ordering, anchor: int, *, forward: bool) -> QuerySet:
    """Rows strictly after (forward) or before the anchor row in this ordering."""
    values = {
        name: anchor if name == "pk" else _anchor_value(queryset, name, anchor)
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
    queryset: QuerySet, *, after: int = 0, before: int = 0, size: int
) -> KeysetPage:
    """The page after the row ``after`` (or before ``before``; else the first)."""
    ordering = ordering_of(queryset)
    if before and not after:
        backwards = [f"{'' if desc else '-'}{name}" for name, desc in ordering]
        rows = list(
            seek(queryset, ordering, before, forward=False).order_by(*backwards)[
                : size + 1
            ]
        )
        return KeysetPage(
            rows[:size][::-1], size, has_next=True, has_previous=len(rows) > size
        )
    if after:
        queryset = seek(queryset, ordering, after, forward=True)
    rows = list(queryset[: size + 1])
    return KeysetPage(rows[:size], size, len(rows) > size, has_previous=bool(after))


# Older names of the page size, still read by the web pages so that bookmarks
# keep their size; the API reads ``page_size`` alone.
OLD_PAGE_SIZE_PARAMS = ("size", "per_page")


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

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page = keyset_page(queryset, **paging_of(request.query_params))
        return self.page.object_list

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


class PageNumberPagination(pagination.PageNumberPagination):
    """Numbered pages with a count, for short lists (a claim's evidence, a
    person's notifications): ``?page=`` and ``?page_size=`` as above."""

    page_size = settings.LIST_PAGE_SIZE
    page_size_query_param = PAGE_SIZE_PARAM
    max_page_size = settings.LIST_MAX_PAGE_SIZE

    def get_page_size(self, request):
        return page_size_of(request.query_params)

    def get_page_number(self, request, paginator):
        # A page beyond the last is still DRF's 404; one that is no page number
        # at all (``?page=x``, empty, repeated) is a 400 like the other paging
        # parameters.
        return bounded_int(
            request.query_params, self.page_query_param, 1, low=1, high=MAX_ID
        )

    def get_schema_operation_parameters(self, view):
        return [
            _integer_param("page", "The page number, 1 or more.", minimum=1),
            _page_size_param(),
        ]


class AuditCursorPagination(pagination.CursorPagination):
    """Stable pages over an append-only log, newest first."""

    ordering = "-seq"
    page_size = settings.LIST_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.LIST_MAX_PAGE_SIZE

    def get_page_size(self, request):
        return page_size_of(request.query_params)

    def decode_cursor(self, request):
        # An empty or repeated cursor was read as the first page (or the last
        # value); only the value of a ``next`` or ``previous`` link is one.
        raw = single_value(request.query_params, self.cursor_query_param)
        if raw == "":
            raise NotFound(self.invalid_cursor_message)
        return super().decode_cursor(request)

    def get_schema_operation_parameters(self, view):
        cursor = {
            "name": self.cursor_query_param,
            "required": False,
            "in": "query",
            "description": "The cursor of a `next` or `previous` link, as it is.",
            "schema": {"type": "string", "minLength": 1},
        }
        return [cursor, _page_size_param()]

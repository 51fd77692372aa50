"""Keyset pages: seek past a row of the list's order instead of OFFSET and COUNT.

The claims list (web page and API) is paginated this way, so that page 1,000 costs
what the first page costs: ``?after=<id>`` shows the rows that follow that claim in
the list's order, ``?before=<id>`` the rows that precede it. The order may be any
of the FilterSet's sorts; each ends with the id, which makes it total. The anchor
row's sort value is read inside the same query (a scalar subquery by primary key),
so a page is one query whatever its depth. The CSV export reads a whole list the
same way, one chunk of rows per query (``keyset_chunks``).
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet, Subquery
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_ID = 2**62


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


def seek(queryset: QuerySet, ordering, anchor: int, *, forward: bool) -> QuerySet:
    """Rows strictly after (forward) or before the anchor row in this ordering."""
    values = {
        name: anchor
        if name == "pk"
        else Subquery(queryset.model._base_manager.filter(pk=anchor).values(name)[:1])
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


class KeysetPagination(pagination.BasePagination):
    """The API's claim pages: ``?after=<id>``/``?before=<id>``, no count, no OFFSET.

    ``next`` and ``previous`` are links to follow; their values are claim ids, so a
    client may also build them (the page after claim 4,711 in this order).
    """

    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None):
        params = request.query_params
        self.request = request
        self.page = keyset_page(
            queryset,
            after=_bounded(params.get("after"), 0, high=MAX_ID, name="after"),
            before=_bounded(params.get("before"), 0, high=MAX_ID, name="before"),
            size=_bounded(
                params.get(self.page_size_query_param),
                settings.LIST_PAGE_SIZE,
                name=self.page_size_query_param,
                high=settings.LIST_MAX_PAGE_SIZE,
                low=1,
            ),
        )
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
        def integer(name, description, **bounds):
            return {
                "name": name,
                "required": False,
                "in": "query",
                "description": description,
                "schema": {"type": "integer", **bounds},
            }

        return [
            integer(
                "after",
                "The id of the last claim seen: the page that follows it.",
                minimum=1,
            ),
            integer(
                "before",
                "The id of the first claim seen: the page that precedes it.",
                minimum=1,
            ),
            integer(
                self.page_size_query_param,
                "Rows per page (at most the server's cap).",
                minimum=1,
            ),
        ]


def _bounded(raw, default: int, *, high: int, low: int = 0, name: str) -> int:
    """A paging parameter: absent or empty is the default, out of range is clamped.

    Anything but a whole number (``page_size=null``, ``before=1.5``) is a 400.
    """
    if raw in (None, ""):
        return default
    text = str(raw).strip()
    if not text.lstrip("-").isdigit() or len(text) > 20:
        raise ValidationError({name: ["A whole number is expected."]})
    return min(max(int(text), low), high)

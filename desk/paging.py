"""The desk's one pager: keyset pages of any list (no COUNT, no OFFSET), from a
request's ``?after=``, ``?before=`` and ``?page_size=`` (``config/pagination.py``
is the core, shared with the API)."""

from dataclasses import dataclass

from config.counting import ResultCount, count_rows, page_count
from config.pagination import (
    MAX_ID,
    OLD_PAGE_SIZE_PARAMS,
    PAGE_SIZE_PARAM,
    KeysetPage,
    keyset_page,
    page_size_of,
    paging_of,
)
from desk.http import int_param

# What a link to the same list without its paging leaves out (an export, a filter).
PAGING_PARAMS = ("after", "before", "page", PAGE_SIZE_PARAM, *OLD_PAGE_SIZE_PARAMS)

__all__ = [
    "MAX_ID",
    "PAGING_PARAMS",
    "KeysetPage",
    "keyset_page",
    "page_size",
    "paginate",
    "paginate_counted",
    "peek_paginate",
    "seek_paginate",
    "SeekPage",
    "without_paging",
]


def page_size(params) -> int:
    """``?page_size=`` (or an older name: ``size``, ``per_page``), bounded by the
    settings; a page is forgiving where the API is strict: unreadable is default."""
    return page_size_of(params, strict=False)


def paginate(queryset, params) -> KeysetPage:
    """The page of ``queryset`` (ordered by field names) that the params ask for."""
    return keyset_page(queryset, **paging_of(params, strict=False))


def paginate_counted(queryset, params) -> tuple[KeysetPage, ResultCount]:
    """The page, and the list's total (``config.counting``: a list on one page
    counts itself; else a COUNT, or PostgreSQL's estimate beyond the bound)."""
    page = paginate(queryset, params)
    return page, page_count(page, lambda: count_rows(queryset))


def peek_paginate(queryset, params, *, page_param: str = "page") -> KeysetPage:
    """The former numbered pager's name: pages are keyset pages now."""
    return paginate(queryset, params)


def without_paging(params):
    """A copy of the query without its paging (for exports and "filtered?")."""
    query = params.copy()
    for name in PAGING_PARAMS:
        query.pop(name, None)
    return query


@dataclass
class SeekPage:
    """One page of a list newest first by a unique integer key (no OFFSET, no COUNT).

    ``?before=`` and ``?after=`` carry the key of the row next to the page, so a
    page is found by an index seek however deep it is.
    """

    object_list: list
    newer: int | None  # ?after= for the newer page, None on the newest page
    older: int | None  # ?before= for the older page, None on the oldest page
    is_first: bool

    # The names the other pages use (``page_count``, ``_result_count.html``).
    @property
    def has_next(self) -> bool:
        return self.older is not None

    @property
    def has_previous(self) -> bool:
        return self.newer is not None


def seek_paginate(queryset, params, *, key: str) -> SeekPage:
    size = page_size(params)
    before = int_param(params, "before", 0, low=0, high=2**62) or None
    after = int_param(params, "after", 0, low=0, high=2**62) or None
    if after is not None and before is None:
        chunk = list(queryset.filter(**{f"{key}__gt": after}).order_by(key)[: size + 1])
        more_newer = len(chunk) > size
        rows = chunk[:size][::-1]
        more_older = queryset.filter(**{f"{key}__lte": after}).exists()
    else:
        if before is not None:
            queryset_before = queryset.filter(**{f"{key}__lt": before})
        else:
            queryset_before = queryset
        chunk = list(queryset_before.order_by(f"-{key}")[: size + 1])
        more_older = len(chunk) > size
        rows = chunk[:size]
        more_newer = (
            before is not None and queryset.filter(**{f"{key}__gte": before}).exists()
        )
    first, last = (
        (getattr(rows[0], key), getattr(rows[-1], key)) if rows else (None, None)
    )
    return SeekPage(
        object_list=rows,
        newer=(first if rows else (after or before)) if more_newer else None,
        older=(last if rows else (before or after)) if more_older else None,
        is_first=before is None and after is None,
    )

"""The desk's one pager: keyset pages of any list (no COUNT, no OFFSET), from a
request's ``?after=``, ``?before=`` and ``?page_size=`` (``config/pagination.py``
is the core, shared with the API)."""

from config.pagination import (
    MAX_ID,
    OLD_PAGE_SIZE_PARAMS,
    PAGE_SIZE_PARAM,
    KeysetPage,
    keyset_page,
    page_size_of,
    paging_of,
)

# What a link to the same list without its paging leaves out (an export, a filter).
PAGING_PARAMS = ("after", "before", "page", PAGE_SIZE_PARAM, *OLD_PAGE_SIZE_PARAMS)

__all__ = [
    "MAX_ID",
    "PAGING_PARAMS",
    "KeysetPage",
    "keyset_page",
    "page_size",
    "paginate",
    "peek_paginate",
    "without_paging",
]


def page_size(params) -> int:
    """``?page_size=`` (or an older name: ``size``, ``per_page``), bounded by the
    settings; a page is forgiving where the API is strict: unreadable is default."""
    return page_size_of(params, strict=False)


def paginate(queryset, params) -> KeysetPage:
    """The page of ``queryset`` (ordered by field names) that the params ask for."""
    return keyset_page(queryset, **paging_of(params, strict=False))


def peek_paginate(queryset, params, *, page_param: str = "page") -> KeysetPage:
    """The former numbered pager's name: pages are keyset pages now."""
    return paginate(queryset, params)


def without_paging(params):
    """A copy of the query without its paging (for exports and "filtered?")."""
    query = params.copy()
    for name in PAGING_PARAMS:
        query.pop(name, None)
    return query

"""The desk's one pager: keyset pages of any list (no COUNT, no OFFSET), from a
request's ``?after=``, ``?before=`` and ``?page_size=`` (``config/pagination.py``
is the core, shared with the API)."""

from config.counting import ResultCount, count_rows, page_count
from config.pagination import (
    MAX_ID,
    OLD_PAGE_SIZE_PARAMS,
    PAGE_SIZE_PARAM,
    PAGING_PARAMS,
    POSITION_PARAMS,
    KeysetPage,
    keyset_page,
    page_size_of,
    paging_of,
)

# The page size's names: ``page_size``, and older ones that bookmarks still carry.
PAGE_SIZE_PARAMS = (PAGE_SIZE_PARAM, *OLD_PAGE_SIZE_PARAMS)

__all__ = [
    "MAX_ID",
    "PAGE_SIZE_PARAMS",
    "PAGING_PARAMS",
    "POSITION_PARAMS",
    "KeysetPage",
    "keyset_page",
    "page_size",
    "paginate",
    "paginate_counted",
    "without_paging",
]


def page_size(params) -> int:
    """``?page_size=`` (or an older name: ``size``, ``per_page``), bounded by the
    settings; a page is forgiving where the API is strict: unreadable is default."""
    return page_size_of(params, strict=False)


def paginate(queryset, params, *, key: str = "pk") -> KeysetPage:
    """The page of ``queryset`` (ordered by field names) that the params ask for;
    ``after`` and ``before`` name rows by ``key`` (the id, or the audit's seq)."""
    return keyset_page(queryset, **paging_of(params, strict=False), key=key)


def paginate_counted(queryset, params) -> tuple[KeysetPage, ResultCount]:
    """The page, and the list's total (``config.counting``: a list on one page
    counts itself; else a COUNT, or PostgreSQL's estimate beyond the bound)."""
    page = paginate(queryset, params)
    return page, page_count(page, lambda: count_rows(queryset))


def without_paging(params):
    """A copy of the query without its paging (for exports and "filtered?")."""
    query = params.copy()
    for name in PAGING_PARAMS:
        query.pop(name, None)
    return query

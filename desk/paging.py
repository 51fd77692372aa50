"""The desk's pagers: peek pages (no COUNT) for short lists, keyset pages for long ones."""

from dataclasses import dataclass

from django.conf import settings

from desk.http import int_param


@dataclass
class PeekPage:
    """One page of rows, found by fetching one row more than shown (no COUNT)."""

    object_list: list
    number: int
    size: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.size + len(self.object_list)

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1


def page_size(params) -> int:
    """The ``size`` parameter, bounded by the settings."""
    return int_param(
        params,
        "size",
        settings.LIST_PAGE_SIZE,
        low=1,
        high=settings.LIST_MAX_PAGE_SIZE,
    )


def peek_paginate(queryset, params, *, page_param: str = "page") -> PeekPage:
    size = page_size(params)
    number = int_param(params, page_param, 1, low=1, high=1_000_000)
    offset = (number - 1) * size
    rows = list(queryset[offset : offset + size + 1])
    return PeekPage(rows[:size], number, size, len(rows) > size)


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

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

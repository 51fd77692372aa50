"""A list's ``?sort=``: each FilterSet names its orders, one filter applies them.

Shared by the web lists and the API (a FilterSet serves both). Every order ends
with a unique key (the id) so that it is total: keyset pages
(``config/pagination.py``) seek past a row by its sort values and would skip or
repeat rows that tie.
"""

from collections.abc import Callable
from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import QuerySet

from config.lazy_text import gettext_lazy as _


@dataclass(frozen=True)
class Order:
    """One way to sort a list: what its menu and header say, the ``order_by``
    fields (ending with the id), and what the rows need first, if anything (an
    annotation to sort by; leaving out rows that have no value, as a keyset page
    needs one in every row)."""

    label: str
    fields: tuple[str, ...]
    prepare: Callable[[QuerySet], QuerySet] | None = None

    def apply(self, queryset: QuerySet) -> QuerySet:
        if self.prepare is not None:
            queryset = self.prepare(queryset)
        return queryset.order_by(*self.fields)


class SortFilter(django_filters.ChoiceFilter):
    """``?sort=``: one of ``orders``. The first is the list's default, the order
    its selector already gives, so it is also the menu's first choice (no empty
    choice to repeat it). A value not among them is a form error: the web lists
    name it, the API answers 400 with the allowed values."""

    def __init__(self, orders: dict[str, Order], **kwargs):
        self.orders = orders
        kwargs.setdefault("label", _("Sort"))
        super().__init__(
            choices=[(key, order.label) for key, order in orders.items()],
            empty_label=None,
            widget=forms.Select,
            **kwargs,
        )

    @property
    def default(self) -> str:
        return next(iter(self.orders))

    def filter(self, qs, value):
        order = self.orders.get(value)
        return qs if order is None else order.apply(qs)

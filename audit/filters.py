"""The audit log's FilterSet: actor, action, date range, request and record.

Filters that know other apps' records (a claim, a report) are added by the pages
that show the log (``desk.forms.audit``): the audit app names no app above it.
"""

import datetime

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from audit.models import AuditEvent
from audit.registry import action_choices
from config.lazy_text import gettext_lazy as _


def _actor_queryset():
    return get_user_model().objects.order_by("username")


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.min),
        timezone.get_current_timezone(),
    )


class AuditEventFilterSet(django_filters.FilterSet):
    actor = django_filters.ModelChoiceFilter(
        queryset=_actor_queryset(),
        to_field_name="username",
        empty_label=_("Anyone"),
        label=_("Actor"),
    )
    action = django_filters.ChoiceFilter(
        choices=action_choices,
        empty_label=_("Any action"),
        label=_("Action"),
    )
    since = django_filters.DateFilter(
        method="filter_since",
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        method="filter_until",
        label=_("To (inclusive)"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    request_id = django_filters.CharFilter(
        field_name="request_id", label=_("Request id"), max_length=64
    )
    scope = django_filters.CharFilter(
        method="filter_scope",
        label=_("Record"),
        widget=forms.HiddenInput,
        help_text=_("A record as 'app.model:id', e.g. claims.claim:12."),
    )

    class Meta:
        model = AuditEvent
        fields: list[str] = []

    def filter_since(self, queryset, name, value):
        # A range on the indexed column, not a date() of it, so the index serves it.
        return queryset.filter(at__gte=_start_of(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(at__lt=_start_of(value + datetime.timedelta(days=1)))

    def filter_scope(self, queryset, name, value):
        label, _, pk = value.partition(":")
        if not label or not pk:
            return queryset.none()
        return queryset.filter(scope_type=label.strip().lower(), scope_id=pk.strip())

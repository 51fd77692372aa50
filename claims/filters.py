"""The claims FilterSet, shared by the HTML list and the API."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from claims.models import (
    OPEN_STATUSES,
    Appearance,
    Claim,
    ClaimKind,
    ClaimStatus,
    Evidence,
    Report,
    Verdict,
)
from claims.search import search_claims
from claims.selectors import claims_with_open_matches
from config.lazy_text import gettext_lazy as _
from config.sorting import Order, SortFilter


def status_rank() -> Case:
    """A claim's status as its place in the workflow (ClaimStatus's order)."""
    return Case(
        *(
            When(status=value, then=Value(rank))
            for rank, value in enumerate(ClaimStatus.values)
        ),
        default=Value(len(ClaimStatus.values)),
        output_field=IntegerField(),
    )


# The keys are the API's values; the labels are what the web page's menu shows.
CLAIM_ORDERS = {
    "id": Order(_("Oldest first"), ("id",)),
    "-id": Order(_("Newest first"), ("-id",)),
    "updated": Order(_("Least recently changed"), ("updated_at", "id")),
    "-updated": Order(_("Recently changed"), ("-updated_at", "-id")),
    "score": Order(_("Least check-worthy first"), ("checkworthiness", "id")),
    "-score": Order(_("Most check-worthy first"), ("-checkworthiness", "id")),
    # In the order of the workflow (new, researching, in review, …), not by code.
    "status": Order(
        _("Status (in workflow order)"),
        ("status_rank", "id"),
        lambda claims: claims.annotate(status_rank=status_rank()),
    ),
    # Only claims that have a due date: keyset pages need a value in every row.
    "due": Order(
        _("Due soonest first (claims with a due date)"),
        ("due_on", "id"),
        lambda claims: claims.filter(due_on__isnull=False),
    ),
    "-priority": Order(_("Most urgent first"), ("-priority", "id")),
}


def _any_yes_no() -> forms.Select:
    return forms.Select(
        choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]
    )


class _MenuIterator(django_filters.fields.ModelChoiceIterator):
    """A menu's rows read with one plain query.

    Django reads a choice field's rows with ``iterator()``, which on PostgreSQL
    opens a server-side cursor (DECLARE, FETCH, CLOSE, held past the commit) for
    a few dozen rows.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class _MenuField(django_filters.fields.ModelChoiceField):
    """A record chosen by id; an id that names no record selects nothing.

    So ``?report=0`` is an empty list, like any filter that matches nothing,
    rather than a 400; an id that is not a number still is one.
    """

    iterator = _MenuIterator

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return super().to_python(value)
        except forms.ValidationError:
            key = str(value).strip()
            if not key.lstrip("-").isdigit() or len(key) > 19:
                raise
            return self.queryset.model(pk=int(key))  # matches no row


class _PeopleMenuField(_MenuField):
    """People by full name, as the bulk actions and the pages name them."""

    def label_from_instance(self, obj) -> str:
        full = obj.get_full_name()
        return f"{full} ({obj.get_username()})" if full else obj.get_username()


class MenuChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _MenuField


class PersonChoiceFilter(MenuChoiceFilter):
    field_class = _PeopleMenuField


@extend_schema_field(OpenApiTypes.INT)
class ReportChoiceFilter(MenuChoiceFilter):
    """A report chosen by its id (the OpenAPI schema says so)."""


class ClaimFilterSet(django_filters.FilterSet):
    """Filters of the claim list and the API.

    The multiple-choice filters test columns of the claim itself, so they need no
    ``DISTINCT`` (django-filter's default), which on PostgreSQL made "status +
    kind" sort every column of the matches. The report and section filters are
    ``pk IN (claim ids of the matching appearances)``: the database starts from
    the appearance index instead of probing appearances for every claim.
    """

    q = django_filters.CharFilter(method="filter_search", label=_("Search"))
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=ClaimStatus.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    verdict = django_filters.MultipleChoiceFilter(
        label=_("Verdict"),
        choices=Verdict.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind"),
        choices=ClaimKind.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    report = ReportChoiceFilter(
        # Only what the menu shows: a report's text can be megabytes.
        queryset=Report.objects.only("id", "title"),
        method="filter_report",
        label=_("Report"),
        empty_label=_("Any report"),
        widget=forms.Select,
    )
    section = django_filters.CharFilter(method="filter_section", label=_("Section"))
    assignee = PersonChoiceFilter(
        queryset=get_user_model()
        .objects.filter(is_active=True)
        .order_by("first_name", "last_name", "username"),
        label=_("Assignee"),
        empty_label=_("Anyone"),
        widget=forms.Select,
    )
    unassigned = django_filters.BooleanFilter(
        field_name="assignee",
        lookup_expr="isnull",
        label=_("Unassigned"),
        widget=_any_yes_no(),
    )
    min_checkworthiness = django_filters.NumberFilter(
        field_name="checkworthiness",
        lookup_expr="gte",
        label=_("Minimum check-worthiness"),
        widget=forms.NumberInput(attrs={"min": 0, "max": 1, "step": 0.05}),
    )
    has_evidence = django_filters.BooleanFilter(
        method="filter_has_evidence", label=_("Has evidence"), widget=_any_yes_no()
    )
    has_open_matches = django_filters.BooleanFilter(
        method="filter_has_open_matches",
        label=_("Has unresolved matches"),
        widget=_any_yes_no(),
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label=_("Overdue"),
        widget=_any_yes_no(),
    )
    sort = SortFilter(CLAIM_ORDERS)

    class Meta:
        model = Claim
        fields = ["status", "verdict", "kind", "assignee"]

    def filter_search(self, queryset, name, value):
        return search_claims(queryset, value)

    def filter_report(self, queryset, name, value):
        return queryset.filter(
            pk__in=Appearance.objects.filter(report=value).values("claim_id")
        )

    def filter_section(self, queryset, name, value):
        return queryset.filter(
            pk__in=Appearance.objects.filter(section__startswith=value).values(
                "claim_id"
            )
        )

    def filter_has_evidence(self, queryset, name, value):
        active = Evidence.objects.filter(claim=OuterRef("pk"), removed_at__isnull=True)
        return queryset.filter(Exists(active) if value else ~Exists(active))

    def filter_has_open_matches(self, queryset, name, value):
        matched = claims_with_open_matches().values("pk")
        return (
            queryset.filter(pk__in=matched)
            if value
            else queryset.exclude(pk__in=matched)
        )

    def filter_overdue(self, queryset, name, value):
        late = Q(due_on__lt=timezone.localdate(), status__in=OPEN_STATUSES)
        return queryset.filter(late if value else ~late)


# The reports list's orders (``claim_count`` is its selector's annotation).
REPORT_ORDERS = {
    "-imported": Order(_("Newest imports first"), ("-imported_at", "-id")),
    "imported": Order(_("Oldest imports first"), ("imported_at", "id")),
    "title": Order(_("Title, A to Z"), ("title", "id")),
    "-title": Order(_("Title, Z to A"), ("-title", "-id")),
    "-claims": Order(_("Most claims first"), ("-claim_count", "id")),
    "claims": Order(_("Fewest claims first"), ("claim_count", "id")),
}


class ReportFilterSet(django_filters.FilterSet):
    """The reports list's sort, shared by the web list and the API."""

    sort = SortFilter(REPORT_ORDERS)

    class Meta:
        model = Report
        fields = []

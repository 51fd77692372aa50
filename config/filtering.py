"""The API's filter backend: one rule for bad query parameters.

Unknown parameters are ignored. A value a filter cannot take is a 400 whose
message lists the allowed values when the filter has a fixed list; so is an
empty value (``?sort=``, ``?until=``) of a filter that is not free text (omit
the parameter for no filter). An empty free-text filter (``?q=``) is no
filter. Ids that match nothing give an empty list (the id filters say so
themselves). The web pages share the FilterSets but not this backend: their
forms send empty fields for "any".
"""

import django_filters
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError


def _allowed(field) -> list[str]:
    return [str(value) for value, _ in getattr(field, "choices", ()) if value != ""]


def _free_text(filter_) -> bool:
    return type(filter_) is django_filters.CharFilter or (
        isinstance(filter_, django_filters.CharFilter)
        and not isinstance(filter_, django_filters.ChoiceFilter)
    )


class FilterBackend(filters.DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        errors = {}
        for name, filter_ in filterset.filters.items():
            values = request.query_params.getlist(name)
            if (
                values
                and not any(v.strip() for v in values)
                and not _free_text(filter_)
            ):
                errors[name] = ["A value is expected; leave the parameter out."]
            elif isinstance(filter_, django_filters.BooleanFilter) and any(
                v not in ("true", "false") for v in values
            ):
                # django-filter reads "null", "unknown"… as "no filter".
                errors[name] = ["Unknown value. Allowed values: true, false."]
        if not filterset.is_valid():
            for name, messages in filterset.errors.items():
                messages = list(messages)
                field = filterset.form.fields.get(name)
                allowed = _allowed(field) if field is not None else []
                if allowed and not hasattr(field, "queryset"):
                    messages = [f"Unknown value. Allowed values: {', '.join(allowed)}."]
                errors[name] = messages
        if errors:
            raise ValidationError(errors)
        return filterset.qs

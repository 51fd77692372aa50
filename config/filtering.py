"""The API's filter backend: one rule for bad query parameters.

Unknown parameters are ignored; an empty value is no filter (the web forms
send empty fields); a value a filter cannot take is a 400 whose message lists
the allowed values when the filter has a fixed list; ids that match nothing
give an empty list (the id filters say so themselves).
"""

from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError


def _allowed(field) -> list[str]:
    return [str(value) for value, _ in getattr(field, "choices", ()) if value != ""]


class FilterBackend(filters.DjangoFilterBackend):
    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        data = kwargs["data"].copy()
        for key in list(data):
            values = [v for v in data.getlist(key) if v.strip()]
            if values:
                data.setlist(key, values)
            else:
                del data[key]
        kwargs["data"] = data
        return kwargs

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid() and self.raise_exception:
            errors = {}
            for name, messages in filterset.errors.items():
                messages = list(messages)
                field = filterset.form.fields.get(name)
                allowed = _allowed(field) if field is not None else []
                if allowed and not hasattr(field, "queryset"):
                    messages = [f"Unknown value. Allowed values: {', '.join(allowed)}."]
                errors[name] = messages
            raise ValidationError(errors)
        return filterset.qs

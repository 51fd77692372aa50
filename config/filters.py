"""Filters any app's FilterSet can use: values from outside made safe to query."""

from datetime import UTC

import django_filters
from django.core.exceptions import ValidationError
from django_filters.fields import IsoDateTimeField

from config.lazy_text import gettext_lazy as _

OUT_OF_RANGE_MESSAGE = _("That moment is outside the calendar once taken to UTC.")


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment, handed to the database in UTC.

    Python accepts UTC offsets up to ±23:59, PostgreSQL only up to ±15:59: the
    Schemathesis case ``?since=0186-11-24T06:37:11+23:12`` was a 500 ("time zone
    displacement out of range") there, and a valid answer on SQLite, whose
    adapter converts to UTC itself. The same moment in UTC reads on both; one that
    has no UTC equivalent (year 1 at +23:00) is refused with a message.
    """

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None or moment.tzinfo is None:
            return moment
        try:
            return moment.astimezone(UTC)
        except OverflowError as exc:
            raise ValidationError(OUT_OF_RANGE_MESSAGE, code="invalid") from exc


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField

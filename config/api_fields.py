"""API input fields that hold to the published schema, whatever the body's format.

DRF is lenient where the OpenAPI schema is not: it turns a number into text,
takes 1 or "yes" for true and "5" for an id, trims whitespace before it checks a
length, and in a form body skips an optional field sent empty. A client that
checks its requests against the schema must get a 400 for what the schema
refuses, not a 200, nor a 412 from the step after validation. Every input
serializer uses these fields (``StrictModelSerializer`` maps the model's fields to
them); ``tests/api/test_schema.py`` fails on an input field that is not one.
"""

from django.db import models
from django.http import QueryDict
from rest_framework import serializers
from rest_framework.utils import html


def sent_as_form(field: serializers.Field) -> bool:
    """Whether the body was a form (urlencoded or multipart), where every value is
    text: there ``"true"`` and ``"5"`` are how a boolean and a number are sent."""
    return isinstance(getattr(field.root, "initial_data", None), QueryDict)


class StrictField:
    """In a form body, a field sent empty is a value to validate, as ``""`` is in
    JSON: DRF alone takes it for "left out" when the field is optional. A
    nullable field still takes it for null, the only null a form can send."""

    def get_value(self, dictionary):
        if (
            html.is_html_input(dictionary)
            and not self.allow_null
            and dictionary.get(self.field_name) == ""
        ):
            return ""
        return super().get_value(dictionary)


class StrictCharField(StrictField, serializers.CharField):
    """Text: a number is refused, not turned into text, and ``max_length`` counts
    what was sent, before the whitespace is trimmed."""

    def run_validation(self, data=serializers.empty):
        limit = self.max_length
        if isinstance(data, str) and limit is not None and len(data) > limit:
            self.fail("max_length", max_length=limit)
        return super().run_validation(data)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(StrictField, serializers.BooleanField):
    """In a JSON body ``true`` or ``false`` only (DRF alone takes 1, "yes" or
    "on" too); a form's text as DRF reads it."""

    def to_internal_value(self, data):
        if not isinstance(data, bool) and not sent_as_form(self):
            self.fail("invalid", input=data)
        return super().to_internal_value(data)


class StrictIntegerField(StrictField, serializers.IntegerField):
    """In a JSON body a number, not text or a boolean (DRF alone takes "5" and
    true); a form's text as DRF reads it."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or (isinstance(data, str) and not sent_as_form(self)):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictChoiceField(StrictField, serializers.ChoiceField):
    """One of the listed values, in a JSON body as the schema writes it: DRF alone
    matches ``str(value)``, so "2" passes for 2 and ["a"] for nothing."""

    def to_internal_value(self, data):
        blank = data == "" and self.allow_blank
        if not sent_as_form(self) and not blank and not self._listed(data):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)

    def _listed(self, data) -> bool:
        return any(type(data) is type(key) and data == key for key in self.choices)


class StrictDateField(StrictField, serializers.DateField):
    """A date as ISO 8601 text."""


class StrictFileField(StrictField, serializers.FileField):
    """An uploaded file; a form's empty value is refused, not left out."""


class StrictPrimaryKeyRelatedField(StrictField, serializers.PrimaryKeyRelatedField):
    """A record's id: in a JSON body a number, not text (DRF alone takes "5")."""

    def to_internal_value(self, data):
        if isinstance(data, str) and not sent_as_form(self):
            self.fail("incorrect_type", data_type="str")
        return super().to_internal_value(data)


class StrictModelSerializer(serializers.ModelSerializer):
    """A model serializer whose input fields are the strict fields above."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.BooleanField: StrictBooleanField,
        models.IntegerField: StrictIntegerField,
        models.SmallIntegerField: StrictIntegerField,
        models.PositiveIntegerField: StrictIntegerField,
        models.PositiveSmallIntegerField: StrictIntegerField,
        models.BigIntegerField: StrictIntegerField,
        models.DateField: StrictDateField,
    }
    serializer_choice_field = StrictChoiceField
    serializer_related_field = StrictPrimaryKeyRelatedField

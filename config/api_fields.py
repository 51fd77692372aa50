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
    """What the strict fields share.

    A value must be one of ``json_types`` (``()``: any), as the schema says: a
    boolean is no number here, though Python counts it as one. Only a form's
    text is read as DRF reads it ("true", "5"). In a form body a field sent
    empty is a value to validate, as ``""`` is in JSON: DRF alone takes it for
    "left out" when the field is optional. A nullable field still takes it for
    null, the only null a form can send.
    """

    json_types: tuple[type, ...] = ()
    wrong_type = "invalid"  # the error key a value of another type fails with

    def get_value(self, dictionary):
        if (
            html.is_html_input(dictionary)
            and not self.allow_null
            and dictionary.get(self.field_name) == ""
        ):
            return ""
        return super().get_value(dictionary)

    def to_internal_value(self, data):
        form_text = isinstance(data, str) and sent_as_form(self)
        if self.json_types and not form_text:
            boolean = isinstance(data, bool) and bool not in self.json_types
            if boolean or not isinstance(data, self.json_types):
                self.fail(self.wrong_type, input=data, data_type=type(data).__name__)
        return super().to_internal_value(data)


class StrictCharField(StrictField, serializers.CharField):
    """Text, not a number turned into text; ``max_length`` counts what was sent,
    before the whitespace is trimmed."""

    json_types = (str,)

    def run_validation(self, data=serializers.empty):
        limit = self.max_length
        if isinstance(data, str) and limit is not None and len(data) > limit:
            self.fail("max_length", max_length=limit)
        return super().run_validation(data)


class StrictBooleanField(StrictField, serializers.BooleanField):
    """``true`` or ``false`` (DRF alone takes 1, "yes" or "on" too)."""

    json_types = (bool,)


class StrictIntegerField(StrictField, serializers.IntegerField):
    """A number, not text or a boolean (DRF alone takes "5" and true)."""

    json_types = (int, float)  # 2.0 is an integer to JSON Schema; 2.5 fails later


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
    """A record's id: a number, not text (DRF alone takes "5")."""

    json_types = (int, float)
    wrong_type = "incorrect_type"


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

"""The quick widgets of config.widgets write exactly the markup of Django's own."""

import datetime

import pytest
from django import forms
from django.utils.safestring import mark_safe

from config.widgets import (
    QuickCheckboxSelectMultiple,
    QuickDateInput,
    QuickHiddenInput,
    QuickNumberInput,
    QuickSelect,
    QuickTextInput,
)

CHOICES = [("", "Any"), ("a&b", 'Say "yes" <now>'), (3, "Three")]
GROUPED = [("Fruit", [("apple", "Apple"), ("pear", "Pear")]), ("x", "Loose")]


@pytest.mark.parametrize("choices", [CHOICES, GROUPED])
@pytest.mark.parametrize("value", [None, "", "a&b", 3, ["apple", "x"]])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_f", "class": "c", "required": True}]
)
def test_select_matches_django(choices, value, attrs):
    quick = QuickSelect(choices=choices).render("f", value, attrs=attrs)
    django = forms.Select(choices=choices).render("f", value, attrs=attrs)
    assert str(quick) == str(django)


@pytest.mark.parametrize("choices", [CHOICES, GROUPED])
@pytest.mark.parametrize("value", [None, ["a&b"], ["apple", 3]])
@pytest.mark.parametrize("attrs", [None, {"id": "id_f", "class": "c"}])
def test_checkboxes_match_django(choices, value, attrs):
    quick = QuickCheckboxSelectMultiple(choices=choices).render("f", value, attrs)
    django = forms.CheckboxSelectMultiple(choices=choices).render("f", value, attrs)
    assert str(quick) == str(django)


@pytest.mark.parametrize(
    ("quick_class", "django_class"),
    [
        (QuickTextInput, forms.TextInput),
        (QuickNumberInput, forms.NumberInput),
        (QuickDateInput, forms.DateInput),
        (QuickHiddenInput, forms.HiddenInput),
    ],
)
@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        'x" onfocus="alert(1)',
        "<b>&amp;</b>",
        mark_safe("<i>safe</i>"),
        0,
        12,
        datetime.date(2026, 3, 5),
    ],
)
@pytest.mark.parametrize(
    "widget_attrs",
    [{}, {"type": "date", "inputmode": "numeric", "data-x": '"q"', "off": False}],
)
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_f", "required": True, "aria-invalid": "true"}]
)
def test_inputs_match_django(quick_class, django_class, value, widget_attrs, attrs):
    quick = quick_class(attrs=widget_attrs).render("f&g", value, attrs=attrs)
    django = django_class(attrs=widget_attrs).render("f&g", value, attrs=attrs)
    assert str(quick) == str(django)

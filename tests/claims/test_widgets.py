"""The quick choice widgets write exactly the markup of Django's own widgets."""

import pytest
from django import forms

from claims.filters import ClaimFilterSet
from claims.models import Claim
from claims.widgets import QuickCheckboxSelectMultiple, QuickSelect
from tests.factories import ReportFactory, UserFactory

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


@pytest.mark.django_db
def test_the_filter_form_renders_as_with_django_widgets():
    ReportFactory(title="A <b>bold</b> report")
    UserFactory(username="ravi")
    data = {"status": ["new", "published"], "sort": "-score", "unassigned": "true"}
    quick = ClaimFilterSet(data, queryset=Claim.objects.all()).form
    plain = ClaimFilterSet(data, queryset=Claim.objects.all()).form
    for name, field in plain.fields.items():
        widget = field.widget
        if isinstance(widget, QuickCheckboxSelectMultiple):
            field.widget = forms.CheckboxSelectMultiple(choices=widget.choices)
        elif isinstance(widget, QuickSelect):
            field.widget = forms.Select(choices=widget.choices)
        field.widget.attrs = widget.attrs
    for name in plain.fields:
        assert str(quick[name]) == str(plain[name]), name

"""The claims filter form renders as it would with Django's own widgets."""

import pytest
from django import forms

from claims.filters import ClaimFilterSet
from claims.models import Claim
from config.widgets import QuickCheckboxSelectMultiple, QuickSelect
from tests.factories import ReportFactory, UserFactory


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

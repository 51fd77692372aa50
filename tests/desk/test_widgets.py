"""Filter forms render through Django's widget templates (one replaced), escaped."""

import pytest
from django import forms
from django.forms.renderers import (
    DjangoTemplates,
    TemplatesSetting,
    get_default_renderer,
)

from claims.filters import ClaimFilterSet
from claims.models import Claim
from tests.factories import ReportFactory, UserFactory


@pytest.mark.django_db
def test_the_filter_form_renders_through_django_widget_templates():
    report = ReportFactory(title="A <b>bold</b> report")
    UserFactory(username="ravi")
    data = {"status": ["new", "published"], "sort": "-score", "unassigned": "true"}
    form = ClaimFilterSet(data, queryset=Claim.objects.all()).form
    for name, field in form.fields.items():
        assert type(field.widget).__module__ == "django.forms.widgets", name
    status = str(form["status"])
    assert status.count(" checked") == 2
    assert 'value="new"' in status and 'value="published"' in status
    reports = str(form["report"])
    assert "A &lt;b&gt;bold&lt;/b&gt; report" in reports
    assert "<b>" not in reports
    assert f'value="{report.pk}"' in reports
    assert 'value="-score" selected' in str(form["sort"])
    assert 'value="true" selected' in str(form["unassigned"])


EVIL = '"><script>alert(1)</script> & é'
VALUES = [None, "", "a", EVIL, 3, ["a", "c"], "y", "unknown"]
SELECTS = [
    (forms.Select(choices=[("", "Any"), ("a", "A"), (EVIL, EVIL), (3, "3")]), VALUES),
    (
        forms.Select(choices=[("Group <1>", [("x", "X"), ("y", EVIL)]), ("z", "Z")]),
        VALUES,
    ),
    (forms.Select(attrs={"class": "wide", "data-x": EVIL, "required": True}), VALUES),
    (forms.SelectMultiple(choices=[("a", "A"), ("b", "B"), ("c", "C")]), VALUES),
    (forms.NullBooleanSelect(), [None, True, False, "unknown"]),
    (
        forms.CheckboxSelectMultiple(choices=[("a", "A"), (EVIL, EVIL), (3, "3")]),
        VALUES,
    ),
    (
        forms.CheckboxSelectMultiple(
            choices=[("Group <1>", [("x", "X"), ("y", EVIL)]), ("z", "Z")],
            attrs={"class": "checks"},
        ),
        VALUES,
    ),
    (forms.RadioSelect(choices=[("", "Any"), ("a", "A"), (EVIL, EVIL)]), VALUES),
    (
        forms.RadioSelect(choices=[("Group", [("x", "X")]), ("y", "Y")]),
        VALUES,
    ),
]


@pytest.mark.parametrize(("widget", "values"), SELECTS)
def test_the_one_loop_widgets_write_what_djangos_own_templates_write(widget, values):
    # templates/django/forms/widgets/select.html and multiple_input.html replace
    # Django's, which include templates per option; the page must not change by a
    # byte.
    djangos = DjangoTemplates()  # Django's own widget templates only
    ours = TemplatesSetting()
    for value in values:
        attrs = {"id": "id_f", "aria-invalid": "true"}
        assert widget.render("f", value, attrs, renderer=ours) == widget.render(
            "f", value, attrs, renderer=djangos
        ), value


@pytest.mark.parametrize("name", ["select.html", "multiple_input.html"])
def test_the_site_renders_widgets_through_the_one_loop_templates(name):
    template = get_default_renderer().get_template(f"django/forms/widgets/{name}")
    assert f"templates/django/forms/widgets/{name}" in str(template.origin.name)

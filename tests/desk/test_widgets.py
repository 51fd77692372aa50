"""The claims filter form renders through Django's widget templates, escaped."""

import pytest

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

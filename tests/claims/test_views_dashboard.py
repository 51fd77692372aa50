"""The dashboard: counts by status, verdict, report and section; my work; the wait."""

import pytest
from django.urls import reverse

from tests.factories import AppearanceFactory, ClaimFactory, ReportFactory

pytestmark = pytest.mark.django_db


def test_dashboard_counts_claims_and_lists_my_work(client, researcher):
    report = ReportFactory(title="Annual AI report")
    AppearanceFactory(claim=ClaimFactory(), report=report, section="Chips")
    AppearanceFactory(
        claim=ClaimFactory(status="researching", assignee=researcher, text="Mine."),
        report=report,
        section="Chips",
    )
    ClaimFactory(status="published", verdict="false")
    client.force_login(researcher)
    response = client.get(reverse("claims:dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 claims on the desk" in html
    assert "Annual AI report" in html
    assert "Chips" in html
    assert "Mine." in html  # my open work
    statuses = {s: n for s, _label, n in response.context["statuses"]}
    assert statuses == {
        "new": 1,
        "researching": 1,
        "in_review": 0,
        "published": 1,
        "not_checkable": 0,
    }
    verdicts = {v: n for v, _label, n in response.context["verdicts"]}
    assert verdicts["false"] == 1
    [row] = response.context["reports"]
    assert row["total"] == 2


def test_dashboard_shows_the_claims_waiting_for_review(client, editor, researcher):
    waiting = ClaimFactory(status="in_review", assignee=researcher, text="Waiting.")
    client.force_login(editor)
    response = client.get(reverse("claims:dashboard"))
    assert [c.pk for c in response.context["waiting"]] == [waiting.pk]
    assert "Waiting." in response.content.decode()

"""The dashboard: counts by status, verdict, report and section; my work; the wait."""

import pytest
from django.urls import reverse

from claims.selectors import section_status_counts
from claims.services.tallies import claim_tallies_rebuild
from claims.services.workflow import claim_start_research
from claims.text import SECTION_SEPARATOR
from desk.views.dashboard import DASHBOARD_REPORTS
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
    claim_tallies_rebuild()  # the factories write claims past the services
    client.force_login(researcher)
    response = client.get(reverse("desk:dashboard"))
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
    response = client.get(reverse("desk:dashboard"))
    assert [c.pk for c in response.context["waiting"]] == [waiting.pk]
    assert "Waiting." in response.content.decode()


def test_a_transition_shows_on_the_dashboard_at_once(client, editor, researcher):
    report = ReportFactory(title="Annual AI report")
    claim = AppearanceFactory(report=report, section="Chips").claim
    claim_tallies_rebuild()
    claim_start_research(claim=claim, actor=editor, assignee=researcher)
    client.force_login(editor)
    response = client.get(reverse("desk:dashboard"))
    statuses = {s: n for s, _label, n in response.context["statuses"]}
    assert (statuses["new"], statuses["researching"]) == (0, 1)
    [row] = response.context["reports"]
    assert row["by_status"] == {
        "new": 0,
        "researching": 1,
        "in_review": 0,
        "published": 0,
        "not_checkable": 0,
    }


def test_the_dashboard_counts_the_most_recent_reports_and_links_to_all(client, editor):
    reports = [
        AppearanceFactory(report=ReportFactory(title=f"Report number {n}")).report
        for n in range(DASHBOARD_REPORTS + 2)
    ]
    claim_tallies_rebuild()
    client.force_login(editor)
    response = client.get(reverse("desk:dashboard"))
    shown = [row["report_id"] for row in response.context["reports"]]
    assert shown == [r.pk for r in reversed(reports)][:DASHBOARD_REPORTS]
    html = response.content.decode()
    assert f"The {DASHBOARD_REPORTS} most recently imported reports" in html
    assert reverse("desk:report_list") in html
    assert "Report number 0<" not in html


def test_the_busiest_sections_come_first_and_the_rest_are_left_out(client, editor):
    report = ReportFactory(title="Annual AI report")
    for section, claims in (("Chips", 3), ("Health", 1), ("Robots", 2)):
        for _ in range(claims):
            AppearanceFactory(
                report=report, section=f"Annual AI report{SECTION_SEPARATOR}{section}"
            )
    claim_tallies_rebuild()
    client.force_login(editor)
    response = client.get(reverse("desk:dashboard"))
    shown = [(row["label"], row["total"]) for row in response.context["sections"]]
    assert shown == [("Chips", 3), ("Robots", 2), ("Health", 1)]
    two = section_status_counts(user=editor, reports=[report], limit=2)
    assert [(row["label"], row["total"]) for row in two] == [
        ("Chips", 3),
        ("Robots", 2),
    ]

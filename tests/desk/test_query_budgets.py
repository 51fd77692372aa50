"""Each desk page runs a fixed number of queries, whatever the number of rows shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.services.claims import claim_update
from claims.services.evidence import evidence_add
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    EvidenceFactory,
    ReportFactory,
    ReviewFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Generous ceilings: the point is that the count does not grow; these catch a
# page that starts doing much more than it does today.
MAX_QUERIES = {
    "dashboard": 14,
    "claim_list": 10,
    "claim_detail": 24,
    "my_queue": 10,
    "review_queue": 10,
    "report_list": 8,
    "report_detail": 8,
}


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def assert_flat(client, url, grow, budget):
    grow(2)
    small = queries(client, url)
    grow(10)
    large = queries(client, url)
    assert large == small, f"{url}: {small} queries with few rows, {large} with more"
    assert large <= budget, f"{url}: {large} queries, budget {budget}"


def test_dashboard(client, editor, researcher):
    report = ReportFactory()

    def grow(n):
        for i in range(n):
            claim = ClaimFactory(status="in_review", assignee=researcher)
            ReviewFactory(claim=claim, reviewer=researcher)
            AppearanceFactory(claim=claim, report=report, section=f"S{i}")
            ClaimFactory(status="researching", assignee=editor)

    client.force_login(editor)
    assert_flat(client, reverse("desk:dashboard"), grow, MAX_QUERIES["dashboard"])


def test_claim_list(client, editor, researcher):
    def grow(n):
        for _ in range(n):
            ClaimFactory(status="researching", assignee=researcher)
            EvidenceFactory()

    client.force_login(editor)
    url = reverse("desk:claim_list") + "?has_evidence=true&sort=-score"
    assert_flat(client, url, grow, MAX_QUERIES["claim_list"])


def test_claim_detail(client, editor, researcher):
    claim = ClaimFactory(status="researching", assignee=researcher)
    version = [claim.version]

    def grow(n):
        for i in range(n):
            evidence = evidence_add(
                claim=claim, actor=researcher, source=SourceFactory(), stance="supports"
            )
            AppearanceFactory(claim=claim)
            ReviewFactory(
                claim=claim, reviewer=UserFactory(), cited_evidence=[evidence]
            )
            updated = claim_update(
                claim=claim,
                actor=researcher,
                expected_version=version[0],
                changes={"topic": f"topic {n}-{i}"},
            )
            version[0] = updated.version

    client.force_login(editor)
    url = reverse("desk:claim_detail", args=[claim.pk])
    assert_flat(client, url, grow, MAX_QUERIES["claim_detail"])


def test_my_queue(client, researcher):
    def grow(n):
        for _ in range(n):
            ClaimFactory(status="researching", assignee=researcher)
            ClaimFactory()

    client.force_login(researcher)
    assert_flat(client, reverse("desk:my_queue"), grow, MAX_QUERIES["my_queue"])


def test_review_queue(client, editor, researcher, other_researcher):
    def grow(n):
        for _ in range(n):
            claim = ClaimFactory(status="in_review", assignee=researcher)
            ReviewFactory(claim=claim, reviewer=researcher)
            ReviewFactory(claim=claim, reviewer=other_researcher)

    client.force_login(editor)
    url = reverse("desk:review_queue")
    assert_flat(client, url, grow, MAX_QUERIES["review_queue"])


def test_report_list(client, editor):
    def grow(n):
        for _ in range(n):
            AppearanceFactory(report=ReportFactory(imported_by=editor))

    client.force_login(editor)
    url = reverse("desk:report_list")
    assert_flat(client, url, grow, MAX_QUERIES["report_list"])


def test_report_reader(client, editor):
    report = ReportFactory(text="x" * 5000)

    def grow(n):
        start = report.appearances.count() * 40
        for i in range(n):
            AppearanceFactory(
                report=report, start=start + i * 40, end=start + i * 40 + 20, quote="x"
            )

    client.force_login(editor)
    url = reverse("desk:report_detail", args=[report.pk])
    assert_flat(client, url, grow, MAX_QUERIES["report_detail"])

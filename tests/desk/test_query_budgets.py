"""Each desk page runs a fixed number of queries, whatever the number of rows shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.services.claims import claim_update
from claims.services.evidence import evidence_add
from collab.models import Notification
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
    "source_list": 8,
    "inbox": 8,
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


@pytest.mark.parametrize("sort", ["", "-waiting", "due"])
def test_review_queue(client, editor, researcher, other_researcher, sort):
    def grow(n):
        for _ in range(n):
            claim = ClaimFactory(
                status="in_review", assignee=researcher, due_on="2030-01-01"
            )
            ReviewFactory(claim=claim, reviewer=researcher)
            ReviewFactory(claim=claim, reviewer=other_researcher)

    client.force_login(editor)
    url = reverse("desk:review_queue") + f"?sort={sort}"
    assert_flat(client, url, grow, MAX_QUERIES["review_queue"])


@pytest.mark.parametrize("sort", ["", "-claims", "title"])
def test_report_list(client, editor, sort):
    def grow(n):
        for _ in range(n):
            AppearanceFactory(report=ReportFactory(imported_by=editor))

    client.force_login(editor)
    url = reverse("desk:report_list") + f"?sort={sort}"
    assert_flat(client, url, grow, MAX_QUERIES["report_list"])


@pytest.mark.parametrize("sort", ["", "-citing"])
def test_source_list(client, researcher, sort):
    def grow(n):
        for _ in range(n):
            EvidenceFactory(source=SourceFactory())

    client.force_login(researcher)
    url = reverse("desk:source_list") + f"?sort={sort}"
    assert_flat(client, url, grow, MAX_QUERIES["source_list"])


def test_inbox(client, researcher):
    def grow(n):
        for _ in range(n):
            Notification.objects.create(
                recipient=researcher,
                kind="assigned",
                key=f"budget:{Notification.objects.count()}",
                claim=ClaimFactory(),
            )

    client.force_login(researcher)
    assert_flat(client, reverse("desk:inbox"), grow, MAX_QUERIES["inbox"])


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

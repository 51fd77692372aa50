"""Exports of published verdicts as CSV and JSON, open to anyone."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import AppearanceFactory, ClaimFactory
from tests.reviews.publishing import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def verdicts(researcher, editor):
    first = ClaimFactory(text="Output rose by 12% in 2025.")
    AppearanceFactory(claim=first)
    publish(first, researcher=researcher, editor=editor, rating="true")
    second = ClaimFactory(text='=HYPERLINK("http://evil.example") was the top lab.')
    AppearanceFactory(claim=second)
    publish(second, researcher=researcher, editor=editor, rating="unproven")
    ClaimFactory(text="Not yet checked.")
    return first, second


def test_csv_export_has_one_row_per_published_verdict(client, verdicts):
    response = client.get(reverse("reviews:export_csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    )
    assert [(r["id"], r["verdict_label"], r["rating_value"]) for r in rows] == [
        (str(verdicts[0].pk), "True", "6"),
        (str(verdicts[1].pk), "Unproven", ""),
    ]
    assert rows[0]["evidence_urls"].startswith("https://example.org/source/")


def test_csv_export_defuses_spreadsheet_formulas(client, verdicts):
    body = b"".join(client.get(reverse("reviews:export_csv")).streaming_content)

    rows = list(csv.DictReader(io.StringIO(body.decode())))

    assert rows[1]["claim"].startswith("'=HYPERLINK")


def test_json_export_lists_verdicts_with_sources(client, verdicts):
    response = client.get(reverse("reviews:export_json"))

    body = response.json()
    assert body["count"] == 2
    first = body["verdicts"][0]
    assert first["claim"] == "Output rose by 12% in 2025."
    assert first["verdict"] == "true"
    assert first["rating_value"] == 6
    assert first["reports"][0]["title"]
    assert first["url"].endswith(f"/verdicts/{verdicts[0].pk}/")


def test_csv_export_queries_do_not_grow_with_the_verdicts(
    client, verdicts, researcher, editor
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def export_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("reviews:export_csv"))
            b"".join(response.streaming_content)  # the rows are read as they stream
        return len(captured)

    few = export_queries()
    for _ in range(3):
        claim = ClaimFactory()
        AppearanceFactory(claim=claim)
        publish(claim, researcher=researcher, editor=editor, rating="false")

    assert export_queries() == few

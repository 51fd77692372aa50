"""The claims CSV export: every claim the list's filters select, streamed."""

import csv
import io
import re
from datetime import UTC

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims import selectors
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    EvidenceFactory,
    ReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
URL = "/claims/export.csv"
COLUMNS = [
    "id",
    "text",
    "kind",
    "topic",
    "status",
    "verdict",
    "checkworthiness",
    "assignee",
    "reports",
    "sections",
    "evidence_count",
    "created_at",
    "updated_at",
    "url",
]


def export(client, params=None) -> list[dict]:
    response = client.get(URL, params or {})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    reader = csv.DictReader(io.StringIO(body))
    rows = list(reader)
    assert reader.fieldnames == COLUMNS
    return rows


def ids(rows) -> list[int]:
    return [int(row["id"]) for row in rows]


def test_the_url_is_the_one_the_benchmarks_look_for():
    assert reverse("desk:export_csv") == URL


def test_researcher_gets_every_claim_with_its_columns(client, researcher):
    outlook = ReportFactory(title="Battery Outlook 2026")
    survey = ReportFactory(title="Health AI Survey")
    claim = ClaimFactory(
        text="Battery validation is 95% faster.",
        topic="Batteries",
        kind="statistic",
        status="researching",
        assignee=researcher,
        checkworthiness=0.85,
    )
    AppearanceFactory(claim=claim, report=outlook, section="Outlook › Cells")
    AppearanceFactory(claim=claim, report=outlook, section="Outlook › Summary")
    AppearanceFactory(claim=claim, report=survey, section="Survey › Energy")
    EvidenceFactory(claim=claim)
    EvidenceFactory(claim=claim)
    EvidenceFactory(claim=claim, removed_at=timezone.now(), removed_by=researcher)
    published = ClaimFactory(status="published", verdict="mostly_false", kind="event")
    client.force_login(researcher)

    rows = export(client)

    assert ids(rows) == [claim.pk, published.pk]
    first, second = rows
    claim.refresh_from_db()
    assert first == {
        "id": str(claim.pk),
        "text": "Battery validation is 95% faster.",
        "kind": "statistic",
        "topic": "Batteries",
        "status": "researching",
        "verdict": "",
        "checkworthiness": "0.85",
        "assignee": "researcher",
        "reports": "Battery Outlook 2026; Health AI Survey",
        "sections": "Outlook › Cells; Outlook › Summary; Survey › Energy",
        "evidence_count": "2",
        "created_at": claim.created_at.astimezone(UTC).isoformat(),
        "updated_at": claim.updated_at.astimezone(UTC).isoformat(),
        "url": f"http://testserver/claims/{claim.pk}/",
    }
    assert first["created_at"].endswith("+00:00")
    assert (second["status"], second["verdict"], second["kind"]) == (
        "published",
        "mostly_false",
        "event",
    )
    assert (second["assignee"], second["reports"], second["evidence_count"]) == (
        "",
        "",
        "0",
    )


def test_a_claim_in_one_report_twice_names_the_report_once(client, researcher):
    report = ReportFactory(title="Outlook")
    claim = ClaimFactory()
    AppearanceFactory(claim=claim, report=report, section="Outlook › A")
    AppearanceFactory(claim=claim, report=report, section="Outlook › A")
    client.force_login(researcher)

    (row,) = export(client)

    assert (row["reports"], row["sections"]) == ("Outlook", "Outlook › A")


def test_the_response_streams_a_dated_file_that_is_not_cached(client, editor):
    ClaimFactory()
    client.force_login(editor)

    response = client.get(URL)

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="claimtrail-claims-\d{8}-\d{6}\.csv"',
        response["Content-Disposition"],
    )
    assert response["Cache-Control"] == "no-store"


def test_the_list_filters_narrow_the_export(client, researcher):
    new = ClaimFactory(text="Zebra crossings tripled.", checkworthiness=0.3)
    researching = ClaimFactory(status="researching", checkworthiness=0.9)
    published = ClaimFactory(status="published", verdict="false", kind="event")
    report = ReportFactory()
    AppearanceFactory(claim=researching, report=report, section="Energy › Grid")
    client.force_login(researcher)

    assert ids(export(client, {"status": "researching"})) == [researching.pk]
    assert ids(export(client, {"status": ["new", "published"]})) == [
        new.pk,
        published.pk,
    ]
    assert ids(export(client, {"q": "zebra"})) == [new.pk]
    assert ids(export(client, {"kind": "event"})) == [published.pk]
    assert ids(export(client, {"verdict": "false"})) == [published.pk]
    assert ids(export(client, {"report": report.pk})) == [researching.pk]
    assert ids(export(client, {"section": "Energy"})) == [researching.pk]
    assert ids(export(client, {"q": "zebra", "status": "researching"})) == []


def test_the_export_keeps_the_sort_and_ignores_the_page(client, researcher):
    low = ClaimFactory(checkworthiness=0.1)
    high = ClaimFactory(checkworthiness=0.9)
    middle = ClaimFactory(checkworthiness=0.5)
    client.force_login(researcher)

    assert ids(export(client, {"sort": "-score"})) == [high.pk, middle.pk, low.pk]
    # The list's page links carry after/before; the export is every claim.
    assert ids(export(client, {"sort": "-id", "after": high.pk, "page_size": 1})) == [
        middle.pk,
        high.pk,
        low.pk,
    ]


@pytest.mark.parametrize(
    "sort", ["", "id", "-id", "updated", "-updated", "score", "-score", "status"]
)
def test_claims_read_in_chunks_come_once_each_in_the_list_order(
    client, researcher, monkeypatch, sort
):
    # Ties on the sort key fall across chunk boundaries: the id breaks them.
    for score, status in [(0.5, "new"), (0.5, "researching"), (0.2, "new")] * 3:
        ClaimFactory(checkworthiness=score, status=status)
    client.force_login(researcher)
    params = {"sort": sort} if sort else {}
    shown = [c.pk for c in client.get("/claims/", {**params}).context["claims"]]

    monkeypatch.setattr(selectors, "EXPORT_CHUNK", 2)
    exported = ids(export(client, params))

    assert exported == shown
    assert len(set(exported)) == 9


def test_an_invalid_filter_is_refused_with_a_message(client, researcher):
    ClaimFactory()
    client.force_login(researcher)

    response = client.get(URL, {"status": "bogus", "min_checkworthiness": "high"})

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("Invalid filter:")
    assert "status" in text and "bogus is not one of the available choices" in text
    assert "min_checkworthiness" in text


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"


def test_users_without_a_role_are_refused_like_on_the_list(client):
    ClaimFactory()
    client.force_login(UserFactory(username="reader"))

    assert client.get("/claims/").status_code == 403
    assert client.get(URL).status_code == 403


def test_cells_a_spreadsheet_would_run_are_quoted_as_text(client, researcher):
    report = ReportFactory(title="@SUM(1+1)")
    claim = ClaimFactory(
        text='=HYPERLINK("http://evil.example","Click")', topic="+cmd|' /C calc'!A0"
    )
    AppearanceFactory(claim=claim, report=report, section="-2+3")
    client.force_login(researcher)

    (row,) = export(client)

    assert row["text"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row["topic"] == "'+cmd|' /C calc'!A0"
    assert row["reports"] == "'@SUM(1+1)"
    assert row["sections"] == "'-2+3"


def test_queries_do_not_grow_with_the_claims(client, researcher):
    report = ReportFactory()

    def grow(n):
        for i in range(n):
            claim = ClaimFactory(assignee=researcher, status="researching")
            AppearanceFactory(claim=claim, report=report, section=f"S{i}")
            AppearanceFactory(claim=claim, section="Other")
            EvidenceFactory(claim=claim)

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            rows = export(client, {"status": "researching", "sort": "-score"})
        return len(captured), len(rows)

    client.force_login(researcher)
    grow(5)
    few, five = queries()
    grow(25)
    many, thirty = queries()

    assert (five, thirty) == (5, 30)
    assert many == few, f"{few} queries for 5 claims, {many} for 30"


def test_the_claims_list_links_to_the_export_of_its_filters(client, researcher):
    first = ClaimFactory(status="researching")
    ClaimFactory(status="researching")
    client.force_login(researcher)

    html = client.get(
        "/claims/", {"status": "researching", "q": "market", "after": first.pk}
    ).content.decode()

    match = re.search(r'<a [^>]*href="([^"]+)"[^>]*>Export these claims as CSV', html)
    assert match, "no export link on the claims list"
    href = match.group(1).replace("&amp;", "&")
    assert href == f"{URL}?status=researching&q=market"
    assert "after=" not in href


def test_the_claims_list_offers_no_export_of_an_invalid_filter(client, researcher):
    ClaimFactory()
    client.force_login(researcher)

    html = client.get("/claims/", {"status": "bogus"}).content.decode()

    assert "Export these claims as CSV" not in html

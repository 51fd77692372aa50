"""Reports through the API: list, detail, and import by upload for editors.

A stand-in replaces ``claims.services.imports.report_import`` (tested in
tests/claims/test_services_imports.py): these tests are about the endpoint.
"""

from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import ReportFactory

pytestmark = pytest.mark.django_db


def upload(client, content=b"# Report\n\nGrowth was 5% in 2025.\n", **fields):
    return client.post(
        "/api/v1/reports/",
        {"file": SimpleUploadedFile("report.md", content), **fields},
        format="multipart",
    )


def fake_import(report, created=True):
    result = SimpleNamespace(
        report=report,
        created=created,
        claims_created=4,
        appearances_added=5,
        matches_suggested=1,
        verdict_matches=(),
    )
    return mock.patch("claims.tasks.report_import", return_value=result)


def test_editor_imports_a_report(as_editor, editor):
    report = ReportFactory(title="AI in China")
    with fake_import(report) as importer:
        response = upload(
            as_editor, title="AI in China", url="https://example.org/r", publisher="X"
        )

    assert response.status_code == 201
    assert response.json()["claims_created"] == 4
    assert response.json()["report"]["title"] == "AI in China"
    kwargs = importer.call_args.kwargs
    assert kwargs["actor"] == editor
    assert kwargs["text"] == b"# Report\n\nGrowth was 5% in 2025.\n"
    assert kwargs["filename"] == "report.md"
    assert kwargs["url"] == "https://example.org/r"


def test_importing_the_same_text_again_creates_nothing(as_editor):
    with fake_import(ReportFactory(), created=False):
        response = upload(as_editor)

    assert response.status_code == 200
    assert response.json()["created"] is False


def test_importer_refusal_is_a_400(as_editor):
    with mock.patch(
        "claims.tasks.report_import",
        side_effect=ValidationError("The file is not UTF-8 text."),
    ):
        response = upload(as_editor, content=b"\xff\xfe")

    assert response.status_code == 400
    assert response.json()["detail"] == "The file is not UTF-8 text."


def test_researchers_may_not_import(as_researcher):
    with fake_import(ReportFactory()) as importer:
        response = upload(as_researcher)

    assert response.status_code == 403
    importer.assert_not_called()


def test_report_url_must_be_http(as_editor):
    with fake_import(ReportFactory()) as importer:
        response = upload(as_editor, url="file:///etc/passwd")

    assert response.status_code == 400
    assert "url" in response.json()["errors"]
    importer.assert_not_called()


def test_oversized_upload_is_refused(as_editor, settings):
    settings.IMPORT_MAX_BYTES = 10
    with fake_import(ReportFactory()) as importer:
        response = upload(as_editor)

    assert response.status_code == 400
    importer.assert_not_called()


def test_list_and_detail(as_researcher):
    report = ReportFactory(title="AI in China")

    listing = as_researcher.get("/api/v1/reports/").json()
    detail = as_researcher.get(f"/api/v1/reports/{report.pk}/").json()

    assert listing["results"][0]["title"] == "AI in China"
    assert "text" not in listing["results"][0]
    assert detail["text"] == report.text


def test_a_word_report_is_imported_by_upload(as_editor):
    from pathlib import Path

    from claims.models import Report

    docx = Path(__file__).resolve().parents[2] / "fixtures"
    docx = (docx / "china-ai-2024-2026-report.docx").read_bytes()
    response = upload(as_editor, content=docx)
    assert response.status_code == 201
    assert response.json()["claims_created"] > 50
    assert Report.objects.get().format == "docx"


def test_a_scanned_pdf_is_a_400_with_one_line(as_editor):
    from claims.models import Report
    from tests.claims.test_formats import _pdf_without_text

    response = upload(as_editor, content=_pdf_without_text())
    assert response.status_code == 400
    assert "does not run OCR" in str(response.json())
    assert not Report.objects.exists()


def test_the_list_sorts_as_the_web_list_does(as_researcher):
    ReportFactory(title="Beta")
    ReportFactory(title="Alpha")
    response = as_researcher.get("/api/v1/reports/", {"sort": "title"})
    assert [row["title"] for row in response.json()["results"]] == ["Alpha", "Beta"]
    refused = as_researcher.get("/api/v1/reports/", {"sort": "colour"})
    assert refused.status_code == 400
    assert "-claims" in str(refused.json())

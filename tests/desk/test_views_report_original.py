"""A report's stored original, and the PDF page of each claim on the desk pages."""

from pathlib import Path

import pytest
from django.urls import reverse

from audit.context import audit_context
from claims.services.imports import report_import

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "china-ai-2024-2026-report"

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf_report(editor):
    with audit_context():
        return report_import(
            actor=editor, text=SEED.with_suffix(".pdf").read_bytes(), filename="r.pdf"
        ).report


def test_the_claim_page_names_the_pdf_page_and_links_to_it(
    client, researcher, pdf_report
):
    appearance = pdf_report.appearances.filter(page=4).exclude(claim=None).first()
    client.force_login(researcher)
    html = client.get(
        reverse("desk:claim_detail", args=[appearance.claim_id])
    ).content.decode()
    assert "page 4 of the PDF" in html
    original = reverse("desk:report_original", args=[pdf_report.pk])
    assert f'href="{original}#page=4"' in html


def test_the_reader_shows_the_page_of_each_claim(client, researcher, pdf_report):
    client.force_login(researcher)
    html = client.get(
        reverse("desk:report_detail", args=[pdf_report.pk])
    ).content.decode()
    assert "a PDF of 5 pages" in html
    assert html.count("· p. 1</a>") >= 1 and html.count("· p. 5</a>") >= 1


def test_the_original_pdf_is_served_inline_without_scripts(
    client, researcher, pdf_report
):
    client.force_login(researcher)
    response = client.get(reverse("desk:report_original", args=[pdf_report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == SEED.with_suffix(".pdf").read_bytes()


def test_an_original_web_page_is_a_sandboxed_download(client, researcher, editor):
    with audit_context():
        report = report_import(
            actor=editor, text=SEED.with_suffix(".html").read_bytes(), filename="p"
        ).report
    client.force_login(researcher)
    response = client.get(reverse("desk:report_original", args=[report.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


def test_the_original_is_for_staff_only(client, pdf_report):
    url = reverse("desk:report_original", args=[pdf_report.pk])
    assert client.get(url).status_code in (302, 403)


def test_a_report_without_a_stored_original_is_a_404(client, researcher):
    from tests.factories import ReportFactory

    report = ReportFactory()
    client.force_login(researcher)
    url = reverse("desk:report_original", args=[report.pk])
    assert client.get(url).status_code == 404

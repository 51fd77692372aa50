"""The admin's "add report" is an upload form that imports through report_import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from claims.models import Claim, ImportJob, ImportJobStatus, Report
from tests.claims.test_import_jobs import list_report

pytestmark = pytest.mark.django_db
ADD = reverse("admin:claims_report_add")


def _upload(content: bytes, name: str = "brief.md"):
    return SimpleUploadedFile(name, content, content_type="text/markdown")


def test_editor_imports_a_report_through_the_admin(client, editor):
    client.force_login(editor)
    assert client.get(ADD).status_code == 200
    response = client.post(
        ADD,
        {
            "file": _upload(b"# Brief\n\nOutput rose 4% in May.\n"),
            "publisher": "Example Institute",
            "published_on": "2025-06-30",
        },
    )
    report = Report.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:claims_report_change", args=[report.pk])
    assert report.title == "Brief"
    assert report.imported_by == editor
    assert Claim.objects.get().text == "Output rose 4% in May."
    assert AuditEvent.objects.filter(action="report.imported", actor=editor).exists()


def test_a_bad_file_is_shown_as_a_form_error(client, editor):
    client.force_login(editor)
    response = client.post(ADD, {"file": _upload(b"\x00\x01binary")})
    assert response.status_code == 200
    assert "binary" in response.content.decode()
    assert not Report.objects.exists()


def test_researchers_cannot_open_the_import_form(client, researcher):
    client.force_login(researcher)
    assert client.get(ADD).status_code in (302, 403)
    assert not Report.objects.exists()


def test_a_broken_pdf_is_shown_as_a_form_error(client, editor):
    client.force_login(editor)
    response = client.post(ADD, {"file": _upload(b"%PDF-1.7\n1 0 obj <<", "r.pdf")})
    assert response.status_code == 200
    assert "The PDF cannot be read" in response.content.decode()
    assert not Report.objects.exists()


def test_a_large_file_becomes_a_background_job_with_its_progress_page(
    client, editor, django_capture_on_commit_callbacks, run_worker, settings
):
    settings.IMPORT_BACKGROUND_BYTES = 1024
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD, {"file": _upload(list_report(200), "list.md")})
    job = ImportJob.objects.get()
    # The request imported nothing: it stored the file and queued the job.
    assert response.status_code == 302
    assert response.url == reverse("desk:import_job", args=[job.pk])
    assert job.created_by == editor and not Report.objects.exists()
    assert "<progress" in client.get(response.url).content.decode()
    run_worker()
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE
    assert job.report.imported_by == editor
    assert Claim.objects.count() == 200


def test_a_small_file_is_still_imported_by_the_request(client, editor, settings):
    settings.IMPORT_BACKGROUND_BYTES = 1024
    client.force_login(editor)
    client.post(ADD, {"file": _upload(b"# Brief\n\nOutput rose 4% in May.\n")})
    assert Report.objects.count() == 1
    assert not ImportJob.objects.exists()

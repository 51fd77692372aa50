"""Large imports through the API: 202 with the Location of the job's status."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import ImportJob, Report
from tests.claims.test_import_jobs import list_report

pytestmark = pytest.mark.django_db


def upload(client, content):
    return client.post(
        "/api/v1/reports/",
        {"file": SimpleUploadedFile("list.md", content)},
        format="multipart",
    )


def test_a_large_upload_is_accepted_and_its_status_followed(
    as_editor, editor, settings, django_capture_on_commit_callbacks, run_worker
):
    settings.IMPORT_BACKGROUND_BYTES = 1024
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(as_editor, list_report(100))
    assert response.status_code == 202
    job = ImportJob.objects.get()
    location = response["Location"]
    assert location.endswith(f"/api/v1/import-jobs/{job.pk}/")
    assert response.json()["status"] == "queued"
    assert Report.objects.count() == 0
    run_worker()
    body = as_editor.get(location).json()
    report = Report.objects.get()
    assert body["status"] == "done"
    assert body["report"] == report.pk
    assert body["result"]["claims_created"] == 100
    assert body["percent"] == 100
    assert body["page"] == f"/reports/import/{job.pk}/"


def test_a_failed_job_reports_its_error(
    as_editor, settings, django_capture_on_commit_callbacks, run_worker
):
    settings.IMPORT_BACKGROUND_BYTES = 10
    with django_capture_on_commit_callbacks(execute=True):
        location = upload(as_editor, b"\x00binary" * 10)["Location"]
    run_worker()
    body = as_editor.get(location).json()
    assert body["status"] == "failed"
    assert "NUL bytes" in body["error"]
    assert body["report"] is None


def test_jobs_are_listed_for_editors_and_hidden_from_others(
    as_editor, as_researcher, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_BYTES = 10
    with django_capture_on_commit_callbacks(execute=True):
        location = upload(as_editor, list_report(3))["Location"]
    assert len(as_editor.get("/api/v1/import-jobs/").json()["results"]) == 1
    assert as_researcher.get(location).status_code == 404
    assert as_researcher.get("/api/v1/import-jobs/").json()["results"] == []


def test_a_researcher_gets_403_and_no_job(as_researcher, settings):
    settings.IMPORT_BACKGROUND_BYTES = 10
    assert upload(as_researcher, list_report(3)).status_code == 403
    assert ImportJob.objects.count() == 0

"""A large import through the web: the request returns at once; the job page follows it."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Claim, ImportJob, ImportJobStatus, Report
from tests.claims.test_import_jobs import list_report

pytestmark = pytest.mark.django_db
IMPORT = "/reports/import/"
FIVE_MB = 5 * 1024 * 1024


def five_mb_of_identical_lines() -> bytes:
    line = b"- The grid operator reported output of 12.5% in 2024.\n"
    head = b"# Big list\n\n"
    return head + line * ((FIVE_MB - len(head)) // len(line))


def test_a_5_mb_upload_redirects_at_once_to_its_job_page(
    client, editor, django_capture_on_commit_callbacks, task_backend
):
    content = five_mb_of_identical_lines()
    assert FIVE_MB - 100 < len(content) <= FIVE_MB
    client.force_login(editor)
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(IMPORT, {"file": SimpleUploadedFile("big.md", content)})
    took = time.perf_counter() - started
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/import/{job.pk}/"
    # Nothing was parsed or written by the request (a synchronous import of this
    # file takes minutes); it stored the file and queued the job.
    assert Report.objects.count() == 0 and job.size == len(content)
    assert took < 10, took
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "<progress" in html and "Queued" in html
    assert "big.md" in html


def test_the_job_page_shows_progress_then_the_report(
    client, editor, django_capture_on_commit_callbacks, run_worker, settings
):
    settings.IMPORT_BACKGROUND_BYTES = 1024
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            IMPORT, {"file": SimpleUploadedFile("list.md", list_report(200))}
        )
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.RUNNING, step="reading", done=40, total=200
    )
    html = client.get(response["Location"]).content.decode()
    assert '<progress value="40" max="200"' in html
    assert "line 40 of 200" in html
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.QUEUED)
    run_worker()
    page = client.get(response["Location"])
    html = page.content.decode()
    report = Report.objects.get()
    assert 'http-equiv="refresh"' not in html
    assert "200 new claims" in html
    assert f"/reports/{report.pk}/" in html
    assert Claim.objects.count() == 200


@pytest.fixture
def background_import(client, editor, settings, django_capture_on_commit_callbacks):
    """Pastes a report as the editor, imported by the task worker (not the request)."""
    settings.IMPORT_BACKGROUND_BYTES = 10
    client.force_login(editor)

    def post(text: str):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(IMPORT, {"text": text})

    return post


def test_a_failed_job_says_why_and_nothing_was_imported(
    client, background_import, run_worker
):
    response = background_import("# Only a heading\n\n## And another\n")
    run_worker()
    html = client.get(response["Location"]).content.decode()
    assert "Nothing was imported." in html
    assert "contains no assertions" in html
    assert Report.objects.count() == 0


def test_small_files_are_still_imported_by_the_request(client, editor, settings):
    client.force_login(editor)
    response = client.post(IMPORT, {"text": "# R\n\nGrowth was 5% in 2025.\n"})
    assert response.status_code == 302
    assert response["Location"] == f"/reports/{Report.objects.get().pk}/"
    assert ImportJob.objects.count() == 0


def test_a_job_page_is_for_editors_and_its_creator(
    client, researcher, background_import
):
    url = background_import("# R\n\nGrowth was 5% in 2025.\n")["Location"]
    client.force_login(researcher)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page

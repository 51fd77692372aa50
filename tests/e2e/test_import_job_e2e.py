"""A large import in a real browser: the upload returns at once, the page follows it
(in place with script, by reloading without), and the reader may stop that."""

import pytest
from playwright.sync_api import expect

from claims.models import ImportJob, ImportJobStatus
from tests.claims.test_import_jobs import list_report
from tests.e2e.conftest import login, screenshot
from tests.workers import run_worker_until_empty

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_upload_over_the_threshold_shows_progress_then_the_report(
    page, live_server, editor, settings, tmp_path
):
    settings.IMPORT_BACKGROUND_BYTES = 1024
    upload = tmp_path / "county-figures.md"
    upload.write_bytes(list_report(400))
    login(page, editor, live_server.url)
    page.goto(f"{live_server.url}/reports/import/")
    page.locator("input[name=file]").set_input_files(str(upload))
    with page.expect_navigation():
        page.get_by_role("button", name="Import").click()
    job = ImportJob.objects.get()
    assert page.url.endswith(f"/reports/import/{job.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("county-figures.md")
    expect(page.locator("progress")).to_be_visible()
    # As the worker shows it while reading the file: the page follows in place.
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.RUNNING, step="reading", done=161, total=402
    )
    expect(page.locator("progress")).to_have_attribute("value", "161")
    expect(page.get_by_text("line 161 of 402")).to_be_visible()
    # With script, no meta refresh reloads the page under the reader (WCAG 2.2.1).
    expect(page.locator('meta[http-equiv="refresh"]')).to_have_count(0)
    screenshot(page, "import-job-progress")

    # The reader may stop the updates, look when they like, and start them again.
    page.get_by_role("link", name="Stop the updates").click()
    expect(page.get_by_text("Updates are stopped.")).to_be_visible()
    ImportJob.objects.filter(pk=job.pk).update(done=300)
    page.wait_for_timeout(2500)  # longer than the page's interval
    expect(page.locator("progress")).to_have_attribute("value", "161")
    page.get_by_role("link", name="Update now").click()
    expect(page.locator("progress")).to_have_attribute("value", "300")
    page.get_by_role("link", name="Update automatically again").click()
    expect(page.get_by_role("link", name="Stop the updates")).to_be_visible()
    url = page.url
    # Away while the worker writes: the test's in-memory SQLite (shared cache)
    # would make a reload during the write wait on a table lock.
    page.goto("about:blank")
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.QUEUED)
    run_worker_until_empty("database")
    page.goto(url)
    expect(page.get_by_text("400 new claims")).to_be_visible()
    expect(page.locator(".reload-control")).to_have_count(0)
    expect(page.get_by_role("link", name="Open")).to_be_visible()
    screenshot(page, "import-job-done")


def test_without_script_the_job_page_reloads_itself_until_stopped(
    new_context, live_server, editor
):
    job = ImportJob.objects.create(
        status=ImportJobStatus.RUNNING,
        created_by=editor,
        filename="county-figures.md",
        step="reading",
        done=161,
        total=402,
    )
    page = new_context(java_script_enabled=False).new_page()
    login(page, editor, live_server.url)
    page.goto(f"{live_server.url}/reports/import/{job.pk}/")
    expect(page.locator('meta[http-equiv="refresh"]')).to_have_count(1)
    page.get_by_role("link", name="Stop the updates").click()
    expect(page.get_by_text("Updates are stopped.")).to_be_visible()
    expect(page.locator('meta[http-equiv="refresh"]')).to_have_count(0)

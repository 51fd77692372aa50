"""Background imports: a large upload becomes a job the worker runs, whole or not at all."""

import hashlib
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage

from audit.chain import verify_chain
from audit.models import AuditEvent
from claims.models import (
    Appearance,
    Claim,
    ClaimMatch,
    ImportJob,
    ImportJobStatus,
    Report,
)
from claims.services.import_jobs import INTERNAL_ERROR, import_job_create
from claims.tasks import import_job_enqueue

pytestmark = pytest.mark.django_db


def list_report(items: int, *, same: bool = False) -> bytes:
    lines = [
        "The grid operator reported output of 12.5% in 2024."
        if same
        else f"Plant {i} reported output of {i % 97}.5% in {2000 + i % 26}."
        for i in range(items)
    ]
    return ("# Big list\n\n" + "".join(f"- {line}\n" for line in lines)).encode()


def _queued(editor, content, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return import_job_enqueue(
            actor=editor, content=content, filename="big.md", **kwargs
        )


def test_a_job_is_queued_with_its_upload_stored_and_nothing_imported(
    editor, django_capture_on_commit_callbacks, task_backend
):
    job = _queued(editor, list_report(50), django_capture_on_commit_callbacks)
    assert job.status == ImportJobStatus.QUEUED
    assert default_storage.exists(job.upload.name)
    assert Report.objects.count() == 0
    event = AuditEvent.objects.get(action="import_job.created")
    assert (event.actor, event.subject_id) == (editor, str(job.pk))


def test_the_worker_imports_the_job_whole_then_matches(
    editor, django_capture_on_commit_callbacks, run_worker
):
    job = _queued(editor, list_report(300), django_capture_on_commit_callbacks)
    run_worker()
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE, job.error
    assert job.report.imported_by == editor
    assert job.result["claims_created"] == 300 == Claim.objects.count()
    assert Appearance.objects.filter(claim__isnull=False).count() == 300
    assert job.percent == 100
    assert not default_storage.exists(job.upload.name)  # now the report's original
    done = AuditEvent.objects.get(action="import_job.done")
    assert done.data["report_id"] == job.report_id
    imported = AuditEvent.objects.get(action="report.imported")
    assert imported.actor == editor
    assert imported.data["via"] == f"task claims.tasks.run_import_job #{job.pk}"
    assert imported.data["matching"] == "after"
    # The matching task ran after the import: the near-identical lines are suggested.
    assert ClaimMatch.objects.exists()
    assert verify_chain().ok


def test_identical_lines_are_one_claim_with_every_appearance(
    editor, django_capture_on_commit_callbacks, run_worker
):
    job = _queued(
        editor, list_report(2_500, same=True), django_capture_on_commit_callbacks
    )
    run_worker()
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE, job.error
    (claim,) = Claim.objects.all()
    assert claim.appearances.count() == 2_500
    assert AuditEvent.objects.filter(action="claim.appeared").count() == 2_499
    assert verify_chain().ok


def test_a_file_that_is_not_a_report_fails_with_its_reason(
    editor, django_capture_on_commit_callbacks, run_worker
):
    job = _queued(editor, b"\xff\xfe" * 100, django_capture_on_commit_callbacks)
    run_worker()
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED
    assert "not UTF-8" in job.error
    assert Report.objects.count() == 0
    event = AuditEvent.objects.get(action="import_job.failed")
    assert event.data["error"] == job.error


def test_a_job_failing_midway_lands_nothing(
    editor, django_capture_on_commit_callbacks, run_worker
):
    """The third batch of audit events fails: the claims, appearances and events of
    the first two are rolled back with the report, and its stored original removed."""
    from audit import recorder

    real = recorder.record_many
    calls = []

    def fail_third(entries):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(entries)

    content = list_report(2_500)
    job = _queued(editor, content, django_capture_on_commit_callbacks)
    before = AuditEvent.objects.count()
    with mock.patch("audit.recorder.record_many", side_effect=fail_third):
        run_worker()
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED
    assert job.error == INTERNAL_ERROR
    assert (Report.objects.count(), Claim.objects.count()) == (0, 0)
    assert Appearance.objects.count() == 0
    digest = hashlib.sha256(content).hexdigest()
    assert not default_storage.exists(f"reports/{digest}")
    assert default_storage.exists(job.upload.name)  # kept, to run it again
    # Only the job's failure was added to the trail.
    assert AuditEvent.objects.count() - before == 1
    assert AuditEvent.objects.filter(action="import_job.failed").exists()
    assert verify_chain().ok


def test_a_job_run_twice_imports_once(
    editor, django_capture_on_commit_callbacks, run_worker
):
    from claims.services.import_jobs import import_job_run

    job = _queued(editor, list_report(20), django_capture_on_commit_callbacks)
    run_worker()
    again = import_job_run(job_id=job.pk)
    assert again.status == ImportJobStatus.DONE
    assert Report.objects.count() == 1
    assert AuditEvent.objects.filter(action="import_job.done").count() == 1


def test_a_researcher_cannot_queue_a_job_and_the_refusal_is_recorded(researcher):
    with pytest.raises(PermissionDenied):
        import_job_create(actor=researcher, content=list_report(5))
    assert ImportJob.objects.count() == 0
    refused = AuditEvent.objects.get(action="access.refused")
    assert refused.data["attempted"] == "report.import"

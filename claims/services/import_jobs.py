"""Background imports: a large upload becomes an ImportJob that the task worker runs."""

import logging
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from audit.recorder import records_refusal
from claims.models import ImportJob, ImportJobStatus
from claims.permissions import user_can_import_report
from claims.services.imports import ImportResult, report_import
from config.lazy_text import gettext_lazy

logger = logging.getLogger(__name__)

# What a job's page says of an error that is not the report's fault; the
# traceback is in the worker's log.
INTERNAL_ERROR = gettext_lazy(
    "The import stopped on an internal error; nothing was imported. "
    "Try again, or tell an administrator (the worker's log has the details)."
)


@records_refusal("report.import", subject_kwarg="job")
def import_job_create(
    *,
    actor,
    content: bytes,
    filename: str = "",
    title: str = "",
    publisher: str = "",
    url: str = "",
    published_on=None,
) -> ImportJob:
    """Keep the upload in the default storage and record the job, queued; a failed
    write leaves no file. ``claims.tasks.import_job_enqueue`` calls this and
    enqueues the task when the transaction commits.
    """
    if not user_can_import_report(actor):
        raise PermissionDenied(_("Only editors may import reports."))
    name = default_storage.save(f"imports/{uuid.uuid4().hex}", ContentFile(content))
    try:
        return _import_job_write(
            actor=actor,
            name=name,
            size=len(content),
            filename=filename,
            title=title,
            publisher=publisher,
            url=url,
            published_on=published_on,
        )
    except BaseException:
        default_storage.delete(name)
        raise


@transaction.atomic
def _import_job_write(*, actor, name: str, size: int, **form) -> ImportJob:
    job = ImportJob.objects.create(
        created_by=actor,
        upload=name,
        filename=(form["filename"] or "")[:255],
        size=size,
        title=(form["title"] or "")[:500],
        publisher=(form["publisher"] or "")[:300],
        url=form["url"] or "",
        published_on=form["published_on"],
    )
    audit.record(
        action="import_job.created",
        actor=actor,
        subject=job,
        data={"filename": job.filename, "size": job.size, "upload": name},
    )
    return job


def _progress(job_id: int):
    def report(step: str, done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(step=step, done=done, total=total)

    return report


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a queued job: import the stored upload as its creator, in one
    transaction; record the job done (with the report) or failed (with why).

    A job already done or failed is left as it is (a task run twice does nothing
    twice); a job found running was interrupted and runs again (the import is one
    transaction, so nothing of the first run is left).
    """
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.finished:
        return job
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.RUNNING, started_at=timezone.now(), step="reading"
    )
    try:
        with job.upload.open("rb") as stored:
            content = stored.read()
        result = report_import(
            actor=job.created_by,
            text=content,
            title=job.title,
            publisher=job.publisher,
            url=job.url,
            published_on=job.published_on,
            filename=job.filename,
            match_now=False,
            progress=_progress(job.pk),
        )
    except ValidationError as exc:
        return _job_failed(job, "; ".join(exc.messages))
    except PermissionDenied as exc:
        # The creator is no longer an editor: the refusal is recorded by the import.
        return _job_failed(job, str(exc))
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        return _job_failed(job, str(INTERNAL_ERROR))
    job = _job_done(job, result)
    # Committed: the upload has become the report's stored original.
    default_storage.delete(job.upload.name)
    return job


@transaction.atomic
def _job_done(job: ImportJob, result: ImportResult) -> ImportJob:
    job.refresh_from_db()
    job.status = ImportJobStatus.DONE
    job.finished_at = timezone.now()
    job.report = result.report
    job.step = ""
    job.done = job.total = result.appearances_added + result.not_claims
    job.result = {
        "created": result.created,
        "claims_created": result.claims_created,
        "appearances_added": result.appearances_added,
        "not_claims": result.not_claims,
        "matching": "queued" if result.created and result.claims_created else "none",
    }
    job.save()
    audit.record(
        action="import_job.done",
        actor=job.created_by,
        subject=job,
        data={"report_id": result.report.pk, **job.result},
    )
    return job


@transaction.atomic
def _job_failed(job: ImportJob, error: str) -> ImportJob:
    job.refresh_from_db()
    job.status = ImportJobStatus.FAILED
    job.finished_at = timezone.now()
    job.error = error
    job.save()
    audit.record(
        action="import_job.failed",
        actor=job.created_by,
        subject=job,
        data={"error": error, "filename": job.filename},
    )
    return job

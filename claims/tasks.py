"""Background tasks of claims: large imports, matching after them, retraining triage.

Enqueueable at any time (``train_triage.enqueue()``); the schedule's daily tick
enqueues it once a day from ``TRIAGE_TRAIN_HOUR`` (collab.services.schedule).
It does what ``manage.py train_triage`` does, as the system, audited the same way;
with too few decisions it keeps the current model and says so in its result.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks import task

from audit.context import system_context
from claims.models import ImportJob, Report
from claims.services.import_jobs import import_job_create, import_job_run
from claims.services.imports import (
    ImportResult,
    report_claims_match,
    report_import,
)
from claims.services.triage import triage_model_train

VIA = "task claims.tasks.train_triage"


@task()
def train_triage() -> str:
    with system_context(VIA):
        result = triage_model_train(
            actor=None, min_decisions=settings.TRIAGE_MIN_DECISIONS
        )
    return result.message


def import_job_enqueue(**kwargs) -> ImportJob:
    """Record an ImportJob (``import_job_create``'s arguments) and run it in the
    background once the transaction commits: what the web form and the API call."""
    job = import_job_create(**kwargs)
    transaction.on_commit(lambda: run_import_job.enqueue(job.pk), robust=True)
    return job


def report_import_submit(
    *, actor, content: bytes, **form
) -> tuple[ImportResult | None, ImportJob | None]:
    """Import a report now, or, above ``IMPORT_BACKGROUND_BYTES``, queue it as an
    ImportJob (``import_job_enqueue``) so that the request never waits: the one
    place that decides, for the web form, the API and the admin. ``form``: the
    keyword arguments both take (filename, title, publisher, url, published_on).
    Returns the import's result or the job, the other None.
    """
    if len(content) > settings.IMPORT_BACKGROUND_BYTES:
        return None, import_job_enqueue(actor=actor, content=content, **form)
    return report_import(actor=actor, text=content, **form), None


@task()
def run_import_job(job_id: int) -> str:
    """Import a queued ImportJob's upload (claims.services.import_jobs); its events
    name its creator as actor and this task as the origin. The new claims are then
    matched by a task of their own."""
    with system_context(f"task claims.tasks.run_import_job #{job_id}"):
        job = import_job_run(job_id=job_id)
    if job.result.get("matching") == "queued":
        match_report_claims.enqueue(job.report_id, job.created_by_id)
    return job.status


@task()
def match_report_claims(report_id: int, actor_id: int | None = None) -> int:
    """Suggest matches for the claims a background import added (left out of its
    transaction: on 100,000 new claims matching takes longer than the import)."""
    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        return 0
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    with system_context(f"task claims.tasks.match_report_claims #{report_id}"):
        return len(report_claims_match(actor=actor, report=report).suggested)

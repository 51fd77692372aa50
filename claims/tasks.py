"""Background task of claims: retraining the triage model on the desk's decisions.

Enqueueable at any time (``train_triage.enqueue()``); the schedule's daily tick
enqueues it once a day from ``TRIAGE_TRAIN_HOUR`` (collab.services.schedule).
It does what ``manage.py train_triage`` does, as the system, audited the same way;
with too few decisions it keeps the current model and says so in its result.
"""

from django.conf import settings
from django_tasks import task

from audit.context import system_context
from claims.services.triage import triage_model_train

VIA = "task claims.tasks.train_triage"


@task()
def train_triage() -> str:
    with system_context(VIA):
        result = triage_model_train(
            actor=None, min_decisions=settings.TRIAGE_MIN_DECISIONS
        )
    return result.message

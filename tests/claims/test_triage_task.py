"""The background task that retrains triage: run by a worker, audited as the system."""

import pytest

from audit.models import AuditEvent
from claims.models import TriageModel
from claims.tasks import train_triage
from tests.claims.test_services_triage import NEW_REPORT, _decide, _import

pytestmark = pytest.mark.django_db


def test_the_task_keeps_the_model_when_decisions_are_few(run_worker):
    _import(NEW_REPORT)
    result = train_triage.enqueue()
    run_worker()
    result.refresh()
    assert result.return_value.startswith("Not retrained: only 0 decided claims")
    assert TriageModel.objects.count() == 1


def test_the_task_trains_on_the_desks_decisions(run_worker, settings):
    settings.TRIAGE_MIN_DECISIONS = 50
    _import(NEW_REPORT)
    _decide()
    train_triage.enqueue()
    run_worker()
    assert TriageModel.objects.get(version=2).decisions == 60
    event = AuditEvent.objects.get(action="triage.model_trained")
    assert event.data["via"] == "task claims.tasks.train_triage"

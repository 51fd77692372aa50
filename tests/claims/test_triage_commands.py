"""manage.py train_triage (refit, --evaluate, --rollback) and evaluate_triage."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from claims.models import TriageModel
from tests.claims.test_services_triage import FORECASTS, NEW_REPORT, _decide, _import
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_with_too_few_decisions_it_keeps_the_model_and_says_so():
    _import(NEW_REPORT)
    output = _run("train_triage")
    assert output.startswith("Not retrained: only 0 decided claims")
    assert "new imports keep using model v1" in output
    assert TriageModel.objects.count() == 1


def test_it_trains_evaluates_and_rolls_back(settings):
    settings.TRIAGE_MIN_DECISIONS = 50
    _import(NEW_REPORT)
    _decide()

    evaluated = _run("train_triage", "--evaluate", "--k", "5")
    assert "Current model: v1 (Shipped base set" in evaluated
    assert "Held out 15 of 60 decisions (7 taken" in evaluated
    assert "precision@5, current model:" in evaluated
    assert "precision@5, refitted without them:      1.00" in evaluated
    assert TriageModel.objects.count() == 1  # --evaluate writes nothing

    trained = _run("train_triage")
    assert trained.startswith("Trained model v2 on ")
    event = AuditEvent.objects.get(action="triage.model_trained")
    assert event.actor is None and event.data["via"] == "manage.py train_triage"

    assert _run("train_triage", "--rollback").startswith(
        "Rolled back; new imports use model v1 again."
    )
    with pytest.raises(CommandError, match="Nothing to roll back to: v1 is the only"):
        _run("train_triage", "--rollback")


def test_evaluate_says_when_there_is_too_little_to_measure():
    for text in FORECASTS[:5]:
        ClaimFactory(text=text, status="researching")
    output = _run("train_triage", "--evaluate")
    assert "No model stored yet" in output
    assert "Too few decisions to measure on: 5 (5 taken)" in output


def test_evaluate_triage_prints_each_kind_and_precision_at_10():
    output = _run("evaluate_triage")
    assert "(scores: shipped base model)" in output
    for kind in ("statistic", "rule", "opinion", "not_a_claim"):
        assert f"\n{kind} " in output
    assert "kind accuracy: 0." in output
    assert "seed-china-ai" in output
    assert "mean precision@10: 0." in output

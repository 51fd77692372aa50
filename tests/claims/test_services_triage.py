"""The triage model's versions: installed by the first import, refitted on the
desk's decisions, rolled back; each write audited, the version on every claim."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.context import system_context
from audit.models import AuditEvent
from claims.models import Claim, TriageModel
from claims.services.imports import report_import
from claims.services.triage import triage_model_roll_back, triage_model_train
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

# The desk in these tests takes forecasts into research and finds counts not worth
# checking: the opposite of the shipped base set, so that its weight shows.
FORECASTS = [
    f"The {place} authority will approve the {thing} next year."
    for place in ("harbour", "river", "valley", "county", "city", "port")
    for thing in ("bridge", "tunnel", "dam", "depot", "school")
]
COUNTS = [
    f"The {place} depot stores {n} {thing}."
    for place, n in zip(
        ("north", "south", "east", "west", "upper", "lower"), (12, 30, 45, 70, 81, 96)
    )
    for thing in ("buses", "trams", "ferries", "vans", "cranes")
]
PLACES = ("coastal", "inland", "alpine", "border")


def new_report(n: int = 0) -> str:
    """A report with one forecast and one count, worded afresh for each ``n``."""
    place = PLACES[n]
    return (
        f"# Transport outlook {n}\n\n"
        f"The {place} authority will approve the ferry terminal next year.\n\n"
        f"The {place} depot stores {64 + n} lorries.\n"
    )


NEW_REPORT = new_report()


def _import(text: str):
    with system_context("test"):
        return report_import(actor=None, text=text)


def _decide():
    """60 decisions: forecasts taken into research, counts marked not checkable."""
    for text in FORECASTS:
        ClaimFactory(text=text, status="researching")
    for text in COUNTS:
        ClaimFactory(text=text, status="not_checkable", not_checkable_reason="Dull.")


def _claim(report, needle: str) -> Claim:
    return Claim.objects.get(appearances__report=report, text__contains=needle)


def _gap(report) -> float:
    """How far the count's score is above the forecast's."""
    return (
        _claim(report, "lorries").checkworthiness
        - _claim(report, "ferry terminal").checkworthiness
    )


def _train(**kwargs):
    with system_context("manage.py train_triage"):
        return triage_model_train(actor=None, min_decisions=50, **kwargs)


def test_the_first_import_installs_the_base_model_and_every_claim_names_it():
    result = _import(NEW_REPORT)
    model = TriageModel.objects.get()
    assert (model.version, model.source) == (1, "base")
    assert model.cv_auc > 0.8
    installed = AuditEvent.objects.get(action="triage.model_installed")
    assert installed.subject_id == str(model.pk)
    claims = Claim.objects.filter(appearances__report=result.report)
    assert {claim.triage_model_id for claim in claims} == {model.pk}
    counted = claims.get(text__contains="lorries")
    assert "quantity" in counted.triage_features
    created = AuditEvent.objects.get(action="claim.created", subject_id=counted.pk)
    assert created.data["triage_model"] == 1


def test_too_few_decisions_keep_the_base_model_and_say_so():
    _import(NEW_REPORT)
    for text in FORECASTS[:10]:
        ClaimFactory(text=text, status="researching")
    events = AuditEvent.objects.count()
    result = _train()
    assert result.model is None
    assert result.current.version == 1
    assert "only 10 decided claims (at least 50 needed)" in result.message
    assert "keep using model v1" in result.message
    assert TriageModel.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_training_on_the_desks_decisions_moves_new_imports_their_way():
    gap_before = _gap(_import(NEW_REPORT).report)
    assert gap_before > 0  # the base set prefers the count to the forecast
    _decide()

    result = _train()

    assert (result.model.version, result.decisions, result.taken) == (2, 60, 30)
    assert TriageModel.objects.get(version=2).source == "desk"
    trained = AuditEvent.objects.get(action="triage.model_trained")
    assert trained.data["previous_version"] == 1
    assert trained.data["decisions"] == 60
    assert 0.5 < trained.data["cv_auc"] <= 1
    after = _import(new_report(1)).report
    assert _gap(after) < 0 < gap_before  # the forecast now ranks first
    assert _claim(after, "lorries").triage_model.version == 2


def test_rolling_back_makes_the_previous_model_current_again():
    _import(NEW_REPORT)
    _decide()
    _train()
    with system_context("manage.py train_triage"):
        current = triage_model_roll_back(actor=None)
    assert current.version == 1
    retired = TriageModel.objects.get(version=2)
    assert retired.rolled_back_at is not None
    event = AuditEvent.objects.get(action="triage.model_rolled_back")
    assert event.data == {
        "version": 2,
        "now_current": 1,
        "via": "manage.py train_triage",
    }
    again = _import(new_report(2)).report
    assert _claim(again, "lorries").triage_model.version == 1
    assert _gap(again) > 0
    with system_context("manage.py train_triage"), pytest.raises(ValidationError):
        triage_model_roll_back(actor=None)


def test_an_editor_may_not_retrain_or_roll_back_and_the_refusal_is_recorded(editor):
    with pytest.raises(PermissionDenied):
        triage_model_train(actor=editor, min_decisions=50)
    with pytest.raises(PermissionDenied):
        triage_model_roll_back(actor=editor)
    refused = AuditEvent.objects.filter(action="access.refused")
    assert [event.data["attempted"] for event in refused.order_by("seq")] == [
        "triage.train",
        "triage.roll_back",
    ]

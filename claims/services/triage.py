"""The check-worthiness model's versions: installed, refitted on the desk's
decisions, rolled back; each write audited (docs/importer.md, "Learning from the desk").
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from audit import context as audit_context
from audit.recorder import records_refusal
from claims.models import TriageModel
from claims.permissions import user_can_train_triage
from claims.selectors import triage_decisions, triage_model_current
from claims.triage.features import features_of
from claims.triage.model import base_scorer
from claims.triage.training import Fitted, fit


def _allowed(actor) -> bool:
    if actor is None:
        # The scheduled or manual management command: the system.
        return bool(audit_context.current().via)
    return user_can_train_triage(actor)


def _human(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _next_version() -> int:
    return (TriageModel.objects.aggregate(top=Max("version"))["top"] or 0) + 1


@transaction.atomic
def triage_model_install_base(*, actor) -> TriageModel:
    """The current model; the shipped base model, stored as version 1, if none is.

    Called by the first import into an empty database (any importer may cause it:
    it stores what the code ships, it decides nothing).
    """
    current = triage_model_current()
    if current is not None:
        return current
    scorer = base_scorer()
    # Two first imports at once: one creates it, the other finds it.
    model, created = TriageModel.objects.get_or_create(
        version=1,
        defaults={
            "source": TriageModel.Source.BASE,
            "intercept": scorer.intercept,
            "weights": dict(scorer.weights),
            "means": dict(scorer.means),
            "cv_auc": float(scorer.details.get("cv_auc", 0.0)),
            "base_examples": int(scorer.details.get("base_examples", 0)),
            "created_by": _human(actor),
        },
    )
    if not created:
        return model
    audit.record(
        action="triage.model_installed",
        actor=actor,
        subject=model,
        data={"version": model.version, "source": model.source, "cv_auc": model.cv_auc},
    )
    return model


@dataclass(frozen=True)
class TrainingResult:
    """What ``triage_model_train`` did: a new model, or why it kept the current one."""

    model: TriageModel | None  # the new version; None if none was made
    current: TriageModel | None  # the model new imports use afterwards
    decisions: int
    taken: int
    message: str


@records_refusal("triage.train", subject_kwarg="model")
def triage_model_train(*, actor, min_decisions: int) -> TrainingResult:
    """Refit the model on the base set and the desk's decisions and make it current.

    With fewer than ``min_decisions`` decisions, or decisions of one kind only,
    nothing is written and the current model stays. The fit runs before the
    write transaction (it takes a moment and needs no lock).
    """
    if not _allowed(actor):
        raise PermissionDenied(_("Only administrators may retrain the triage model."))
    decisions = triage_decisions()
    taken = sum(1 for _text, was_taken in decisions if was_taken)
    current = triage_model_current()
    kept = f"model v{current.version}" if current else "the shipped base model"
    if len(decisions) < min_decisions or taken in (0, len(decisions)):
        why = (
            f"only {len(decisions)} decided claims (at least {min_decisions} needed)"
            if len(decisions) < min_decisions
            else "the decisions are all of one kind"
        )
        return TrainingResult(
            model=None,
            current=current,
            decisions=len(decisions),
            taken=taken,
            message=f"Not retrained: {why}; new imports keep using {kept}.",
        )
    fitted = fit([(features_of(text), was_taken) for text, was_taken in decisions])
    model = _triage_model_store(actor=actor, fitted=fitted, previous=current)
    return TrainingResult(
        model=model,
        current=model,
        decisions=len(decisions),
        taken=taken,
        message=(
            f"Trained model v{model.version} on {fitted.base_examples} base "
            f"sentences and {len(decisions)} decisions ({taken} taken): "
            f"cross-validated ROC AUC {fitted.cv_auc:.3f}. New imports use it."
        ),
    )


@transaction.atomic
def _triage_model_store(*, actor, fitted: Fitted, previous) -> TriageModel:
    model = TriageModel.objects.create(
        version=_next_version(),
        source=TriageModel.Source.DESK,
        intercept=fitted.scorer.intercept,
        weights=dict(fitted.scorer.weights),
        means=dict(fitted.scorer.means),
        cv_auc=fitted.cv_auc,
        base_examples=fitted.base_examples,
        decisions=fitted.desk_examples,
        decisions_taken=fitted.desk_positives,
        created_by=_human(actor),
    )
    audit.record(
        action="triage.model_trained",
        actor=actor,
        subject=model,
        data={
            "version": model.version,
            "previous_version": previous.version if previous else None,
            "cv_auc": model.cv_auc,
            "base_examples": model.base_examples,
            "decisions": model.decisions,
            "decisions_taken": model.decisions_taken,
            "weights": model.weights,
        },
    )
    return model


@records_refusal("triage.roll_back", subject_kwarg="model")
@transaction.atomic
def triage_model_roll_back(*, actor) -> TriageModel:
    """Retire the current model; the one before it is current again (returned)."""
    if not _allowed(actor):
        raise PermissionDenied(_("Only administrators may roll back the triage model."))
    live = list(
        TriageModel.objects.select_for_update()
        .filter(rolled_back_at__isnull=True)
        .order_by("-version")[:2]
    )
    if len(live) < 2:
        if not live:
            raise ValidationError(_("Nothing to roll back to: there is no model."))
        raise ValidationError(
            _("Nothing to roll back to: v%(version)s is the only model left.")
            % {"version": live[0].version}
        )
    current, previous = live
    current.rolled_back_at = timezone.now()
    current.rolled_back_by = _human(actor)
    current.save(update_fields=["rolled_back_at", "rolled_back_by"])
    audit.record(
        action="triage.model_rolled_back",
        actor=actor,
        subject=current,
        data={"version": current.version, "now_current": previous.version},
    )
    return previous

"""manage.py train_triage: refit the check-worthiness model on the desk's decisions.

Run it on a schedule (docs/operations.md): with too few decisions it keeps the
current model and says so. ``--evaluate`` measures without writing; ``--rollback``
makes the previous model current again. Writes are audited, as the system.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from audit.context import system_context
from claims.selectors import triage_decisions, triage_model_current, triage_scorer
from claims.services.triage import triage_model_roll_back, triage_model_train
from claims.triage.features import features_of
from claims.triage.training import held_out_precision

VIA = "manage.py train_triage"
# Fewest decisions a held-out measurement is worth printing for.
EVALUATE_AT_LEAST = 20


def _message(exc: Exception) -> str:
    messages = getattr(exc, "messages", None)
    return "; ".join(messages) if messages else str(exc)


class Command(BaseCommand):
    help = (
        "Refit the check-worthiness model on the shipped base set and the desk's "
        "decisions (claims marked not checkable, or taken into research or "
        "published) and make it the one new imports use. Keeps the current model "
        "when there are too few decisions."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--evaluate",
            action="store_true",
            help="Write nothing; print precision@k on decisions held out of a fit.",
        )
        parser.add_argument("--k", type=int, default=10, help="For --evaluate.")
        parser.add_argument(
            "--rollback",
            action="store_true",
            help="Retire the current model; the previous one is used again.",
        )
        parser.add_argument(
            "--min-decisions",
            type=int,
            default=None,
            help="Default: the TRIAGE_MIN_DECISIONS setting.",
        )

    def handle(self, *args, **options):
        if options["evaluate"]:
            self._evaluate(k=options["k"])
            return
        try:
            with system_context(VIA):
                if options["rollback"]:
                    model = triage_model_roll_back(actor=None)
                    self.stdout.write(
                        f"Rolled back; new imports use model v{model.version} again."
                    )
                    return
                minimum = options["min_decisions"]
                result = triage_model_train(
                    actor=None,
                    min_decisions=(
                        settings.TRIAGE_MIN_DECISIONS if minimum is None else minimum
                    ),
                )
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(_message(exc)) from None
        self.stdout.write(result.message)

    def _evaluate(self, *, k: int) -> None:
        current = triage_model_current()
        self.stdout.write(
            f"Current model: v{current.version} ({current.get_source_display()}, "
            f"cross-validated ROC AUC {current.cv_auc:.3f})."
            if current
            else "No model stored yet: imports use the shipped base model."
        )
        decisions = [(features_of(text), taken) for text, taken in triage_decisions()]
        taken = sum(1 for _features, was_taken in decisions if was_taken)
        if len(decisions) < EVALUATE_AT_LEAST or min(taken, len(decisions) - taken) < 2:
            self.stdout.write(
                f"Too few decisions to measure on: {len(decisions)} "
                f"({taken} taken); at least {EVALUATE_AT_LEAST}, two of each kind."
            )
            return
        held = held_out_precision(decisions, current=triage_scorer(), k=k)
        self.stdout.write(
            f"Held out {held.decisions} of {len(decisions)} decisions "
            f"({held.positives} taken; a random order gives {held.base_rate:.2f}).\n"
            f"precision@{held.k}, current model:              {held.current:.2f}\n"
            f"precision@{held.k}, refitted without them:      {held.refitted:.2f}"
        )

"""manage.py evaluate_triage: kinds and check-worthiness measured on the labelled reports."""

from django.core.management.base import BaseCommand, CommandError

from claims.selectors import triage_scorer
from claims.triage.model import base_scorer
from claims.triage_evaluation import PRECISION_AT, evaluate


class Command(BaseCommand):
    help = (
        "Measure triage on the labelled reports in claims/triage/data: precision "
        "and recall of each kind, kind accuracy, and precision@10 of the "
        "check-worthiness ranking on the held-out test reports "
        "(docs/importer.md, 'Measured')."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--current",
            action="store_true",
            help="Score with the desk's current model instead of the shipped base.",
        )

    def handle(self, *args, current=False, **options):
        scorer = triage_scorer() if current else base_scorer()
        result = evaluate(scorer=scorer)
        if result.problems:
            raise CommandError(
                "The labels do not match what the importer reads:\n  "
                + "\n  ".join(result.problems)
            )
        name = f"model v{scorer.version}" if scorer.version else "shipped base model"
        write = self.stdout.write
        write(f"Labelled passages: {result.passages} (scores: {name})")
        write("")
        write(f"{'kind':<12} {'precision':>9} {'recall':>7} {'labelled':>8}")
        for row in result.kinds:
            write(
                f"{row.kind:<12} {row.precision:>9.2f} {row.recall:>7.2f} "
                f"{row.support:>8}"
            )
        write(f"kind accuracy: {result.kind_accuracy:.3f}")
        write("")
        write(f"precision@{PRECISION_AT} of check-worthiness, test reports:")
        for report, value in result.precision_at.items():
            write(f"  {report:<30} {value:.2f}")
        write(f"mean precision@{PRECISION_AT}: {result.mean_precision_at:.3f}")

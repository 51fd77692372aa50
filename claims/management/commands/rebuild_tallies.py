"""Recount the dashboard's stored tallies from the claims and their appearances."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.selectors import tallies_drift
from claims.services.tallies import claim_tallies_rebuild


class Command(BaseCommand):
    help = (
        "Recount the stored per-status tallies (desk, reports, sections) from the "
        "claims. The services keep them as claims change; run this after writing "
        "claims or appearances outside them (a restore, bulk-loaded data). With "
        "--check, only compare them with a recount and fail if they differ."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; list the tallies that differ from a recount.",
        )

    def handle(self, *args, check=False, **options):
        if check:
            drift = tallies_drift()
            if drift:
                raise CommandError(
                    f"{len(drift)} tallies differ from a recount:\n  "
                    + "\n  ".join(drift[:50])
                )
            self.stdout.write("The tallies agree with a recount.")
            return
        with transaction.atomic():
            rows = claim_tallies_rebuild()
        self.stdout.write(f"Recounted {rows} tallies.")

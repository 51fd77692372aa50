"""Recount the dashboard's stored tallies from the claims and their appearances."""

from django.core.management.base import BaseCommand
from django.db import transaction

from claims.services import claim_tallies_rebuild


class Command(BaseCommand):
    help = (
        "Recount the stored per-status tallies (desk, reports, sections) from the "
        "claims. The services keep them as claims change; run this after writing "
        "claims or appearances outside them (a restore, bulk-loaded data)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            rows = claim_tallies_rebuild()
        self.stdout.write(f"Recounted {rows} tallies.")

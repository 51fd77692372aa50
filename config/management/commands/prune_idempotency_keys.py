"""Delete the stored answers of idempotent POSTs older than IDEMPOTENCY_TTL_HOURS."""

from django.core.management.base import BaseCommand

from config.idempotency import prune_expired


class Command(BaseCommand):
    help = "Delete stored Idempotency-Key answers older than IDEMPOTENCY_TTL_HOURS."

    def handle(self, *args, **options):
        deleted = prune_expired()
        self.stdout.write(f"Deleted {deleted} expired idempotency record(s).")

"""manage.py audit_checkpoint: sign the audit trail's head and store the checkpoint."""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from audit.checkpoints.services import CheckpointRefused, checkpoint_write
from audit.checkpoints.signing import (
    format_time,
    generate_private_key,
    key_id,
    load_private_key,
    public_key_b64,
)


class Command(BaseCommand):
    help = (
        "Verify the audit events added since the last checkpoint, then sign the "
        "trail's head (count, last seq, head hash, time) with AUDIT_CHECKPOINT_KEY "
        "and store it; published at /audit/checkpoints.json. Run it from cron, "
        "e.g. hourly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--generate-key",
            action="store_true",
            help="Print a new private key for AUDIT_CHECKPOINT_KEY and its public "
            "key, and sign nothing.",
        )

    def handle(self, *args, generate_key: bool = False, **options):
        if generate_key:
            private = generate_private_key()
            self.stdout.write(f"AUDIT_CHECKPOINT_KEY={private}")
            self.stdout.write(
                f"public key: {public_key_b64(load_private_key(private))}"
            )
            return
        try:
            checkpoint = checkpoint_write(via="manage.py audit_checkpoint")
        except (CheckpointRefused, ImproperlyConfigured) as exc:
            raise CommandError(f"No checkpoint written: {exc}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Checkpoint #{checkpoint.pk} signed at {format_time(checkpoint.at)}: "
                f"{checkpoint.event_count} events, head #{checkpoint.head_seq} "
                f"{checkpoint.head_hash} (key {key_id(checkpoint.public_key)})."
            )
        )

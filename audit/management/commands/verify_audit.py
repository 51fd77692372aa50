"""manage.py verify_audit: recompute the audit hash chain and name the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from audit.chain import verify_chain
from audit.models import AuditEvent


class Command(BaseCommand):
    help = "Recompute the audit trail's hash chain; exit non-zero at the first broken event."

    def add_arguments(self, parser):
        parser.add_argument(
            "--expect-head",
            metavar="SEQ:HASH",
            help=(
                "An anchor kept outside the database (printed by an earlier run): "
                "the event SEQ must still exist with this hash."
            ),
        )

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at event #{report.broken_seq}: {report.reason} "
                f"({report.checked} events before it verified)."
            )
        if options["expect_head"]:
            self._check_anchor(options["expect_head"])
        head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        self.stdout.write(
            self.style.SUCCESS(f"Audit chain intact: {report.checked} events.")
        )
        if head:
            self.stdout.write(f"head #{head[0]} {head[1]}")

    def _check_anchor(self, anchor: str) -> None:
        seq_text, _, expected = anchor.partition(":")
        if not seq_text.isdigit() or len(expected) != 64:
            raise CommandError(
                "--expect-head takes SEQ:HASH, as printed by verify_audit."
            )
        stored = (
            AuditEvent.objects.filter(seq=int(seq_text))
            .values_list("hash", flat=True)
            .first()
        )
        if stored is None:
            raise CommandError(
                f"Anchor broken: event #{seq_text} is gone (events were removed)."
            )
        if stored != expected:
            raise CommandError(
                f"Anchor broken: event #{seq_text} has another hash (the chain was "
                "rewritten)."
            )

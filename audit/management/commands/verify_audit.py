"""manage.py verify_audit: recompute the audit hash chain and name the first broken link."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit.chain import verify_chain
from audit.checkpoints.services import SignedHead, check_checkpoints
from audit.checkpoints.signing import trusted_public_keys
from audit.models import AuditCheckpoint, AuditEvent


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
        parser.add_argument(
            "--checkpoints",
            nargs="?",
            const="",
            metavar="FILE",
            help=(
                "Check the trail against the signed checkpoints: those stored in "
                "the database, or those in FILE (a copy of /audit/checkpoints.json "
                "kept elsewhere). Names a checkpoint whose head is gone or changed."
            ),
        )
        parser.add_argument(
            "--public-key",
            action="append",
            default=[],
            metavar="BASE64",
            help="Trust checkpoints signed by this Ed25519 public key (repeatable).",
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
        if options["checkpoints"] is not None:
            self._check_checkpoints(options["checkpoints"], options["public_key"])
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

    def _check_checkpoints(self, path: str, public_keys: list[str]) -> None:
        if path:
            checkpoints = _read_kept(Path(path))
            source = path
        else:
            checkpoints = [
                SignedHead.from_model(c) for c in AuditCheckpoint.objects.order_by("pk")
            ]
            source = "the database"
        trusted = trusted_public_keys(public_keys)
        if not trusted:
            self.stdout.write(
                "No trusted key known (AUDIT_CHECKPOINT_KEY, "
                "AUDIT_CHECKPOINT_TRUSTED_KEYS or --public-key): signatures are "
                "checked against the key each checkpoint names."
            )
        problems = check_checkpoints(checkpoints, trusted_keys=trusted or None)
        if problems:
            details = "\n".join(f"  {problem}" for problem in problems)
            raise CommandError(
                f"{len(problems)} of {len(checkpoints)} checkpoints from {source} "
                f"do not hold:\n{details}"
            )
        newest = max(checkpoints, key=lambda c: c.head.head_seq, default=None)
        self.stdout.write(
            self.style.SUCCESS(
                f"Checkpoints hold: {len(checkpoints)} from {source}"
                + (f", the newest {newest.describe()}." if newest else ".")
            )
        )


def _read_kept(path: Path) -> list[SignedHead]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(f"Cannot read checkpoints from {path}: {exc}") from None
    items = document.get("checkpoints") if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise CommandError(f"{path} holds no list of checkpoints.")
    try:
        return [SignedHead.from_json(item, i) for i, item in enumerate(items)]
    except ValueError as exc:
        raise CommandError(f"{path}: {exc}") from None

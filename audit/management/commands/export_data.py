"""manage.py export_data FILE: every record of ClaimTrail, audit trail included, as JSON."""

import json
from collections import Counter
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from uuid import UUID

from django.apps import apps
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from audit.chain import verify_chain
from audit.models import AuditEvent
from audit.registry import derived_models

FORMAT = "claimtrail-backup"
VERSION = 1
# Rebuilt by migrate (content types, permissions) or transient (sessions, sign-in
# throttling, the background task queue): restoring them would clash with the new
# database, revive old logins or run old tasks again.
SKIPPED_APPS = {"contenttypes", "sessions", "axes", "django_tasks_database"}
# Counts derived from the records (audit.registry.register_derived) are skipped
# too; import_data recounts them.
SKIPPED_MODELS = {"auth.permission"}
# Rows that migrations create too (the role groups): matched by name, not by id.
NATURAL_PRIMARY = {"auth.group"}


def exported_models() -> list:
    """The concrete models to back up, in an order that loads foreign keys first."""
    by_app: dict = {}
    for model in apps.get_models():
        meta = model._meta
        if (
            meta.proxy
            or not meta.managed
            or meta.app_label in SKIPPED_APPS
            or meta.label_lower in SKIPPED_MODELS
            or meta.label_lower in derived_models()
        ):
            continue
        by_app.setdefault(apps.get_app_config(meta.app_label), []).append(model)
    return serializers.sort_dependencies(list(by_app.items()), allow_cycles=True)


def _encode(value):
    # Full microseconds: Django's JSON encoder keeps milliseconds only, and an
    # audit event's timestamp is part of its hash.
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(UTC)
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    raise TypeError(f"Cannot export {type(value).__name__}.")


def _repeatable_read() -> None:
    # One snapshot for every table; SQLite's transaction is already one snapshot.
    # (Inside a caller's transaction, e.g. a test, the caller's isolation applies.)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


class Command(BaseCommand):
    help = (
        "Export users, groups, tokens, every ClaimTrail record and the audit trail "
        "(with its original numbers and hashes) to a JSON file for import_data."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to write, e.g. backup.json.")

    def handle(self, *args, path, **options):
        own_transaction = not connection.in_atomic_block
        with transaction.atomic():
            if own_transaction:
                _repeatable_read()
            objects: list = []
            counts: Counter = Counter()
            for model in exported_models():
                label = model._meta.label_lower
                rows = serializers.serialize(
                    "python",
                    model._default_manager.order_by("pk").iterator(chunk_size=2000),
                    use_natural_foreign_keys=True,
                    use_natural_primary_keys=label in NATURAL_PRIMARY,
                )
                counts[label] = len(rows)
                objects.extend(rows)
            chain = verify_chain()
            head = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": timezone.now().astimezone(UTC).isoformat(),
            "database": connection.vendor,
            "counts": dict(sorted(counts.items())),
            "audit": {
                "events": counts.get("audit.auditevent", 0),
                "head_seq": head["seq"] if head else 0,
                "head_hash": head["hash"] if head else "",
                "chain_ok": chain.ok,
            },
            "objects": objects,
        }
        target = Path(path)
        partial = target.with_name(target.name + ".partial")
        with partial.open("w", encoding="utf-8") as handle:
            json.dump(manifest, handle, default=_encode, ensure_ascii=False)
        partial.replace(target)  # never leave a half-written backup under its name
        if not chain.ok:
            self.stderr.write(
                f"Warning: the audit chain is broken at event #{chain.broken_seq} "
                f"({chain.reason}); exported as found."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {len(objects)} records ({manifest['audit']['events']} audit "
                f"events, head #{manifest['audit']['head_seq']} "
                f"{manifest['audit']['head_hash'][:16]}…) to {target}."
            )
        )

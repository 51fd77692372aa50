"""manage.py import_data FILE: load an export_data file into an empty, migrated database."""

import json
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction

from audit.chain import verify_chain
from audit.management.commands.export_data import FORMAT, NATURAL_PRIMARY, VERSION
from audit.models import AuditEvent
from audit.registry import derived_models


class Command(BaseCommand):
    help = (
        "Import a file written by export_data into an empty database (run migrate "
        "first); refuses a database that already holds records, checks every count "
        "and verifies the audit chain before committing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A file written by export_data.")

    def handle(self, *args, path, **options):
        manifest = _read(Path(path))
        models = [apps.get_model(label) for label in manifest["counts"]]
        _refuse_non_empty(models)
        with transaction.atomic():
            _load(manifest["objects"], models)
            _check(manifest, models)
            # Counts derived from the records just loaded (the apps register them).
            for rebuild in derived_models().values():
                rebuild()
        audit = manifest["audit"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(manifest['objects'])} records; audit chain intact: "
                f"{audit['events']} events, head #{audit['head_seq']}."
            )
        )


def _read(path: Path) -> dict:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(f"Cannot read {path}: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise CommandError(f"{path} is not a ClaimTrail export.")
    if manifest.get("version") != VERSION:
        raise CommandError(f"Unsupported export version {manifest.get('version')!r}.")
    return manifest


def _refuse_non_empty(models) -> None:
    occupied = [
        f"{model._meta.verbose_name_plural} ({model._default_manager.count()})"
        for model in models
        if model._meta.label_lower not in NATURAL_PRIMARY
        and model._default_manager.exists()
    ]
    if occupied:
        raise CommandError(
            "Import only into an empty database (run migrate on a new one first); "
            "this one already holds " + ", ".join(occupied) + "."
        )


def _load(objects: list, models) -> None:
    deferred = []
    with connection.constraint_checks_disabled():
        for obj in serializers.deserialize(
            "python", objects, handle_forward_references=True
        ):
            natural = obj.object._meta.label_lower in NATURAL_PRIMARY
            # Plain inserts only: the audit table refuses any UPDATE, even one that
            # would match no row, and the database is known to be empty.
            obj.save(force_insert=not natural or obj.object.pk is None)
            if obj.deferred_fields:
                deferred.append(obj)
        for obj in deferred:
            obj.save_deferred_fields()
    connection.check_constraints(table_names=[m._meta.db_table for m in models])
    # Rows came with their ids; move each id sequence past them (PostgreSQL).
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _check(manifest: dict, models) -> None:
    for model in models:
        label = model._meta.label_lower
        expected = manifest["counts"][label]
        found = model._default_manager.count()
        # Groups made by migrations are matched by name, so there may be more.
        ok = found >= expected if label in NATURAL_PRIMARY else found == expected
        if not ok:
            raise CommandError(f"{label}: expected {expected} records, found {found}.")
    report = verify_chain()
    if not report.ok:
        raise CommandError(
            f"The imported audit chain is broken at event #{report.broken_seq}: "
            f"{report.reason}. Nothing was imported."
        )
    audit = manifest["audit"]
    head = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
    if (head or {"seq": 0, "hash": ""}) != {
        "seq": audit["head_seq"],
        "hash": audit["head_hash"],
    }:
        raise CommandError(
            "The imported audit trail does not end where the export did."
        )

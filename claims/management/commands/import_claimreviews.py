"""manage.py import_claimreviews FILE: store other fact-checkers' ClaimReviews and match them."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from audit.context import system_context
from claims.management.commands.import_report import _message, read_report_file
from claims.services.external import external_factchecks_import


class Command(BaseCommand):
    help = (
        "Import schema.org ClaimReviews (JSON-LD, a JSON array or a DataFeed) as "
        "external fact-checks and suggest the claims they match; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The JSON or JSON-LD file.")

    def handle(self, *args, path: Path, **options):
        data = read_report_file(path)
        try:
            with system_context("manage.py import_claimreviews"):
                result = external_factchecks_import(
                    actor=None, data=data, filename=path.name
                )
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(f"{path}: {_message(exc)}") from None
        self.stdout.write(f"{path}: {result.summary}")

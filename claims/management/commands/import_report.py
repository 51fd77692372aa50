"""manage.py import_report PATH: import a report file; every assertion becomes a claim."""

from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from audit.context import system_context
from claims.importer import human_size
from claims.services.imports import ImportResult, report_import


def _message(exc: Exception) -> str:
    messages = getattr(exc, "messages", None)
    return "; ".join(messages) if messages else str(exc)


def read_report_file(path: Path) -> bytes:
    """The file's bytes, refused with a one-line reason before it is read whole."""
    if not path.exists():
        raise CommandError(f"{path}: no such file.")
    if not path.is_file():
        raise CommandError(f"{path}: not a regular file.")
    size = path.stat().st_size
    if size > settings.IMPORT_MAX_BYTES:
        raise CommandError(
            f"{path}: the file is {human_size(size)}; the limit is "
            f"{human_size(settings.IMPORT_MAX_BYTES)} (setting IMPORT_MAX_BYTES)."
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CommandError(f"{path}: cannot be read ({exc.strerror}).") from None


def import_summary(result: ImportResult, label: str) -> str:
    if not result.created:
        return (
            f"Already imported as report #{result.report.pk} "
            f"({result.report.title}); nothing created."
        )
    return (
        f"Imported {label} as report #{result.report.pk} ({result.report.title}): "
        f"{result.claims_created} claims, {result.appearances_added} appearances, "
        f"{result.matches_suggested} matches suggested."
    )


class Command(BaseCommand):
    help = (
        "Import a report (Markdown, PDF, HTML or DOCX, told apart by content); "
        "each assertion becomes a claim (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The report file.")
        parser.add_argument("--title", default="", help="Default: the first H1.")
        parser.add_argument("--publisher", default="")
        parser.add_argument("--url", default="", help="The report's original URL.")
        parser.add_argument(
            "--published-on", default="", help="Publication date, YYYY-MM-DD."
        )

    def handle(self, *args, path: Path, **options):
        published_on = None
        if options["published_on"]:
            try:
                published_on = date.fromisoformat(options["published_on"])
            except ValueError:
                raise CommandError(
                    f"--published-on {options['published_on']!r} is not a date "
                    "(use YYYY-MM-DD)."
                ) from None
        data = read_report_file(path)
        try:
            with system_context("manage.py import_report"):
                result = report_import(
                    actor=None,
                    text=data,
                    title=options["title"],
                    publisher=options["publisher"],
                    url=options["url"],
                    published_on=published_on,
                    filename=path.name,
                )
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(f"{path}: {_message(exc)}") from None
        self.stdout.write(import_summary(result, str(path)))

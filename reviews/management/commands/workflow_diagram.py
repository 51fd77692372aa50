"""manage.py workflow_diagram: print (or write to docs/) the workflow diagram."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from reviews.diagram import workflow_markdown

DEFAULT_PATH = Path(settings.BASE_DIR) / "docs" / "workflow.md"


class Command(BaseCommand):
    help = (
        "Generate the claim workflow diagram (Mermaid) from the declared transitions."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--write", action="store_true", help=f"Write it to {DEFAULT_PATH}."
        )

    def handle(self, *args, **options):
        content = workflow_markdown()
        if options["write"]:
            DEFAULT_PATH.write_text(content, encoding="utf-8")
            self.stdout.write(f"Wrote {DEFAULT_PATH}")
        else:
            self.stdout.write(content)

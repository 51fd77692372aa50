"""manage.py seed_demo: the demo groups and users, and the seed report imported."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

import audit
from audit.context import system_context
from claims.services.imports import report_import
from config.roles import EDITORS, RESEARCHERS

DEMO_PASSWORD = "claimtrail-demo"
SEED_REPORT = Path(settings.BASE_DIR) / "fixtures" / "china-ai-2024-2026-report.md"
DEMO_USERS = [
    # username, full name, groups, superuser
    ("rosa", "Rosa Researcher", [RESEARCHERS], False),
    ("ravi", "Ravi Researcher", [RESEARCHERS], False),
    ("edith", "Edith Editor", [EDITORS], False),
    ("admin", "Ada Administrator", [], True),
]


class Command(BaseCommand):
    help = "Create the Researchers and Editors groups and the demo users (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Create the demo users even though DEBUG is off (never on a real site).",
        )
        parser.add_argument("--password", default=DEMO_PASSWORD, help="Demo password.")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Refusing to create demo users with DEBUG off; pass --allow-production "
                "if you really mean it."
            )
        with system_context("manage.py seed_demo"), transaction.atomic():
            created = self._users(options["password"])
        for username, _name, groups, superuser in DEMO_USERS:
            role = "administrator" if superuser else ", ".join(groups)
            state = "created" if username in created else "exists"
            self.stdout.write(
                f"  {username:<8} {role:<22} password: {options['password']}  ({state})"
            )
        self.stdout.write(self.style.SUCCESS("Demo users ready."))
        self._seed_report()

    def _seed_report(self) -> None:
        # report_import is idempotent (same text, same SHA-256), so re-runs add nothing.
        with system_context("manage.py seed_demo"):
            result = report_import(
                actor=None,
                text=SEED_REPORT.read_bytes(),
                filename=SEED_REPORT.name,
            )
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Seed report imported as report #{result.report.pk}: "
                    f"{result.claims_created} claims, {result.appearances_added} "
                    "appearances."
                )
            )
        else:
            self.stdout.write(
                f"Seed report already imported (report #{result.report.pk})."
            )

    def _users(self, password: str) -> set[str]:
        User = get_user_model()
        created = set()
        for username, full_name, groups, superuser in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            first, _, last = full_name.partition(" ")
            user = User.objects.create_user(
                username=username,
                password=password,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
                is_staff=superuser or EDITORS in groups,
                is_superuser=superuser,
            )
            # The role groups come from a migration; a flushed database has none.
            user.groups.set(
                [Group.objects.get_or_create(name=name)[0] for name in groups]
            )
            audit.record(
                action="user.created",
                subject=user,
                data={
                    "changes": {
                        "groups": {"old": [], "new": groups},
                        "is_superuser": {"old": None, "new": superuser},
                    }
                },
            )
            created.add(username)
        return created

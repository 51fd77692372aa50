"""manage.py seed_demo: the demo groups and users (and, later, the seed report)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

import audit
from audit.context import system_context
from config.roles import EDITORS, RESEARCHERS

DEMO_PASSWORD = "claimtrail-demo"
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
            user.groups.set(Group.objects.filter(name__in=groups))
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

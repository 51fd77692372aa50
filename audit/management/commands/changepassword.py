"""Django's changepassword, with the change recorded in the audit trail."""

import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands import changepassword
from django.db import transaction

from audit.management.audited_commands import command_origin
from audit.recorder import record


class Command(changepassword.Command):
    def handle(self, *args, **options):
        database = options.get("database")
        # The same user Django's command picks: the one named, else the OS user.
        username = options.get("username") or getpass.getuser()
        with transaction.atomic(using=database):
            result = super().handle(*args, **options)
            user = (
                get_user_model()
                ._default_manager.db_manager(database)
                .get_by_natural_key(username)
            )
            record(
                action="user.changed",
                subject=user,
                data={"changes": {"password": {"old": "(hidden)", "new": "(changed)"}}},
                via=command_origin("changepassword"),
            )
        return result

"""Django's createsuperuser, with the new account recorded in the audit trail."""

from django.contrib.auth.management.commands import createsuperuser
from django.db import transaction

from audit.management.audited_commands import newest_user_pk, record_new_users


class Command(createsuperuser.Command):
    def handle(self, *args, **options):
        with transaction.atomic(using=options.get("database")):
            before = newest_user_pk()
            result = super().handle(*args, **options)
            record_new_users(command="createsuperuser", after_pk=before)
        return result

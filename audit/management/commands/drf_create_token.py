"""DRF's drf_create_token, with the token's creation recorded in the audit trail."""

from django.db import transaction
from rest_framework.authtoken.management.commands import drf_create_token

from audit.management.audited_commands import command_origin
from audit.recorder import record


class Command(drf_create_token.Command):
    def create_user_token(self, username, reset_token):
        with transaction.atomic():
            token = super().create_user_token(username, reset_token)
            record(
                action="auth.token_created",
                subject=token.user,
                data={"method": "api token", "reset": bool(reset_token)},
                via=command_origin("drf_create_token"),
            )
        return token

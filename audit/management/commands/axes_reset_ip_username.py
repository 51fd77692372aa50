"""axes' axes_reset_ip_username, with the reset recorded in the audit trail."""

from axes.management.commands import axes_reset_ip_username

from audit.management.audited_commands import record_axes_reset


class Command(axes_reset_ip_username.Command):
    def handle(self, *args, **options):
        result = super().handle(*args, **options)
        record_axes_reset(
            command="axes_reset_ip_username",
            scope={"ip": options["ip"], "username": options["username"]},
        )
        return result

"""axes' axes_reset_ip, with the reset recorded in the audit trail."""

from axes.management.commands import axes_reset_ip

from audit.management.audited_commands import record_axes_reset


class Command(axes_reset_ip.Command):
    def handle(self, *args, **options):
        result = super().handle(*args, **options)
        record_axes_reset(command="axes_reset_ip", scope={"ip": options["ip"]})
        return result

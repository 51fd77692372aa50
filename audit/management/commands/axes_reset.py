"""axes' axes_reset, with the reset recorded in the audit trail."""

from axes.management.commands import axes_reset

from audit.management.audited_commands import record_axes_reset


class Command(axes_reset.Command):
    def handle(self, *args, **options):
        result = super().handle(*args, **options)
        record_axes_reset(command="axes_reset", scope={})
        return result

"""axes' axes_reset_failure_logs, with the reset recorded in the audit trail."""

from axes.management.commands import axes_reset_failure_logs

from audit.management.audited_commands import record_axes_reset


class Command(axes_reset_failure_logs.Command):
    def handle(self, *args, **options):
        result = super().handle(*args, **options)
        record_axes_reset(
            command="axes_reset_failure_logs", scope={"age": options.get("age")}
        )
        return result

"""Django's loaddata, with what it loaded recorded in the audit trail.

A fixture writes rows without the services, so the trail cannot say what changed
field by field; it says which fixtures were loaded, by whom, and how many objects.
"""

from django.core.management.commands import loaddata
from django.db import transaction

from audit.management.audited_commands import command_origin
from audit.recorder import record


class Command(loaddata.Command):
    def loaddata(self, fixture_labels):
        with transaction.atomic(using=self.using):
            super().loaddata(fixture_labels)
            if self.loaded_object_count:
                record(
                    action="data.loaded",
                    data={
                        "fixtures": list(fixture_labels),
                        "objects": self.loaded_object_count,
                    },
                    via=command_origin("loaddata"),
                )

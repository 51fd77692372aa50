"""Django's remove_stale_contenttypes, with what it deleted recorded in the trail.

Deleting a content type cascades to the permissions that name it, so groups can
lose permissions: the trail names the content types removed.
"""

from django.contrib.contenttypes.management.commands import remove_stale_contenttypes
from django.contrib.contenttypes.models import ContentType

from audit.management.audited_commands import command_origin
from audit.recorder import record


def _content_types(database: str) -> set[str]:
    return {
        f"{app}.{model}"
        for app, model in ContentType.objects.using(database).values_list(
            "app_label", "model"
        )
    }


class Command(remove_stale_contenttypes.Command):
    def handle(self, **options):
        before = _content_types(options["database"])
        super().handle(**options)
        removed = sorted(before - _content_types(options["database"]))
        if removed:
            record(
                action="data.content_types_removed",
                data={"content_types": removed},
                via=command_origin("remove_stale_contenttypes"),
            )

"""App configuration of sources."""

from django.apps import AppConfig

from config.lazy_text import gettext_lazy as _


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = _("Sources")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from config.immutable import ImmutableTable, installer
        from sources import audit_actions

        snapshots = ImmutableTable(
            "sources_snapshot", "source_snapshot", "snapshots never change"
        )
        post_migrate.connect(
            installer(snapshots), sender=self, weak=False, dispatch_uid=snapshots.prefix
        )
        audit_actions.register()

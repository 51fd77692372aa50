"""App configuration of sources."""

from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "sources"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from audit.registry import register_many
        from config.immutable import ImmutableTable, installer

        snapshots = ImmutableTable(
            "sources_snapshot", "source_snapshot", "snapshots never change"
        )
        post_migrate.connect(
            installer(snapshots), sender=self, weak=False, dispatch_uid=snapshots.prefix
        )
        register_many(
            {
                "source.created": "{actor} added source {subject}",
                "source.changed": "{actor} edited source {subject}",
                "source.uploaded": "{actor} uploaded document {subject}",
                "source.link_status_changed": "{actor} found the link of source "
                "{subject}: {status}",
                "snapshot.taken": "{actor} archived {subject} ({outcome})",
            }
        )

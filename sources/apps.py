"""App configuration of sources."""

from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "sources"

    def ready(self) -> None:
        from audit.registry import register_many

        register_many(
            {
                "source.created": "{actor} added source {subject}",
                "source.changed": "{actor} edited source {subject}",
            }
        )

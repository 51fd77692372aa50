"""App configuration of sources."""

from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "sources"

    def ready(self) -> None:
        from sources import audit_actions

        audit_actions.register()

"""The desk app: the staff pages, their forms, paging and URLs, and the claim admin."""

from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "desk"
    verbose_name = "Desk"

    def ready(self) -> None:
        from desk import audit_actions

        audit_actions.register()

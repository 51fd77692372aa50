"""The desk app: the staff pages, their forms, paging and URLs, and the claim admin."""

from django.apps import AppConfig

from config.lazy_text import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "desk"
    verbose_name = _("Desk")

    def ready(self) -> None:
        from desk import audit_actions

        audit_actions.register()

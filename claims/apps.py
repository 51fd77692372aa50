"""App configuration of claims."""

from django.apps import AppConfig

from config.lazy_text import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Claims")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from claims import audit_actions
        from claims.formats import describe_document
        from sources.text import register_describer

        register_describer(describe_document)
        post_migrate.connect(grant_editor_admin_permissions, sender=self)
        post_migrate.connect(_ensure_search_index, sender=self)

        audit_actions.register()


# Editors use the admin: they may view every ClaimTrail model and change claims and
# sources (through the services). Permissions exist only after migrate, hence here.
_EDITOR_PERMISSIONS = {
    "view": [
        "claim",
        "report",
        "appearance",
        "evidence",
        "claimmatch",
        "externalfactcheck",
        "externalmatch",
        "triagemodel",
        "source",
        "review",
        "decision",
        "verdictversion",
        "auditevent",
    ],
    "change": ["claim", "source"],
}


def grant_editor_admin_permissions(sender=None, using="default", **kwargs):
    from django.contrib.auth.models import Group, Permission

    from config.roles import EDITORS

    group = Group.objects.using(using).filter(name=EDITORS).first()
    if group is None:
        return
    codenames = [
        f"{verb}_{model}"
        for verb, models in _EDITOR_PERMISSIONS.items()
        for model in models
    ]
    group.permissions.add(
        *Permission.objects.using(using).filter(
            codename__in=codenames,
            content_type__app_label__in=["claims", "sources", "reviews", "audit"],
        )
    )


def _ensure_search_index(sender, using="default", **kwargs):
    # A later migration that alters claims_claim on SQLite rebuilds the table and
    # drops the full-text triggers; put them back (and refill) after every migrate.
    from django.db import connections

    from claims.search import ensure_installed

    ensure_installed(connections[using])

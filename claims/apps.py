"""App configuration of claims."""

from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from audit.registry import register_many

        post_migrate.connect(grant_editor_admin_permissions, sender=self)
        post_migrate.connect(_ensure_search_index, sender=self)

        register_many(
            {
                "report.imported": "{actor} imported report {subject}",
                "import_job.created": "{actor} queued {subject} to import in the background",
                "import_job.done": "{actor}'s {subject} imported its report",
                "import_job.failed": "{actor}'s {subject} failed; nothing was imported",
                "claim.created": "{actor} recorded claim {subject}",
                "claim.appeared": "{actor} found claim {subject} again in a report",
                "claim.changed": "{actor} edited claim {subject}",
                "claim.assigned": "{actor} assigned claim {subject}",
                # The workflow steps' messages are in their rows of
                # reviews.workflow.WORKFLOW, registered by the reviews app.
                "claim.match_suggested": "{actor} suggested {subject} as a restatement of another claim",
                "claim.match_proposed": "{actor} proposed how to resolve a match of {subject}",
                "claim.match_confirmed": "{actor} confirmed {subject} as the same claim as another",
                "claim.match_rejected": "{actor} marked {subject} distinct from a suggested match",
                "claim.merged": "{actor} merged claim {subject}",
                "claim.scheduled": "{actor} set the due date and priority of {subject}",
                "claim.near_duplicate_flagged": "{actor} flagged {subject} as a near duplicate",
                "evidence.added": "{actor} added evidence from {source}",
                "evidence.removed": "{actor} removed evidence",
                "triage.model_installed": "{actor} installed the shipped {subject}",
                "triage.model_trained": "{actor} trained {subject} on the desk's decisions",
                "triage.model_rolled_back": "{actor} rolled back {subject}",
            }
        )


# Editors use the admin: they may view every ClaimTrail model and change claims and
# sources (through the services). Permissions exist only after migrate, hence here.
_EDITOR_PERMISSIONS = {
    "view": [
        "claim",
        "report",
        "appearance",
        "evidence",
        "claimmatch",
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

"""The claims app's audit actions, how a claim's fields read, and its derived tallies."""

from audit.registry import Field, register_derived, register_many


def claim_fields() -> dict[str, Field]:
    from claims.models import (
        ClaimantKind,
        ClaimKind,
        ClaimStatus,
        EvidenceStance,
        Priority,
        Verdict,
    )

    return {
        "status": Field("status", choices=dict(ClaimStatus.choices)),
        "assignee_id": Field("assignee", lookup="user"),
        "verdict": Field("verdict", choices=dict(Verdict.choices)),
        "kind": Field("kind", choices=dict(ClaimKind.choices)),
        "claimant_kind": Field("claimant kind", choices=dict(ClaimantKind.choices)),
        "priority": Field("priority", choices=dict(Priority.choices)),
        "stance": Field("stance", choices=dict(EvidenceStance.choices)),
        "published_at": Field("published at", time=True),
        "review_round": Field("review round"),
        "not_checkable_reason": Field("not checkable because"),
        "short_claim": Field("short claim"),
        "claim_date": Field("claim date"),
        "due_on": Field("due on"),
    }


def _rebuild_tallies() -> None:
    from claims.services.tallies import claim_tallies_rebuild

    claim_tallies_rebuild()


def register() -> None:
    register_derived("claims.claimtally", _rebuild_tallies)
    fields = claim_fields()
    register_many(
        {
            "report.imported": ("Report imported", "{actor} imported report {subject}"),
            "import_job.created": (
                "Import queued",
                "{actor} queued {subject} to import in the background",
            ),
            "import_job.done": (
                "Import done",
                "{actor}'s {subject} imported its report",
            ),
            "import_job.failed": (
                "Import failed",
                "{actor}'s {subject} failed; nothing was imported",
            ),
            "claim.created": ("Claim recorded", "{actor} recorded claim {subject}"),
            "claim.appeared": (
                "Claim found again",
                "{actor} found claim {subject} again in a report",
            ),
            "claim.changed": ("Claim edited", "{actor} edited claim {subject}"),
            "claim.assigned": ("Claim assigned", "{actor} assigned claim {subject}"),
            # The workflow steps' messages are in their rows of
            # reviews.workflow.WORKFLOW, registered by the reviews app.
            "claim.match_suggested": (
                "Match suggested",
                "{actor} suggested {subject} as a restatement of another claim",
            ),
            "claim.match_proposed": (
                "Match resolution proposed",
                "{actor} proposed how to resolve a match of {subject}",
            ),
            "claim.match_confirmed": (
                "Match confirmed",
                "{actor} confirmed {subject} as the same claim as another",
            ),
            "claim.match_rejected": (
                "Match rejected",
                "{actor} marked {subject} distinct from a suggested match",
            ),
            "claim.merged": ("Claim merged", "{actor} merged claim {subject}"),
            "claim.external_match_suggested": (
                "External fact-check suggested",
                "{actor} suggested {subject} as reviewed by an external fact-check",
            ),
            "claim.external_match_proposed": (
                "External fact-check resolution proposed",
                "{actor} proposed whether an external fact-check reviewed {subject}",
            ),
            "claim.external_match_confirmed": (
                "External fact-check confirmed",
                "{actor} confirmed an external fact-check of {subject}",
            ),
            "claim.external_match_rejected": (
                "External fact-check rejected",
                "{actor} marked an external fact-check distinct from {subject}",
            ),
            "external_factchecks.imported": (
                "External fact-checks imported",
                "{actor} imported external fact-checks from {subject}",
            ),
            "external_factchecks.import_refused": (
                "External fact-checks refused",
                "{actor}'s file of external fact-checks {subject} was refused",
            ),
            "claim.scheduled": (
                "Claim scheduled",
                "{actor} set the due date and priority of {subject}",
            ),
            "claim.near_duplicate_flagged": (
                "Near duplicate flagged",
                "{actor} flagged {subject} as a near duplicate",
            ),
            "evidence.added": (
                "Evidence added",
                "{actor} added evidence from {source}",
            ),
            "evidence.removed": ("Evidence removed", "{actor} removed evidence"),
            "triage.model_installed": (
                "Triage model installed",
                "{actor} installed the shipped {subject}",
            ),
            "triage.model_trained": (
                "Triage model trained",
                "{actor} trained {subject} on the desk's decisions",
            ),
            "triage.model_rolled_back": (
                "Triage model rolled back",
                "{actor} rolled back {subject}",
            ),
        },
        fields=fields,
    )

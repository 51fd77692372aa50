"""The claims app's audit actions, how a claim's fields read, and its derived tallies."""

from audit.registry import Field, register_derived, register_many
from config.lazy_text import gettext_lazy as _


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
        "status": Field(_("status"), choices=dict(ClaimStatus.choices)),
        "assignee_id": Field(_("assignee"), lookup="user"),
        "verdict": Field(_("verdict"), choices=dict(Verdict.choices)),
        "kind": Field(_("kind"), choices=dict(ClaimKind.choices)),
        "claimant_kind": Field(_("claimant kind"), choices=dict(ClaimantKind.choices)),
        "priority": Field(_("priority"), choices=dict(Priority.choices)),
        "stance": Field(_("stance"), choices=dict(EvidenceStance.choices)),
        "published_at": Field(_("published at"), time=True),
        "review_round": Field(_("review round")),
        "not_checkable_reason": Field(_("not checkable because")),
        "short_claim": Field(_("short claim")),
        "claim_date": Field(_("claim date"), date=True),
        "due_on": Field(_("due on"), date=True),
    }


def _rebuild_tallies() -> None:
    from claims.services.tallies import claim_tallies_rebuild

    claim_tallies_rebuild()


def register() -> None:
    register_derived("claims.claimtally", _rebuild_tallies)
    fields = claim_fields()
    register_many(
        {
            "report.imported": (
                _("Report imported"),
                _("{actor} imported report {subject}"),
            ),
            "import_job.created": (
                _("Import queued"),
                _("{actor} queued {subject} to import in the background"),
            ),
            "import_job.done": (
                _("Import done"),
                _("{actor}'s {subject} imported its report"),
            ),
            "import_job.failed": (
                _("Import failed"),
                _("{actor}'s {subject} failed; nothing was imported"),
            ),
            "claim.created": (
                _("Claim recorded"),
                _("{actor} recorded claim {subject}"),
            ),
            "claim.appeared": (
                _("Claim found again"),
                _("{actor} found claim {subject} again in a report"),
            ),
            "claim.changed": (_("Claim edited"), _("{actor} edited claim {subject}")),
            "claim.assigned": (
                _("Claim assigned"),
                _("{actor} assigned claim {subject}"),
            ),
            # The workflow steps' messages are in their rows of
            # reviews.workflow.WORKFLOW, registered by the reviews app.
            "claim.match_suggested": (
                _("Match suggested"),
                _("{actor} suggested {subject} as a restatement of another claim"),
            ),
            "claim.match_proposed": (
                _("Match resolution proposed"),
                _("{actor} proposed how to resolve a match of {subject}"),
            ),
            "claim.match_confirmed": (
                _("Match confirmed"),
                _("{actor} confirmed {subject} as the same claim as another"),
            ),
            "claim.match_rejected": (
                _("Match rejected"),
                _("{actor} marked {subject} distinct from a suggested match"),
            ),
            "claim.merged": (_("Claim merged"), _("{actor} merged claim {subject}")),
            # A merge's consequences: not an editor's judgement of each pair.
            "claim.match_closed": (
                _("Match closed by merge"),
                _(
                    "{actor} closed the suggestion that {subject} restates claim "
                    "#{counterpart_id}: it was merged into claim #{into_claim_id}"
                ),
            ),
            "claim.match_carried": (
                _("Match carried over from a merge"),
                _(
                    "{actor} suggested claim #{counterpart_id} as a restatement of "
                    "{subject}, carried over from merged claim #{merged_claim_id}"
                ),
            ),
            "claim.external_match_closed": (
                _("External fact-check closed by merge"),
                _(
                    "{actor} closed an external fact-check suggested for {subject}: "
                    "it was merged into claim #{into_claim_id}, which has that "
                    "fact-check already"
                ),
            ),
            "claim.external_match_moved": (
                _("External fact-check moved by merge"),
                _(
                    "{actor} moved an external fact-check suggested for merged claim "
                    "#{merged_claim_id} to {subject}"
                ),
            ),
            "claim.external_confirmation_moved": (
                _("Confirmed external fact-check moved by merge"),
                _(
                    "{actor} moved an external fact-check confirmed for merged "
                    "claim #{merged_claim_id} to {subject}"
                ),
            ),
            "claim.external_match_suggested": (
                _("External fact-check suggested"),
                _("{actor} suggested {subject} as reviewed by an external fact-check"),
            ),
            "claim.external_match_proposed": (
                _("External fact-check resolution proposed"),
                _("{actor} proposed whether an external fact-check reviewed {subject}"),
            ),
            "claim.external_match_confirmed": (
                _("External fact-check confirmed"),
                _("{actor} confirmed an external fact-check of {subject}"),
            ),
            "claim.external_match_rejected": (
                _("External fact-check rejected"),
                _("{actor} marked an external fact-check distinct from {subject}"),
            ),
            "external_factchecks.imported": (
                _("External fact-checks imported"),
                _("{actor} imported external fact-checks from {subject}"),
            ),
            "external_factchecks.import_refused": (
                _("External fact-checks refused"),
                _("{actor}'s file of external fact-checks {subject} was refused"),
            ),
            "claim.scheduled": (
                _("Claim scheduled"),
                _("{actor} set the due date and priority of {subject}"),
            ),
            "claim.near_duplicate_flagged": (
                _("Near duplicate flagged"),
                _("{actor} flagged {subject} as a near duplicate"),
            ),
            "evidence.added": (
                _("Evidence added"),
                _("{actor} added evidence from {source}"),
            ),
            "evidence.removed": (_("Evidence removed"), _("{actor} removed evidence")),
            "triage.model_installed": (
                _("Triage model installed"),
                _("{actor} installed the shipped {subject}"),
            ),
            "triage.model_trained": (
                _("Triage model trained"),
                _("{actor} trained {subject} on the desk's decisions"),
            ),
            "triage.model_rolled_back": (
                _("Triage model rolled back"),
                _("{actor} rolled back {subject}"),
            ),
        },
        fields=fields,
    )

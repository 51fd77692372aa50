"""Random legal workflow actions through the services, shared by the concurrency tests."""

import random
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from claims.models import Claim, ClaimStatus
from claims.services.evidence import evidence_add
from config.exceptions import StaleEdit, WorkflowConflict
from reviews.models import Review
from reviews.services import review_submit
from reviews.workflow import claim_perform

# What a race may legitimately end in: the other writer got there first.
EXPECTED_REFUSALS = (WorkflowConflict, StaleEdit, PermissionDenied, ValidationError)


@dataclass
class Tally:
    done: int = 0
    refused: dict[str, int] = field(default_factory=dict)

    def refuse(self, exc: Exception) -> None:
        name = type(exc).__name__
        self.refused[name] = self.refused.get(name, 0) + 1


def one_action(rng: random.Random, claim_ids, people: dict, sources) -> None:
    """Pick a claim and an action that is legal as far as this worker last saw."""
    claim = Claim.objects.get(pk=rng.choice(claim_ids))
    editors = [people["editor"], people["other_editor"]]
    workers = [people["researcher"], people["other_researcher"], *editors]
    stale_ok = rng.random() < 0.5
    version = claim.version if stale_ok else None
    assignee = next((p for p in workers if p.pk == claim.assignee_id), None)
    if claim.status == ClaimStatus.NEW:
        if rng.random() < 0.85:
            claim_perform(
                "start_research",
                claim=claim,
                actor=rng.choice(workers),
                expected_version=version,
            )
        else:
            claim_perform(
                "mark_not_checkable",
                claim=claim,
                actor=rng.choice(editors),
                reason="An opinion, not a checkable fact.",
                expected_version=version,
            )
    elif claim.status == ClaimStatus.RESEARCHING:
        has_review = Review.objects.filter(
            claim=claim, round=claim.review_round, reviewer=assignee
        ).exists()
        evidence = list(claim.evidence.filter(removed_at__isnull=True))
        if not evidence or rng.random() < 0.2:
            evidence_add(
                claim=claim,
                actor=assignee,
                source=rng.choice(sources),
                stance=rng.choice(["supports", "refutes", "context"]),
                excerpt="Table 2.",
            )
        elif not has_review:
            review_submit(
                claim=claim,
                actor=assignee,
                rating=rng.choice(["true", "mostly_true", "false", "unproven"]),
                rationale="The figures match the cited table.",
                cited_evidence_ids=[evidence[0].pk],
            )
        else:
            claim_perform(
                "submit_for_review",
                claim=claim,
                actor=assignee,
                expected_version=version,
            )
    elif claim.status == ClaimStatus.IN_REVIEW:
        if rng.random() < 0.7:
            claim_perform(
                "approve",
                claim=claim,
                actor=rng.choice(editors),
                expected_version=version,
            )
        else:
            claim_perform(
                "return_for_research",
                claim=claim,
                actor=rng.choice(editors),
                note="Please find a primary source.",
                expected_version=version,
            )
    else:
        claim_perform(
            "reopen",
            claim=claim,
            actor=rng.choice(editors),
            reason="A reader sent a correction.",
            expected_version=version,
        )


def replayed_status(claim: Claim) -> str:
    """Fold the from/to of the claim's transition events, checking each link."""
    status = ClaimStatus.NEW.value
    events = AuditEvent.objects.for_subject("claims.claim", claim.pk).order_by("seq")
    for event in events:
        if "to" not in event.data:
            continue
        assert event.data["from"] == status, (
            f"claim {claim.pk}: event #{event.seq} leaves {event.data['from']!r} "
            f"but the claim was {status!r}"
        )
        status = event.data["to"]
    return status


def transition_event_count(claim: Claim) -> int:
    return sum(
        1
        for data in AuditEvent.objects.for_subject(
            "claims.claim", claim.pk
        ).values_list("data", flat=True)
        if "to" in data
    )

"""What one audit event means for whom: the notifications it gives rise to."""

from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth import get_user_model
from django.db.models import Q

from audit.models import AuditEvent
from claims.models import Claim
from collab.models import NotificationKind
from config.roles import EDITORS
from reviews.models import Decision, DecisionKind, Review


@dataclass(frozen=True)
class Intended:
    recipient_id: int
    kind: str
    claim_id: int | None
    note: str = ""


class Facts:
    """The reads the rules need, cached for one batch of events."""

    def __init__(self) -> None:
        self._assignees: dict[int, int | None] = {}

    @cached_property
    def editor_ids(self) -> list[int]:
        users = get_user_model().objects.filter(is_active=True)
        return list(
            users.filter(Q(groups__name=EDITORS) | Q(is_superuser=True))
            .order_by("pk")
            .values_list("pk", flat=True)
            .distinct()
        )

    def assignee_of(self, claim_id: int | None) -> int | None:
        if claim_id is None:
            return None
        if claim_id not in self._assignees:
            self._assignees[claim_id] = (
                Claim.objects.filter(pk=claim_id)
                .values_list("assignee_id", flat=True)
                .first()
            )
        return self._assignees[claim_id]

    @staticmethod
    def review_author(review_id) -> int | None:
        if not review_id:
            return None
        return (
            Review.objects.filter(pk=review_id)
            .values_list("reviewer_id", flat=True)
            .first()
        )

    @staticmethod
    def published_author_before(claim_id: int | None, at) -> int | None:
        """Who wrote the verdict that was published on the claim before ``at``."""
        if claim_id is None:
            return None
        return (
            Decision.objects.filter(
                claim_id=claim_id, kind=DecisionKind.APPROVE, created_at__lt=at
            )
            .order_by("-created_at", "-id")
            .values_list("review__reviewer_id", flat=True)
            .first()
        )


def claim_id_of(event: AuditEvent) -> int | None:
    if event.scope_type == "claims.claim" and event.scope_id.isdigit():
        return int(event.scope_id)
    return None


def _new_assignee(event: AuditEvent) -> int | None:
    change = event.changes.get("assignee_id")
    return change.get("new") if isinstance(change, dict) else None


def notifications_for(event: AuditEvent, facts: Facts) -> list[Intended]:
    """The notifications ``event`` gives rise to; nobody is told of their own act."""
    claim_id = claim_id_of(event)
    data = event.data if isinstance(event.data, dict) else {}
    wanted: dict[tuple[int, str], Intended] = {}

    def tell(user_id, kind: str, note: str = "") -> None:
        if user_id and user_id != event.actor_id:
            wanted.setdefault(
                (user_id, kind), Intended(user_id, kind, claim_id, note[:2000])
            )

    action = event.action
    if action in {"claim.research_started", "claim.assigned"}:
        tell(_new_assignee(event), NotificationKind.ASSIGNED)
    elif action == "claim.returned_for_research":
        returned_to = data.get("assignee_id") or facts.assignee_of(claim_id)
        tell(returned_to, NotificationKind.RETURNED, event.comment)
    elif action == "claim.submitted_for_review":
        for editor_id in facts.editor_ids:
            tell(editor_id, NotificationKind.REVIEW_WAITING)
    elif action == "claim.approved":
        author = facts.review_author(data.get("review_id"))
        if data.get("correction"):
            earlier = facts.published_author_before(claim_id, event.at)
            if earlier != author:
                tell(earlier, NotificationKind.VERDICT_CORRECTED, event.comment)
        tell(author, NotificationKind.VERDICT_PUBLISHED, event.comment)
    elif action == "claim.reopened" and data.get("correction"):
        tell(
            facts.published_author_before(claim_id, event.at),
            NotificationKind.VERDICT_REOPENED,
            event.comment,
        )
    elif action in {"comment.added", "comment.edited"}:
        for user_id in data.get("mentioned") or []:
            tell(user_id, NotificationKind.MENTIONED, str(data.get("excerpt", "")))
    elif action == "webhook.paused":
        tell(data.get("owner_id"), NotificationKind.WEBHOOK_PAUSED, event.comment)
    return list(wanted.values())

"""What every claim write starts with: the row lock and the state and input checks."""

from typing import Any

from django.core.exceptions import ValidationError

from claims.models import CLAIM_EDITABLE_FIELDS, Claim
from config.exceptions import StaleEdit, WorkflowConflict
from config.roles import is_staff_member

# The fields whose old and new values a claim's audit events record.
_TRACKED = (
    "status",
    "assignee_id",
    "verdict",
    "published_at",
    "review_round",
    "not_checkable_reason",
    *CLAIM_EDITABLE_FIELDS,
)


def claim_snapshot(claim: Claim) -> dict[str, Any]:
    return {field: getattr(claim, field) for field in _TRACKED}


def claim_lock(*, claim: Claim | int, expected_version: int | None = None) -> Claim:
    """Re-read the claim under a row lock; refuse if the caller saw an older version."""
    pk = claim.pk if isinstance(claim, Claim) else claim
    locked = Claim.objects.select_for_update().get(pk=pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit(
            f"This claim was changed by someone else (you saw version {expected_version}, "
            f"it is now version {locked.version}).",
            current_version=locked.version,
        )
    return locked


def require_status(claim: Claim, allowed: frozenset, doing: str) -> None:
    """A wrong state is a conflict (409), checked before who is asking (403)."""
    if claim.status not in allowed:
        raise WorkflowConflict(
            f"A claim that is {claim.get_status_display().lower()} cannot {doing}."
        )


def require_text(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({what: f"A {what} is required."}, code="required")
    return value


def require_assignable(assignee) -> None:
    if assignee is None or not assignee.is_active or not is_staff_member(assignee):
        raise ValidationError(
            {
                "assignee": "Claims can be assigned only to active researchers or editors."
            }
        )

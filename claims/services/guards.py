"""What every claim write starts with: the row lock and the state and input checks."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from claims.models import CLAIM_EDITABLE_FIELDS, Claim
from config.exceptions import StaleEdit, WorkflowConflict
from config.lazy_text import gettext_lazy
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


# The inputs services require by name, as their message reads.
_REQUIRED = {
    "text": gettext_lazy("A text is required."),
    "reason": gettext_lazy("A reason is required."),
    "note": gettext_lazy("A note is required."),
}


def claim_snapshot(claim: Claim) -> dict[str, Any]:
    return {field: getattr(claim, field) for field in _TRACKED}


def claim_lock(*, claim: Claim | int, expected_version: int | None = None) -> Claim:
    """Re-read the claim under a row lock; refuse if the caller saw an older version."""
    pk = claim.pk if isinstance(claim, Claim) else claim
    locked = Claim.objects.select_for_update().get(pk=pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit(
            _(
                "This claim was changed by someone else (you saw version "
                "%(seen)s, it is now version %(current)s)."
            )
            % {"seen": expected_version, "current": locked.version},
            current_version=locked.version,
        )
    return locked


def require_status(claim: Claim, allowed: frozenset, doing: str) -> None:
    """A wrong state is a conflict (409), checked before who is asking (403)."""
    if claim.status not in allowed:
        raise WorkflowConflict(
            # Translators: %(doing)s is a phrase the caller passes, such as
            # "be edited (return or reopen it first)".
            _("A claim that is %(status)s cannot %(doing)s.")
            % {"status": claim.get_status_display().lower(), "doing": doing}
        )


def require_text(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        message = _REQUIRED.get(what) or _("A %(what)s is required.") % {"what": what}
        raise ValidationError({what: str(message)}, code="required")
    return value


def require_assignable(assignee) -> None:
    if assignee is None or not assignee.is_active or not is_staff_member(assignee):
        raise ValidationError(
            {
                "assignee": _(
                    "Claims can be assigned only to active researchers or editors."
                )
            }
        )

"""Edits of a claim's wording, its assignment, its due date and priority, each with
its audit event."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

import audit
from audit.recorder import changes_between, records_refusal
from claims.models import (
    CLAIM_EDITABLE_FIELDS,
    EDITABLE_STATUSES,
    EVIDENCE_STATUSES,
    Claim,
    ClaimKind,
    Priority,
)
from claims.permissions import (
    user_can_assign,
    user_can_edit_claim,
    user_can_schedule,
)
from claims.services.guards import (
    claim_lock,
    claim_snapshot,
    require_assignable,
    require_status,
    require_text,
)
from claims.services.matching import claims_match
from claims.text import claim_fingerprint


@records_refusal("claim.assign")
@transaction.atomic
def claim_assign(
    *, claim: Claim, actor, assignee, expected_version: int | None = None
) -> Claim:
    """An editor (re)assigns an open claim without changing its status."""
    locked = claim_lock(claim=claim, expected_version=expected_version)
    require_status(locked, EDITABLE_STATUSES, _("be reassigned (return it first)"))
    if not user_can_assign(actor, locked):
        raise PermissionDenied(_("Only editors may assign open claims."))
    require_assignable(assignee)
    if locked.assignee_id == assignee.pk:
        return locked
    before = claim_snapshot(locked)
    locked.assignee = assignee
    locked.version += 1
    locked.save()
    audit.record(
        action="claim.assigned",
        actor=actor,
        subject=locked,
        data={"changes": changes_between(before, claim_snapshot(locked))},
    )
    return locked


@records_refusal("claim.change")
@transaction.atomic
def claim_update(
    *, claim: Claim, actor, expected_version: int, changes: dict[str, Any]
) -> Claim:
    """Edit the wording, kind and publication facts; a stale edit is refused whole."""
    locked = claim_lock(claim=claim, expected_version=expected_version)
    require_status(
        locked, EDITABLE_STATUSES, _("be edited (return or reopen it first)")
    )
    if not user_can_edit_claim(actor, locked):
        raise PermissionDenied(_("You may not edit this claim now."))
    unknown = set(changes) - set(CLAIM_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("Fields that cannot be edited: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    if "text" in changes:
        changes["text"] = require_text(changes["text"], "text")
    if "kind" in changes and changes["kind"] not in ClaimKind.values:
        raise ValidationError(
            {"kind": _("Unknown kind %(kind)r.") % {"kind": changes["kind"]}}
        )
    before = claim_snapshot(locked)
    for name, value in changes.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    _check_fields(locked, changes)
    diff = changes_between(before, claim_snapshot(locked))
    if not diff:
        return locked
    if "text" in diff:
        locked.fingerprint = claim_fingerprint(locked.text)
    locked.version += 1
    locked.save()
    audit.record(
        action="claim.changed", actor=actor, subject=locked, data={"changes": diff}
    )
    if "text" in diff:
        # New wording, new restatements to find (pairs already known stay).
        claims_match(actor=actor, claims=[locked])
    return locked


@records_refusal("claim.schedule")
@transaction.atomic
def claim_schedule(
    *,
    claim: Claim,
    actor,
    due_on: date | None,
    priority: int,
    expected_version: int | None = None,
) -> Claim:
    """An editor sets (or clears) a claim's due date, and its priority."""
    locked = claim_lock(claim=claim, expected_version=expected_version)
    require_status(
        locked, EVIDENCE_STATUSES, _("be given a due date (reopen it first)")
    )
    if not user_can_schedule(actor, locked):
        raise PermissionDenied(_("Only editors set due dates and priorities."))
    if priority not in Priority.values:
        raise ValidationError(
            {"priority": _("Unknown priority %(priority)r.") % {"priority": priority}}
        )
    before = {"due_on": locked.due_on, "priority": locked.priority}
    after = {"due_on": due_on, "priority": priority}
    diff = changes_between(before, after)
    if not diff:
        return locked
    locked.due_on, locked.priority = due_on, priority
    locked.version += 1
    locked.save()
    audit.record(
        action="claim.scheduled", actor=actor, subject=locked, data={"changes": diff}
    )
    return locked


def _check_fields(claim: Claim, changes: dict[str, Any]) -> None:
    """The model's own limits (lengths, choices, the language tag) on what changed."""
    try:
        claim.full_clean(
            exclude=[f.name for f in Claim._meta.fields if f.name not in changes],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None

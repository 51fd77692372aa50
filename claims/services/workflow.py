"""The transition engine, and the transitions of the claims app: start, not checkable,
release.

The transitions are declared on ``Claim``; every workflow service (here and in
``reviews.services``) runs its transition through ``claim_run_transition``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

import audit
from audit.recorder import changes_between, records_refusal
from claims.models import Claim
from claims.permissions import user_can_assign_to_others
from claims.services.guards import (
    claim_lock,
    claim_snapshot,
    require_assignable,
    require_text,
)
from claims.services.tallies import tally_claim_moved
from config.exceptions import WorkflowConflict


@dataclass
class TransitionPlan:
    """What a service adds to a transition once its own guards have passed."""

    arguments: dict[str, Any] = field(default_factory=dict)
    audit_data: dict[str, Any] = field(default_factory=dict)


def _transition_label(name: str) -> str:
    return name.replace("_", " ")


def claim_run_transition(
    *,
    claim: Claim | int,
    actor,
    name: str,
    expected_version: int | None = None,
    arguments: dict[str, Any] | None = None,
    prepare: Callable[[Claim], TransitionPlan | None] | None = None,
    comment: str = "",
) -> Claim:
    """Check state, permission and guards, run one declared transition, save, audit.

    Must run inside the caller's transaction. ``prepare(locked)`` checks the guards
    that the model cannot know (it raises to refuse) and may add transition
    arguments and audit data.
    """
    locked = claim_lock(claim=claim, expected_version=expected_version)
    method = getattr(locked, name)
    meta = method._django_fsm
    if not can_proceed(method, check_conditions=False):
        raise WorkflowConflict(
            _("A claim that is %(status)s cannot be given '%(action)s'.")
            % {
                "status": locked.get_status_display().lower(),
                "action": _transition_label(name),
            }
        )
    if not meta.has_transition_perm(locked, locked.status, actor):
        raise PermissionDenied(
            _("You may not %(action)s this claim.")
            % {"action": _transition_label(name)}
        )
    if not can_proceed(method):
        unmet = meta.get_transition(locked.status).custom.get("unmet")
        raise WorkflowConflict(
            str(unmet)
            if unmet
            else _("The conditions for '%(action)s' are not met.") % {"action": name}
        )
    plan = (prepare(locked) if prepare is not None else None) or TransitionPlan()
    before = claim_snapshot(locked)
    method(**{**(arguments or {}), **plan.arguments})
    locked.version += 1
    locked.save()
    tally_claim_moved(
        claim=locked, status=before["status"], verdict=before["verdict"] or ""
    )
    transition = meta.get_transition(before["status"])
    audit.record(
        action=transition.custom["action"],
        actor=actor,
        subject=locked,
        comment=comment,
        data={
            "transition": name,
            "from": before["status"],
            "to": locked.status,
            "changes": changes_between(before, claim_snapshot(locked)),
            **plan.audit_data,
        },
    )
    return locked


@records_refusal("claim.start_research")
@transaction.atomic
def claim_start_research(
    *, claim: Claim, actor, assignee=None, expected_version: int | None = None
) -> Claim:
    """A researcher takes the claim, or an editor assigns it to someone."""
    assignee = assignee or actor

    def prepare(locked: Claim) -> TransitionPlan:
        if assignee != actor and not user_can_assign_to_others(actor):
            raise PermissionDenied(
                _("Only editors may assign a claim to someone else.")
            )
        require_assignable(assignee)
        return TransitionPlan(arguments={"assignee": assignee})

    return claim_run_transition(
        claim=claim,
        actor=actor,
        name="start_research",
        expected_version=expected_version,
        prepare=prepare,
    )


@records_refusal("claim.mark_not_checkable")
@transaction.atomic
def claim_mark_not_checkable(
    *, claim: Claim, actor, reason: str, expected_version: int | None = None
) -> Claim:
    reason = require_text(reason, "reason")
    return claim_run_transition(
        claim=claim,
        actor=actor,
        name="mark_not_checkable",
        expected_version=expected_version,
        arguments={"reason": reason},
        comment=reason,
    )


@records_refusal("claim.release")
@transaction.atomic
def claim_release(
    *, claim: Claim, actor, note: str, expected_version: int | None = None
) -> Claim:
    """The researcher gives a claim they hold back to the pool, saying why."""
    note = require_text(note, "note")
    return claim_run_transition(
        claim=claim,
        actor=actor,
        name="release",
        expected_version=expected_version,
        prepare=lambda locked: TransitionPlan(
            audit_data={
                "released_by": "assignee"
                if locked.assignee_id == actor.pk
                else "editor"
            }
        ),
        comment=note,
    )

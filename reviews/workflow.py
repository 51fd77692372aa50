"""The workflow actions as one table: which service runs each transition, what it needs.

Labels and the required note or reason come from the transitions declared on
``Claim``; the web views, the API and the admin all dispatch through here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from claims.models import Claim
from claims.services.workflow import claim_mark_not_checkable, claim_start_research
from reviews.permissions import user_can_approve
from reviews.services import (
    claim_approve,
    claim_reopen,
    claim_return_for_research,
    claim_submit_for_review,
    submitted_review_for,
)


@dataclass(frozen=True)
class WorkflowAction:
    name: str
    label: str
    needs: str | None  # "note", "reason" or None
    service: Callable[..., Claim]
    target: str


_SERVICES: dict[str, Callable[..., Claim]] = {
    "start_research": claim_start_research,
    "mark_not_checkable": claim_mark_not_checkable,
    "submit_for_review": claim_submit_for_review,
    "return_for_research": claim_return_for_research,
    "approve": claim_approve,
    "reopen": claim_reopen,
}


def _declared() -> dict[str, WorkflowAction]:
    actions: dict[str, WorkflowAction] = {}
    for transition in Claim._meta.get_field("status").get_all_transitions(Claim):
        if transition.name in actions:
            continue
        actions[transition.name] = WorkflowAction(
            name=transition.name,
            label=transition.custom.get("label", transition.name.replace("_", " ")),
            needs=transition.custom.get("needs"),
            service=_SERVICES[transition.name],
            target=transition.target,
        )
    return actions


WORKFLOW_ACTIONS: dict[str, WorkflowAction] = _declared()


def claim_perform(
    name: str,
    *,
    claim: Claim,
    actor,
    text: str = "",
    assignee=None,
    expected_version: int | None = None,
) -> Claim:
    """Run the workflow action ``name`` through its service."""
    action = WORKFLOW_ACTIONS[name]
    kwargs = {"claim": claim, "actor": actor, "expected_version": expected_version}
    if action.needs:
        kwargs[action.needs] = text
    elif name == "approve":
        kwargs["note"] = text
    if name == "start_research" and assignee is not None:
        kwargs["assignee"] = assignee
    return action.service(**kwargs)


def available_actions(claim: Claim, user) -> list[WorkflowAction]:
    """The actions this user may take on this claim now (guards included)."""
    names = [t.name for t in claim.get_available_user_status_transitions(user)]
    actions = []
    for name in dict.fromkeys(names):
        if name == "approve" and not user_can_approve(
            user, claim, submitted_review_for(claim)
        ):
            continue
        actions.append(WORKFLOW_ACTIONS[name])
    return actions

"""The claim workflow as one table: each step's service, inputs, API route and message.

The transitions themselves are declared once, on ``claims.models.Claim`` (states,
permission, conditions, the audit action). Each row below adds what it takes to
run one of them, and everything else is derived from the rows:

- the claim page's action forms and ``desk.views.claim.claim_action``;
- the admin's actions on claims (``desk.admin``);
- the API's ``POST /api/v1/claims/{id}/<route>/`` endpoints (``reviews.api``);
- the audit messages (``reviews.apps``) and ``docs/workflow.md`` (``reviews.diagram``).

Adding a step is: declare its transition on ``Claim``, write its service, add its
row to ``WORKFLOW``. Nothing outside this table branches on a step's name.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from claims.models import Claim
from claims.permissions import user_can_assign_to_others
from claims.services.workflow import (
    claim_mark_not_checkable,
    claim_release,
    claim_start_research,
)
from config.lazy_text import gettext_lazy as _
from reviews.permissions import user_can_approve
from reviews.services import (
    claim_approve,
    claim_reopen,
    claim_return_for_research,
    claim_submit_for_review,
    submitted_review_for,
)

_EMPTY = {"text": "", "user": None, "boolean": False}


@dataclass(frozen=True)
class StepField:
    """One input of a step: a keyword argument of its service.

    ``required`` is shown to the user and written into the API schema; the
    service is what refuses a missing value (400), the same way for every caller.
    """

    name: str
    label: str
    kind: Literal["text", "user", "boolean"] = "text"
    required: bool = False
    help_text: str = ""
    # An example value for the API documentation.
    example: Any = None
    # Who is offered this input on the claim page and in the admin; the others
    # leave it empty (the service decides what empty means).
    offered_to: Callable[[Any], bool] | None = None

    @property
    def empty(self) -> Any:
        return _EMPTY[self.kind]

    def is_offered_to(self, user) -> bool:
        return self.offered_to is None or self.offered_to(user)


@dataclass(frozen=True)
class WorkflowStep:
    """One row of the table: a transition declared on ``Claim`` and how to run it."""

    name: str  # the transition's method on Claim
    label: str  # buttons, admin action, API summary, messages
    service: Callable[..., Claim]  # (*, claim, actor, expected_version, **inputs)
    route: str  # POST /api/v1/claims/{id}/<route>/
    message: str  # the audit message of the transition's action
    fields: tuple[StepField, ...] = ()
    # The button's words when the user is offered none of the inputs.
    label_without_fields: str = ""
    # The claim page shows the step as the main thing to do next.
    primary: bool = False
    # A guard the model cannot know, checked before the step is offered (the
    # service checks it again when the step runs).
    offered_if: Callable[[Claim, Any], bool] | None = None
    # The step publishes: the desk shows what it would publish before it is
    # taken (the approval preview, not a form on the claim page), and the admin
    # lists each claim's round of reviews when they disagree.
    previewed: bool = False

    @property
    def transitions(self) -> list:
        """The declared transitions of this name (one per source state)."""
        declared = Claim._meta.get_field("status").get_all_transitions(Claim)
        found = [t for t in declared if t.name == self.name]
        if not found:
            raise LookupError(f"No transition {self.name!r} is declared on Claim.")
        return found

    @property
    def target(self) -> str:
        return self.transitions[0].target

    @property
    def audit_action(self) -> str:
        return self.transitions[0].custom["action"]

    @property
    def required_fields(self) -> list[StepField]:
        return [f for f in self.fields if f.required]

    def offered_fields(self, user) -> list[StepField]:
        return [f for f in self.fields if f.is_offered_to(user)]

    def button_label(self, user) -> str:
        if self.label_without_fields and not self.offered_fields(user):
            return self.label_without_fields
        return self.label

    def inputs(self, values: dict[str, Any]) -> dict[str, Any]:
        """The service's keyword arguments: every field, empty unless given."""
        unknown = set(values) - {f.name for f in self.fields}
        if unknown:
            raise TypeError(f"'{self.name}' takes no {', '.join(sorted(unknown))}.")
        return {f.name: values.get(f.name, f.empty) for f in self.fields}


def _table(*steps: WorkflowStep) -> dict[str, WorkflowStep]:
    for step in steps:
        step.transitions  # noqa: B018  (refuses a row with no declared transition)
    return {step.name: step for step in steps}


def _approver_did_not_write_the_verdict(claim: Claim, user) -> bool:
    return user_can_approve(user, claim, submitted_review_for(claim))


WORKFLOW: dict[str, WorkflowStep] = _table(
    WorkflowStep(
        name="start_research",
        label=_("Start research"),
        label_without_fields=_("Take it: start research"),
        service=claim_start_research,
        fields=(
            StepField(
                "assignee",
                _("Assign to"),
                kind="user",
                help_text=_(
                    "By default, whoever takes this step; only editors name someone else."
                ),
                offered_to=user_can_assign_to_others,
            ),
        ),
        route="actions/start_research",
        message=_("{actor} started research on {subject}"),
        primary=True,
    ),
    WorkflowStep(
        name="mark_not_checkable",
        label=_("Mark not checkable"),
        service=claim_mark_not_checkable,
        fields=(
            StepField(
                "reason",
                _("Reason"),
                required=True,
                example="An opinion, not a checkable fact.",
            ),
        ),
        route="actions/mark_not_checkable",
        message=_("{actor} marked {subject} not checkable"),
    ),
    WorkflowStep(
        name="submit_for_review",
        label=_("Submit for review"),
        service=claim_submit_for_review,
        route="actions/submit_for_review",
        message=_("{actor} submitted {subject} for review"),
        primary=True,
    ),
    WorkflowStep(
        name="release",
        label=_("Release to the pool"),
        service=claim_release,
        fields=(
            StepField(
                "note",
                _("Why you are giving it back"),
                required=True,
                example="Out this week; someone else should take it.",
            ),
        ),
        route="actions/release",
        message=_("{actor} released {subject} back to the pool"),
    ),
    WorkflowStep(
        name="return_for_research",
        label=_("Return for research"),
        service=claim_return_for_research,
        fields=(
            StepField(
                "note",
                _("Note to the researcher"),
                required=True,
                example="Cite the 2025 yearbook, not the press release.",
            ),
        ),
        route="actions/return_for_research",
        message=_("{actor} returned {subject} for research"),
    ),
    WorkflowStep(
        name="approve",
        label=_("Approve and publish"),
        service=claim_approve,
        fields=(
            StepField(
                "note",
                _("Note"),
                help_text=_(
                    "Internal (the claim page and the audit trail). Required "
                    "when you publish despite a disagreement: say why."
                ),
                example="The second opinion misreads table 3.",
            ),
            StepField(
                "publish_despite_disagreement",
                _("Publish despite disagreement"),
                kind="boolean",
                help_text=_(
                    "Required when the reviews of the round disagree: confirms "
                    "that the assignee's verdict is published all the same."
                ),
                example=True,
            ),
            StepField(
                "expected_content",
                _("The version you previewed"),
                help_text="The content_sha256 of the would-be version "
                "(GET approval-preview): refused with 412 if what would be "
                "published has changed since.",
                example="(content_sha256 from approval-preview)",
                # Sent by the preview and by API clients, never typed.
                offered_to=lambda user: False,
            ),
        ),
        route="actions/approve",
        message=_("{actor} approved the verdict on {subject}"),
        primary=True,
        offered_if=_approver_did_not_write_the_verdict,
        previewed=True,
    ),
    WorkflowStep(
        name="reopen",
        label=_("Reopen"),
        service=claim_reopen,
        fields=(
            StepField(
                "reason",
                _("Internal reason"),
                required=True,
                help_text=_("The audit trail and the desk only: never published."),
                example="Rosa misread table 3.",
            ),
            StepField(
                "public_note",
                _("Public correction note, shown on the public page"),
                help_text=_(
                    "Readers see it while the verdict is under correction "
                    "and with the corrected version (published verdicts only)."
                ),
                example="The statistics office revised the 2025 figure.",
            ),
        ),
        route="actions/reopen",
        message=_("{actor} reopened {subject}"),
    ),
)


def claim_perform(
    name: str,
    *,
    claim: Claim,
    actor,
    expected_version: int | None = None,
    **inputs: Any,
) -> Claim:
    """Run the step ``name`` through its service with the inputs its row names."""
    step = WORKFLOW[name]
    return step.service(
        claim=claim,
        actor=actor,
        expected_version=expected_version,
        **step.inputs(inputs),
    )


def available_steps(claim: Claim, user) -> list[WorkflowStep]:
    """The steps this user may take on this claim now (guards included), in the
    table's order."""
    names = {t.name for t in claim.get_available_user_status_transitions(user)}
    return [
        step
        for step in WORKFLOW.values()
        if step.name in names
        and (step.offered_if is None or step.offered_if(claim, user))
    ]

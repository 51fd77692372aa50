"""The workflow as a property: random actions by random personas keep every invariant.

Hypothesis drives the services with any persona, any claim, valid and invalid
arguments and stale versions. Each action either succeeds and records exactly one
event for its change, or fails with one of the documented exceptions: a refusal
(PermissionDenied) records exactly one ``access.refused``; a conflict, stale edit
or invalid input records nothing and changes nothing.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from audit.chain import verify_chain
from audit.models import AuditEvent
from claims.models import Claim, ClaimStatus, Evidence, Verdict
from claims.services.evidence import evidence_add, evidence_remove
from config.exceptions import StaleEdit, WorkflowConflict
from reviews.models import Decision, DecisionKind
from reviews.services import review_submit
from reviews.workflow import WORKFLOW, claim_perform
from tests.factories import ClaimFactory, SourceFactory

PERSONAS = [
    "researcher",
    "other_researcher",
    "editor",
    "other_editor",
    "admin",
    "anonymous",
]
_TRANSITIONS = list(Claim._meta.get_field("status").get_all_transitions(Claim))
DECLARED = {(t.source, t.target) for t in _TRANSITIONS}
EVENT_OF = {t.name: t.custom["action"] for t in _TRANSITIONS}
REJECTIONS = (WorkflowConflict, StaleEdit, ValidationError)
N_CLAIMS = 2

claim_index = st.integers(0, N_CLAIMS - 1)
persona = st.sampled_from(PERSONAS)
some_text = st.sampled_from(["", "   ", "Checked against the primary source.", "<b>x"])
version_choice = st.sampled_from(["none", "current", "stale"])


def _username(user) -> str:
    return user.username if user is not None else "anonymous"


class WorkflowMachine(RuleBasedStateMachine):
    people: dict = {}

    def __init__(self):
        super().__init__()
        # Each example runs in a savepoint that teardown rolls back, so examples
        # start from the same two new claims.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.claim_ids = [ClaimFactory().pk for _ in range(N_CLAIMS)]
        self.sources = [SourceFactory(), SourceFactory()]
        # Last seen (status, version) of each claim.
        self.seen = dict.fromkeys(self.claim_ids, (ClaimStatus.NEW.value, 1))

    def teardown(self):
        try:
            assert verify_chain().ok
        finally:
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)

    # --- helpers ---------------------------------------------------------------

    def _claim(self, i: int) -> Claim:
        return Claim.objects.get(pk=self.claim_ids[i])

    def _version(self, claim: Claim, choice: str) -> int | None:
        return {"none": None, "current": claim.version, "stale": claim.version - 1}[
            choice
        ]

    def _states(self) -> dict[int, tuple[str, int]]:
        return {
            pk: (status, version)
            for pk, status, version in Claim.objects.filter(
                pk__in=self.claim_ids
            ).values_list("pk", "status", "version")
        }

    def _attempt(self, expected_action: str, call, *, transition_of: int | None = None):
        """Run one service call and check what it left in the trail and the claims."""
        last_seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True)
        last_seq = last_seq.first() or 0
        before = self._states()
        try:
            call()
            outcome = "done"
        except PermissionDenied:
            outcome = "refused"
        except REJECTIONS:
            outcome = "rejected"
        new = list(AuditEvent.objects.filter(seq__gt=last_seq).order_by("seq"))
        after = self._states()
        actions = [e.action for e in new]
        if outcome == "done":
            # An approval also records the verdict version it publishes.
            published = (
                ["verdict.published"] if expected_action == "claim.approved" else []
            )
            assert actions == [expected_action, *published]
            if transition_of is not None:
                pk = self.claim_ids[transition_of]
                assert after[pk][1] == before[pk][1] + 1
                assert new[0].data["from"] == before[pk][0]
                assert new[0].data["to"] == after[pk][0]
                changed = {p for p in after if after[p] != before[p]}
                assert changed == {pk}
        else:
            assert actions == (["access.refused"] if outcome == "refused" else [])
            assert after == before, "a refused action changed a claim"
        return outcome

    # --- rules -----------------------------------------------------------------

    @rule(i=claim_index, who=persona, assignee=st.none() | persona, v=version_choice)
    def start_research(self, i, who, assignee, v):
        claim = self._claim(i)
        self._attempt(
            EVENT_OF["start_research"],
            lambda: claim_perform(
                "start_research",
                claim=claim,
                actor=self.people[who],
                assignee=self.people[assignee] if assignee else None,
                expected_version=self._version(claim, v),
            ),
            transition_of=i,
        )

    @rule(
        i=claim_index,
        who=persona,
        name=st.sampled_from(
            [
                "mark_not_checkable",
                "submit_for_review",
                "return_for_research",
                "approve",
                "reopen",
            ]
        ),
        text=some_text,
        v=version_choice,
    )
    def transition(self, i, who, name, text, v):
        claim = self._claim(i)
        outcome = self._attempt(
            EVENT_OF[name],
            lambda: claim_perform(
                name,
                claim=claim,
                actor=self.people[who],
                expected_version=self._version(claim, v),
                # The same words in every text input the step has.
                **{f.name: text for f in WORKFLOW[name].fields if f.kind == "text"},
            ),
            transition_of=i,
        )
        if v == "stale":
            assert outcome != "done", "an edit based on an old version went through"
        if outcome == "done" and WORKFLOW[name].required_fields:
            assert text.strip(), (
                f"{name} went through without its "
                f"{WORKFLOW[name].required_fields[0].name}"
            )

    @rule(
        i=claim_index,
        who=persona,
        source=st.integers(0, 1),
        stance=st.sampled_from(["supports", "refutes", "context", "bogus"]),
    )
    def add_evidence(self, i, who, source, stance):
        claim = self._claim(i)
        self._attempt(
            "evidence.added",
            lambda: evidence_add(
                claim=claim,
                actor=self.people[who],
                source=self.sources[source],
                stance=stance,
                excerpt="Table 1",
            ),
        )

    @rule(i=claim_index, who=persona, pick=st.integers(0, 3))
    def remove_evidence(self, i, who, pick):
        evidence = list(Evidence.objects.filter(claim_id=self.claim_ids[i]))
        if not evidence:
            return
        self._attempt(
            "evidence.removed",
            lambda: evidence_remove(
                evidence=evidence[pick % len(evidence)],
                actor=self.people[who],
                reason="Wrong table.",
            ),
        )

    @rule(
        i=claim_index,
        who=persona,
        rating=st.sampled_from([*Verdict.values, "bogus"]),
        rationale=some_text,
        cite=st.sampled_from(["current", "none", "foreign"]),
    )
    def submit_review(self, i, who, rating, rationale, cite):
        claim = self._claim(i)
        if cite == "current":
            ids = list(
                claim.evidence.filter(removed_at__isnull=True).values_list(
                    "pk", flat=True
                )[:1]
            )
        elif cite == "foreign":
            ids = list(
                Evidence.objects.exclude(claim=claim).values_list("pk", flat=True)[:1]
            )
        else:
            ids = []
        self._attempt(
            "review.submitted",
            lambda: review_submit(
                claim=claim,
                actor=self.people[who],
                rating=rating,
                rationale=rationale,
                cited_evidence_ids=ids,
            ),
        )

    @rule(
        i=claim_index,
        who=st.none() | st.none() | persona,
        flip=st.booleans(),
    )
    def advance(self, i, who, flip):
        """The step a desk would take next, so that examples reach deep states too."""
        claim = self._claim(i)
        assignee = next(
            (p for p in self.people.values() if p.pk and p.pk == claim.assignee_id),
            None,
        )
        editor = self.people["editor" if flip else "other_editor"]
        status = claim.status
        if status == ClaimStatus.NEW:
            # Editors research too, which is what puts four eyes to the test.
            self.start_research(
                i, who or ("editor" if flip else "researcher"), None, "current"
            )
        elif status == ClaimStatus.RESEARCHING:
            actor = self.people[who] if who else assignee
            evidence = claim.evidence.filter(removed_at__isnull=True).first()
            reviewed = claim.reviews.filter(
                round=claim.review_round, reviewer=claim.assignee_id
            ).exists()
            if evidence is None:
                call, action = (
                    lambda: evidence_add(
                        claim=claim,
                        actor=actor,
                        source=self.sources[0],
                        stance="supports",
                    ),
                    "evidence.added",
                )
            elif not reviewed:
                call, action = (
                    lambda: review_submit(
                        claim=claim,
                        actor=actor,
                        rating="mostly_true",
                        rationale="Matches the table.",
                        cited_evidence_ids=[evidence.pk],
                    ),
                    "review.submitted",
                )
            else:
                self.transition(
                    i, who or _username(assignee), "submit_for_review", "", "current"
                )
                return
            self._attempt(action, call)
        elif status == ClaimStatus.IN_REVIEW:
            name = "return_for_research" if flip and who else "approve"
            self.transition(
                i, who or editor.username, name, "Needs a source.", "current"
            )
        else:
            self.transition(
                i, who or editor.username, "reopen", "Correction.", "current"
            )

    @rule(i=claim_index, flip=st.booleans())
    def advance_with_the_natural_actor(self, i, flip):
        self.advance(i, None, flip)

    # --- invariants ------------------------------------------------------------

    @invariant()
    def states_are_declared_and_versions_only_grow(self):
        for pk, (status, version) in self._states().items():
            assert status in ClaimStatus.values
            old_status, old_version = self.seen[pk]
            assert version >= old_version, "a version went down"
            if status != old_status:
                assert (old_status, status) in DECLARED, (old_status, status)
                assert version > old_version
            self.seen[pk] = (status, version)

    @invariant()
    def four_eyes_is_never_broken(self):
        for decision in Decision.objects.filter(
            claim_id__in=self.claim_ids, kind=DecisionKind.APPROVE
        ).select_related("review"):
            assert decision.review is not None
            assert decision.editor_id != decision.review.reviewer_id
        for claim in Claim.objects.filter(
            pk__in=self.claim_ids, status=ClaimStatus.PUBLISHED
        ):
            latest = Decision.objects.filter(claim=claim).order_by("-id").first()
            assert latest is not None and latest.kind == DecisionKind.APPROVE
            assert claim.verdict == latest.verdict == latest.review.rating


@pytest.mark.django_db
def test_random_actions_by_random_personas_keep_the_invariants(
    researcher, other_researcher, editor, other_editor, admin, anonymous
):
    WorkflowMachine.people = {
        "researcher": researcher,
        "other_researcher": other_researcher,
        "editor": editor,
        "other_editor": other_editor,
        "admin": admin,
        "anonymous": anonymous,
    }
    run_state_machine_as_test(
        WorkflowMachine,
        settings=settings(
            max_examples=30,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )

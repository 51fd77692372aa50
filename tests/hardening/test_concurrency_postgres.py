"""Real threads on PostgreSQL: one approval wins, and random work loses no update."""

import os
import random
import threading
import time

import pytest
from django.db import connection

from audit.chain import verify_chain
from audit.models import AuditEvent
from claims.models import Claim, ClaimStatus
from claims.services.evidence import evidence_add
from claims.services.workflow import claim_start_research
from config.exceptions import StaleEdit, WorkflowConflict
from reviews.models import Decision, DecisionKind
from reviews.services import claim_approve
from tests.factories import ClaimFactory, SourceFactory
from tests.hardening.workload import (
    EXPECTED_REFUSALS,
    Tally,
    one_action,
    replayed_status,
    transition_event_count,
)
from tests.reviews.publishing import review_and_submit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DURATION = float(os.environ.get("CLAIMTRAIL_STRESS_SECONDS", "10"))


def _in_review(researcher) -> Claim:
    claim = claim_start_research(claim=ClaimFactory(), actor=researcher)
    evidence = evidence_add(
        claim=claim, actor=researcher, source=SourceFactory(), stance="supports"
    )
    return review_and_submit(
        claim,
        researcher=researcher,
        rating="mostly_true",
        rationale="Matches the table.",
        evidence=evidence,
    )


def _run_threads(target, n: int) -> list[BaseException]:
    errors: list[BaseException] = []

    def wrapped(i: int) -> None:
        try:
            target(i)
        except BaseException as exc:  # noqa: BLE001  (reported by the main thread)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrapped, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=DURATION + 60)
    assert not any(t.is_alive() for t in threads), "a worker hung"
    return errors


@pytest.mark.parametrize(
    "with_version, loser_error", [(True, StaleEdit), (False, WorkflowConflict)]
)
def test_two_editors_approving_at_once_one_wins(
    researcher, editor, other_editor, with_version, loser_error
):
    claim = _in_review(researcher)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def approve(i: int) -> None:
        actor = (editor, other_editor)[i]
        barrier.wait(timeout=10)
        try:
            claim_approve(
                claim=Claim.objects.get(pk=claim.pk),
                actor=actor,
                expected_version=claim.version if with_version else None,
            )
            outcomes[actor.username] = "approved"
        except (StaleEdit, WorkflowConflict) as exc:
            outcomes[actor.username] = exc

    assert _run_threads(approve, 2) == []
    winners = [name for name, result in outcomes.items() if result == "approved"]
    losers = [r for r in outcomes.values() if r != "approved"]
    assert len(winners) == 1
    assert len(losers) == 1 and isinstance(losers[0], loser_error)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PUBLISHED
    assert claim.version == 4  # created at 1; research, submit, approve
    approved = AuditEvent.objects.for_subject("claims.claim", claim.pk).filter(
        action="claim.approved"
    )
    assert approved.count() == 1
    assert approved.get().actor.username == winners[0]
    assert Decision.objects.filter(claim=claim, kind=DecisionKind.APPROVE).count() == 1
    assert verify_chain().ok


def test_eight_workers_doing_random_work_lose_no_update(
    researcher, other_researcher, editor, other_editor
):
    people = {
        "researcher": researcher,
        "other_researcher": other_researcher,
        "editor": editor,
        "other_editor": other_editor,
    }
    claim_ids = [ClaimFactory().pk for _ in range(6)]
    sources = [SourceFactory() for _ in range(4)]
    tallies = [Tally() for _ in range(8)]
    deadline = time.monotonic() + DURATION
    barrier = threading.Barrier(8)

    def worker(i: int) -> None:
        rng = random.Random(1000 + i)
        barrier.wait(timeout=10)
        while time.monotonic() < deadline:
            try:
                one_action(rng, claim_ids, people, sources)
                tallies[i].done += 1
            except EXPECTED_REFUSALS as exc:
                tallies[i].refuse(exc)

    errors = _run_threads(worker, 8)
    assert errors == [], errors
    done = sum(t.done for t in tallies)
    assert done > 50, f"only {done} actions completed in {DURATION}s"
    published = 0
    for claim in Claim.objects.filter(pk__in=claim_ids):
        assert replayed_status(claim) == claim.status
        # Every transition raised the version by one: no update was lost.
        assert claim.version == 1 + transition_event_count(claim)
        published += claim.first_published_at is not None
    assert published > 0, "the workload never reached an approval"
    for decision in Decision.objects.filter(kind=DecisionKind.APPROVE):
        assert decision.editor_id != decision.review.reviewer_id
    report = verify_chain()
    assert report.ok, report
    refused: dict[str, int] = {}
    for tally in tallies:
        for name, count in tally.refused.items():
            refused[name] = refused.get(name, 0) + count
    print(
        f"\n{done} actions in {DURATION:.0f}s, refused by races: {refused}, "
        f"{report.checked} events verified"
    )

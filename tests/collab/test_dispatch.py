"""The dispatcher: each person is told exactly what their settings ask for, once,
even when the worker is killed mid-batch and restarted."""

import contextlib

import pytest
from django.core import mail
from django.db import transaction

from claims.services.claims import claim_assign
from claims.services.workflow import claim_start_research
from collab import derive
from collab.models import Channel, Cursor, Notification, NotificationKind
from collab.services import dispatch
from collab.services.notifications import (
    digests_send,
    notification_preferences_set,
)
from collab.tasks import dispatch_events
from reviews.services import claim_approve, claim_reopen, claim_return_for_research
from tests.factories import ClaimFactory
from tests.reviews.publishing import research_and_submit

pytestmark = pytest.mark.django_db

K = NotificationKind


class WorkerKilled(BaseException):
    """What a worker process sees of SIGKILL: nothing after this point runs."""


def kill_once_at(monkeypatch, event_number: int) -> list[int]:
    """Stop the worker while it handles its ``event_number``-th event, once."""
    seen: list[int] = []
    real = derive.notifications_for

    def dying(event, facts):
        seen.append(event.seq)
        if len(seen) == event_number:
            raise WorkerKilled
        return real(event, facts)

    monkeypatch.setattr(dispatch, "notifications_for", dying)
    return seen


def run_until_empty(run_worker):
    # RQ's in-process worker lets the kill through; the database one records it.
    with contextlib.suppress(WorkerKilled):
        run_worker()


def told(user) -> list[tuple[str, str]]:
    return sorted(
        Notification.objects.filter(recipient=user).values_list("kind", "note")
    )


def emails_to(user) -> list[str]:
    return sorted(
        message.subject for message in mail.outbox if user.email in message.to
    )


def test_each_person_is_told_what_they_asked_for_once_even_after_a_kill(
    run_worker,
    monkeypatch,
    settings,
    researcher,
    other_researcher,
    editor,
    other_editor,
    django_capture_on_commit_callbacks,
):
    settings.DIGEST_HOUR = 24  # the digest is sent below, not by the schedule
    monkeypatch.setattr(dispatch, "BATCH_SIZE", 5)
    # Every write commits (and kicks the dispatcher) as it would in the app.
    with django_capture_on_commit_callbacks(execute=True):
        defaults = {
            kind: str(channel) for kind, channel in dispatch.DEFAULT_CHANNELS.items()
        }
        notification_preferences_set(
            actor=editor,
            channels={**defaults, K.REVIEW_WAITING: Channel.EMAIL},
            digest=False,
        )
        notification_preferences_set(
            actor=other_editor,
            channels={**defaults, K.REVIEW_WAITING: Channel.OFF},
            digest=False,
        )
        notification_preferences_set(actor=other_researcher, channels={}, digest=True)
        claim = ClaimFactory(text="Exports of AI chips doubled in 2025.")

        claim = claim_start_research(claim=claim, actor=editor, assignee=researcher)
        claim = research_and_submit(claim, researcher=researcher)
        claim = claim_return_for_research(
            claim=claim, actor=editor, note="Check the 2024 base figure."
        )
        claim = research_and_submit(claim, researcher=researcher)
        claim = claim_approve(claim=claim, actor=editor)
        claim = claim_reopen(claim=claim, actor=editor, reason="New customs data.")
        claim = claim_assign(claim=claim, actor=editor, assignee=other_researcher)
        claim = research_and_submit(claim, researcher=other_researcher)
        claim = claim_approve(claim=claim, actor=editor)

    handled = kill_once_at(monkeypatch, 8)  # in the second batch of five
    run_until_empty(run_worker)
    assert len(handled) > 8, "the dispatcher resumed after the kill"
    # Restarted: a further run (another write's kick, or the schedule) adds nothing.
    dispatch_events.enqueue()
    run_until_empty(run_worker)

    assert told(researcher) == sorted(
        [
            (K.ASSIGNED, ""),
            (K.RETURNED, "Check the 2024 base figure."),
            (K.VERDICT_PUBLISHED, ""),
            (K.VERDICT_REOPENED, "New customs data."),
            (K.VERDICT_CORRECTED, ""),
        ]
    )
    assert told(editor) == [(K.REVIEW_WAITING, "")] * 3
    assert told(other_editor) == []
    assert told(other_researcher) == sorted(
        [(K.ASSIGNED, ""), (K.VERDICT_PUBLISHED, "")]
    )

    # E-mail only for the kinds set to e-mail (defaults: assigned, returned,
    # reopened, corrected), one each; the digest subscriber gets none one by one.
    cid = claim.pk
    assert emails_to(researcher) == sorted(
        [
            f"[ClaimTrail] Assigned to you: claim #{cid}",
            f"[ClaimTrail] Returned to you: claim #{cid}",
            f"[ClaimTrail] Your verdict was reopened: claim #{cid}",
            f"[ClaimTrail] Your verdict was corrected: claim #{cid}",
        ]
    )
    returned = next(m for m in mail.outbox if "Returned" in m.subject)
    assert "Check the 2024 base figure." in returned.body
    assert f"/claims/{cid}/" in returned.body
    assert (
        emails_to(editor) == [f"[ClaimTrail] Waiting for your review: claim #{cid}"] * 3
    )
    assert emails_to(other_editor) == []
    assert emails_to(other_researcher) == []

    assert digests_send() == 1
    assert digests_send() == 0, "a notification goes in one digest only"
    digest = mail.outbox[-1]
    assert digest.to == [other_researcher.email]
    assert "Assigned to you" in digest.body
    assert "Your verdict was published" not in digest.body  # in the app only


def test_nothing_is_sent_for_a_write_that_rolled_back(
    run_worker, editor, researcher, django_capture_on_commit_callbacks
):
    claim = ClaimFactory()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        claim_start_research(claim=claim, actor=editor, assignee=researcher)
        raise RuntimeError("the request failed after the service")
    dispatch_events.enqueue()
    run_worker()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_cursor_moves_past_every_event_and_a_rerun_adds_nothing(editor, researcher):
    claim_start_research(claim=ClaimFactory(), actor=editor, assignee=researcher)
    first = dispatch.dispatch_events()
    assert first.events >= 1 and len(first.notifications) == 1
    assert Cursor.objects.get(name="dispatcher").position == first.last_seq
    again = dispatch.dispatch_events()
    assert again.events == 0 and again.notifications == []


def test_a_person_who_turned_a_kind_off_is_not_told(editor, researcher):
    notification_preferences_set(
        actor=researcher, channels={K.ASSIGNED: Channel.OFF}, digest=False
    )
    claim_start_research(claim=ClaimFactory(), actor=editor, assignee=researcher)
    dispatch.dispatch_events()
    assert told(researcher) == []


def test_nobody_is_told_of_their_own_act(researcher):
    claim_start_research(claim=ClaimFactory(), actor=researcher)
    dispatch.dispatch_events()
    assert told(researcher) == []

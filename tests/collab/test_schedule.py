"""The schedule: one tick per interval however often it is enqueued; one digest a day."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from collab.models import Cursor, EmailState, Notification
from collab.services import schedule
from collab.services.notifications import notification_preferences_set
from collab.tasks import tick
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")


def test_a_tick_runs_once_per_interval(settings):
    settings.COLLAB_TICK_SECONDS = 300
    now = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    assert schedule.tick_claim(now=now)
    assert not schedule.tick_claim(now=now + timedelta(seconds=10))
    assert schedule.tick_claim(now=now + timedelta(seconds=300))


def test_a_broken_chain_of_ticks_is_noticed(settings):
    settings.COLLAB_TICK_SECONDS = 300
    now = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    assert schedule.tick_missing(now=now), "no tick ever ran"
    assert not schedule.tick_missing(now=now), "one is booked now"
    schedule.tick_claim(now=now)
    assert not schedule.tick_missing(now=now + timedelta(seconds=400))
    assert schedule.tick_missing(now=now + timedelta(seconds=700))


@pytest.mark.parametrize(
    ("setting", "hour", "due"),
    [
        ("DIGEST_HOUR", 7, schedule.digest_due),
        ("TRIAGE_TRAIN_HOUR", 3, schedule.triage_training_due),
    ],
    ids=["digest", "triage_training"],
)
def test_daily_work_is_due_once_a_day_from_its_hour(settings, setting, hour, due):
    setattr(settings, setting, hour)
    day = datetime(2026, 5, 4, hour - 1, 59, tzinfo=UTC)
    assert not due(now=day)
    assert due(now=day.replace(hour=hour, minute=5))
    assert not due(now=day.replace(hour=23))
    assert due(now=day + timedelta(days=1, hours=1))


def test_the_tick_sends_the_digest_and_books_the_next_tick(
    run_worker, settings, researcher
):
    settings.DIGEST_HOUR = 0
    notification_preferences_set(actor=researcher, channels={}, digest=True)
    Notification.objects.create(
        recipient=researcher,
        kind="assigned",
        key="event:1",
        claim=ClaimFactory(),
        email_state=EmailState.DIGEST,
    )
    tick.enqueue()
    run_worker()
    assert [m.to for m in mail.outbox] == [[researcher.email]]
    assert "daily digest" in mail.outbox[0].subject
    assert Cursor.objects.get(name="tick").position > 0

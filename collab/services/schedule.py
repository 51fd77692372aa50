"""The schedule: a tick every few minutes that runs the periodic work once.

Django's Tasks API has no periodic tasks; the tick enqueues its own next run
(``run_after``). A cursor row holds when the next tick is due, so that a tick
enqueued twice runs once, and a chain that broke (a worker stopped with the next
tick unqueued) is noticed and restarted by the dispatcher.
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from collab.services.dispatch import cursor_lock

TICK = "tick"
DIGEST = "digest"
TRIAGE = "triage"
SOURCES = "sources"
# How often the tick looks for sources due a re-check (each is re-checked every
# SOURCE_RECHECK_SECONDS); an hour keeps a slow worker from queueing one twice.
SOURCE_RECHECK_LOOK_SECONDS = 3600


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())


@transaction.atomic
def tick_claim(*, now: datetime | None = None) -> bool:
    """True if this tick is the one due now (and the next is booked); False if
    another tick already ran within the interval."""
    now = now or timezone.now()
    interval = settings.COLLAB_TICK_SECONDS
    cursor = cursor_lock(TICK)
    if _epoch(now) < cursor.position - interval // 2:
        return False
    cursor.position = _epoch(now) + interval
    cursor.save()
    return True


@transaction.atomic
def tick_missing(*, now: datetime | None = None) -> bool:
    """True if no tick is booked: none ever ran, or the last one's successor is
    long overdue. The caller enqueues one; it books itself when it runs."""
    now = now or timezone.now()
    cursor = cursor_lock(TICK)
    if cursor.position and _epoch(now) < cursor.position + settings.COLLAB_TICK_SECONDS:
        return False
    # Booked now, so that the callers that come before the tick runs enqueue no
    # second one; the tick books the next when it runs.
    cursor.position = _epoch(now)
    cursor.save()
    return True


def digest_due(*, now: datetime | None = None) -> bool:
    """True once a day, at the first tick from ``DIGEST_HOUR`` (local time) on."""
    return _once_a_day(DIGEST, hour=settings.DIGEST_HOUR, now=now)


def triage_training_due(*, now: datetime | None = None) -> bool:
    """True once a day, at the first tick from ``TRIAGE_TRAIN_HOUR`` on: time to
    refit the check-worthiness model on the desk's decisions."""
    return _once_a_day(TRIAGE, hour=settings.TRIAGE_TRAIN_HOUR, now=now)


@transaction.atomic
def source_recheck_due(*, now: datetime | None = None) -> bool:
    """True at most once an hour: time to queue the re-checks of sources due."""
    now = now or timezone.now()
    cursor = cursor_lock(SOURCES)
    if _epoch(now) < cursor.position:
        return False
    cursor.position = _epoch(now) + SOURCE_RECHECK_LOOK_SECONDS
    cursor.save()
    return True


@transaction.atomic
def _once_a_day(name: str, *, hour: int, now: datetime | None) -> bool:
    now = timezone.localtime(now or timezone.now())
    if now.hour < hour:
        return False
    cursor = cursor_lock(name)
    today = now.date().toordinal()
    if cursor.position >= today:
        return False
    cursor.position = today
    cursor.save()
    return True

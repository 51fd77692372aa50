"""Enqueueing background tasks: after the transaction commits, later, with backoff."""

import random
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone


def retry_delay(attempt: int) -> timedelta:
    """How long to wait after failed attempt number ``attempt`` (1, 2, …).

    The wait doubles with each attempt up to ``TASK_RETRY_MAX_SECONDS``; a tenth
    of jitter keeps failures that began together from retrying in step.
    """
    base = settings.TASK_RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0)
    seconds = min(base, settings.TASK_RETRY_MAX_SECONDS)
    return timedelta(seconds=seconds * random.uniform(0.9, 1.1))


def enqueue_later(task, delay: timedelta | None, *args, **kwargs) -> None:
    """Enqueue ``task`` to run after ``delay`` (now when it is empty or zero)."""
    if delay and delay.total_seconds() > 0:
        task = task.using(run_after=timezone.now() + delay)
    task.enqueue(*args, **kwargs)


def enqueue_on_commit(task, *args, delay: timedelta | None = None, **kwargs) -> None:
    """Enqueue ``task`` once the current transaction commits, never if it rolls back.

    A queue outside the database (Redis) would otherwise run the task before the
    rows it reads exist, or for a write that was undone.
    """
    transaction.on_commit(partial(enqueue_later, task, delay, *args, **kwargs))


def db_worker_batch() -> None:
    """Run every due task of the database backend's queues, including those the
    tasks enqueue, then return (``manage.py db_worker --batch``): how the tests and
    the benchmark drain the queue in-process."""
    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--interval=0",
        "--queue-name=*",
        verbosity=0,
    )

"""Run the background worker of either task backend in the test's own process."""

import os
import signal
import socket
from contextlib import contextmanager
from unittest import mock
from urllib.parse import urlparse

from django.conf import settings

from config.tasks import db_worker_batch

# Each backend as the settings select it; RQ runs on its own Redis database so
# that a test never sees a developer's queue.
BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
}


def _test_redis_url() -> str:
    """Redis database 15, or one below per further pytest-xdist process (gw1: 14),
    so that parallel test processes never flush each other's queue."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    base, _, db = url.rpartition("/")
    if not worker.isdigit() or not db.isdigit():
        return url
    return f"{base}/{max(int(db) - int(worker), 0)}"


TEST_REDIS_URL = _test_redis_url()


def redis_answers(url: str = TEST_REDIS_URL) -> bool:
    parts = urlparse(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or 6379), timeout=0.5
        ) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def _signals_kept():
    # Both workers install SIGINT/SIGTERM handlers; put pytest's back afterwards.
    kept = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in kept.items():
            signal.signal(sig, handler)


def run_worker_until_empty(backend: str | None = None) -> None:
    """What ``manage.py db_worker --batch`` (or ``rqworker --burst``) does: run every
    task that is due, including those the tasks enqueue, then return."""
    backend = backend or _current_backend()
    with _signals_kept():
        if backend == "rq":
            _run_rq_burst()
        else:
            # The worker closes "old" connections between tasks; inside a test's
            # transaction that would throw the test's data away.
            with mock.patch(
                "django_tasks_db.management.commands.db_worker.close_old_connections"
            ):
                db_worker_batch()


def _current_backend() -> str:
    path = settings.TASKS["default"]["BACKEND"]
    return "rq" if "rq" in path else "database"


def _run_rq_burst() -> None:
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    queue = django_rq.get_queue("default", job_class=Job)
    # A simple worker runs jobs in this process (no fork), on this test's
    # database connection.
    worker = SimpleWorker([queue], connection=queue.connection, job_class=Job)
    worker.work(burst=True, logging_level="WARNING", with_scheduler=False)


def flush_rq() -> None:
    import django_rq

    django_rq.get_connection("default").flushdb()

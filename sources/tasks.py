"""Background tasks of sources: fetching a snapshot and the periodic re-check.

Enqueued after the adding transaction commits (``sources.services``) and by the
schedule's tick (collab.tasks); nothing in a request waits for a fetch.
"""

from django_tasks import task

from audit.context import system_context
from sources import snapshots


@task()
def fetch_snapshot(source_id: int) -> str:
    with system_context(snapshots.FETCH_VIA):
        snapshot = snapshots.snapshot_fetch(source_id=source_id)
    return snapshot.outcome if snapshot is not None else "no address"


@task()
def recheck_sources() -> int:
    """Enqueue a fetch of every source whose last check is older than the interval."""
    due = snapshots.sources_due_for_recheck()
    for source_id in due:
        fetch_snapshot.enqueue(source_id)
    return len(due)

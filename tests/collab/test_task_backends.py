"""Background work runs on the database backend and on RQ, after the commit only."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group

from config.tasks import enqueue_on_commit, retry_delay
from tests.collab.sample_tasks import broken_task, flaky_make_group, make_group

pytestmark = pytest.mark.django_db


def test_a_task_enqueued_in_a_transaction_runs_after_the_commit(
    run_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(make_group, "committed")
        run_worker()
        # Nothing was enqueued yet: the transaction has not committed.
        assert not Group.objects.filter(name="committed").exists()
    run_worker()
    assert Group.objects.filter(name="committed").exists()


def test_a_rolled_back_transaction_enqueues_nothing(
    run_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        enqueue_on_commit(make_group, "rolled-back")
    callbacks.clear()  # what a rollback does with them
    run_worker()
    assert not Group.objects.filter(name="rolled-back").exists()


def test_a_failing_task_is_retried_until_it_succeeds(run_worker, settings):
    settings.TASK_RETRY_BASE_SECONDS = 0
    flaky_make_group.enqueue("third-time-lucky", 2)
    run_worker()
    assert Group.objects.filter(name="third-time-lucky").exists()


def test_retries_back_off_exponentially_up_to_a_ceiling(settings):
    settings.TASK_RETRY_BASE_SECONDS = 10
    settings.TASK_RETRY_MAX_SECONDS = 60
    waits = [retry_delay(attempt) for attempt in (1, 2, 3, 4, 10)]
    assert timedelta(seconds=9) <= waits[0] <= timedelta(seconds=11)
    assert timedelta(seconds=18) <= waits[1] <= timedelta(seconds=22)
    assert timedelta(seconds=36) <= waits[2] <= timedelta(seconds=44)
    assert waits[3] <= timedelta(seconds=66) and waits[4] <= timedelta(seconds=66)


def test_a_failed_task_is_visible_to_administrators(
    run_worker, task_backend, client, admin
):
    broken_task.enqueue("the mail server is down")
    run_worker()
    client.force_login(admin)
    if task_backend == "rq":
        page = client.get("/admin/django_rq/dashboard/queues/0/failed/")
    else:
        page = client.get(
            "/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED"
        )
    assert page.status_code == 200
    assert "broken_task" in page.content.decode()

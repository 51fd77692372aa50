"""Tasks used only by the tests of the task machinery."""

from django.contrib.auth.models import Group
from django_tasks import task

from config.tasks import enqueue_later, retry_delay


@task()
def make_group(name: str) -> str:
    Group.objects.get_or_create(name=name)
    return name


@task()
def flaky_make_group(name: str, fail_times: int, attempt: int = 1) -> str:
    """Fails ``fail_times`` times, each time enqueueing its own retry."""
    if attempt <= fail_times:
        enqueue_later(
            flaky_make_group, retry_delay(attempt), name, fail_times, attempt + 1
        )
        raise RuntimeError(f"attempt {attempt} failed")
    Group.objects.get_or_create(name=name)
    return name


@task()
def broken_task(reason: str) -> None:
    raise RuntimeError(reason)

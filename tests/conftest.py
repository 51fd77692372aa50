"""Personas as fixtures, PostgreSQL-only tests, and a flush that respects the audit triggers."""

import os

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import translation

from audit import triggers
from claims.apps import grant_editor_admin_permissions
from config.roles import EDITORS, RESEARCHERS
from tests.factories import UserFactory

_original_flush = BaseDatabaseOperations.execute_sql_flush


def _flush_around_audit_triggers(self, sql_list):
    # Transactional tests empty every table between tests; the audit table refuses
    # that by design, so the triggers step aside for the flush and come back after.
    triggers.drop(self.connection)
    try:
        _original_flush(self, sql_list)
    finally:
        triggers.install(self.connection)


BaseDatabaseOperations.execute_sql_flush = _flush_around_audit_triggers


def pytest_collection_modifyitems(config, items):
    on_postgres = bool(os.environ.get("DATABASE_URL", "").startswith("postgres"))
    if on_postgres:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL); run in CI")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def researcher(db):
    return UserFactory(username="researcher", first_name="Rosa", groups=[RESEARCHERS])


@pytest.fixture
def other_researcher(db):
    return UserFactory(
        username="other_researcher", first_name="Ravi", groups=[RESEARCHERS]
    )


@pytest.fixture
def editor(db):
    user = UserFactory(
        username="editor", first_name="Edith", is_staff=True, groups=[EDITORS]
    )
    # Transactional tests empty the groups between tests; editors use the admin.
    grant_editor_admin_permissions()
    return user


@pytest.fixture
def other_editor(db):
    return UserFactory(username="other_editor", is_staff=True, groups=[EDITORS])


@pytest.fixture
def admin(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def system_context():
    from audit.context import system_context as ctx

    with ctx("tests") as value:
        yield value


@pytest.fixture
def db_vendor(db):
    return connection.vendor


# --- background tasks: the database backend always, RQ when Redis answers -------


@pytest.fixture(
    params=["database", pytest.param("rq", marks=pytest.mark.rq)], ids=lambda p: p
)
def task_backend(request, settings):
    """Run the test once on the database task backend and once on RQ (Redis)."""
    from tests.workers import BACKENDS, TEST_REDIS_URL, flush_rq, redis_answers

    settings.TASKS = {"default": BACKENDS[request.param]}
    if request.param == "rq":
        if not redis_answers():
            message = f"needs Redis at {TEST_REDIS_URL} (start redis-server)"
            if os.environ.get("CI"):
                pytest.fail(f"{message}: CI runs the task tests on RQ.", pytrace=False)
            pytest.skip(message)
        settings.RQ_QUEUES = {"default": {"URL": TEST_REDIS_URL}}
        flush_rq()
        yield request.param
        flush_rq()
    else:
        yield request.param


@pytest.fixture
def run_worker(task_backend):
    """Run the selected backend's worker until no task is due."""
    from tests.workers import run_worker_until_empty

    return lambda: run_worker_until_empty(task_backend)


@pytest.fixture(autouse=True)
def _site_language_between_tests():
    """Each test starts in the site's language: LocaleMiddleware leaves a request's
    language active in the thread, so a German request would make the next test's
    service messages German."""
    yield
    translation.deactivate()

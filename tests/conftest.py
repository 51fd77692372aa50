"""Personas as fixtures, PostgreSQL-only tests, and a flush that respects the audit triggers."""

import os

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.backends.base.operations import BaseDatabaseOperations

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

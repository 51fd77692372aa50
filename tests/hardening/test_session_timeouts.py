"""Sessions end after two idle hours and, however busy, twelve hours after sign-in."""

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from config.session_middleware import SESSION_RENEWED_KEY, SESSION_STARTED_KEY

pytestmark = pytest.mark.django_db
ADMIN = "/admin/"


def _signed_in(client) -> bool:
    return client.get(ADMIN).status_code == 200


def test_an_idle_session_expires(client, editor):
    client.force_login(editor)
    assert _signed_in(client)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert not _signed_in(client)


def _last_renewed(client, seconds_ago: float) -> None:
    session = client.session
    session[SESSION_RENEWED_KEY] = time.time() - seconds_ago
    session.save()


def test_a_request_renews_the_idle_timeout_once_a_minute_has_passed(
    client, editor, settings
):
    client.force_login(editor)
    _last_renewed(client, settings.SESSION_RENEW_INTERVAL + 1)
    Session.objects.update(expire_date=timezone.now() + timedelta(seconds=30))
    response = client.get(ADMIN)
    assert response.status_code == 200
    remaining = Session.objects.get().expire_date - timezone.now()
    assert remaining > timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    # The browser's cookie is renewed with it.
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == (
        settings.SESSION_COOKIE_AGE
    )


def test_reading_pages_within_the_minute_writes_no_session_row(client, editor):
    client.force_login(editor)
    assert _signed_in(client)  # stamps and renews
    expiry = Session.objects.get().expire_date
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert _signed_in(client)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().startswith("SELECT")
    ]
    assert writes == []
    assert Session.objects.get().expire_date == expiry


def _age_session(client, seconds: float) -> None:
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - seconds
    session.save()


def test_a_busy_session_still_ends_at_the_absolute_timeout(client, editor, settings):
    client.force_login(editor)
    assert _signed_in(client)
    assert SESSION_STARTED_KEY in client.session
    _age_session(client, settings.SESSION_ABSOLUTE_TIMEOUT - 60)
    assert _signed_in(client)
    _age_session(client, settings.SESSION_ABSOLUTE_TIMEOUT + 1)
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert not _signed_in(client)
    event = AuditEvent.objects.filter(action="auth.logged_out").get()
    assert event.actor == editor


def test_the_sign_in_response_itself_starts_the_clock(
    client, login_page, editor, password
):
    client.post(login_page, {"username": editor.username, "password": password})
    started = client.session[SESSION_STARTED_KEY]
    assert abs(time.time() - started) < 60

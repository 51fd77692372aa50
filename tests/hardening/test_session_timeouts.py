"""Sessions end after two idle hours and, however busy, twelve hours after sign-in."""

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from audit.models import AuditEvent
from config.session_middleware import SESSION_STARTED_KEY

pytestmark = pytest.mark.django_db
ADMIN = "/admin/"


def _signed_in(client) -> bool:
    return client.get(ADMIN).status_code == 200


def test_an_idle_session_expires(client, editor):
    client.force_login(editor)
    assert _signed_in(client)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert not _signed_in(client)


def test_each_request_renews_the_idle_timeout(client, editor, settings):
    client.force_login(editor)
    Session.objects.update(expire_date=timezone.now() + timedelta(seconds=30))
    assert _signed_in(client)
    remaining = Session.objects.get().expire_date - timezone.now()
    assert remaining > timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


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

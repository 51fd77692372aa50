"""django-axes on the real login view: a lockout after five failures, for a while only."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from audit.chain import verify_chain
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _attempt(client, url, username, password):
    return client.post(url, {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_login_with_a_friendly_page(
    client, login_page, editor, password, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _attempt(client, login_page, editor.username, "wrong")
        assert response.status_code == 200  # the form again, with its error
    response = _attempt(client, login_page, editor.username, "wrong")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in paused" in page
    assert "15 minutes" in page
    # While locked, even the right password is refused.
    response = _attempt(client, login_page, editor.username, password)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_ends_after_the_cool_off(
    client, login_page, editor, password, settings
):
    cool_off = settings.AXES_COOLOFF_TIME
    assert cool_off == timedelta(minutes=15)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, login_page, editor.username, "wrong")
    assert _attempt(client, login_page, editor.username, password).status_code == 429
    # Sixteen minutes later (AccessAttempt is axes' own table, not an audited one).
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = _attempt(client, login_page, editor.username, password)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_lockout_does_not_lock_out_other_users(
    client, login_page, editor, other_editor, password, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, login_page, editor.username, "wrong")
    response = _attempt(client, login_page, other_editor.username, password)
    assert response.status_code == 302


def test_failed_logins_and_the_lockout_are_in_the_audit_trail(
    client, login_page, editor, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, login_page, editor.username, "wrong")
    failed = AuditEvent.objects.filter(action="auth.login_failed").order_by("seq")
    assert failed.count() == settings.AXES_FAILURE_LIMIT
    assert {e.data["username"] for e in failed} == {editor.username}
    assert {e.ip for e in failed} == {"127.0.0.1"}
    assert all(e.actor is None for e in failed)
    locked = AuditEvent.objects.get(action="auth.locked_out")
    assert locked.data["username"] == editor.username
    assert "paused" in locked.message
    assert verify_chain().ok


def test_a_successful_login_is_recorded(client, login_page, editor, password):
    _attempt(client, login_page, editor.username, password)
    event = AuditEvent.objects.get(action="auth.logged_in")
    assert event.actor == editor

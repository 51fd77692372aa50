"""Tokens, sessions with CSRF, the current user, and the error body without credentials."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.middleware.csrf import _get_new_csrf_string
from django.test import override_settings
from django.utils import timezone
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework.test import APIClient

from audit.models import AuditEvent
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/v1/auth/token/"


def test_token_for_good_credentials_is_issued_and_recorded(api, editor):
    response = api.post(
        TOKEN_URL,
        {"username": "editor", "password": "correct-horse-battery"},
        format="json",
    )

    assert response.status_code == 200
    secret = response.json()["token"]
    assert AuthToken.objects.get(user=editor).digest == hash_token(secret)
    assert response.json()["user"]["roles"] == ["Editor"]
    event = AuditEvent.objects.get(action="auth.token_created")
    assert event.actor == editor


def test_a_second_token_request_issues_and_records_a_second_token(api, editor):
    credentials = {"username": "editor", "password": "correct-horse-battery"}
    first = api.post(TOKEN_URL, credentials, format="json").json()

    second = api.post(TOKEN_URL, credentials, format="json").json()

    assert second["token"] != first["token"]
    events = AuditEvent.objects.filter(action="auth.token_created").order_by("seq")
    assert [e.data["token"] for e in events] == [first["id"], second["id"]]
    assert {e.actor for e in events} == {editor}


def test_the_token_authenticates_a_script(api, editor):
    key = api.post(
        TOKEN_URL,
        {"username": "editor", "password": "correct-horse-battery"},
        format="json",
    ).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    response = api.get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json()["username"] == "editor"
    assert response.json()["is_editor"] is True


def test_wrong_password_is_refused_with_a_json_error(api, editor):
    response = api.post(
        TOKEN_URL, {"username": "editor", "password": "wrong"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "Unable to sign in" in response.json()["detail"]
    assert AuditEvent.objects.filter(action="auth.login_failed").exists()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_token_endpoint(api, editor):
    for _ in range(3):
        api.post(TOKEN_URL, {"username": "editor", "password": "nope"}, format="json")

    response = api.post(
        TOKEN_URL,
        {"username": "editor", "password": "correct-horse-battery"},
        format="json",
    )

    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    assert not AuthToken.objects.filter(user=editor).exists()


def test_five_wrong_passwords_lock_the_token_endpoint_for_the_cool_off_only(
    api, editor, settings
):
    assert settings.AXES_FAILURE_LIMIT == 5
    wrong = {"username": "editor", "password": "nope"}
    right = {"username": "editor", "password": "correct-horse-battery"}
    answers = [api.post(TOKEN_URL, wrong, format="json") for _ in range(5)]
    # The fifth wrong password is answered as one (it was a 429); the lock
    # refuses the attempts after the limit.
    assert [a.status_code for a in answers] == [400, 400, 400, 400, 400]

    locked = api.post(TOKEN_URL, right, format="json")
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    # The time left of AXES_COOLOFF_MINUTES (15), not always 900.
    assert 880 <= int(locked["Retry-After"]) <= 900
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=10))
    later = api.post(TOKEN_URL, wrong, format="json")
    assert later.status_code == 429
    assert 280 <= int(later["Retry-After"]) <= 300  # refusals do not extend it
    failed = AuditEvent.objects.filter(action="auth.login_failed")
    # Only real password failures count: not the attempts refused while locked.
    assert failed.count() == 5
    assert {e.data["via"] for e in failed} == {"API token request"}
    assert {e.data["username"] for e in failed} == {"editor"}
    assert AuditEvent.objects.filter(action="auth.locked_out").exists()
    assert not AuthToken.objects.filter(user=editor).exists()

    # Sixteen minutes later (AccessAttempt is axes' own table, not an audited one).
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert api.post(TOKEN_URL, right, format="json").status_code == 200


def test_a_locked_token_endpoint_still_serves_other_users(api, editor, other_editor):
    for _ in range(5):
        api.post(TOKEN_URL, {"username": "editor", "password": "x"}, format="json")

    response = api.post(
        TOKEN_URL,
        {"username": "other_editor", "password": "correct-horse-battery"},
        format="json",
    )

    assert response.status_code == 200
    secret = response.json()["token"]
    assert AuthToken.objects.get(user=other_editor).digest == hash_token(secret)


def test_no_credentials_answers_401_with_a_json_error(api):
    response = api.get("/api/v1/claims/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "urn:claimtrail:problem:not_authenticated",
        "title": "Authentication required",
        "status": 401,
        "detail": "Authentication credentials were not provided.",
        "instance": "/api/v1/claims/",
        "code": "not_authenticated",
    }


def test_session_writes_need_the_csrf_token(researcher):
    claim = ClaimFactory()
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(researcher)

    refused = client.post(
        f"/api/v1/claims/{claim.pk}/actions/start_research/", {}, format="json"
    )
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    accepted = client.post(
        f"/api/v1/claims/{claim.pk}/actions/start_research/",
        {},
        format="json",
        HTTP_X_CSRFTOKEN=secret,
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "researching"


def test_me_lists_roles(as_researcher):
    body = as_researcher.get("/api/v1/me/").json()

    assert body["roles"] == ["Researcher"]
    assert body["is_editor"] is False

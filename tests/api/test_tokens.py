"""API tokens: hashed at rest, shown once, expiring, listed, revoked and audited."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from audit.models import AuditEvent
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/v1/auth/token/"
PASSWORD = "correct-horse-battery"


def _sign_in(username: str) -> dict:
    response = APIClient().post(
        TOKEN_URL, {"username": username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    return response.json()


def _client(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def test_the_secret_is_nowhere_in_the_database(researcher):
    secret = _sign_in("researcher")["token"]
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                assert secret not in " ".join(str(value) for value in row), table


def test_the_answer_with_the_secret_is_never_cached(researcher):
    # Found by running docs/api.md: the token's answer had no Cache-Control (the
    # client is not signed in yet, so the middleware left it alone).
    response = APIClient().post(
        TOKEN_URL, {"username": "researcher", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_token_expires(researcher, settings):
    issued = _sign_in("researcher")
    assert _client(issued["token"]).get("/api/v1/me/").status_code == 200
    token = AuthToken.objects.get(user=researcher)
    assert token.expiry > timezone.now() + timedelta(days=89)

    AuthToken.objects.filter(pk=token.pk).update(
        expiry=timezone.now() - timedelta(seconds=1)
    )

    assert _client(issued["token"]).get("/api/v1/me/").status_code == 401
    # Refused, not silently deleted: the owner still sees it, marked expired.
    listed = token_client(researcher).get("/api/v1/auth/tokens/").json()
    assert {(t["id"], t["expired"]) for t in listed} >= {(issued["id"], True)}


def test_the_owner_lists_their_tokens_without_secrets(researcher, other_researcher):
    first = _sign_in("researcher")
    second = _sign_in("researcher")
    _sign_in("other_researcher")

    response = _client(second["token"]).get("/api/v1/auth/tokens/")

    assert response.status_code == 200
    listed = response.json()
    assert [t["id"] for t in listed] == [second["id"], first["id"]]
    assert [t["current"] for t in listed] == [True, False]
    assert first["token"] not in response.content.decode()
    assert second["token"] not in response.content.decode()


def test_the_owner_revokes_a_token_and_it_stops_working(researcher):
    kept, revoked = _sign_in("researcher"), _sign_in("researcher")
    client = _client(kept["token"])

    response = client.delete(f"/api/v1/auth/tokens/{revoked['id']}/")

    assert response.status_code == 204
    assert _client(revoked["token"]).get("/api/v1/me/").status_code == 401
    assert client.get("/api/v1/me/").status_code == 200
    event = AuditEvent.objects.get(action="auth.token_revoked")
    assert (event.actor, event.data["token"]) == (researcher, revoked["id"])


def test_nobody_revokes_someone_elses_token(researcher, other_researcher):
    theirs = _sign_in("other_researcher")

    response = token_client(researcher).delete(f"/api/v1/auth/tokens/{theirs['id']}/")

    assert response.status_code == 404
    assert _client(theirs["token"]).get("/api/v1/me/").status_code == 200


def test_a_password_change_revokes_every_token(researcher):
    issued = [_sign_in("researcher"), _sign_in("researcher")]

    researcher.set_password("a-brand-new-password")
    researcher.save()

    for token in issued:
        assert _client(token["token"]).get("/api/v1/me/").status_code == 401
    revoked = AuditEvent.objects.filter(action="auth.token_revoked")
    assert sorted(e.data["token"] for e in revoked) == sorted(t["id"] for t in issued)
    assert {e.data["via"] for e in revoked} == {"password change"}


def test_saving_a_user_without_a_new_password_keeps_their_tokens(researcher):
    issued = _sign_in("researcher")
    researcher.first_name = "Rosalind"
    researcher.save()
    assert _client(issued["token"]).get("/api/v1/me/").status_code == 200


def test_the_admin_lists_tokens_without_secrets_and_cannot_create_them(
    client, admin_user, researcher
):
    issued = _sign_in("researcher")
    client.force_login(admin_user)

    listing = client.get("/admin/knox/authtoken/")
    assert listing.status_code == 200
    assert issued["id"] in listing.content.decode()
    assert issued["token"] not in listing.content.decode()
    assert client.get("/admin/knox/authtoken/add/").status_code == 403


def test_an_admin_revocation_is_recorded_with_the_admin_as_actor(
    client, admin_user, researcher
):
    issued = _sign_in("researcher")
    token = AuthToken.objects.get(user=researcher)
    client.force_login(admin_user)

    response = client.post(f"/admin/knox/authtoken/{token.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert _client(issued["token"]).get("/api/v1/me/").status_code == 401
    event = AuditEvent.objects.get(action="auth.token_revoked")
    assert event.actor == admin_user
    assert event.subject_id == str(researcher.pk)

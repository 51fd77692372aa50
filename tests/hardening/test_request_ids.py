"""The server makes every request id; a client's X-Request-ID is only kept beside it.

Issue 18: clients could set their own ``X-Request-ID``, so a client chose the id
under which its events were grouped in the trail (and could reuse another
request's). The server's id is now the only request id; the client's value is
kept as ``client_request_id`` in the data of the events it caused.
"""

import re

import pytest

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


def _sign_in_for_a_token(client, user, password, **headers):
    return client.post(
        TOKEN_URL,
        {"username": user.username, "password": password},
        content_type="application/json",
        **headers,
    )


def test_a_clients_request_id_is_kept_beside_the_servers(client, researcher, password):
    response = _sign_in_for_a_token(
        client, researcher, password, HTTP_X_REQUEST_ID="client-supplied-id-1"
    )
    assert response.status_code == 200
    server_id = response["X-Request-ID"]
    assert server_id != "client-supplied-id-1"
    assert re.fullmatch(r"[0-9a-f]{32}", server_id)
    event = AuditEvent.objects.get(action="auth.token_created")
    assert event.request_id == server_id
    assert event.data["client_request_id"] == "client-supplied-id-1"


def test_a_reused_client_id_cannot_join_another_requests_events(
    client, researcher, other_researcher, password
):
    first = _sign_in_for_a_token(
        client, researcher, password, HTTP_X_REQUEST_ID="same-id-twice"
    )
    second = _sign_in_for_a_token(
        client, other_researcher, password, HTTP_X_REQUEST_ID="same-id-twice"
    )
    assert first["X-Request-ID"] != second["X-Request-ID"]
    ids = set(
        AuditEvent.objects.filter(action="auth.token_created").values_list(
            "request_id", flat=True
        )
    )
    assert ids == {first["X-Request-ID"], second["X-Request-ID"]}


@pytest.mark.parametrize("sent", ["bad id; drop table", "x" * 500, ""])
def test_a_malformed_client_id_is_not_kept(client, researcher, password, sent):
    response = _sign_in_for_a_token(
        client, researcher, password, HTTP_X_REQUEST_ID=sent
    )
    assert response.status_code == 200
    assert response["X-Request-ID"] != sent
    event = AuditEvent.objects.get(action="auth.token_created")
    assert "client_request_id" not in event.data


def test_without_a_client_id_the_data_has_none(client, researcher, password):
    _sign_in_for_a_token(client, researcher, password)
    assert "client_request_id" not in (
        AuditEvent.objects.get(action="auth.token_created").data
    )

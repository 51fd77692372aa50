"""NUL bytes in an address, query, header, cookie or form are a 400, never a 500.

Issue 18: ``/audit/users/%00/`` was a 500 on PostgreSQL, which refuses NUL in
text (SQLite stores it). These run on both databases; CI runs them on
PostgreSQL, where the 500 was.
"""

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

PAGES = [
    "/audit/users/%00/",
    "/audit/users/editor%00/",
    "/audit/?actor=%00",
    "/audit/?request_id=%00",
    "/claims/?q=%00",
    "/claims/?assignee=%00",
    "/sources/?q=a%00b",
    "/verdicts/?page=%00",
    "/accounts/login/?next=/%00",
]


@pytest.mark.parametrize("path", PAGES)
def test_a_nul_in_a_page_address_is_a_400_page(client, editor, path):
    client.force_login(editor)
    response = client.get(path)
    assert response.status_code == 400
    assert b"NUL character" in response.content
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/claims/?q=%00",
        "/api/v1/audit/events/?actor=%00",
        "/api/v1/sources/%00/",
    ],
)
def test_a_nul_in_an_api_address_is_a_400_in_the_apis_format(editor, path):
    response = token_client(editor).get(path)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "NUL" in response.json()["detail"]


def test_a_nul_in_the_api_token_is_a_400():
    response = APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION="Token abc\x00def")
    assert response.status_code == 400


def test_a_nul_in_the_session_cookie_is_a_400(client):
    # Django's cookie parser turns the octal escape \000 in a quoted value into NUL.
    response = client.get("/", HTTP_COOKIE='sessionid="abcdefgh\\000ijkl"')
    assert response.status_code == 400


def test_a_nul_in_a_posted_form_is_a_400_and_changes_nothing(client, editor):
    from audit.models import AuditEvent

    client.force_login(editor)
    before = AuditEvent.objects.count()
    response = client.post("/sources/new/", {"url": "https://e.org/\x00", "title": "x"})
    assert response.status_code == 400
    assert AuditEvent.objects.count() == before


def test_ordinary_addresses_still_work(client, editor):
    client.force_login(editor)
    assert client.get("/audit/users/editor/").status_code == 200
    assert client.get("/claims/?q=zero").status_code == 200

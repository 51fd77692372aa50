"""Every error under /api/ (and of the public JSON endpoints) is an RFC 9457 problem."""

import pytest
from django.test import Client
from django.urls import resolve
from rest_framework.test import APIClient

from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith(PROBLEM)
    body = response.json()
    assert body["type"] == f"urn:claimtrail:problem:{code}"
    assert body["status"] == status
    assert body["code"] == code
    assert body["title"] and body["detail"]
    assert body["instance"] == response.wsgi_request.path
    return body


def test_a_report_id_that_is_not_a_number_is_a_404_problem(as_editor):
    # Was a 500 (ValueError) as an HTML page.
    assert_problem(as_editor.get("/api/v1/reports/abc/"), 404, "not_found")


def test_an_id_beyond_64_bits_in_a_filter_is_a_400_problem(as_editor):
    # ?claim=99999999999999999999 was a 500 (OverflowError).
    response = as_editor.get("/api/v1/evidence/?claim=99999999999999999999")
    body = assert_problem(response, 400, "invalid")
    assert "claim" in body["errors"]


@pytest.mark.parametrize("path", ["/api/v1/claims/0.5/", "/api/v1/nope/", "/api/x"])
def test_an_unmatched_api_path_is_a_404_problem_not_the_html_page(as_editor, path):
    assert_problem(as_editor.get(path), 404, "not_found")


def test_a_post_without_the_slash_is_a_404_naming_the_address_not_a_redirect(
    as_editor,
):
    response = as_editor.post("/api/v1/sources", {"url": "https://example.org/a"})
    body = assert_problem(response, 404, "not_found")
    assert "/api/v1/sources/" in body["detail"]


def test_a_get_without_the_slash_still_redirects(as_editor):
    response = as_editor.get("/api/v1/sources")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/sources/"


def test_a_wrong_method_is_a_405_problem(as_editor):
    response = as_editor.delete("/api/v1/me/")
    assert_problem(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_accept_problem_json_is_served(as_editor):
    # Accept: application/problem+json was a 406.
    ok = as_editor.get("/api/v1/me/", HTTP_ACCEPT=PROBLEM)
    assert ok.status_code == 200
    missing = as_editor.get("/api/v1/claims/999999/", HTTP_ACCEPT=PROBLEM)
    assert_problem(missing, 404, "not_found")


def test_an_unacceptable_accept_is_a_406_problem(as_editor):
    response = as_editor.get("/api/v1/me/", HTTP_ACCEPT="image/png")
    assert_problem(response, 406, "not_acceptable")


def test_an_unsupported_body_type_is_a_415_problem(as_editor):
    response = as_editor.post(
        "/api/v1/sources/", "url=x", content_type="application/xml"
    )
    assert_problem(response, 415, "unsupported_media_type")


def test_validation_errors_name_their_fields(as_editor):
    body = assert_problem(as_editor.post("/api/v1/sources/", {}), 400, "invalid")
    assert "url" in body["errors"]


def test_no_credentials_is_a_401_problem(api):
    assert_problem(api.get("/api/v1/claims/"), 401, "not_authenticated")


def test_a_server_error_under_api_is_a_500_problem(editor, monkeypatch):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("a bug")

    claim = ClaimFactory()
    # The class the URL routes to: a test that reloads the API modules (adding a
    # workflow step) leaves the imported ClaimViewSet a different class object.
    viewset = resolve(f"/api/v1/claims/{claim.pk}/").func.cls
    monkeypatch.setattr(viewset, "retrieve", broken)
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(editor)

    response = client.get(f"/api/v1/claims/{claim.pk}/")

    body = assert_problem(response, 500, "server_error")
    assert "a bug" not in body["detail"]


@pytest.mark.parametrize("path", ["/verdicts/feed.json", "/verdicts/export.json"])
def test_posting_to_a_public_json_endpoint_is_a_405_problem_not_a_csrf_403(path):
    response = Client(enforce_csrf_checks=True).post(path)
    assert_problem(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET, HEAD"


def test_a_web_page_404_stays_html(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")

"""Rate limits with their headers, CORS on the public reads only, gzip for JSON."""

import gzip
import json

import pytest
from django.core.cache import cache
from django.test import Client

from config.throttling import AnonThrottle, UserThrottle
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(monkeypatch):
    cache.clear()
    monkeypatch.setattr(UserThrottle, "THROTTLE_RATES", {"user": "3/min"})
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "2/min"})
    yield
    cache.clear()


def test_the_api_is_rate_limited_per_user_with_the_standard_headers(
    as_researcher, low_rates
):
    # 300 requests in 4.7 s were all 200.
    answers = [as_researcher.get("/api/v1/me/") for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0]["RateLimit-Policy"] == '"user";q=3;w=60'
    assert answers[0]["RateLimit"].startswith('"user";r=2;t=')
    refused = answers[-1]
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["code"] == "throttled"
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused["RateLimit"].startswith('"user";r=0;')


def test_anonymous_clients_are_limited_per_address(api, low_rates):
    answers = [api.get("/api/schema/") for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[0]["RateLimit-Policy"] == '"anon";q=2;w=60'


def test_the_feed_allows_any_origin_without_credentials():
    response = Client().get("/verdicts/feed.json", HTTP_ORIGIN="https://other.example")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_a_preflight_to_the_export_is_answered():
    response = Client().options(
        "/verdicts/export.json",
        HTTP_ORIGIN="https://other.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path", ["/api/v1/me/", "/verdicts/", "/api/v1/claims/"])
def test_no_cors_on_the_desk_api_or_the_pages(as_researcher, path):
    response = as_researcher.get(path, HTTP_ORIGIN="https://other.example")

    assert "Access-Control-Allow-Origin" not in response


def test_api_json_is_gzipped(as_researcher):
    response = as_researcher.get(
        "/api/schema/?format=json", HTTP_ACCEPT_ENCODING="gzip"
    )

    assert response["Content-Encoding"] == "gzip"
    assert "openapi" in json.loads(gzip.decompress(response.content))


def test_the_token_answer_is_never_gzipped(api, editor):
    # BREACH: it holds a secret and reflects the request.
    response = api.post(
        "/api/v1/auth/token/",
        {"username": "editor", "password": "correct-horse-battery"},
        format="json",
        HTTP_ACCEPT_ENCODING="gzip",
    )

    assert response.status_code == 200
    assert "Content-Encoding" not in response


def test_html_pages_are_not_gzipped(client, researcher):
    client.force_login(researcher)

    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")

    assert "Content-Encoding" not in response


def test_a_claim_read_with_gzip_keeps_an_etag_that_if_match_accepts(as_editor):
    # Found by running docs/api.md with requests (which asks for gzip): the claim
    # came back with ETag W/"1", and that weak tag sent back in If-Match was a 412.
    claim = ClaimFactory()
    read = as_editor.get(f"/api/v1/claims/{claim.pk}/", HTTP_ACCEPT_ENCODING="gzip")

    edit = as_editor.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"topic": "Chips"},
        format="json",
        HTTP_IF_MATCH=read["ETag"],
    )

    assert read["ETag"].startswith('"1-')
    assert "Content-Encoding" not in read
    assert edit.status_code == 200

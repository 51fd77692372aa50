"""Sources through the API: http(s) only, one URL one source, edits with If-Match."""

import datetime
from urllib.parse import urlencode

import pytest

from sources.models import Source
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["ftp://files.example.org/report.pdf", "javascript:alert(1)", "not a url"],
)
def test_only_http_and_https_addresses_are_accepted(as_researcher, url):
    response = as_researcher.post(
        "/api/v1/sources/", {"url": url, "title": "X"}, format="json"
    )

    assert response.status_code == 400
    assert "url" in response.json()["errors"]


def test_the_same_page_is_one_source(as_researcher):
    SourceFactory(url="https://example.org/report")

    response = as_researcher.post(
        "/api/v1/sources/",
        {"url": "https://EXAMPLE.org/report?utm_campaign=x", "title": "Again"},
        format="json",
    )

    # Was a 400 that did not say which source: a 409 naming the existing one.
    existing = Source.objects.get(url="https://example.org/report")
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate"
    assert response.json()["existing"] == f"/api/v1/sources/{existing.pk}/"
    assert Source.objects.count() == 1


def test_edit_needs_if_match_and_refuses_stale(as_researcher):
    source = SourceFactory()
    url = f"/api/v1/sources/{source.pk}/"

    assert as_researcher.patch(url, {"title": "New"}, format="json").status_code == 428
    etag = as_researcher.get(url)["ETag"]
    ok = as_researcher.patch(url, {"title": "New"}, format="json", HTTP_IF_MATCH=etag)
    assert ok.status_code == 200
    assert ok.json()["title"] == "New"
    stale = as_researcher.patch(
        url, {"title": "Newer"}, format="json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 2


@pytest.mark.parametrize(
    "title",
    [
        # What Schemathesis sent: 501 characters, the first of them whitespace (NEL)
        # that trimming would remove, leaving 500.
        "\u0085" + "*" * 500,
        " " * 3 + "t" * 498,
        12345,
    ],
)
def test_a_title_the_schema_refuses_is_refused(as_researcher, title):
    source = SourceFactory(title="Kept")
    url = f"/api/v1/sources/{source.pk}/"

    response = as_researcher.patch(
        url,
        {"title": title},
        format="json",
        HTTP_IF_MATCH=as_researcher.get(url)["ETag"],
    )

    assert response.status_code == 400
    assert "title" in response.json()["errors"]
    source.refresh_from_db()
    assert source.title == "Kept"


@pytest.mark.parametrize("body_format", ["urlencoded", "multipart", "json"])
def test_an_empty_kind_is_refused_before_a_stale_if_match(as_researcher, body_format):
    # What Schemathesis sent: a form body with `kind=` (no such kind) and an old
    # ETag. The body is read first; an empty optional field in a form is a value
    # to check, as "" is in JSON, not a field left out.
    source = SourceFactory(kind="dataset", publisher="Kept")
    url = f"/api/v1/sources/{source.pk}/"
    body = {"publisher": "Changed", "kind": ""}
    if body_format == "urlencoded":
        response = as_researcher.generic(
            "PATCH",
            url,
            urlencode(body),
            content_type="application/x-www-form-urlencoded",
            HTTP_IF_MATCH='"3"',
        )
    else:
        response = as_researcher.patch(
            url, body, format=body_format, HTTP_IF_MATCH='"3"'
        )

    assert response.status_code == 400
    assert "kind" in response.json()["errors"]
    source.refresh_from_db()
    assert (source.kind, source.publisher) == ("dataset", "Kept")


def test_a_form_may_clear_a_date_by_sending_it_empty(as_researcher):
    source = SourceFactory(published_on=datetime.date(2025, 3, 1))
    url = f"/api/v1/sources/{source.pk}/"

    response = as_researcher.generic(
        "PATCH",
        url,
        "published_on=",
        content_type="application/x-www-form-urlencoded",
        HTTP_IF_MATCH=as_researcher.get(url)["ETag"],
    )

    assert response.status_code == 200
    source.refresh_from_db()
    assert source.published_on is None


def test_a_title_of_exactly_the_limit_is_kept_trimmed(as_researcher):
    source = SourceFactory()
    url = f"/api/v1/sources/{source.pk}/"

    response = as_researcher.patch(
        url,
        {"title": " " + "t" * 499},
        format="json",
        HTTP_IF_MATCH=as_researcher.get(url)["ETag"],
    )

    assert response.status_code == 200
    assert response.json()["title"] == "t" * 499


def test_list_searches_titles(as_researcher):
    SourceFactory(title="Statistical Yearbook")
    SourceFactory(title="Press release")

    body = as_researcher.get("/api/v1/sources/", {"q": "yearbook"}).json()

    assert [s["title"] for s in body["results"]] == ["Statistical Yearbook"]

"""Conditional reads of the API (RFC 9110 §8.8, §13): ETag on every GET, 304.

The tag is a digest of the answer, so it moves whenever the body does: through
the API, the web pages, the admin or a related record (evidence, a cited
source), not only when the record's version does. If-Match takes the tag a GET
gave (config.api), If-None-Match compares weakly (config.conditional).
"""

import pytest
from django.test import Client
from django.utils.http import http_date

from claims.models import Claim
from sources.models import Source
from tests.api.conftest import read_etag
from tests.desk.test_views_sources import _edit_data, _edit_url
from tests.factories import ClaimFactory, EvidenceFactory, SourceFactory
from tests.reviews.publishing import publish

pytestmark = pytest.mark.django_db


def claim_url(claim) -> str:
    return f"/api/v1/claims/{claim.pk}/"


def test_a_repeated_read_with_its_tag_is_a_304_with_no_body(as_researcher):
    url = claim_url(ClaimFactory())
    first = as_researcher.get(url)

    again = as_researcher.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert "Content-Type" not in again
    # What guides caches and clients is kept: privacy, rate limit, request id.
    assert again["Cache-Control"] == first["Cache-Control"]
    assert "RateLimit" in again
    assert "X-Request-ID" in again


def test_an_edit_through_the_api_gives_a_new_tag(as_editor):
    claim = ClaimFactory()
    tag = read_etag(as_editor, claim_url(claim))

    edited = as_editor.patch(
        claim_url(claim), {"topic": "Chips"}, format="json", HTTP_IF_MATCH=tag
    )
    again = as_editor.get(claim_url(claim), HTTP_IF_NONE_MATCH=tag)

    assert edited.status_code == 200
    assert again.status_code == 200
    assert again["ETag"] == edited["ETag"] != tag
    assert again.json()["topic"] == "Chips"


def test_evidence_added_and_removed_changes_the_claims_tag_not_its_version(
    as_researcher, researcher
):
    claim = ClaimFactory(status="researching", assignee=researcher)
    source = SourceFactory()
    before = as_researcher.get(claim_url(claim))

    added = as_researcher.post(
        "/api/v1/evidence/",
        {"claim": claim.pk, "source": source.pk, "stance": "supports"},
        format="json",
    )
    assert added.status_code == 201, added.content
    with_evidence = as_researcher.get(
        claim_url(claim), HTTP_IF_NONE_MATCH=before["ETag"]
    )
    removed = as_researcher.post(
        f"/api/v1/evidence/{added.json()['id']}/remove/",
        {"reason": "Wrong table."},
        format="json",
    )
    assert removed.status_code == 200
    without = as_researcher.get(
        claim_url(claim), HTTP_IF_NONE_MATCH=with_evidence["ETag"]
    )

    assert with_evidence.status_code == without.status_code == 200
    assert with_evidence["ETag"] not in (before["ETag"], without["ETag"])
    assert len(with_evidence.json()["evidence"]) == 1
    # Removed, the claim reads as before (its current evidence): the same tag.
    assert without.json() == before.json()
    assert without["ETag"] == before["ETag"]
    # The version alone would have served the first body three times.
    assert (
        before.json()["version"]
        == with_evidence.json()["version"]
        == without.json()["version"]
    )


def test_a_change_to_a_cited_source_changes_the_claims_tag(as_researcher, researcher):
    claim = ClaimFactory()
    evidence = EvidenceFactory(claim=claim, added_by=researcher)
    tag = read_etag(as_researcher, claim_url(claim))

    # As the admin or a bulk update would: no version, no updated time.
    Source.objects.filter(pk=evidence.source_id).update(title="Renamed")

    again = as_researcher.get(claim_url(claim), HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 200
    assert again.json()["evidence"][0]["source"]["title"] == "Renamed"


def test_an_edit_on_the_web_page_changes_the_sources_tag(client, researcher):
    from tests.api.conftest import token_client

    source = SourceFactory()
    api = token_client(researcher)
    url = f"/api/v1/sources/{source.pk}/"
    tag = read_etag(api, url)
    client.force_login(researcher)

    saved = client.post(_edit_url(source), _edit_data(source, title="New"))

    assert saved.status_code == 302
    again = api.get(url, HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 200
    assert again.json()["title"] == "New"
    assert again["ETag"] != tag


def test_the_tag_a_get_gave_edits_and_a_stale_one_is_a_412(as_editor, researcher):
    claim = ClaimFactory()
    tag = read_etag(as_editor, claim_url(claim))
    # Someone adds evidence: the claim's version stays, its representation moves.
    EvidenceFactory(claim=claim, added_by=researcher)

    stale = as_editor.patch(
        claim_url(claim), {"topic": "Chips"}, format="json", HTTP_IF_MATCH=tag
    )
    fresh = as_editor.patch(
        claim_url(claim),
        {"topic": "Chips"},
        format="json",
        HTTP_IF_MATCH=read_etag(as_editor, claim_url(claim)),
    )

    assert stale.status_code == 412
    assert stale.json()["code"] == "stale"
    assert stale.json()["current_version"] == 1
    assert fresh.status_code == 200
    assert Claim.objects.get(pk=claim.pk).version == 2


def test_a_workflow_action_takes_the_tag_a_get_gave(as_researcher):
    claim = ClaimFactory()
    url = f"/api/v1/claims/{claim.pk}/actions/start_research/"
    tag = read_etag(as_researcher, claim_url(claim))

    assert (
        as_researcher.post(url, {}, format="json", HTTP_IF_MATCH='"1-' + "0" * 20 + '"')
    ).status_code == 412
    done = as_researcher.post(url, {}, format="json", HTTP_IF_MATCH=tag)

    assert done.status_code == 200
    assert done.json()["status"] == "researching"


def test_a_source_edit_takes_the_tag_a_get_gave_and_answers_the_new_one(
    as_researcher,
):
    url = f"/api/v1/sources/{SourceFactory().pk}/"
    tag = read_etag(as_researcher, url)

    edited = as_researcher.patch(
        url, {"title": "New"}, format="json", HTTP_IF_MATCH=tag
    )

    assert edited.status_code == 200
    assert edited["ETag"] == read_etag(as_researcher, url) != tag


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/claims/",
        "/api/v1/sources/",
        "/api/v1/evidence/",
    ],
)
def test_a_list_has_a_weak_tag_and_answers_304_until_it_changes(
    as_researcher, researcher, path
):
    EvidenceFactory(added_by=researcher)
    first = as_researcher.get(path)
    assert first.status_code == 200
    assert first["ETag"].startswith('W/"')

    assert as_researcher.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    EvidenceFactory(added_by=researcher)
    Claim.objects.update(topic="Moved")
    Source.objects.update(title="Moved")
    again = as_researcher.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_a_list_page_of_another_query_has_another_tag(as_researcher):
    ClaimFactory.create_batch(3)

    first = as_researcher.get("/api/v1/claims/", {"page_size": 1})
    second = as_researcher.get(
        "/api/v1/claims/", {"page_size": 2}, HTTP_IF_NONE_MATCH=first["ETag"]
    )

    assert second.status_code == 200


def test_star_matches_any_current_answer(as_researcher):
    response = as_researcher.get(claim_url(ClaimFactory()), HTTP_IF_NONE_MATCH="*")

    assert response.status_code == 304


def test_star_does_not_hide_a_missing_record(as_researcher):
    response = as_researcher.get("/api/v1/claims/987654/", HTTP_IF_NONE_MATCH="*")

    assert response.status_code == 404


def test_if_none_match_compares_weakly_and_takes_a_list(as_researcher):
    url = claim_url(ClaimFactory())
    strong = read_etag(as_researcher, url)
    weak_list = as_researcher.get("/api/v1/claims/")["ETag"]

    assert as_researcher.get(url, HTTP_IF_NONE_MATCH="W/" + strong).status_code == 304
    assert (
        as_researcher.get(url, HTTP_IF_NONE_MATCH=f'"other", {strong}').status_code
        == 304
    )
    # The list's W/"x" sent back as "x" (a client that dropped the W/).
    assert (
        as_researcher.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=weak_list[2:])
    ).status_code == 304
    assert as_researcher.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


@pytest.mark.parametrize("garbage", ["abc", '"1" "2"', '"1",,', ""])
def test_a_malformed_if_none_match_is_a_400(as_researcher, garbage):
    response = as_researcher.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=garbage)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "If-None-Match" in response.json()["errors"]


def test_a_tag_may_hold_a_comma(as_researcher):
    url = claim_url(ClaimFactory())
    strong = read_etag(as_researcher, url)

    response = as_researcher.get(url, HTTP_IF_NONE_MATCH=f'"a,b", {strong}')

    assert response.status_code == 304


def test_if_modified_since_is_not_read_when_if_none_match_is_sent(researcher, editor):
    publish(ClaimFactory(), researcher=researcher, editor=editor)
    first = Client().get("/api/v1/verdicts/")
    later = first["Last-Modified"]

    assert (
        Client().get("/api/v1/verdicts/", HTTP_IF_MODIFIED_SINCE=later).status_code
        == 304
    )
    # A tag that does not match wins over a date that would.
    response = Client().get(
        "/api/v1/verdicts/", HTTP_IF_NONE_MATCH='"other"', HTTP_IF_MODIFIED_SINCE=later
    )
    assert response.status_code == 200


def test_a_record_sends_no_last_modified_and_a_date_alone_gives_no_304(
    as_researcher, researcher
):
    # Its updated time does not cover its evidence: a 304 on the date would
    # serve the body without the evidence added since.
    claim = ClaimFactory()
    first = as_researcher.get(claim_url(claim))
    EvidenceFactory(claim=claim, added_by=researcher)

    again = as_researcher.get(claim_url(claim), HTTP_IF_MODIFIED_SINCE=http_date(2**31))

    assert "Last-Modified" not in first
    assert again.status_code == 200
    assert len(again.json()["evidence"]) == 1


def test_head_answers_the_same_tag_as_get(as_researcher):
    url = claim_url(ClaimFactory())

    head = as_researcher.head(url)

    assert head["ETag"] == read_etag(as_researcher, url)
    assert as_researcher.head(url, HTTP_IF_NONE_MATCH=head["ETag"]).status_code == 304


def test_a_gzipped_list_answers_304_to_its_tag(as_researcher):
    ClaimFactory.create_batch(5)
    first = as_researcher.get("/api/v1/claims/", HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip"

    again = as_researcher.get(
        "/api/v1/claims/",
        HTTP_ACCEPT_ENCODING="gzip",
        HTTP_IF_NONE_MATCH=first["ETag"],
    )

    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


def test_writes_and_errors_get_no_conditional_treatment(as_researcher):
    created = as_researcher.post(
        "/api/v1/sources/",
        {"url": "https://example.org/a"},
        format="json",
        HTTP_IF_NONE_MATCH="*",
    )
    missing = as_researcher.get("/api/v1/sources/987654/")

    assert created.status_code == 201
    assert "ETag" not in missing


def test_every_read_in_the_schema_documents_the_304(as_researcher):
    schema = as_researcher.get("/api/schema/", {"format": "json"}).json()
    reads = [
        (path, item["get"]) for path, item in schema["paths"].items() if "get" in item
    ]

    assert reads
    for path, operation in reads:
        assert "304" in operation["responses"], path
        names = [p["name"] for p in operation.get("parameters", [])]
        assert names.count("If-None-Match") == 1, path

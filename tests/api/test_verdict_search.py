"""GET /api/v1/verdicts/: the public, paged, cached search of published verdicts."""

import pytest
from django.test import Client

from claims.models import Claim
from tests.factories import AppearanceFactory, ClaimFactory, ReportFactory
from tests.reviews.publishing import publish

pytestmark = pytest.mark.django_db

URL = "/api/v1/verdicts/"


@pytest.fixture
def verdicts(researcher, editor):
    report = ReportFactory(publisher="Daily Planet")
    chips = ClaimFactory(
        text="Chip exports fell by half.", claimant="Minister Ada", language="en"
    )
    AppearanceFactory(claim=chips, report=report)
    publish(chips, researcher=researcher, editor=editor, rating="false")
    wheat = ClaimFactory(text="Wheat output doubled.", language="de")
    publish(wheat, researcher=researcher, editor=editor, rating="true")
    draft = ClaimFactory(text="Chip imports rose.")  # never published
    return {"chips": chips, "wheat": wheat, "draft": draft}


def search(**params):
    return Client().get(URL, params)


def claims_in(response) -> list[str]:
    return [r["claimReviewed"] for r in response.json()["results"]]


def test_anyone_finds_published_verdicts_as_claimreview(verdicts):
    response = search(q="chip")

    assert response.status_code == 200
    (found,) = response.json()["results"]
    assert found["@type"] == "ClaimReview"
    assert found["claimReviewed"] == "Chip exports fell by half."
    assert found["reviewRating"]["alternateName"]


def test_drafts_stay_private(verdicts):
    Claim.objects.filter(pk=verdicts["chips"].pk).update(text="Changed draft text.")

    assert claims_in(search(q="draft")) == []
    assert claims_in(search(q="imports")) == []
    assert claims_in(search(q="chip")) == ["Chip exports fell by half."]


def test_filters(verdicts):
    assert claims_in(search(rating="true")) == ["Wheat output doubled."]
    assert claims_in(search(language="DE")) == ["Wheat output doubled."]
    assert claims_in(search(claimant="ada")) == ["Chip exports fell by half."]
    assert claims_in(search(publisher="planet")) == ["Chip exports fell by half."]
    assert claims_in(search(since="2999-01-01T00:00:00Z")) == []


def test_an_unknown_rating_lists_the_allowed_values(verdicts):
    response = search(rating="pants-on-fire")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "mostly_true" in response.json()["errors"]["rating"][0]


def test_pages_follow_next_newest_first(verdicts):
    first = search(page_size=1).json()
    assert claims_in_body(first) == ["Wheat output doubled."]

    second = Client().get(first["next"]).json()

    assert claims_in_body(second) == ["Chip exports fell by half."]
    assert second["next"] is None


def claims_in_body(body) -> list[str]:
    return [r["claimReviewed"] for r in body["results"]]


def test_etag_answers_304_until_a_verdict_is_published(verdicts, researcher, editor):
    first = search(q="chip")
    assert first["Cache-Control"] == "public, max-age=60"

    again = Client().get(URL, {"q": "chip"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304

    publish(
        ClaimFactory(text="Chip fabs opened."), researcher=researcher, editor=editor
    )
    changed = Client().get(URL, {"q": "chip"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert len(changed.json()["results"]) == 2


def test_cors_for_any_origin(verdicts):
    response = Client().get(URL, HTTP_ORIGIN="https://factcheck.example")

    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_post_is_a_405(verdicts):
    response = Client().post(URL, {})

    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"

"""The ClaimReview JSON-LD of the pages and the feed, read with a JSON-LD processor."""

import json
import re

import pytest
from django.urls import reverse
from pyld import jsonld

from tests.factories import AppearanceFactory, ClaimFactory, ReportFactory
from tests.reviews.publishing import correct, publish

pytestmark = pytest.mark.django_db

SCHEMA = "http://schema.org/"
# schema.org's context maps every term into its vocabulary; tests run offline, so
# the processor gets that mapping from here instead of fetching it.
_CONTEXT = {"@context": {"@vocab": SCHEMA}}


def _offline_loader(url, options=None):
    if url.rstrip("/") in {"https://schema.org", "http://schema.org"}:
        return {"contextUrl": None, "documentUrl": url, "document": _CONTEXT}
    raise AssertionError(f"unexpected remote document {url}")


def expand(document: dict) -> list[dict]:
    return jsonld.expand(document, {"documentLoader": _offline_loader})


def value(node: dict, name: str):
    """The single value of a property of an expanded node."""
    values = node.get(SCHEMA + name)
    assert values, f"missing {name} in {node}"
    assert len(values) == 1, f"{name} has several values"
    item = values[0]
    return item.get("@value", item.get("@id", item))


def embedded_jsonld(html: str) -> dict:
    scripts = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S
    )
    assert len(scripts) == 1
    return json.loads(scripts[0])


@pytest.fixture
def published(researcher, editor):
    report = ReportFactory(
        title="AI in China 2024-2026",
        publisher="Example Institute",
        url="https://reports.example.org/ai-china",
    )
    claim = ClaimFactory(text="China trained 40% of new large models in 2025.")
    AppearanceFactory(claim=claim, report=report)
    return publish(claim, researcher=researcher, editor=editor, rating="mostly_true")


def test_verdict_page_embeds_a_complete_claimreview(client, published, settings):
    settings.CLAIMTRAIL_ORGANISATION = "Desk Fact Check"
    settings.CLAIMTRAIL_ORGANISATION_URL = "https://desk.example.org/"
    settings.CLAIMTRAIL_SITE_URL = "https://verdicts.example.org"
    html = client.get(reverse("reviews:verdict_detail", args=[published.pk]))

    [review] = expand(embedded_jsonld(html.content.decode()))

    assert review["@type"] == [SCHEMA + "ClaimReview"]
    assert value(review, "claimReviewed") == published.text
    assert (
        value(review, "url") == f"https://verdicts.example.org/verdicts/{published.pk}/"
    )
    assert (
        value(review, "datePublished")
        == published.first_published_at.date().isoformat()
    )
    author = value(review, "author")
    assert author["@type"] == [SCHEMA + "Organization"]
    assert value(author, "name") == "Desk Fact Check"
    assert value(author, "url") == "https://desk.example.org/"

    rating = value(review, "reviewRating")
    assert rating["@type"] == [SCHEMA + "Rating"]
    assert value(rating, "alternateName") == "Mostly true"
    assert value(rating, "ratingValue") == 5
    assert value(rating, "bestRating") == 6
    assert value(rating, "worstRating") == 1

    item = value(review, "itemReviewed")
    assert item["@type"] == [SCHEMA + "Claim"]
    assert value(value(item, "author"), "name") == "Example Institute"
    appearance = value(item, "appearance")
    assert appearance["@type"] == [SCHEMA + "CreativeWork"]
    assert value(appearance, "url") == "https://reports.example.org/ai-china"


def test_unproven_carries_a_label_but_no_rating_value(client, researcher, editor):
    claim = ClaimFactory()
    AppearanceFactory(claim=claim)
    publish(claim, researcher=researcher, editor=editor, rating="unproven")

    html = client.get(reverse("reviews:verdict_detail", args=[claim.pk]))
    [review] = expand(embedded_jsonld(html.content.decode()))
    rating = value(review, "reviewRating")

    assert value(rating, "alternateName") == "Unproven"
    assert SCHEMA + "ratingValue" not in rating


def test_an_appearance_without_an_address_of_its_own_is_left_out(
    client, researcher, editor, settings
):
    settings.CLAIMTRAIL_SITE_URL = "https://verdicts.example.org"
    claim = ClaimFactory()
    AppearanceFactory(claim=claim, report=ReportFactory(url="", publisher="Bureau"))
    publish(claim, researcher=researcher, editor=editor)

    html = client.get(reverse("reviews:verdict_detail", args=[claim.pk]))
    [review] = expand(embedded_jsonld(html.content.decode()))
    item = value(review, "itemReviewed")

    # Not the fact check's own page: that is not where the claim was made.
    assert SCHEMA + "appearance" not in item
    assert SCHEMA + "firstAppearance" not in item
    assert value(value(item, "author"), "name") == "Bureau"
    assert "verdicts.example.org/verdicts" not in json.dumps(item)


def test_corrected_verdict_lists_its_corrections(client, published, researcher, editor):
    correct(published, researcher=researcher, editor=editor, rating="false")

    html = client.get(reverse("reviews:verdict_detail", args=[published.pk]))
    [review] = expand(embedded_jsonld(html.content.decode()))

    assert value(value(review, "reviewRating"), "alternateName") == "False"
    corrections = review[SCHEMA + "correction"]
    # One correction: version 2 replaced version 1.
    assert [c["@type"] for c in corrections] == [[SCHEMA + "CorrectionComment"]]
    texts = [value(c, "text") for c in corrections]
    assert "Rating changed from 'Mostly true' to 'False'." in texts[-1]
    # The reopen reason is the desk's; only a public note would be published.
    assert "New figures came out." not in json.dumps(review)


def test_feed_lists_every_published_claimreview(client, published, researcher, editor):
    second = ClaimFactory(text="Exports of chips fell by half.")
    AppearanceFactory(claim=second)
    publish(second, researcher=researcher, editor=editor, rating="false")
    ClaimFactory(text="Never checked.")

    response = client.get(reverse("reviews:feed"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    [feed] = expand(response.json())
    assert feed["@type"] == [SCHEMA + "DataFeed"]
    reviews = [value(element, "item") for element in feed[SCHEMA + "dataFeedElement"]]
    assert all(r["@type"] == [SCHEMA + "ClaimReview"] for r in reviews)
    assert sorted(value(r, "claimReviewed") for r in reviews) == sorted(
        [published.text, second.text]
    )

"""The ClaimReview JSON-LD of the pages and the feed, read with a JSON-LD processor."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from pyld import jsonld

from reviews.models import Review
from reviews.services import claim_approve
from tests.factories import AppearanceFactory, ClaimFactory, ReportFactory
from tests.reviews.publishing import correct, publish, research_and_submit

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


# An excerpt of the schema.org vocabulary (https://schema.org/, version 29): every
# type and property ClaimTrail's JSON-LD uses, with its supertype, or the types a
# property applies to (domainIncludes) and the types of its values
# (rangeIncludes; "Text" stands for any literal). A document is valid here when
# each node's type is known, each property applies to that type (or a
# supertype) and each object value has a type in the property's range.
SUPERTYPES = {
    "Thing": None,
    "CreativeWork": "Thing",
    "Review": "CreativeWork",
    "ClaimReview": "Review",
    "Claim": "CreativeWork",
    "Comment": "CreativeWork",
    "CorrectionComment": "Comment",
    "MediaObject": "CreativeWork",
    "ImageObject": "MediaObject",
    "Dataset": "CreativeWork",
    "DataFeed": "Dataset",
    "Intangible": "Thing",
    "Rating": "Intangible",
    "DataFeedItem": "Intangible",
    "Organization": "Thing",
    "Person": "Thing",
}
PROPERTIES = {
    # property: (domainIncludes, rangeIncludes)
    "name": ({"Thing"}, {"Text"}),
    "alternateName": ({"Thing"}, {"Text"}),
    "url": ({"Thing"}, {"Text"}),
    "headline": ({"CreativeWork"}, {"Text"}),
    "author": ({"CreativeWork", "Rating"}, {"Organization", "Person"}),
    "publisher": ({"CreativeWork"}, {"Organization", "Person"}),
    "datePublished": ({"CreativeWork"}, {"Text"}),
    "dateModified": ({"CreativeWork", "DataFeedItem"}, {"Text"}),
    "dateCreated": ({"CreativeWork", "DataFeedItem"}, {"Text"}),
    "inLanguage": ({"CreativeWork"}, {"Text"}),
    "correction": ({"CreativeWork"}, {"CorrectionComment", "Text"}),
    "text": ({"CreativeWork"}, {"Text"}),
    "claimReviewed": ({"ClaimReview"}, {"Text"}),
    "reviewRating": ({"Review"}, {"Rating"}),
    "reviewBody": ({"Review"}, {"Text"}),
    "itemReviewed": ({"Review"}, {"Thing"}),
    "appearance": ({"Claim"}, {"CreativeWork"}),
    "firstAppearance": ({"Claim"}, {"CreativeWork"}),
    "ratingValue": ({"Rating"}, {"Text"}),
    "bestRating": ({"Rating"}, {"Text"}),
    "worstRating": ({"Rating"}, {"Text"}),
    "logo": ({"Organization"}, {"ImageObject", "Text"}),
    "dataFeedElement": ({"DataFeed"}, {"DataFeedItem", "Text", "Thing"}),
    "item": ({"DataFeedItem"}, {"Thing"}),
}


def _ancestors(name: str) -> set[str]:
    seen = set()
    while name:
        seen.add(name)
        name = SUPERTYPES[name]
    return seen


def schema_errors(node: dict, path: str = "") -> list[str]:
    """What in an expanded JSON-LD node is not valid schema.org (excerpt above)."""
    errors = []
    types = [t.removeprefix(SCHEMA) for t in node.get("@type", [])]
    unknown = [t for t in types if t not in SUPERTYPES]
    if not types or unknown:
        return [f"{path or 'root'}: unknown type {unknown or 'none'}"]
    kinds = set().union(*(_ancestors(t) for t in types))
    for key, values in node.items():
        if key.startswith("@"):
            continue
        name = key.removeprefix(SCHEMA)
        if name not in PROPERTIES:
            errors.append(f"{path}{name}: not a schema.org property")
            continue
        domain, range_ = PROPERTIES[name]
        if not kinds & domain:
            errors.append(f"{path}{name}: not a property of {types}")
        for item in values:
            if "@value" in item:
                if "Text" not in range_:
                    errors.append(f"{path}{name}: a literal where {range_} is due")
                continue
            item_kinds: set[str] = set()
            for kind in item.get("@type", []):
                item_kinds |= _ancestors(kind.removeprefix(SCHEMA))
            if not item_kinds & range_:
                errors.append(f"{path}{name}: a {item.get('@type')} where {range_}")
            errors += schema_errors(item, f"{path}{name}.")
    return errors


def valid(document: dict) -> dict:
    """The document expanded by PyLD, after checking it against schema.org."""
    [expanded] = expand(document)
    assert schema_errors(expanded) == []
    return expanded


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

    review = valid(embedded_jsonld(html.content.decode()))

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
    review = valid(embedded_jsonld(html.content.decode()))
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
    review = valid(embedded_jsonld(html.content.decode()))
    item = value(review, "itemReviewed")

    # Not the fact check's own page: that is not where the claim was made.
    assert SCHEMA + "appearance" not in item
    assert SCHEMA + "firstAppearance" not in item
    assert value(value(item, "author"), "name") == "Bureau"
    assert "verdicts.example.org/verdicts" not in json.dumps(item)


def test_corrected_verdict_lists_its_corrections(client, published, researcher, editor):
    correct(published, researcher=researcher, editor=editor, rating="false")

    html = client.get(reverse("reviews:verdict_detail", args=[published.pk]))
    review = valid(embedded_jsonld(html.content.decode()))

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
    feed = valid(response.json())
    assert feed["@type"] == [SCHEMA + "DataFeed"]
    reviews = [value(element, "item") for element in feed[SCHEMA + "dataFeedElement"]]
    assert all(r["@type"] == [SCHEMA + "ClaimReview"] for r in reviews)
    assert sorted(value(r, "claimReviewed") for r in reviews) == sorted(
        [published.text, second.text]
    )


def test_claimant_claim_date_and_language_are_in_the_claimreview(
    client, researcher, editor, settings
):
    settings.CLAIMTRAIL_ORGANISATION_LOGO = "https://desk.example.org/logo.png"
    report = ReportFactory(url="https://reports.example.org/ai", publisher="Institute")
    claim = ClaimFactory(
        text="China's AI market will pass 1 trillion yuan by 2030, said the minister "
        "at the opening of the conference in Beijing.",
        short_claim="China's AI market will pass 1 trillion yuan by 2030",
        claimant="Li Wei",
        claimant_kind="person",
        claim_date=datetime.date(2025, 6, 2),
        language="zh-Hans",
    )
    AppearanceFactory(claim=claim, report=report)
    publish(claim, researcher=researcher, editor=editor)

    html = client.get(reverse("reviews:verdict_detail", args=[claim.pk]))
    review = valid(embedded_jsonld(html.content.decode()))

    assert value(review, "claimReviewed") == (
        "China's AI market will pass 1 trillion yuan by 2030"
    )
    assert len(value(review, "claimReviewed")) <= 75
    item = value(review, "itemReviewed")
    author = value(item, "author")
    assert author["@type"] == [SCHEMA + "Person"]
    assert value(author, "name") == "Li Wei"
    assert value(item, "datePublished") == "2025-06-02"
    assert value(item, "inLanguage") == "zh-Hans"
    assert value(value(item, "firstAppearance"), "url") == (
        "https://reports.example.org/ai"
    )
    logo = value(value(review, "author"), "logo")
    assert value(logo, "url") == "https://desk.example.org/logo.png"


def test_the_rationale_goes_in_as_plain_text(client, researcher, editor):
    claim = ClaimFactory()
    AppearanceFactory(claim=claim)
    claim = research_and_submit(claim, researcher=researcher)
    review = claim.reviews.get()
    Review.objects.filter(pk=review.pk).update(
        rationale="The yearbook gives **38.1%**:\r\n\r\n- table 3\r\n- "
        "[the bureau](https://stats.example.org/)"
    )
    claim_approve(claim=claim, actor=editor)

    html = client.get(reverse("reviews:verdict_detail", args=[claim.pk]))
    body = value(valid(embedded_jsonld(html.content.decode())), "reviewBody")

    assert body == (
        "The yearbook gives 38.1%:\n\n- table 3\n- the bureau "
        "(https://stats.example.org/)"
    )


def test_every_verdict_page_and_the_feed_validate(client, researcher, editor):
    shapes = [
        {"report": {"url": ""}, "rating": "unproven"},
        {"report": {"url": "https://a.example.org/"}, "rating": "false"},
        {"report": {"publisher": ""}, "rating": "true", "claimant": "Bureau"},
    ]
    claims = []
    for shape in shapes:
        claim = ClaimFactory(claimant=shape.get("claimant", ""))
        AppearanceFactory(claim=claim, report=ReportFactory(**shape["report"]))
        claims.append(
            publish(claim, researcher=researcher, editor=editor, rating=shape["rating"])
        )
    correct(claims[1], researcher=researcher, editor=editor, rating="half_true")

    for claim in claims:
        html = client.get(reverse("reviews:verdict_detail", args=[claim.pk]))
        valid(embedded_jsonld(html.content.decode()))
    valid(client.get(reverse("reviews:feed")).json())


def test_a_misspelt_property_would_be_caught():
    document = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimRevewed": "x",
        "reviewRating": {"@type": "Organization", "name": "y"},
    }
    [expanded] = expand(document)
    errors = schema_errors(expanded)
    assert any("claimRevewed: not a schema.org property" in e for e in errors)
    assert any("reviewRating: a" in e for e in errors)

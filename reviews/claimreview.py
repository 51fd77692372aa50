"""schema.org ClaimReview for a published verdict: built once for pages, feed and tests.

Everything comes from the verdict's versions; the rationale and the notes go in
as plain text, without Markdown.
"""

import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import override

from claims.models import VERDICT_RATING, ClaimantKind
from reviews.markdown import plain_text
from reviews.publication import Correction, PublicVerdict

SCHEMA_CONTEXT = "https://schema.org"
BEST_RATING = max(v for v in VERDICT_RATING.values() if v is not None)
WORST_RATING = min(v for v in VERDICT_RATING.values() if v is not None)


def absolute_url(path: str) -> str:
    """A canonical address on the public site (not the host a request came in on)."""
    return settings.CLAIMTRAIL_SITE_URL.rstrip("/") + path


def verdict_url(pk: int) -> str:
    return absolute_url(reverse("reviews:verdict_detail", args=[pk]))


def organisation() -> dict[str, Any]:
    """The publisher of the fact checks, from the settings."""
    publisher: dict[str, Any] = {
        "@type": "Organization",
        "name": settings.CLAIMTRAIL_ORGANISATION,
        "url": settings.CLAIMTRAIL_ORGANISATION_URL,
    }
    if settings.CLAIMTRAIL_ORGANISATION_LOGO:
        publisher["logo"] = {
            "@type": "ImageObject",
            "url": settings.CLAIMTRAIL_ORGANISATION_LOGO,
        }
    return publisher


def review_rating(version) -> dict[str, Any]:
    """The rating on the 1-6 scale; Unproven has a label and no value."""
    # The rating's name as schema.org readers get it: English, whatever the page's
    # language (the label is a lazy translation).
    with override(None):
        alternate_name = str(version.rating_label)
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": alternate_name}
    if version.rating_value is not None:
        rating.update(
            ratingValue=version.rating_value,
            bestRating=BEST_RATING,
            worstRating=WORST_RATING,
        )
    return rating


def _organisation_named(name: str) -> dict[str, Any] | None:
    return {"@type": "Organization", "name": name} if name else None


def _claimant(version) -> dict[str, Any] | None:
    if not version.claimant:
        return None
    kind = "Person" if version.claimant_kind == ClaimantKind.PERSON else "Organization"
    return {"@type": kind, "name": version.claimant}


def item_reviewed(version) -> dict[str, Any]:
    """The claim as made: where it appeared (reports with an address of their own),
    by whom, when, in which language."""
    appearances = []
    seen: set[int] = set()
    for entry in version.appearances:
        # A report without an address of its own is no appearance a reader can
        # open; the fact check's own page is not where the claim appeared.
        if entry["report_id"] in seen or not entry["url"]:
            continue
        seen.add(entry["report_id"])
        work: dict[str, Any] = {
            "@type": "CreativeWork",
            "url": entry["url"],
            "headline": entry["title"],
        }
        if entry["published_on"]:
            work["datePublished"] = entry["published_on"]
        if author := _organisation_named(entry["publisher"]):
            work["author"] = author
        appearances.append(work)
    claim: dict[str, Any] = {"@type": "Claim"}
    if appearances:
        claim["appearance"] = appearances
        claim["firstAppearance"] = appearances[0]
    first = version.appearances[0] if version.appearances else None
    author = _claimant(version) or (
        _organisation_named(first["publisher"]) if first else None
    )
    if author:
        claim["author"] = author
    if version.claim_date:
        claim["datePublished"] = version.claim_date.isoformat()
    elif first and first["published_on"]:
        claim["datePublished"] = first["published_on"]
    if version.language:
        claim["inLanguage"] = version.language
    return claim


def correction_text(correction: Correction) -> str:
    """A correction in words, as JSON-LD and the exports give it (plain text)."""
    note = plain_text(correction.version.correction_note)
    # JSON-LD is for machines: its summary stays in the source language (English).
    with override(None):
        summary = correction.summary()
    return f"{summary} {note}".strip()


def _corrections(verdict: PublicVerdict) -> list[dict[str, Any]]:
    return [
        {
            "@type": "CorrectionComment",
            "datePublished": correction.version.published_at.isoformat(),
            "text": correction_text(correction),
        }
        for correction in verdict.corrections
    ]


def claimreview(verdict: PublicVerdict, *, with_context: bool = True) -> dict:
    """The ClaimReview of one published verdict, as a JSON-LD dict."""
    version = verdict.version
    page_url = verdict_url(verdict.pk)
    data: dict[str, Any] = {}
    if with_context:
        data["@context"] = SCHEMA_CONTEXT
    data.update(
        {
            "@type": "ClaimReview",
            "url": page_url,
            "claimReviewed": version.claim_reviewed,
            "datePublished": verdict.first_published_at.date().isoformat(),
            "dateModified": verdict.published_at.isoformat(),
            "author": organisation(),
            "reviewRating": review_rating(version),
            "itemReviewed": item_reviewed(version),
        }
    )
    if body := plain_text(version.rationale):
        data["reviewBody"] = body
    if verdict.corrections:
        data["correction"] = _corrections(verdict)
    return data


def claimreview_feed(verdicts: list[PublicVerdict]) -> dict:
    """Published ClaimReviews, the most recently published first, as a DataFeed."""
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "DataFeed",
        "name": f"{settings.CLAIMTRAIL_ORGANISATION}: published verdicts",
        "url": absolute_url(reverse("reviews:feed")),
        "publisher": organisation(),
        "dataFeedElement": [
            {
                "@type": "DataFeedItem",
                "dateCreated": v.first_published_at.isoformat(),
                "dateModified": v.published_at.isoformat(),
                "item": [claimreview(v, with_context=False)],
            }
            for v in verdicts
        ],
    }


# The characters that could end a <script> element or start markup inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def to_json(data: dict) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def jsonld_script(data: dict) -> SafeString:
    """A <script type="application/ld+json"> element, escaped like json_script."""
    payload = json.dumps(data, cls=DjangoJSONEncoder).translate(_SCRIPT_ESCAPES)
    return mark_safe(  # noqa: S308 - the payload is escaped above
        f'<script type="application/ld+json">{payload}</script>'
    )

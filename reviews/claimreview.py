"""schema.org ClaimReview for a published verdict: built once for pages, feed and tests."""

import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from claims.models import VERDICT_RATING, Verdict
from reviews.publication import PublicVerdict

SCHEMA_CONTEXT = "https://schema.org"
BEST_RATING = max(v for v in VERDICT_RATING.values() if v is not None)
WORST_RATING = min(v for v in VERDICT_RATING.values() if v is not None)


def absolute_url(path: str) -> str:
    """A canonical address on the public site (not the host a request came in on)."""
    return settings.CLAIMTRAIL_SITE_URL.rstrip("/") + path


def verdict_url(pk: int) -> str:
    return absolute_url(reverse("reviews:verdict_detail", args=[pk]))


def organisation() -> dict[str, Any]:
    return {
        "@type": "Organization",
        "name": settings.CLAIMTRAIL_ORGANISATION,
        "url": settings.CLAIMTRAIL_ORGANISATION_URL,
    }


def review_rating(verdict: PublicVerdict) -> dict[str, Any]:
    """The rating on the 1-6 scale; Unproven has a label and no value."""
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": verdict.verdict_label,
    }
    if verdict.rating_value is not None:
        rating.update(
            ratingValue=verdict.rating_value,
            bestRating=BEST_RATING,
            worstRating=WORST_RATING,
        )
    return rating


def _report_author(report) -> dict[str, Any] | None:
    if not report.publisher:
        return None
    return {"@type": "Organization", "name": report.publisher}


def item_reviewed(verdict: PublicVerdict, page_url: str) -> dict[str, Any]:
    """The claim as made: where it appeared, by whom, when."""
    appearances = []
    for report in verdict.reports:
        work: dict[str, Any] = {
            "@type": "CreativeWork",
            "url": report.url or page_url,
            "headline": report.title,
        }
        if report.published_on:
            work["datePublished"] = report.published_on.isoformat()
        if author := _report_author(report):
            work["author"] = author
        appearances.append(work)
    claim: dict[str, Any] = {"@type": "Claim", "appearance": appearances}
    if appearances:
        claim["firstAppearance"] = appearances[0]
        first = verdict.reports[0]
        if author := _report_author(first):
            claim["author"] = author
        if first.published_on:
            claim["datePublished"] = first.published_on.isoformat()
    return claim


def _corrections(verdict: PublicVerdict) -> list[dict[str, Any]]:
    return [
        {
            "@type": "CorrectionComment",
            "datePublished": decision.created_at.isoformat(),
            "text": correction_text(decision),
        }
        for decision in verdict.corrections
    ]


def correction_text(decision) -> str:
    """One line of the correction history, as the page and the JSON-LD word it."""

    def label(value: str) -> str:
        return Verdict(value).label if value else "none"

    if decision.kind == "reopen":
        return (
            f"Verdict '{label(decision.previous_verdict)}' reopened for correction: "
            f"{decision.note}"
        )
    text = (
        f"Verdict corrected from '{label(decision.previous_verdict)}' "
        f"to '{label(decision.verdict)}'."
    )
    return f"{text} {decision.note}".strip()


def claimreview(verdict: PublicVerdict, *, with_context: bool = True) -> dict:
    """The ClaimReview of one published verdict, as a JSON-LD dict."""
    claim = verdict.claim
    page_url = verdict_url(claim.pk)
    data: dict[str, Any] = {}
    if with_context:
        data["@context"] = SCHEMA_CONTEXT
    data.update(
        {
            "@type": "ClaimReview",
            "url": page_url,
            "claimReviewed": claim.text,
            "datePublished": claim.first_published_at.date().isoformat(),
            "dateModified": claim.published_at.isoformat()
            if claim.published_at
            else claim.first_published_at.isoformat(),
            "author": organisation(),
            "reviewRating": review_rating(verdict),
            "itemReviewed": item_reviewed(verdict, page_url),
        }
    )
    if verdict.rationale:
        data["reviewBody"] = verdict.rationale
    if verdict.corrections:
        data["correction"] = _corrections(verdict)
    return data


def claimreview_feed(verdicts: list[PublicVerdict]) -> dict:
    """Every published ClaimReview as one schema.org DataFeed."""
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "DataFeed",
        "name": f"{settings.CLAIMTRAIL_ORGANISATION}: published verdicts",
        "url": absolute_url(reverse("reviews:feed")),
        "publisher": organisation(),
        "dataFeedElement": [
            {
                "@type": "DataFeedItem",
                "dateCreated": v.claim.first_published_at.isoformat(),
                "dateModified": (
                    v.claim.published_at or v.claim.first_published_at
                ).isoformat(),
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

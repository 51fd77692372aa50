"""Reading other fact-checkers' schema.org ClaimReview files (JSON-LD, arrays, DataFeeds)."""

import json
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# More reviews than this in one file is not a file a person meant to upload.
MAX_REVIEWS = 20_000
MAX_CLAIM_CHARS = 5_000


@dataclass(frozen=True)
class ParsedReview:
    """One ClaimReview, as stored in ``claims.models.ExternalFactCheck``."""

    publisher: str
    url: str
    claim_reviewed: str
    claimant: str
    rating: str
    rating_value: int | None
    review_date: date | None


def _types(node: Any) -> set[str]:
    """Its @type(s) without a prefix: "schema:ClaimReview" and
    "https://schema.org/ClaimReview" are both "ClaimReview"."""
    if not isinstance(node, dict):
        return set()
    raw = node.get("@type", [])
    raw = raw if isinstance(raw, list) else [raw]
    return {str(t).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in raw}


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _name(value: Any) -> str:
    """The name of an author or publisher given as a string or a Thing."""
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("name", "")
    return str(_first(value) or "").strip() if value else ""


def _reviews(data: Any) -> list[tuple[str, dict, str]]:
    """(where in the file, the node, the feed's publisher) for every node that
    should be a ClaimReview. Nodes of @graph that are something else (the
    publisher, the web page) are skipped; anywhere else they are refused."""
    if isinstance(data, list):
        found = []
        for index, item in enumerate(data):
            found += _nested(item, _("item %(number)s") % {"number": index + 1}, "")
        return found
    if not isinstance(data, dict):
        raise ValidationError(
            _("The file holds no ClaimReview: expected a JSON object or array.")
        )
    return _nested(data, "", "")


def _nested(node: Any, where: str, publisher: str) -> list[tuple[str, dict, str]]:
    types = _types(node)
    if isinstance(node, dict) and "@graph" in node:
        graph = node["@graph"]
        graph = graph if isinstance(graph, list) else [graph]
        found = []
        for index, item in enumerate(graph):
            if _types(item) & {"ClaimReview", "DataFeed"}:
                found += _nested(item, f"{where}@graph[{index}]", publisher)
        return found
    if "DataFeed" in types:
        publisher = _name(node.get("publisher")) or publisher
        elements = node.get("dataFeedElement", [])
        elements = elements if isinstance(elements, list) else [elements]
        found = []
        for index, element in enumerate(elements):
            here = f"{where}.dataFeedElement[{index}]".lstrip(".")
            if "ClaimReview" in _types(element):
                found.append((here, element, publisher))
                continue
            items = element.get("item", []) if isinstance(element, dict) else None
            if items is None or "DataFeedItem" not in _types(element):
                raise ValidationError(
                    _(
                        "%(where)s: expected a DataFeedItem or a ClaimReview, found %(found)s."
                    )
                    % {"where": here, "found": _describe(element)}
                )
            items = items if isinstance(items, list) else [items]
            for position, item in enumerate(items):
                found += _nested(item, f"{here}.item[{position}]", publisher)
        return found
    if "ClaimReview" in types:
        return [(where or _("the ClaimReview"), node, publisher)]
    raise ValidationError(
        _("%(where)s: expected a ClaimReview or a DataFeed, found %(found)s.")
        % {"where": where or _("The file"), "found": _describe(node)}
    )


def _describe(node: Any) -> str:
    if isinstance(node, dict):
        types = sorted(_types(node))
        if types:
            return _("a %(types)s") % {"types": ", ".join(types)}
        return _("an object without @type")
    return _("a JSON %(type)s") % {"type": type(node).__name__}


def _url(value: Any) -> str:
    value = str(_first(value) or "").strip()
    parts = urlsplit(value)
    return value if parts.scheme in ("http", "https") and parts.netloc else ""


def _date(value: Any, where: str) -> date | None:
    value = str(_first(value) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise ValidationError(
            _("%(where)s: datePublished %(value)r is not a date (YYYY-MM-DD).")
            % {"where": where, "value": value}
        ) from None


def _rating(node: dict, where: str) -> tuple[str, int | None]:
    rating = _first(node.get("reviewRating"))
    if not isinstance(rating, dict):
        raise ValidationError(_("%(where)s: no reviewRating.") % {"where": where})
    label = str(_first(rating.get("alternateName")) or "").strip()
    raw = _first(rating.get("ratingValue"))
    value = None
    if raw not in (None, ""):
        try:
            value = int(float(raw))
        except (TypeError, ValueError):
            raise ValidationError(
                _("%(where)s: ratingValue %(value)r is not a number.")
                % {"where": where, "value": raw}
            ) from None
    if not label and value is None:
        raise ValidationError(
            _("%(where)s: reviewRating has neither alternateName nor ratingValue.")
            % {"where": where}
        )
    return label[:300], value


def _review(where: str, node: dict, feed_publisher: str) -> ParsedReview:
    claim = str(_first(node.get("claimReviewed")) or "").strip()
    if not claim:
        raise ValidationError(_("%(where)s: no claimReviewed.") % {"where": where})
    if len(claim) > MAX_CLAIM_CHARS:
        raise ValidationError(
            _("%(where)s: claimReviewed is longer than %(limit)s characters.")
            % {"where": where, "limit": MAX_CLAIM_CHARS}
        )
    url = _url(node.get("url"))
    if not url:
        raise ValidationError(_("%(where)s: no http(s) url.") % {"where": where})
    rating, rating_value = _rating(node, where)
    item = _first(node.get("itemReviewed"))
    claimant = _name(item.get("author")) if isinstance(item, dict) else ""
    publisher = (
        _name(node.get("author"))
        or _name(node.get("publisher"))
        or feed_publisher
        or urlsplit(url).netloc
    )
    return ParsedReview(
        publisher=publisher[:300],
        url=url,
        claim_reviewed=claim,
        claimant=claimant[:300],
        rating=rating,
        rating_value=rating_value,
        review_date=_date(node.get("datePublished"), where),
    )


def parse_claimreviews(data: bytes) -> list[ParsedReview]:
    """Every ClaimReview in the file, or ValidationError naming the first bad
    one (its line for a syntax error, its place in the file otherwise)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not UTF-8 text.")) from None
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _("Not JSON: %(error)s at line %(line)s, column %(column)s.")
            % {"error": exc.msg, "line": exc.lineno, "column": exc.colno}
        ) from None
    nodes = _reviews(parsed)
    if not nodes:
        raise ValidationError(_("The file holds no ClaimReview."))
    if len(nodes) > MAX_REVIEWS:
        raise ValidationError(
            _(
                "The file holds %(count)s ClaimReviews; at most %(limit)s are "
                "read at once."
            )
            % {"count": len(nodes), "limit": MAX_REVIEWS}
        )
    return [_review(where, node, publisher) for where, node, publisher in nodes]

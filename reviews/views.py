"""The public pages of published verdicts, their ClaimReview feed and the exports.

Every one reads verdict versions (``reviews.publication``): what an editor
approved, never a claim's working draft.
"""

import csv
import hashlib

from django.http import (
    Http404,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe

from config.api import problem_response, public_json_read
from config.counting import count_rows, page_count
from config.csv_export import Echo, csv_cell
from config.pagination import keyset_page, paging_of
from reviews.claimreview import (
    absolute_url,
    claimreview,
    claimreview_feed,
    jsonld_script,
    to_json,
    verdict_url,
)
from reviews.markdown import plain_text
from reviews.models import VerdictVersion
from reviews.publication import (
    LIST_FIELDS,
    current_versions,
    is_under_correction,
    public_verdict,
    public_verdicts,
    publication_changed_at,
    versions_before,
)
from sources.archive import archived_copy_response
from sources.models import Snapshot

FEED_PAGE_SIZE = 100
_PUBLIC = cache_control(public=True, max_age=60)


def _changed(request):
    """(Last-Modified, ETag) of the published verdicts, read once per request."""
    if not hasattr(request, "_publication_changed"):
        request._publication_changed = publication_changed_at()
    return request._publication_changed


def _validators_etag(request, *args, **kwargs) -> str:
    # The feed's pages and each export are distinct representations.
    key = f"{_changed(request)[1]} {request.path}?{request.GET.urlencode()}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


# ETag and Last-Modified; If-None-Match / If-Modified-Since answer 304.
_CONDITIONAL = condition(
    etag_func=_validators_etag,
    last_modified_func=lambda request, *args, **kwargs: _changed(request)[0],
)


@require_safe
@_PUBLIC
def verdict_list(request):
    # Keyset pages, newest first: an old page costs what the first does. The total
    # is counted as the desk's lists count theirs (an estimate when it is large).
    versions = current_versions().only(*LIST_FIELDS)
    page = keyset_page(versions, **paging_of(request.GET, strict=False))
    verdicts = [
        {"version": v, "under_correction": is_under_correction(v)}
        for v in page.object_list
    ]
    return render(
        request,
        "reviews/public/verdict_list.html",
        {
            "page": page,
            "verdicts": verdicts,
            "count": page_count(page, lambda: count_rows(versions)),
        },
    )


@require_safe
@_PUBLIC
def verdict_detail(request, pk: int):
    verdict = public_verdict(pk)
    return render(
        request,
        "reviews/public/verdict_detail.html",
        {
            "verdict": verdict,
            "version": verdict.version,
            "jsonld": jsonld_script(claimreview(verdict)),
            "canonical_url": verdict_url(verdict.pk),
        },
    )


@require_safe
@_PUBLIC
def verdict_archived_copy(request, pk: int, snapshot_pk: int):
    """An archived copy that a published version of this verdict cites, sandboxed."""
    verdict = public_verdict(pk)
    cited = {
        (entry.get("snapshot") or {}).get("id")
        for version in verdict.history
        for entry in version.evidence
    }
    if snapshot_pk not in cited:
        raise Http404("No published version of this verdict cites that copy.")
    return archived_copy_response(get_object_or_404(Snapshot, pk=snapshot_pk))


class BadCursor(ValueError):
    pass


def _cursor(request) -> int | None:
    """``?before=<version id>``; not a whole number is a 400 (was ignored)."""
    raw = request.GET.get("before", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 19:
        raise BadCursor(raw)
    value = int(raw)
    return value if value > 0 else None


@public_json_read
@_PUBLIC
@_CONDITIONAL
def verdict_feed(request):
    """The most recently published ClaimReviews; older ones behind ``Link: next``."""
    try:
        cursor = _cursor(request)
    except BadCursor:
        return problem_response(
            request,
            400,
            "invalid",
            "before must be the id in the feed's next link.",
            errors={"before": ["A whole number is expected."]},
        )
    page = list(
        versions_before(cursor, current_versions()).only(
            "id", "claim_id", "published_at"
        )[: FEED_PAGE_SIZE + 1]
    )
    more, page = len(page) > FEED_PAGE_SIZE, page[:FEED_PAGE_SIZE]
    response = HttpResponse(
        to_json(claimreview_feed(public_verdicts(page))),
        content_type="application/ld+json; charset=utf-8",
    )
    if more:
        next_url = absolute_url(f"{reverse('reviews:feed')}?before={page[-1].pk}")
        response["Link"] = f'<{next_url}>; rel="next"'
    return response


EXPORT_COLUMNS = [
    "id",
    "url",
    "version",
    "claim",
    "short_claim",
    "topic",
    "claimant",
    "claim_date",
    "language",
    "verdict",
    "verdict_label",
    "rating_value",
    "first_published_at",
    "published_at",
    "under_correction",
    "corrections",
    "correction_note",
    "rationale",
    "reports",
    "evidence_urls",
]


def export_row(version: VerdictVersion) -> dict:
    """One published verdict (its current version) as the exports give it."""
    reports: dict[int, dict] = {}
    for entry in version.appearances:
        reports.setdefault(
            entry["report_id"],
            {
                "title": entry["title"],
                "publisher": entry["publisher"],
                "url": entry["url"],
            },
        )
    return {
        "id": version.claim_id,
        "url": verdict_url(version.claim_id),
        "version": version.number,
        "claim": version.text,
        "short_claim": version.short_claim,
        "topic": version.topic,
        "claimant": version.claimant,
        "claim_date": version.claim_date.isoformat() if version.claim_date else None,
        "language": version.language,
        "verdict": version.rating,
        "verdict_label": version.rating_label,
        "rating_value": version.rating_value,
        "first_published_at": version.first_published_at.isoformat(),
        "published_at": version.published_at.isoformat(),
        "under_correction": is_under_correction(version),
        "corrections": version.number - 1,
        "correction_note": plain_text(version.correction_note),
        "rationale": plain_text(version.rationale),
        "reports": list(reports.values()),
        "evidence_urls": [
            entry["source"]["url"]
            for entry in version.evidence
            if entry["source"]["url"]
        ],
    }


def _csv_value(value) -> str:
    if isinstance(value, list):
        value = " | ".join(v["title"] if isinstance(v, dict) else str(v) for v in value)
    return csv_cell(value)


def _export_versions(chunk: int = 500):
    """The current version of every published verdict in claim order, by keyset."""
    last = 0
    while True:
        batch = list(
            current_versions().filter(claim_id__gt=last).order_by("claim_id")[:chunk]
        )
        yield from batch
        if len(batch) < chunk:
            return
        last = batch[-1].claim_id


@require_safe
@_PUBLIC
@_CONDITIONAL
def verdict_export_csv(request):
    writer = csv.writer(Echo())

    def rows():
        yield writer.writerow(EXPORT_COLUMNS)
        for version in _export_versions():
            row = export_row(version)
            yield writer.writerow([_csv_value(row[c]) for c in EXPORT_COLUMNS])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="claimtrail-verdicts.csv"'
    return response


@public_json_read
@_PUBLIC
@_CONDITIONAL
def verdict_export_json(request):
    rows = [export_row(v) for v in _export_versions()]
    body = {
        "generated_at": timezone.now().isoformat(),
        "count": len(rows),
        "verdicts": rows,
    }
    response = HttpResponse(to_json(body), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="claimtrail-verdicts.json"'
    return response

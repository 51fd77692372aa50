"""Pages of reviews: the desk's claim page, dashboard and review queue; public verdicts.

The claim page lives here, not in claims/, because it shows reviews and runs the
workflow (dependencies point reviews -> claims).
"""

import csv

from django.core.paginator import Paginator
from django.http import (
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import (
    require_safe,
)

from config.csv_export import Echo, csv_cell
from reviews.claimreview import (
    claimreview,
    claimreview_feed,
    correction_text,
    jsonld_script,
    to_json,
    verdict_url,
)
from reviews.publication import (
    PublicVerdict,
    public_claims,
    public_verdict,
    public_verdicts,
)

PAGE_SIZE = 50
_PUBLIC = cache_control(public=True, max_age=60)


@require_safe
@_PUBLIC
def verdict_list(request):
    paginator = Paginator(public_claims().only("pk"), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    ids = [claim.pk for claim in page.object_list]
    verdicts = public_verdicts(public_claims().filter(pk__in=ids))
    return render(
        request,
        "reviews/public/verdict_list.html",
        {"page": page, "verdicts": verdicts},
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
            "corrections": [(d, correction_text(d)) for d in verdict.corrections],
            "jsonld": jsonld_script(claimreview(verdict)),
            "canonical_url": verdict_url(verdict.pk),
        },
    )


@require_safe
@_PUBLIC
def verdict_feed(request):
    return HttpResponse(
        to_json(claimreview_feed(public_verdicts())),
        content_type="application/ld+json; charset=utf-8",
    )


EXPORT_COLUMNS = [
    "id",
    "url",
    "claim",
    "topic",
    "kind",
    "verdict",
    "verdict_label",
    "rating_value",
    "first_published_at",
    "published_at",
    "under_correction",
    "corrections",
    "rationale",
    "reports",
    "evidence_urls",
]


def export_row(verdict: PublicVerdict) -> dict:
    claim = verdict.claim
    return {
        "id": claim.pk,
        "url": verdict_url(claim.pk),
        "claim": claim.text,
        "topic": claim.topic,
        "kind": claim.kind,
        "verdict": claim.verdict,
        "verdict_label": verdict.verdict_label,
        "rating_value": verdict.rating_value,
        "first_published_at": claim.first_published_at.isoformat(),
        "published_at": claim.published_at.isoformat() if claim.published_at else None,
        "under_correction": verdict.under_correction,
        "corrections": len(verdict.corrections),
        "rationale": verdict.rationale,
        "reports": [
            {"title": r.title, "publisher": r.publisher, "url": r.url}
            for r in verdict.reports
        ],
        "evidence_urls": [e.source.url for e in verdict.evidence],
    }


def _csv_value(value) -> str:
    if isinstance(value, list):
        value = " | ".join(v["title"] if isinstance(v, dict) else str(v) for v in value)
    return csv_cell(value)


def _export_chunks(chunk: int = 500):
    """Published verdicts in id order, a few hundred at a time."""
    ids = list(public_claims().order_by("id").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        batch = public_claims().filter(pk__in=ids[start : start + chunk]).order_by("id")
        yield from public_verdicts(batch)


@require_safe
@_PUBLIC
def verdict_export_csv(request):
    writer = csv.writer(Echo())

    def rows():
        yield writer.writerow(EXPORT_COLUMNS)
        for verdict in _export_chunks():
            row = export_row(verdict)
            yield writer.writerow([_csv_value(row[c]) for c in EXPORT_COLUMNS])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="claimtrail-verdicts.csv"'
    return response


@require_safe
@_PUBLIC
def verdict_export_json(request):
    rows = [export_row(v) for v in _export_chunks()]
    body = {
        "generated_at": timezone.now().isoformat(),
        "count": len(rows),
        "verdicts": rows,
    }
    response = HttpResponse(to_json(body), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="claimtrail-verdicts.json"'
    return response

"""Data for the browser tests: the seed report's 95% battery claim, and a busy desk.

The claims come from ``fixtures/china-ai-2024-2026-report.md`` through the report
importer (``claims.services.imports.report_import``) where it exists; otherwise a few of
the report's sentences are cut out by hand with the factories, with their exact
offsets, so that the pages look the same either way.
"""

import re
from pathlib import Path

from claims.models import Claim, ClaimKind, Report
from claims.services.evidence import evidence_add
from claims.services.workflow import claim_mark_not_checkable, claim_start_research
from reviews.services import (
    claim_approve,
    claim_return_for_research,
    claim_submit_for_review,
    review_submit,
)
from sources.services import source_create
from tests.factories import AppearanceFactory, ClaimFactory, ReportFactory

REPORT_FILE = (
    Path(__file__).resolve().parents[2] / "fixtures" / ("china-ai-2024-2026-report.md")
)
REPORT_TITLE = (
    "How China Is Scaling, Regulating, and Re-Engineering Its AI Ecosystem in 2024–2026"
)
# The sentences the fallback turns into claims (their openings in the Markdown);
# the battery claim first.
BATTERY_OPENING = "Technologies such as **AI-powered battery validation methods**"
FALLBACK_OPENINGS = [
    BATTERY_OPENING,
    "Major Chinese firms such as Huawei and China Telecom",
    "Huawei’s latest GPT-like model",
    "The Chinese healthcare AI market has surpassed",
    "Sinong provides **real-time insights**",
    "Evaluations indicate these models",
    "Regulations now **require explicit labeling**",
    "By 2026, China’s AI ecosystem exemplifies",
    "Its investments in **scientific research**",
    "Multi-model deep learning systems now enable",
]


def report_text() -> str:
    return REPORT_FILE.read_text(encoding="utf-8")


def _importer():
    try:
        from claims.services.imports import report_import
    except ImportError:
        return None
    return report_import


def seed_report(*, importer) -> Report:
    """The seed report with its claims: imported by ``importer`` (an editor)."""
    text = report_text()
    report_import = _importer()
    if report_import is not None:
        result = report_import(
            actor=importer,
            text=text.encode("utf-8"),
            publisher="Example Institute",
            filename=REPORT_FILE.name,
        )
        return result.report
    report = ReportFactory(title=REPORT_TITLE, publisher="Example Institute", text=text)
    for opening in FALLBACK_OPENINGS:
        _claim_from_sentence(report, opening)
    return report


def battery_claim(report: Report) -> Claim:
    """The claim "… reduce testing times by up to 95% …" of the seed report."""
    return Claim.objects.filter(appearances__report=report, text__contains="95%").get()


def seed_battery_claim(*, importer) -> Claim:
    return battery_claim(seed_report(importer=importer))


def _claim_from_sentence(report: Report, opening: str) -> Claim:
    text = report.text
    start = text.index(opening)
    end = re.compile(r"[.!?](?=\s|$)|\n").search(text, start).end()
    end -= text[end - 1] == "\n"
    quote = text[start:end]
    line_start = text.rfind("\n", 0, start) + 1
    line = text[line_start : text.find("\n", start)]
    topic = re.match(r"- \*\*([^*]+):\*\*", line)
    headings: list[str] = []
    for match in re.finditer(r"^(#+)\s+(.*)$", text[:start], flags=re.MULTILINE):
        level = len(match.group(1))
        headings = [*headings[: level - 1], match.group(2).strip()]
    plain = re.sub(r"\*+", "", quote)
    claim = ClaimFactory(
        text=plain,
        topic=topic.group(1) if topic else "",
        kind=ClaimKind.STATISTIC if re.search(r"\d", plain) else ClaimKind.EVENT,
        checkworthiness=round(
            min(1.0, 0.35 + 0.15 * len(re.findall(r"\d+", plain))), 2
        ),
    )
    AppearanceFactory(
        claim=claim,
        report=report,
        section_path=headings,
        section=" › ".join(headings),
        quote=quote,
        start=start,
        end=end,
        line=text.count("\n", 0, start) + 1,
    )
    return claim


# --- a desk with claims in every state, for the screenshots --------------------------


def _source(actor, n: int, **fields):
    defaults = {
        "url": f"https://www.example.org/evidence/{n}",
        "title": f"Statistical bulletin {n}",
        "publisher": "National Bureau of Statistics",
        "kind": "official_statistics",
    }
    return source_create(actor=actor, **{**defaults, **fields})


def _research(
    claim,
    researcher,
    source,
    *,
    rating: str,
    stance="supports",
    excerpt="Table 2 reports the same figure for 2025.",
    locator="p. 4, table 2",
    rationale="The bulletin's figure matches the report's claim within rounding.",
):
    claim = claim_start_research(claim=claim, actor=researcher)
    evidence = evidence_add(
        claim=claim,
        actor=researcher,
        source=source,
        stance=stance,
        excerpt=excerpt,
        locator=locator,
    )
    review_submit(
        claim=claim,
        actor=researcher,
        rating=rating,
        rationale=rationale,
        cited_evidence_ids=[evidence.pk],
    )
    return claim


def seed_desk(*, researcher, other_researcher, editor) -> dict[str, Claim]:
    """Claims in every state, worked on through the services (with audit events)."""
    report = seed_report(importer=editor)
    battery = battery_claim(report)
    others = list(
        Claim.objects.filter(appearances__report=report)
        .exclude(pk=battery.pk)
        .order_by("-checkworthiness", "pk")  # the claims a desk would take first
        .distinct()
    )
    paper = _source(
        researcher,
        0,
        url="https://doi.example.org/10.1038/s41560-019-0356-8",
        title="Closed-loop optimization of fast-charging protocols for batteries",
        publisher="Nature",
        kind="peer_reviewed",
    )
    claims = {"battery": battery}

    claims["published"] = _research(
        battery,
        researcher,
        paper,
        rating="mostly_true",
        excerpt="Early-prediction models cut the time for testing from 500 to 16 "
        "days (98%).",
        locator="Abstract; Fig. 3",
        rationale="A 98% cut in the lab, on one cell chemistry: 'up to 95%' is fair "
        "but the report leaves out how narrow the result is.",
    )
    claim_submit_for_review(claim=battery, actor=researcher)
    claims["published"] = claim_approve(
        claim=battery, actor=editor, note="Verified against the Nature paper."
    )

    claims["in_review"] = _research(
        others[0], other_researcher, _source(editor, 1), rating="half_true"
    )
    claims["in_review"] = claim_submit_for_review(
        claim=claims["in_review"], actor=other_researcher
    )

    claims["researching"] = _research(
        others[1], researcher, _source(researcher, 2), rating="misleading"
    )
    claim_submit_for_review(claim=claims["researching"], actor=researcher)
    claims["researching"] = claim_return_for_research(
        claim=claims["researching"],
        actor=editor,
        note="The bulletin covers 2024 only; find the 2025 figure.",
    )

    false_claim = _research(
        others[2],
        other_researcher,
        _source(researcher, 3),
        rating="false",
        stance="refutes",
    )
    claim_submit_for_review(claim=false_claim, actor=other_researcher)
    claims["false"] = claim_approve(claim=false_claim, actor=editor)

    claims["not_checkable"] = claim_mark_not_checkable(
        claim=others[3], actor=editor, reason="A forecast: nothing to check yet."
    )
    claims["started"] = claim_start_research(claim=others[4], actor=researcher)
    claims["new"] = others[5]
    return claims


# --- every kind of page, for the accessibility check ----------------------------------

MATCH_FIRST = (
    "# Chip output\n\nThe Shenzhen plant produced 4,000 chips in March 2025.\n"
)
MATCH_SECOND = (
    "# Factory notes\n\nIn March 2025 the Shenzhen plant turned out 4,000 chips.\n"
)
MERGE_FIRST = (
    "# Harvest\n\nThe 2025 wheat harvest in Henan reached 38 million tonnes.\n"
)
MERGE_SECOND = "# Farm notes\n\nHenan's 2025 wheat harvest reached 38 million tonnes.\n"
EXTERNAL_REVIEW = (
    b'{"@type": "ClaimReview", "url": "https://checks.example.org/shenzhen",'
    b' "claimReviewed": "The Shenzhen plant made 4,000 chips in March 2025.",'
    b' "author": {"name": "Example Checker"},'
    b' "reviewRating": {"alternateName": "Mostly false", "ratingValue": 2}}'
)
ARCHIVED_PAGE = (
    b"<!doctype html><html lang='en'><head><title>Battery bulletin</title></head>"
    b"<body><main><h1>Battery bulletin</h1><p>Testing times fell by 95% in 2025."
    b"</p></main></body></html>"
)


def seed_every_page(*, researcher, other_researcher, editor) -> dict:
    """``seed_desk``, and what the rarer pages and panels show: suggested and merged
    restatements, an external fact-check, import jobs in each state, an uploaded
    document with its archived copy, a discussion, a corrected verdict, a quote no
    longer found in its report, a saved search and the notifications."""
    from claims.models import ClaimMatch, ImportJob, ImportJobStatus
    from claims.services.external import external_factchecks_import
    from claims.services.imports import report_import
    from claims.services.matching import claim_match_resolve
    from collab.services.comments import comment_add, comment_delete
    from collab.services.saved_searches import saved_search_create
    from sources.snapshots import source_from_upload
    from tests.reviews.publishing import correct
    from tests.workers import run_worker_until_empty

    claims = seed_desk(
        researcher=researcher, other_researcher=other_researcher, editor=editor
    )
    pages: dict = {"claims": claims}

    report_import(actor=editor, text=MATCH_FIRST)
    report_import(actor=editor, text=MATCH_SECOND)
    pages["suggested"] = Claim.objects.get(text__startswith="In March 2025")
    external_factchecks_import(actor=editor, data=EXTERNAL_REVIEW, filename="x.json")
    report_import(actor=editor, text=MERGE_FIRST)
    report_import(actor=editor, text=MERGE_SECOND)
    merged = Claim.objects.get(text__startswith="Henan's 2025")
    claim_match_resolve(
        match=ClaimMatch.objects.get(other=merged),
        actor=editor,
        status="same",
        note="Same harvest, same year.",
    )
    pages["merged"] = Claim.objects.get(pk=merged.pk)

    # A quote whose place the report's text no longer holds: shown on its own.
    lost = ClaimFactory(text="Exports of solar cells doubled in 2025.")
    AppearanceFactory(
        claim=lost, report=ReportFactory(), quote=lost.text, start=100_000
    )
    pages["quote_not_found"] = lost

    jobs = {}
    for status, fields in {
        ImportJobStatus.RUNNING: {"step": "reading", "done": 161, "total": 402},
        ImportJobStatus.FAILED: {"error": "Line 12 is not valid UTF-8."},
        ImportJobStatus.DONE: {
            "report": Report.objects.order_by("pk").first(),
            "result": {
                "created": True,
                "claims_created": 40,
                "appearances_added": 41,
                "not_claims": 3,
            },
        },
    }.items():
        jobs[status] = ImportJob.objects.create(
            status=status,
            created_by=editor,
            filename=f"county-figures-{status}.md",
            size=48_213,
            **fields,
        )
    pages["import_jobs"] = jobs

    document, _ = source_from_upload(
        actor=researcher,
        data=ARCHIVED_PAGE,
        file_name="battery-bulletin.html",
        title="Battery bulletin",
        kind="official_statistics",
    )
    pages["document"] = document

    discussed = claims["researching"]
    comment_add(
        claim=discussed,
        actor=researcher,
        body="@editor The 2025 table is out: **31%**, not 40%. Resubmit?",
    )
    gone = comment_add(claim=discussed, actor=other_researcher, body="Wrong claim.")
    comment_delete(comment=gone, actor=other_researcher)

    pages["corrected"] = correct(
        claims["false"], researcher=other_researcher, editor=editor, rating="misleading"
    )
    saved_search_create(
        actor=editor, name="In review", query="status=in_review", shared=True
    )
    run_worker_until_empty("database")  # the notifications of all the above
    return pages

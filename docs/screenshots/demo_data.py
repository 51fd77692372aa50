"""Demo data for the screenshots: the seed report, some claims, and work on them.

Run with ``DEBUG=1 SQLITE_PATH=/tmp/web.sqlite3 python manage.py shell <
docs/screenshots/demo_data.py`` after ``migrate`` and ``seed_demo``. It stands in
for the importer: claims are cut from the report by a naive sentence split.
"""

import hashlib
import re
from pathlib import Path

from django.contrib.auth import get_user_model

from audit.context import system_context
from claims.models import Appearance, Claim, Report
from claims.services import claim_start_research, evidence_add
from claims.text import claim_fingerprint
from reviews.services import (
    claim_approve,
    claim_submit_for_review,
    review_submit,
)
from sources.services import source_create

User = get_user_model()
rosa, ravi, edith = (User.objects.get(username=n) for n in ("rosa", "ravi", "edith"))
text = Path("fixtures/china-ai-2024-2026-report.md").read_text(encoding="utf-8")

with system_context("demo_data"):
    report, _ = Report.objects.get_or_create(
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        defaults={
            "title": "How China Is Scaling, Regulating, and Re-Engineering Its AI Ecosystem",
            "publisher": "Example Institute",
            "text": text,
        },
    )

claims = []
if not report.appearances.exists():
    heading = []
    offset = 0
    for line_no, line in enumerate(text.splitlines(keepends=True), start=1):
        start_of_line = offset
        offset += len(line)
        if m := re.match(r"(#+)\s+(.*)", line):
            level = len(m.group(1))
            heading = heading[: level - 1] + [m.group(2).strip()]
            continue
        body = line.rstrip("\n")
        if not re.search(r"\d|first|largest|leading", body) or len(body) < 80:
            continue
        lead = re.match(r"\s*(- )?(\*\*[^*]+:\*\*\s*)?", body).end()
        for s in re.finditer(r"[^.!?]+[.!?]", body[lead:]):
            sentence = s.group(0).strip()
            if len(sentence) < 40:
                continue
            start = (
                start_of_line
                + lead
                + s.start()
                + (len(s.group(0)) - len(s.group(0).lstrip()))
            )
            end = start + len(sentence)
            assert text[start:end] == sentence
            plain = re.sub(r"\*\*|\*", "", sentence)
            topic = re.match(r"\s*(?:- )?\*\*([^*]+):\*\*", body)
            claim = Claim.objects.create(
                text=plain,
                fingerprint=claim_fingerprint(plain),
                topic=topic.group(1) if topic else "",
                kind="statistic" if re.search(r"\d", plain) else "event",
                checkworthiness=min(1.0, 0.3 + 0.1 * len(re.findall(r"\d+", plain))),
            )
            Appearance.objects.create(
                claim=claim,
                report=report,
                section_path=heading,
                section=" › ".join(heading),
                quote=sentence,
                start=start,
                end=end,
                line=line_no,
            )
            claims.append(claim)
    print(f"{len(claims)} claims")

    def source(n):
        return source_create(
            actor=rosa,
            url=f"https://www.example.org/evidence/{n}",
            title=f"Official statistics bulletin {n}",
            publisher="National Bureau of Statistics",
            kind="official_statistics",
        )

    # a few claims in each state
    for i, claim in enumerate(claims[:9]):
        researcher = rosa if i % 2 == 0 else ravi
        claim = claim_start_research(claim=claim, actor=researcher)
        if i < 6:
            ev = evidence_add(
                claim=claim,
                actor=researcher,
                source=source(i),
                stance="supports" if i % 3 else "refutes",
                excerpt="Table 2: the reported figure matches within rounding.",
                locator="p. 4, table 2",
            )
            review_submit(
                claim=claim,
                actor=researcher,
                rating=[
                    "true",
                    "mostly_true",
                    "misleading",
                    "false",
                    "half_true",
                    "unproven",
                ][i],
                rationale="The bulletin's figure matches the report's claim within rounding.",
                cited_evidence_ids=[ev.pk],
            )
            claim = claim_submit_for_review(claim=claim, actor=researcher)
        if i < 3:
            claim_approve(claim=claim, actor=edith)

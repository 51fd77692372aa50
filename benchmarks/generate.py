"""Synthetic newsroom data at scale, written with bulk inserts (the harness only).

Everything is generated in memory as plain rows with explicit ids, so that the
relations (appearances in reports, evidence to sources, reviews, decisions, the
audit events filed under each claim) are consistent, and then written in batches:
``executemany`` on SQLite, ``COPY`` on PostgreSQL. The audit events are sorted by
time, numbered, and hash-chained exactly as ``audit.record`` would have done, so
``verify_audit`` passes on the result.
"""

import json
import random
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction

from audit.chain import GENESIS, compute_hash

SEED_REPORT = (
    Path(__file__).resolve().parent.parent
    / "fixtures"
    / ("china-ai-2024-2026-report.md")
)
BENCH_PASSWORD = "claimtrail-bench"
EDITOR_USERNAME = "bench_editor"

STATUS_SHARES = [
    ("new", 0.40),
    ("researching", 0.25),
    ("in_review", 0.10),
    ("published", 0.20),
    ("not_checkable", 0.05),
]
KINDS = ["statistic", "comparison", "attribution", "event", "prediction", "opinion"]
VERDICTS = ["true", "mostly_true", "half_true", "misleading", "mostly_false", "false"]
SOURCE_KINDS = [
    "peer_reviewed",
    "official_statistics",
    "government_document",
    "company_statement",
    "news_report",
    "dataset",
]
ENTITIES = [
    "Huawei", "Alibaba", "Baidu", "Tencent", "ByteDance", "SMIC", "Zhipu", "DeepSeek",
    "Moonshot", "iFlytek", "SenseTime", "Xiaomi", "BYD", "CATL", "Lenovo", "ZTE",
    "Hikvision", "Megvii", "Unitree", "Cambricon", "Biren", "Horizon", "Kuaishou",
    "Meituan", "JD", "NetEase", "China Telecom", "China Mobile", "State Grid",
    "Tsinghua University", "Peking University", "the Ministry of Industry",
    "the Cyberspace Administration", "the State Council", "Shenzhen", "Shanghai",
    "Beijing", "Hangzhou", "Guangdong", "Sichuan",
]  # fmt: skip
TOPICS = [
    "Training LLMs on Native Hardware", "Semiconductor Self-Reliance",
    "AI Governance", "Energy Storage", "Autonomous Driving", "Robotics",
    "Healthcare AI", "Open-Source Models", "Data Centres", "Export Controls",
    "Talent and Education", "Smart Manufacturing", "Cloud Computing",
    "International Standards", "Public Services",
]  # fmt: skip
VERBS = [
    "shipped", "trained", "deployed", "invested", "announced", "produced",
    "exported", "installed", "licensed", "opened",
]  # fmt: skip
OBJECTS = [
    "AI accelerators", "language models", "data centres", "industrial robots",
    "autonomous taxis", "battery plants", "smart factories", "research labs",
    "compute clusters", "medical imaging systems",
]  # fmt: skip
TAILS = [
    "in {year}, more than any rival", "by the end of {year}",
    "in the first half of {year}", "during {year}, up {pct}% on the year before",
    "in {year}, a {pct}% share of the domestic market",
    "before {year}, according to official statistics",
]  # fmt: skip
RATIONALES = [
    "The official statistics match the figure within rounding.",
    "The company statement supports the figure but no independent source does.",
    "The cited report gives a lower number for the same period.",
]


@dataclass
class Sizes:
    claims: int
    evidence: int
    reviews: int
    sources: int
    reports: int
    audit_events: int

    @classmethod
    def for_claims(cls, claims: int) -> "Sizes":
        """The issue's proportions: 3 evidence, 1 review, 10 events per claim."""
        return cls(
            claims=claims,
            evidence=3 * claims,
            reviews=claims,
            sources=max(50, claims // 20),
            reports=50 if claims >= 1000 else max(2, claims // 20),
            audit_events=10 * claims,
        )


@dataclass
class Dataset:
    """What the measurements need to know about the generated rows."""

    sizes: Sizes
    counts: dict[str, int] = field(default_factory=dict)
    editor_id: int = 0
    researcher_ids: list[int] = field(default_factory=list)
    editor_ids: list[int] = field(default_factory=list)
    seed_report_id: int = 1
    target_claim_id: int = 0
    published_claim_id: int = 0
    new_claim_ids: list[int] = field(default_factory=list)
    search_word: str = "Zhipu"
    filter_status: str = "researching"
    filter_kind: str = "statistic"


class _Event:
    """The attributes ``audit.chain.compute_hash`` reads, without a model instance."""

    __slots__ = (
        "seq",
        "at",
        "actor_id",
        "actor_label",
        "action",
        "subject_type",
        "subject_id",
        "subject_label",
        "scope_type",
        "scope_id",
        "data",
        "comment",
        "request_id",
        "ip",
        "prev_hash",
    )


# --- writing rows ------------------------------------------------------------------


def _adapt(value):
    if connection.vendor == "sqlite":
        if isinstance(value, datetime):
            return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, bool):
            return int(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def insert_rows(table: str, columns: list[str], rows, batch: int = 5000) -> int:
    """Write rows (tuples in ``columns`` order) in batches; returns how many."""
    count = 0
    raw = connection.connection
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row([_adapt(v) for v in row])
                count += 1
        return count
    placeholders = ", ".join("?" for _ in columns)
    sql = f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})"
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(tuple(_adapt(v) for v in row))
        if len(chunk) >= batch:
            raw.executemany(sql, chunk)
            count += len(chunk)
            chunk = []
    if chunk:
        raw.executemany(sql, chunk)
        count += len(chunk)
    return count


def _reset_sequences() -> None:
    from django.apps import apps

    models = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label in {"auth", "claims", "sources", "reviews", "audit"}
    ]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


# --- the seed report and synthetic reports ---------------------------------------

_SENTENCE = re.compile(r"[^.!?]+[.!?]+(?=\s|$)")
_BOLD = re.compile(r"\*\*([^*]+)\*\*")


def _seed_claims(text: str) -> list[dict]:
    """Sentences of the seed report with their offsets, line and heading chain.

    A crude splitter that is good enough for benchmark data; the real importer
    (markdown-it-py + pysbd) is not needed to measure pages.
    """
    claims = []
    headings: list[str] = []
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        stripped = line.strip()
        if stripped.startswith("#"):
            level = len(stripped) - len(stripped.lstrip("#"))
            headings = headings[: level - 1] + [stripped.lstrip("#").strip()]
        elif stripped and stripped != "---":
            topic_match = _BOLD.search(line)
            for match in _SENTENCE.finditer(line):
                sentence = match.group(0).strip()
                if len(sentence) < 40:
                    continue
                start = (
                    offset
                    + match.start()
                    + (len(match.group(0)) - len(match.group(0).lstrip()))
                )
                claims.append(
                    {
                        "text": _BOLD.sub(r"\1", sentence).lstrip("- ").strip(),
                        "quote": sentence,
                        "start": start,
                        "end": start + len(sentence),
                        "line": number,
                        "section_path": list(headings),
                        "topic": (
                            topic_match.group(1).strip(" :")[:300]
                            if topic_match
                            else ""
                        ),
                    }
                )
        offset += len(line)
    return claims


def _sentence(rng: random.Random, number: int) -> tuple[str, str]:
    entity = rng.choice(ENTITIES)
    tail = rng.choice(TAILS).format(
        year=rng.randint(2019, 2026), pct=rng.randint(2, 90)
    )
    text = (
        f"{entity} {rng.choice(VERBS)} {rng.randint(2, 990):,}"
        f"{rng.choice(['', ',000', ' million'])} {rng.choice(OBJECTS)} {tail}"
        f" (item {number})."
    )
    return text, rng.choice(TOPICS)


# --- generation -------------------------------------------------------------------


def generate(claims: int, *, seed: int = 7, progress=print) -> Dataset:  # noqa: C901
    """Fill the (migrated, empty) current database; returns what was made."""
    rng = random.Random(seed)
    sizes = Sizes.for_claims(claims)
    ds = Dataset(sizes=sizes)
    now = datetime.now(UTC).replace(microsecond=0)
    start_time = now - timedelta(days=4 * 365)
    span = (now - start_time).total_seconds()

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            # A large page cache keeps the audit table's indexes in memory while
            # a million rows go in (the default 2 MB makes the load I/O-bound).
            cursor.execute("PRAGMA cache_size=-524288")
    from claims import search

    search.drop(connection)

    # Users: one editor who logs in for the measurements, a desk of researchers.
    password = make_password(BENCH_PASSWORD)
    users = [(1, EDITOR_USERNAME, True, False)]
    users += [(i, f"editor{i}", True, False) for i in range(2, 6)]
    users += [(i, f"researcher{i}", False, False) for i in range(6, 26)]
    users += [(26, "bench_admin", True, True)]
    insert_rows(
        "auth_user",
        [
            "id",
            "password",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
        ],
        (
            (pk, password, su, name, name.title(), "", f"{name}@example.org", staff,
             True, start_time)
            for pk, name, staff, su in users
        ),
    )  # fmt: skip
    from django.contrib.auth.models import Group

    from config.roles import EDITORS, RESEARCHERS

    groups = {
        name: Group.objects.get_or_create(name=name)[0].pk
        for name in (EDITORS, RESEARCHERS)
    }
    ds.editor_ids = [pk for pk, name, *_ in users if name.startswith(("bench_e", "ed"))]
    ds.researcher_ids = [pk for pk, name, *_ in users if name.startswith("researcher")]
    ds.editor_id = 1
    insert_rows(
        "auth_user_groups",
        ["user_id", "group_id"],
        [(pk, groups[EDITORS]) for pk in ds.editor_ids]
        + [(pk, groups[RESEARCHERS]) for pk in ds.researcher_ids],
    )
    usernames = {pk: name for pk, name, *_ in users}

    # Sources.
    insert_rows(
        "sources_source",
        [
            "id",
            "url",
            "title",
            "publisher",
            "kind",
            "published_on",
            "accessed_on",
            "archive_url",
            "added_by_id",
            "version",
            "created_at",
            "updated_at",
        ],
        (
            (
                i,
                f"https://example.org/{rng.choice(ENTITIES).lower().replace(' ', '-')}/{i}",
                f"{rng.choice(TOPICS)}: statistics {i}",
                rng.choice(ENTITIES),
                rng.choice(SOURCE_KINDS),
                date(2024, 1, 1) + timedelta(days=i % 700),
                date(2025, 1, 1) + timedelta(days=i % 300),
                "",
                rng.choice(ds.researcher_ids),
                1,
                start_time,
                start_time,
            )
            for i in range(1, sizes.sources + 1)
        ),
    )

    # Reports: the seed report first (its own sentences), then synthetic ones.
    seed_text = SEED_REPORT.read_text(encoding="utf-8")
    seed_claims = _seed_claims(seed_text)[: max(1, claims // 2)]
    remaining = claims - len(seed_claims)
    per_report = [remaining // (sizes.reports - 1)] * (sizes.reports - 1)
    for i in range(remaining - sum(per_report)):
        per_report[i] += 1

    claim_rows: list[tuple] = []
    appearance_rows: list[tuple] = []
    report_rows: list[tuple] = []
    claim_id = 0
    appearance_id = 0
    report_meta = []  # (report_id, imported_at, title)

    def add_claim(text, topic, created):
        nonlocal claim_id
        claim_id += 1
        claim_rows.append((claim_id, text, topic, created))
        return claim_id

    seed_imported = start_time
    for item in seed_claims:
        cid = add_claim(item["text"], item["topic"], seed_imported)
        appearance_id += 1
        appearance_rows.append(
            (
                appearance_id,
                cid,
                1,
                item["section_path"],
                " > ".join(item["section_path"]),
                item["quote"],
                item["start"],
                item["end"],
                item["line"],
            )
        )
    report_rows.append((1, seed_text.splitlines()[0].lstrip("# "), seed_text))
    report_meta.append((1, seed_imported))

    for index, count in enumerate(per_report, start=2):
        imported = start_time + timedelta(seconds=span * (index - 1) / sizes.reports)
        title = f"{rng.choice(TOPICS)} in China: desk report {index}"
        parts = [f"# {title}\n\n"]
        offset = len(parts[0])
        line = 3
        section = 0
        for position in range(count):
            if position % 40 == 0:
                section += 1
                heading = f"## {rng.choice(TOPICS)} ({section})\n\n"
                parts.append(heading)
                offset += len(heading)
                line += 2
                path = [title, heading.strip("# \n")]
            text, topic = _sentence(rng, claim_id + 1)
            cid = add_claim(text, topic, imported)
            appearance_id += 1
            appearance_rows.append(
                (
                    appearance_id,
                    cid,
                    index,
                    path,
                    " > ".join(path),
                    text,
                    offset,
                    offset + len(text),
                    line,
                )
            )
            paragraph = text + "\n\n"
            parts.append(paragraph)
            offset += len(paragraph)
            line += 2
        report_rows.append((index, title, "".join(parts)))
        report_meta.append((index, imported))

    insert_rows(
        "claims_report",
        [
            "id",
            "title",
            "publisher",
            "published_on",
            "url",
            "text",
            "sha256",
            "imported_by_id",
            "imported_at",
            "html",
            "html_key",
        ],
        (
            (
                pk,
                title,
                "ClaimTrail bench",
                date(2025, 1, 1),
                "",
                text,
                f"{pk:064x}",
                ds.editor_id,
                dict(report_meta)[pk],
                "",  # rendered at the end, as the import does
                "",
            )
            for pk, title, text in report_rows
        ),
    )
    ds.seed_report_id = 1
    progress(f"  reports {len(report_rows)}, claims {len(claim_rows)}")

    # Claim state, evidence, reviews, decisions, and the audit events of each claim.
    statuses = [s for s, _ in STATUS_SHARES]
    weights = [w for _, w in STATUS_SHARES]
    ds.target_claim_id = claims // 2 + 1
    events: list[tuple] = []
    evidence_rows: list[tuple] = []
    review_rows: list[tuple] = []
    cited_rows: list[tuple] = []
    decision_rows: list[tuple] = []
    claim_full: list[tuple] = []
    non_new = []
    status_of: dict[int, str] = {}
    for cid, *_rest in claim_rows:
        status = rng.choices(statuses, weights)[0]
        if cid == ds.target_claim_id:
            status = "published"
        status_of[cid] = status
        if status != "new":
            non_new.append(cid)
    eligible_reviews = [
        c for c in non_new if status_of[c] in {"in_review", "published"}
    ]
    evidence_per = max(1, round(sizes.evidence / max(1, len(non_new))))
    reviews_per = max(1, round(sizes.reviews / max(1, len(eligible_reviews))))

    evidence_id = 0
    review_id = 0
    decision_id = 0
    cited_id = 0
    for cid, text, topic, created in claim_rows:
        status = status_of[cid]
        label = text if len(text) <= 120 else text[:117] + "…"
        clock = created
        remaining_span = max(60.0, (now - created).total_seconds() - 60)

        def later(clock, *, _span=remaining_span):
            return min(now, clock + timedelta(seconds=rng.uniform(1, _span / 12)))

        claim_events = [
            (created, None, "claim.created", "claims.claim", cid, label, {}, "")
        ]
        assignee = None
        verdict = ""
        published_at = None
        review_round = 1
        reason = ""
        kind = rng.choice(KINDS)
        if status == "not_checkable":
            editor = rng.choice(ds.editor_ids)
            clock = later(clock)
            reason = "An opinion, not a checkable statement of fact."
            claim_events.append(
                (clock, editor, "claim.marked_not_checkable", "claims.claim", cid,
                 label, {"from": "new", "to": "not_checkable", "reason": reason}, "")
            )  # fmt: skip
        elif status != "new":
            assignee = rng.choice(ds.researcher_ids)
            clock = later(clock)
            claim_events.append(
                (clock, assignee, "claim.research_started", "claims.claim", cid, label,
                 {"from": "new", "to": "researching",
                  "changes": {"assignee": {"old": None, "new": usernames[assignee]}}},
                 "")
            )  # fmt: skip
            n_evidence = (
                20
                if cid == ds.target_claim_id
                else rng.randint(max(1, evidence_per - 2), evidence_per + 2)
            )
            claim_evidence = []
            for _ in range(n_evidence):
                evidence_id += 1
                source = rng.randint(1, sizes.sources)
                clock = later(clock)
                removed = rng.random() < 0.05 and cid != ds.target_claim_id
                evidence_rows.append(
                    (evidence_id, cid, source, rng.choice(
                        ["supports", "supports", "refutes", "context"]
                    ), f"Table {rng.randint(1, 9)} gives the figure.",
                     f"p. {rng.randint(1, 300)}", assignee, clock,
                     clock + timedelta(hours=1) if removed else None,
                     assignee if removed else None)
                )  # fmt: skip
                claim_evidence.append(evidence_id)
                claim_events.append(
                    (clock, assignee, "evidence.added", "claims.evidence", evidence_id,
                     f"Supports: source {source}", {"source": f"source {source}"}, "")
                )  # fmt: skip
            if status in {"in_review", "published"}:
                n_reviews = reviews_per
                reviewers = rng.sample(ds.researcher_ids, min(n_reviews, 20))
                if assignee not in reviewers:
                    reviewers[0] = assignee
                last_review = None
                for reviewer in reviewers:
                    review_id += 1
                    clock = later(clock)
                    rating = rng.choice(VERDICTS)
                    review_rows.append(
                        (review_id, cid, reviewer, 1, rating, rng.choice(RATIONALES),
                         rng.choice(["low", "medium", "high"]), clock)
                    )  # fmt: skip
                    cited_id += 1
                    cited_rows.append((cited_id, review_id, claim_evidence[0]))
                    claim_events.append(
                        (clock, reviewer, "review.submitted", "reviews.review",
                         review_id, f"review {review_id}", {"rating": rating}, "")
                    )  # fmt: skip
                    if reviewer == assignee:
                        last_review = (review_id, rating)
                clock = later(clock)
                claim_events.append(
                    (clock, assignee, "claim.submitted_for_review", "claims.claim",
                     cid, label, {"from": "researching", "to": "in_review"}, "")
                )  # fmt: skip
                if status == "published":
                    editor = rng.choice(ds.editor_ids)
                    clock = later(clock)
                    verdict = last_review[1]
                    published_at = clock
                    decision_id += 1
                    decision_rows.append(
                        (decision_id, cid, 1, "approve", editor, last_review[0], "",
                         verdict, "", False, clock)
                    )  # fmt: skip
                    claim_events.append(
                        (clock, editor, "claim.approved", "claims.claim", cid, label,
                         {"from": "in_review", "to": "published",
                          "changes": {"verdict": {"old": "", "new": verdict}}}, "")
                    )  # fmt: skip
        if cid == ds.target_claim_id:
            while len(claim_events) < 50:
                clock = later(clock)
                claim_events.append(
                    (clock, ds.editor_id, "claim.changed", "claims.claim", cid, label,
                     {"changes": {"topic": {"old": topic, "new": topic}}},
                     "Checked the wording")
                )  # fmt: skip
        events.extend((*e, cid) for e in claim_events)
        claim_full.append(
            (cid, text, _fingerprint(text), topic, kind, round(rng.random(), 3),
             status, assignee, review_round, verdict, published_at, published_at,
             reason, 1, created, clock)
        )  # fmt: skip

    # Pad with edits so that the trail has the ten events per claim.
    others = [c for c, *_ in claim_rows if c != ds.target_claim_id] or [1]
    updated = {row[0]: row[-1] for row in claim_full}
    pad = max(0, sizes.audit_events - len(events) - len(report_meta))
    created_of = {cid: created for cid, _t, _p, created in claim_rows}
    for _ in range(pad):
        cid = rng.choice(others)
        since = created_of[cid]
        at = since + timedelta(seconds=rng.uniform(1, (now - since).total_seconds()))
        events.append(
            (at, rng.choice(ds.editor_ids), "claim.changed", "claims.claim", cid,
             f"claim {cid}", {"changes": {"kind": {"old": "other", "new": "other"}}},
             "Tidied the classification", cid)
        )  # fmt: skip
        if at > updated[cid]:
            updated[cid] = at
    for report_id, imported in report_meta:
        events.append(
            (imported - timedelta(seconds=1), ds.editor_id, "report.imported",
             "claims.report", report_id, f"report {report_id}", {}, "", None)
        )  # fmt: skip

    claim_columns = [
        "id", "text", "fingerprint", "topic", "kind", "checkworthiness", "status",
        "assignee_id", "review_round", "verdict", "published_at",
        "first_published_at", "not_checkable_reason", "version", "created_at",
        "updated_at",
    ]  # fmt: skip
    insert_rows(
        "claims_claim",
        claim_columns,
        ((*row[:-1], updated[row[0]]) for row in claim_full),
    )
    insert_rows(
        "claims_appearance",
        [
            "id",
            "claim_id",
            "report_id",
            "section_path",
            "section",
            "quote",
            "start",
            "end",
            "line",
        ],
        appearance_rows,
    )
    insert_rows(
        "claims_evidence",
        [
            "id",
            "claim_id",
            "source_id",
            "stance",
            "excerpt",
            "locator",
            "added_by_id",
            "added_at",
            "removed_at",
            "removed_by_id",
        ],
        evidence_rows,
    )
    insert_rows(
        "reviews_review",
        [
            "id",
            "claim_id",
            "reviewer_id",
            "round",
            "rating",
            "rationale",
            "confidence",
            "submitted_at",
        ],
        review_rows,
    )
    insert_rows(
        "reviews_review_cited_evidence", ["id", "review_id", "evidence_id"], cited_rows
    )
    insert_rows(
        "reviews_decision",
        [
            "id",
            "claim_id",
            "round",
            "kind",
            "editor_id",
            "review_id",
            "note",
            "verdict",
            "previous_verdict",
            "is_correction",
            "created_at",
        ],
        decision_rows,
    )
    progress(
        f"  evidence {len(evidence_rows)}, reviews {len(review_rows)}, "
        f"decisions {len(decision_rows)}"
    )

    written = insert_rows("audit_auditevent", _AUDIT_COLUMNS, _chain(events, usernames))
    progress(f"  audit events {written} (hash-chained)")
    _reset_sequences()
    search.install(connection)
    # The rows went in past the services, which keep the dashboard's tallies and
    # each report's rendered Markdown.
    from claims.models import Report
    from claims.services.imports import report_store_html
    from claims.services.tallies import claim_tallies_rebuild

    with transaction.atomic():
        tallies = claim_tallies_rebuild()
        for report in Report.objects.only("id", "text"):
            report_store_html(report=report)
    progress(f"  tallies {tallies}, reports rendered")
    _analyse()

    ds.published_claim_id = next(
        cid for cid, *_rest in claim_full if status_of[cid] == "published"
    )
    ds.new_claim_ids = [cid for cid, *_r in claim_full if status_of[cid] == "new"]
    ds.counts = {
        "claims": len(claim_full),
        "evidence": len(evidence_rows),
        "reviews": len(review_rows),
        "decisions": len(decision_rows),
        "sources": sizes.sources,
        "reports": len(report_rows),
        "appearances": len(appearance_rows),
        "audit_events": written,
    }
    return ds


_AUDIT_COLUMNS = [
    "seq", "at", "actor_id", "actor_label", "action", "subject_type", "subject_id",
    "subject_label", "scope_type", "scope_id", "data", "comment", "request_id",
    "ip", "prev_hash", "hash",
]  # fmt: skip


def _chain(events: list[tuple], usernames: dict[int, str]):
    """Yield audit rows in time order, numbered and hash-chained."""
    events.sort(key=lambda e: e[0])
    prev = GENESIS
    event = _Event()
    for seq, (at, actor, action, subject_type, subject_id, label, data, comment,
              scope_claim) in enumerate(events, start=1):  # fmt: skip
        event.seq = seq
        event.at = at
        event.actor_id = actor
        event.actor_label = usernames.get(actor, "") if actor else ""
        event.action = action
        event.subject_type = subject_type
        event.subject_id = str(subject_id)
        event.subject_label = label[:300]
        if scope_claim is None:
            event.scope_type, event.scope_id = subject_type, str(subject_id)
        else:
            event.scope_type, event.scope_id = "claims.claim", str(scope_claim)
        event.data = data if actor else {**data, "via": "manage.py import_report"}
        event.comment = comment
        event.request_id = f"{seq:032x}"
        event.ip = None
        event.prev_hash = prev
        digest = compute_hash(event)
        prev = digest
        yield (
            seq, at, actor, event.actor_label, action, subject_type,
            event.subject_id, event.subject_label, event.scope_type, event.scope_id,
            event.data, comment, event.request_id, None, event.prev_hash, digest,
        )  # fmt: skip


def _fingerprint(text: str) -> str:
    from claims.text import claim_fingerprint

    return claim_fingerprint(text)


def _analyse() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

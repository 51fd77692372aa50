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
KINDS = [
    "statistic", "comparison", "attribution", "event", "rule", "prediction", "opinion",
]  # fmt: skip
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


@dataclass
class _Run:
    """One generation: the random source, its time span, the rows made in memory.

    Rows are tuples in their table's column order; ids are positions (1-based) in
    their list, so a step finds the next id from the rows made so far.
    """

    rng: random.Random
    sizes: Sizes
    ds: Dataset
    now: datetime
    start_time: datetime
    usernames: dict[int, str] = field(default_factory=dict)
    # Each claim as a report states it: (id, text, topic, created).
    claims_found: list[tuple] = field(default_factory=list)
    appearances: list[tuple] = field(default_factory=list)
    reports: list[tuple] = field(default_factory=list)  # (id, title, text)
    report_imported: dict[int, datetime] = field(default_factory=dict)
    status_of: dict[int, str] = field(default_factory=dict)
    claim_rows: list[tuple] = field(default_factory=list)  # the full claims_claim rows
    evidence: list[tuple] = field(default_factory=list)
    reviews: list[tuple] = field(default_factory=list)
    cited: list[tuple] = field(default_factory=list)
    decisions: list[tuple] = field(default_factory=list)
    verdict_versions: list[tuple] = field(default_factory=list)
    sources: dict[int, tuple] = field(default_factory=dict)  # id -> sources_source row
    appearance_of: dict[int, tuple] = field(default_factory=dict)  # claim id -> row
    # (at, actor, action, subject type, subject id, label, data, comment, claim)
    events: list[tuple] = field(default_factory=list)
    updated_at: dict[int, datetime] = field(default_factory=dict)

    @property
    def span(self) -> float:
        return (self.now - self.start_time).total_seconds()


def generate(claims: int, *, seed: int = 7, progress=print) -> Dataset:
    """Fill the (migrated, empty) current database; returns what was made."""
    now = datetime.now(UTC).replace(microsecond=0)
    sizes = Sizes.for_claims(claims)
    run = _Run(
        rng=random.Random(seed),
        sizes=sizes,
        ds=Dataset(sizes=sizes),
        now=now,
        start_time=now - timedelta(days=4 * 365),
    )
    _prepare_database()
    _write_users(run)
    _write_sources(run)
    _make_reports(run)
    _write_reports(run)
    progress(f"  reports {len(run.reports)}, claims {len(run.claims_found)}")
    _make_claim_histories(run)
    _pad_audit_trail(run)
    _write_claims(run)
    _write_claim_work(run)
    progress(
        f"  evidence {len(run.evidence)}, reviews {len(run.reviews)}, "
        f"decisions {len(run.decisions)}, verdict versions "
        f"{len(run.verdict_versions)}"
    )
    written = insert_rows(
        "audit_auditevent", _AUDIT_COLUMNS, _chain(run.events, run.usernames)
    )
    progress(f"  audit events {written} (hash-chained)")
    tallies = _finish_database()
    progress(f"  tallies {tallies}, reports rendered")
    return _described(run, audit_events=written)


def _prepare_database() -> None:
    """Bulk-load settings, and no full-text triggers while the rows go in."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            # A large page cache keeps the audit table's indexes in memory while
            # a million rows go in (the default 2 MB makes the load I/O-bound).
            cursor.execute("PRAGMA cache_size=-524288")
    from claims import search

    search.drop(connection)


def _write_users(run: _Run) -> None:
    """One editor who logs in for the measurements, more editors, a desk of
    researchers, an administrator; their groups."""
    from django.contrib.auth.models import Group

    from config.roles import EDITORS, RESEARCHERS

    ds = run.ds
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
             True, run.start_time)
            for pk, name, staff, su in users
        ),
    )  # fmt: skip
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
    run.usernames = {pk: name for pk, name, *_ in users}


def _write_sources(run: _Run) -> None:
    rng = run.rng
    rows = [
        (
            i,
            f"https://example.org/{rng.choice(ENTITIES).lower().replace(' ', '-')}/{i}",
            f"{rng.choice(TOPICS)}: statistics {i}",
            rng.choice(ENTITIES),
            rng.choice(SOURCE_KINDS),
            date(2024, 1, 1) + timedelta(days=i % 700),
            date(2025, 1, 1) + timedelta(days=i % 300),
            "",
            rng.choice(run.ds.researcher_ids),
            1,
            run.start_time,
            run.start_time,
            "unchecked",  # no snapshot is generated
        )
        for i in range(1, run.sizes.sources + 1)
    ]
    run.sources = {row[0]: row for row in rows}
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
            "link_status",
        ],
        rows,
    )


def _add_claim(run: _Run, text: str, topic: str, created: datetime) -> int:
    claim_id = len(run.claims_found) + 1
    run.claims_found.append((claim_id, text, topic, created))
    return claim_id


def _add_appearance(run: _Run, claim_id: int, report_id: int, *place) -> None:
    """``place``: section path, section, quote, start, end, line."""
    run.appearances.append((len(run.appearances) + 1, claim_id, report_id, *place))


def _make_reports(run: _Run) -> None:
    """The seed report first (its own sentences), then synthetic ones; each
    sentence becomes a claim with one appearance."""
    seed_text = SEED_REPORT.read_text(encoding="utf-8")
    claims = run.sizes.claims
    seed_claims = _seed_claims(seed_text)[: max(1, claims // 2)]
    for item in seed_claims:
        claim_id = _add_claim(run, item["text"], item["topic"], run.start_time)
        _add_appearance(
            run,
            claim_id,
            1,
            item["section_path"],
            " > ".join(item["section_path"]),
            item["quote"],
            item["start"],
            item["end"],
            item["line"],
        )
    run.reports.append((1, seed_text.splitlines()[0].lstrip("# "), seed_text))
    run.report_imported[1] = run.start_time
    run.ds.seed_report_id = 1

    reports = run.sizes.reports
    remaining = claims - len(seed_claims)
    per_report = [remaining // (reports - 1)] * (reports - 1)
    for i in range(remaining - sum(per_report)):
        per_report[i] += 1
    for report_id, count in enumerate(per_report, start=2):
        imported = run.start_time + timedelta(
            seconds=run.span * (report_id - 1) / reports
        )
        _make_synthetic_report(run, report_id, count, imported)


def _make_synthetic_report(
    run: _Run, report_id: int, count: int, imported: datetime
) -> None:
    """A report of ``count`` generated sentences, a section every 40."""
    rng = run.rng
    title = f"{rng.choice(TOPICS)} in China: desk report {report_id}"
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
        text, topic = _sentence(rng, len(run.claims_found) + 1)
        claim_id = _add_claim(run, text, topic, imported)
        _add_appearance(
            run,
            claim_id,
            report_id,
            path,
            " > ".join(path),
            text,
            offset,
            offset + len(text),
            line,
        )
        paragraph = text + "\n\n"
        parts.append(paragraph)
        offset += len(paragraph)
        line += 2
    run.reports.append((report_id, title, "".join(parts)))
    run.report_imported[report_id] = imported


def _write_reports(run: _Run) -> None:
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
            "format",
            "original",
            "author",
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
                run.ds.editor_id,
                run.report_imported[pk],
                "",  # rendered at the end, as the import does
                "",
                "markdown",
                "",  # generated reports have no stored original
                "",
            )
            for pk, title, text in run.reports
        ),
    )


def _make_claim_histories(run: _Run) -> None:
    """Each claim's status, evidence, reviews and decision, and the audit events
    of each step, filed under the claim."""
    rng, ds, sizes = run.rng, run.ds, run.sizes
    statuses = [s for s, _ in STATUS_SHARES]
    weights = [w for _, w in STATUS_SHARES]
    ds.target_claim_id = sizes.claims // 2 + 1
    non_new = []
    for claim_id, *_rest in run.claims_found:
        status = rng.choices(statuses, weights)[0]
        if claim_id == ds.target_claim_id:
            status = "published"
        run.status_of[claim_id] = status
        if status != "new":
            non_new.append(claim_id)
    eligible_reviews = [
        c for c in non_new if run.status_of[c] in {"in_review", "published"}
    ]
    run.appearance_of = {row[1]: row for row in run.appearances}
    evidence_per = max(1, round(sizes.evidence / max(1, len(non_new))))
    reviews_per = max(1, round(sizes.reviews / max(1, len(eligible_reviews))))
    for claim in run.claims_found:
        _make_claim_history(run, *claim, evidence_per, reviews_per)


class _Clock:
    """A claim's own time: each step happens a random while after the one before,
    never after the generation's "now"."""

    def __init__(self, run: _Run, start: datetime):
        self.at = start
        self._run = run
        self._most = max(60.0, (run.now - start).total_seconds() - 60) / 12

    def tick(self) -> datetime:
        step = timedelta(seconds=self._run.rng.uniform(1, self._most))
        self.at = min(self._run.now, self.at + step)
        return self.at


def _make_claim_history(
    run: _Run,
    claim_id: int,
    text: str,
    topic: str,
    created: datetime,
    evidence_per: int,
    reviews_per: int,
) -> None:
    """One claim's way to its status, its audit events, and its claims_claim row."""
    rng, ds = run.rng, run.ds
    status = run.status_of[claim_id]
    label = text if len(text) <= 120 else text[:117] + "…"
    clock = _Clock(run, created)
    events = [(created, None, "claim.created", "claims.claim", claim_id, label, {}, "")]
    assignee = None
    verdict = ""
    published_at = None
    reason = ""
    kind = rng.choice(KINDS)
    if status == "not_checkable":
        editor = rng.choice(ds.editor_ids)
        reason = "An opinion, not a checkable statement of fact."
        events.append(
            (clock.tick(), editor, "claim.marked_not_checkable", "claims.claim",
             claim_id, label, {"from": "new", "to": "not_checkable", "reason": reason},
             "")
        )  # fmt: skip
    elif status != "new":
        assignee = rng.choice(ds.researcher_ids)
        evidence_ids = _research(
            run, claim_id, label, assignee, clock, events, evidence_per
        )
        if status in {"in_review", "published"}:
            first_review = len(run.reviews)
            review = _review(
                run, claim_id, assignee, evidence_ids[0], clock, events, reviews_per
            )
            events.append(
                (clock.tick(), assignee, "claim.submitted_for_review", "claims.claim",
                 claim_id, label, {"from": "researching", "to": "in_review"}, "")
            )  # fmt: skip
            if status == "published":
                verdict = _approve(run, claim_id, label, review, clock, events)
                published_at = clock.at
                _publish_version(
                    run,
                    claim_id,
                    text,
                    topic,
                    run.reviews[first_review:],
                    review[0],
                    evidence_ids[0],
                    events,
                )
    if claim_id == ds.target_claim_id:
        # The claim page is measured on a claim with a long timeline.
        while len(events) < 50:
            events.append(
                (clock.tick(), ds.editor_id, "claim.changed", "claims.claim", claim_id,
                 label, {"changes": {"topic": {"old": topic, "new": topic}}},
                 "Checked the wording")
            )  # fmt: skip
    run.events.extend((*event, claim_id) for event in events)
    run.claim_rows.append(
        (claim_id, text, _fingerprint(text), topic, kind, round(rng.random(), 3),
         status, assignee, 1, verdict, published_at, published_at, reason, 1,
         created, "", "", "organisation", None, "")
    )  # fmt: skip
    run.updated_at[claim_id] = clock.at


def _research(
    run: _Run,
    claim_id: int,
    label: str,
    assignee: int,
    clock: _Clock,
    events: list,
    evidence_per: int,
) -> list[int]:
    """The assignee starts research and adds evidence; returns the evidence ids."""
    rng = run.rng
    is_target = claim_id == run.ds.target_claim_id
    events.append(
        (clock.tick(), assignee, "claim.research_started", "claims.claim", claim_id,
         label, {"from": "new", "to": "researching",
                 "changes": {"assignee": {"old": None,
                                          "new": run.usernames[assignee]}}},
         "")
    )  # fmt: skip
    count = 20 if is_target else rng.randint(max(1, evidence_per - 2), evidence_per + 2)
    evidence_ids = []
    for _ in range(count):
        evidence_id = len(run.evidence) + 1
        source = rng.randint(1, run.sizes.sources)
        at = clock.tick()
        # One in twenty is removed an hour later (never the target claim's).
        removed = rng.random() < 0.05 and not is_target
        run.evidence.append(
            (evidence_id, claim_id, source, rng.choice(
                ["supports", "supports", "refutes", "context"]
            ), f"Table {rng.randint(1, 9)} gives the figure.",
             f"p. {rng.randint(1, 300)}", assignee, at,
             at + timedelta(hours=1) if removed else None,
             assignee if removed else None)
        )  # fmt: skip
        evidence_ids.append(evidence_id)
        events.append(
            (at, assignee, "evidence.added", "claims.evidence", evidence_id,
             f"Supports: source {source}", {"source": f"source {source}"}, "")
        )  # fmt: skip
    return evidence_ids


def _review(
    run: _Run,
    claim_id: int,
    assignee: int,
    cited_evidence: int,
    clock: _Clock,
    events: list,
    reviews_per: int,
) -> tuple[int, str]:
    """Reviews by researchers, the assignee among them; returns the assignee's
    (review id, rating)."""
    rng = run.rng
    reviewers = rng.sample(run.ds.researcher_ids, min(reviews_per, 20))
    if assignee not in reviewers:
        reviewers[0] = assignee
    assignees_review = None
    for reviewer in reviewers:
        review_id = len(run.reviews) + 1
        at = clock.tick()
        rating = rng.choice(VERDICTS)
        run.reviews.append(
            (review_id, claim_id, reviewer, 1, rating, rng.choice(RATIONALES),
             rng.choice(["low", "medium", "high"]), at)
        )  # fmt: skip
        run.cited.append((len(run.cited) + 1, review_id, cited_evidence))
        events.append(
            (at, reviewer, "review.submitted", "reviews.review", review_id,
             f"review {review_id}", {"rating": rating}, "")
        )  # fmt: skip
        if reviewer == assignee:
            assignees_review = (review_id, rating)
    return assignees_review


def _approve(
    run: _Run,
    claim_id: int,
    label: str,
    review: tuple[int, str],
    clock: _Clock,
    events: list,
) -> str:
    """An editor approves the assignee's verdict; returns it."""
    editor = run.rng.choice(run.ds.editor_ids)
    at = clock.tick()
    review_id, verdict = review
    run.decisions.append(
        (len(run.decisions) + 1, claim_id, 1, "approve", editor, review_id, "",
         "", False, verdict, "", False, at)
    )  # fmt: skip
    events.append(
        (at, editor, "claim.approved", "claims.claim", claim_id, label,
         {"from": "in_review", "to": "published",
          "changes": {"verdict": {"old": "", "new": verdict}},
          "verdict_version": 1}, "")
    )  # fmt: skip
    return verdict


def _publish_version(
    run: _Run,
    claim_id: int,
    text: str,
    topic: str,
    reviews: list[tuple],
    review_id: int,
    evidence_id: int,
    events: list,
) -> None:
    """Version 1 of the verdict just approved, as ``reviews.approval.build_version``
    makes it, and its ``verdict.published`` event."""
    from reviews.approval import content_digest

    decision = run.decisions[-1]
    editor, at = decision[4], decision[-1]
    evidence = run.evidence[evidence_id - 1]
    source = run.sources[evidence[2]]
    appearance = run.appearance_of[claim_id]
    report_title = run.reports[appearance[2] - 1][1]
    rationale = next(r[5] for r in reviews if r[0] == review_id)
    content = {
        "text": text,
        "topic": topic,
        "short_claim": "",
        "claimant": "",
        "claimant_kind": "organisation",
        "claim_date": None,
        "language": "",
        "rating": decision[9],
        "rationale": rationale,
        "evidence": [
            {
                "id": evidence[0],
                "stance": evidence[3],
                "excerpt": evidence[4],
                "locator": evidence[5],
                "source": {
                    "id": source[0],
                    "url": source[1],
                    "title": source[2],
                    "publisher": source[3],
                    "kind": source[4],
                    "archive_url": source[7],
                    "published_on": source[5].isoformat(),
                },
                "snapshot": None,
            }
        ],
        "appearances": [
            {
                "report_id": appearance[2],
                "title": report_title,
                "publisher": "ClaimTrail bench",
                "url": "",
                "published_on": "2025-01-01",
                "section": appearance[4],
                "line": appearance[8],
                "quote": appearance[5],
            }
        ],
        "reviewers": [
            {
                "id": reviewer,
                "name": run.usernames[reviewer].title(),
                "rating": rating,
                "role": "researcher" if pk == review_id else "second opinion",
            }
            for pk, _claim, reviewer, _round, rating, *_rest in reviews
        ],
        "correction_note": "",
    }
    digest = content_digest(claim_id, 1, content)
    version_id = len(run.verdict_versions) + 1
    run.verdict_versions.append(
        (version_id, claim_id, 1, decision[0],
         *(content[name] for name in _VERSION_COLUMNS[4:16]),
         editor, run.usernames[editor].title(), "", at, digest)
    )  # fmt: skip
    events.append(
        (at, editor, "verdict.published", "reviews.verdictversion", version_id,
         f"Claim #{claim_id}, verdict version 1",
         {"claim_id": claim_id, "number": 1, "rating": decision[9],
          "decision_id": decision[0], "content_sha256": digest}, "")
    )  # fmt: skip


_VERSION_COLUMNS = [
    "id", "claim_id", "number", "decision_id", "text", "topic", "short_claim",
    "claimant", "claimant_kind", "claim_date", "language", "rating", "rationale",
    "evidence", "appearances", "reviewers", "approved_by_id", "approved_by_name",
    "correction_note", "published_at", "content_sha256",
]  # fmt: skip


def _pad_audit_trail(run: _Run) -> None:
    """Edits until the trail has ten events per claim, and each report's import."""
    rng, ds, now = run.rng, run.ds, run.now
    others = [c for c, *_ in run.claims_found if c != ds.target_claim_id] or [1]
    pad = max(0, run.sizes.audit_events - len(run.events) - len(run.reports))
    created_of = {claim_id: created for claim_id, _t, _p, created in run.claims_found}
    for _ in range(pad):
        claim_id = rng.choice(others)
        since = created_of[claim_id]
        at = since + timedelta(seconds=rng.uniform(1, (now - since).total_seconds()))
        run.events.append(
            (at, rng.choice(ds.editor_ids), "claim.changed", "claims.claim", claim_id,
             f"claim {claim_id}",
             {"changes": {"kind": {"old": "event", "new": "statistic"}}},
             "Tidied the classification", claim_id)
        )  # fmt: skip
        if at > run.updated_at[claim_id]:
            run.updated_at[claim_id] = at
    for report_id, imported in run.report_imported.items():
        run.events.append(
            (imported - timedelta(seconds=1), ds.editor_id, "report.imported",
             "claims.report", report_id, f"report {report_id}", {}, "", None)
        )  # fmt: skip


def _write_claims(run: _Run) -> None:
    """The claims (last changed at their last event) and their appearances."""
    claim_columns = [
        "id", "text", "fingerprint", "topic", "kind", "checkworthiness", "status",
        "assignee_id", "review_round", "verdict", "published_at",
        "first_published_at", "not_checkable_reason", "version", "created_at",
        "short_claim", "claimant", "claimant_kind", "claim_date", "language",
        "updated_at", "due_on", "priority", "context", "triage_features",
    ]  # fmt: skip
    insert_rows(
        "claims_claim",
        claim_columns,
        # No due date, normal priority: the values a new claim gets.
        ((*row, run.updated_at[row[0]], None, 2, "", []) for row in run.claim_rows),
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
            "not_a_claim",
        ],
        ((*row, "") for row in run.appearances),
    )


def _write_claim_work(run: _Run) -> None:
    """Evidence, reviews with the evidence they cite, editors' decisions, and the
    verdict versions the approvals published."""
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
        run.evidence,
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
        run.reviews,
    )
    insert_rows(
        "reviews_review_cited_evidence", ["id", "review_id", "evidence_id"], run.cited
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
            "public_note",
            "published_despite_disagreement",
            "verdict",
            "previous_verdict",
            "is_correction",
            "created_at",
        ],
        run.decisions,
    )
    insert_rows("reviews_verdictversion", _VERSION_COLUMNS, run.verdict_versions)


def _finish_database() -> int:
    """Sequences past the generated ids, the search index, and the rows the
    services keep (tallies, each report's rendered Markdown), which bulk rows
    went past; returns how many tallies."""
    from claims import search
    from claims.models import Report
    from claims.services.imports import report_store_html
    from claims.services.tallies import claim_tallies_rebuild

    _reset_sequences()
    search.install(connection)
    with transaction.atomic():
        tallies = claim_tallies_rebuild()
        for report in Report.objects.only("id", "text"):
            report_store_html(report=report)
    _analyse()
    return tallies


def _described(run: _Run, *, audit_events: int) -> Dataset:
    ds = run.ds
    ds.published_claim_id = next(
        claim_id
        for claim_id, *_rest in run.claim_rows
        if run.status_of[claim_id] == "published"
    )
    ds.new_claim_ids = [
        claim_id for claim_id, *_r in run.claim_rows if run.status_of[claim_id] == "new"
    ]
    ds.counts = {
        "claims": len(run.claim_rows),
        "evidence": len(run.evidence),
        "reviews": len(run.reviews),
        "decisions": len(run.decisions),
        "verdict_versions": len(run.verdict_versions),
        "sources": run.sizes.sources,
        "reports": len(run.reports),
        "appearances": len(run.appearances),
        "audit_events": audit_events,
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

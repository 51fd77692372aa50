"""One benchmark run: a fresh database at one scale, then every measured request.

Run by ``benchmarks.run`` in a child process per (database, scale), so that each
run starts Django against its own database and its memory is measured alone:

    python -m benchmarks.measure --claims 10000 --out result.json [--database-url URL]
        [--data-dir DIR]

The pages are found by URL name or path; one that is not routed (or answers 404)
in this tree is reported as "not built yet" and skipped.
"""

import argparse
import base64
import json
import os
import re
import statistics
import sys
import time
import tracemalloc
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

DATA_DIR = Path(__file__).resolve().parent / "data"
PAGE_SIZE = 50
# The external fact-checks that matched_claim adds to a dataset.
BENCH_FACT_CHECKS = "https://factcheck.example.org/benchmark/"


@dataclass
class Target:
    """A page to measure, found by the first URL name or path that is routed."""

    key: str
    label: str
    names: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    args: str = ""  # which dataset id the URL takes: "target", "published", "seed"
    query: dict = field(default_factory=dict)
    anonymous: bool = False
    deep: str = ""  # "claims" or "events": how far a deep page goes
    group: str = "pages"
    budget: bool = True


CLAIM_LIST = {"names": ["desk:claim_list", "desk:list"], "paths": ["/claims/"]}
AUDIT_LOG = {
    "names": [
        "desk:audit_log",
        "audit:event_list",
        "audit:log",
        "audit:audit_log",
        "audit:index",
    ],
    "paths": ["/audit/"],
}
API_CLAIMS = {
    "names": ["api:v1:claim-list", "api:claim-list"],
    "paths": ["/api/v1/claims/"],
}
API_AUDIT = {
    "names": ["api:v1:audit-event-list", "api:auditevent-list"],
    "paths": ["/api/v1/audit/events/", "/api/v1/audit/"],
}
API_SOURCES = {"names": ["api:v1:source-list"], "paths": ["/api/v1/sources/"]}
API_NOTIFICATIONS = {
    "names": ["api:v1:notification-list"],
    "paths": ["/api/v1/notifications/"],
}
API_VERDICTS = {"names": ["api:v1:verdict_search"], "paths": ["/api/v1/verdicts/"]}

TARGETS = [
    Target("claims_first", "Claims list, first page", **CLAIM_LIST),
    Target("claims_deep", "Claims list, page 1,000", **CLAIM_LIST, deep="claims"),
    Target(
        "claims_filtered",
        "Claims list, status + kind",
        **CLAIM_LIST,
        query={"status": "{status}", "kind": "{kind}"},
    ),
    Target("claims_search", "Claims list, search", **CLAIM_LIST, query={"q": "{q}"}),
    Target(
        "claim_page",
        "Claim page (20 evidence, 50 events)",
        names=["desk:claim_detail"],
        args="target",
    ),
    Target(
        "claim_matches",
        "Claim page with matches panel (5 claims, 3 fact-checks)",
        names=["desk:claim_detail"],
        args="matched",
    ),
    Target(
        "claim_evidence",
        "Claim page, researching (evidence form)",
        names=["desk:claim_detail"],
        args="researching",
    ),
    Target(
        "review_queue",
        "Review queue",
        names=[
            "desk:review_queue",
            "reviews:review_queue",
            "reviews:queue",
            "desk:queue_review",
        ],
        paths=["/review/", "/reviews/", "/queue/review/", "/queue/"],
    ),
    Target("sources_first", "Sources list, first page", names=["desk:source_list"]),
    Target(
        "sources_deep",
        "Sources list, deep page",
        names=["desk:source_list"],
        deep="sources",
    ),
    Target(
        "sources_search",
        "Sources list, search of two words",
        names=["desk:source_list"],
        query={"q": "statistics example"},
    ),
    Target("audit_first", "Audit log, first page", **AUDIT_LOG),
    Target("audit_deep", "Audit log, deep page", **AUDIT_LOG, deep="events"),
    Target("api_claims", "API claim list", **API_CLAIMS),
    # The other lists of the API (issue 17: "API list endpoints stay within their
    # budgets"), each as a client reads it first.
    Target("api_sources", "API source list", **API_SOURCES),
    Target("api_audit", "API audit, first page", **API_AUDIT),
    Target("api_audit_deep", "API audit, deep cursor", **API_AUDIT, deep="events"),
    # The generated data has no notifications (the dispatcher's cursor starts
    # at the head): this times the list's own cost, an empty page.
    Target("api_notifications", "API notifications", **API_NOTIFICATIONS),
    Target(
        "api_verdicts",
        "API public verdict search (no sign-in)",
        **API_VERDICTS,
        anonymous=True,
    ),
    Target(
        "api_verdicts_search",
        "API public verdict search, q",
        **API_VERDICTS,
        query={"q": "{q}"},
        anonymous=True,
    ),
    Target(
        "report_reader",
        "Report reader (seed report)",
        names=["desk:report_detail", "desk:report_read", "desk:report_reader"],
        args="seed",
    ),
    Target(
        "public_verdict",
        "Public verdict page",
        names=[
            "reviews:verdict_detail",
            "reviews:public_verdict",
            "reviews:verdict",
            "reviews:claimreview_detail",
        ],
        paths=["/verdicts/{published}/"],
        args="published",
        anonymous=True,
    ),
    Target(
        "public_feed",
        "ClaimReview feed, first page (100 verdicts)",
        names=["reviews:feed"],
        paths=["/verdicts/feed.json"],
        anonymous=True,
    ),
    Target(
        "public_list",
        "Public verdicts list",
        names=["reviews:verdict_list"],
        paths=["/verdicts/"],
        anonymous=True,
    ),
    Target(
        "dashboard",
        "Dashboard (not in issue 7's list)",
        names=["desk:dashboard"],
        paths=["/"],
        budget=False,
    ),
    Target(
        "admin_claims",
        "Admin claims changelist",
        paths=["/admin/claims/claim/"],
        group="comparison",
        budget=False,
    ),
    Target(
        "admin_search",
        "Admin claims changelist, search",
        paths=["/admin/claims/claim/"],
        query={"q": "{q}"},
        group="comparison",
        budget=False,
    ),
]

EXPORTS = [
    ("verdicts_csv", ["reviews:export_csv", "reviews:verdicts_csv"], ["/verdicts/export.csv"]),
    ("audit_csv", ["desk:audit_export", "audit:event_export", "audit:export_csv"], ["/audit/export.csv"]),
    ("claims_csv", ["desk:export_csv", "desk:claim_export"], ["/claims/export.csv"]),
]  # fmt: skip


# --- database set-up (before Django starts) --------------------------------------


def configure(claims: int, database_url: str, data_dir: Path = DATA_DIR) -> str:
    """Point the settings at a fresh benchmark database; returns its label."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.test_settings"
    os.environ["AXES_ENABLED"] = "0"
    if database_url:
        parts = urlsplit(database_url)
        name = parts.path.lstrip("/") or "claimtrail"
        bench = f"{name}_bench_{claims}"
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + bench))
        # The app's own connection lifetime (persistent, as deployed): with 0,
        # every request would pay for a new PostgreSQL connection.
        os.environ.pop("DB_CONN_MAX_AGE", None)
        return bench
    os.environ.pop("DATABASE_URL", None)
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / f"bench-{claims}.sqlite3"
    os.environ["SQLITE_PATH"] = str(path)
    return str(path)


def recreate_database(label: str, database_url: str) -> None:
    if database_url:
        import psycopg

        parts = urlsplit(database_url)
        admin_url = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{label}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{label}"')
        return
    for suffix in ("", "-wal", "-shm"):
        Path(label + suffix).unlink(missing_ok=True)


def drop_database(label: str, database_url: str) -> None:
    from django.db import connections

    connections.close_all()
    if database_url:
        import psycopg

        parts = urlsplit(database_url)
        admin_url = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{label}" WITH (FORCE)')
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(label + suffix).unlink(missing_ok=True)


# --- timing ------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(round(fraction * len(ordered) + 0.5)) - 1))
    return ordered[index]


def _sample(call) -> tuple[float, float, list, object]:
    """One run of ``call()``: wall ms, CPU ms, the queries, the response."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    # The connection's query log keeps the last 9,000 queries: once full, its
    # length stops growing and a capture (a slice by length) counts none. A run
    # makes more than that on a kept PostgreSQL connection.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        started, started_cpu = time.perf_counter(), time.process_time()
        result = call()
        wall = (time.perf_counter() - started) * 1000
        cpu = (time.process_time() - started_cpu) * 1000
    return wall, cpu, captured.captured_queries, result


def _summary(times, cpu, queries, status, sql) -> dict:
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        # CPU time of this process (Python, and SQLite, which runs in-process; not
        # PostgreSQL's server): what a busy machine's waiting does not inflate.
        "cpu_ms": round(statistics.median(cpu), 2),
        # The median: a user's groups are cached after the first permission check,
        # so a count can differ by one between runs without depending on the data.
        "queries": int(statistics.median_low(queries)),
        "queries_min": min(queries),
        "queries_max": max(queries),
        "status": status,
        "sql": [q["sql"][:300] for q in sql],
    }


def calibration_us() -> float:
    """This machine's speed now: µs for ``sum(range(1000))`` (lower is faster)."""
    started = time.perf_counter()
    for _ in range(200):
        sum(range(1000))
    return (time.perf_counter() - started) / 200 * 1e6


def interleaved(calls: dict, repeat: int, speed: list | None = None) -> dict:
    """Time every call ``repeat`` times, one round over all of them at a time.

    On a shared machine the load changes from minute to minute; measuring request
    after request in rounds spreads those changes over all of them alike, so that
    ratios (deep page / first page, list / admin, page / floor) compare like with
    like. The order rotates each round. Each call runs once first, to warm up.
    """
    for call in calls.values():
        call()
    samples = {key: ([], [], [], None, []) for key in calls}
    keys = list(calls)
    for round_number in range(repeat):
        if speed is not None:
            speed.append(calibration_us())
        shift = round_number % len(keys)
        for key in keys[shift:] + keys[:shift]:
            wall, cpu, sql, result = _sample(calls[key])
            times, cpus, queries, status, _ = samples[key]
            times.append(wall)
            cpus.append(cpu)
            queries.append(len(sql))
            status = getattr(result, "status_code", status)
            samples[key] = (times, cpus, queries, status, sql)
    return {key: _summary(*value) for key, value in samples.items()}


# --- finding pages -----------------------------------------------------------------


def find_url(target: Target, ids: dict) -> str | None:
    from django.urls import NoReverseMatch, Resolver404, resolve, reverse

    args = [ids[target.args]] if target.args else []
    for name in target.names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    for path in target.paths:
        path = path.format(**ids)
        try:
            resolve(path)
            return path
        except Resolver404:
            continue
    return None


_NEXT = re.compile(
    r'href="([^"]*[?&](?:page|p|cursor|before|after)=[^"]*)"[^>]*>', re.IGNORECASE
)


def next_link(response) -> str | None:
    """The next-page link of a list page (HTML) or of a DRF response (JSON)."""
    content_type = response.get("Content-Type", "")
    if "json" in content_type:
        try:
            body = json.loads(response.content)
        except ValueError:
            return None
        return body.get("next") if isinstance(body, dict) else None
    html = response.content.decode("utf-8", "replace")
    rel_next = re.search(r'<a[^>]*rel="next"[^>]*href="([^"]+)"', html) or re.search(
        r'<a[^>]*href="([^"]+)"[^>]*rel="next"', html
    )
    if rel_next:
        return rel_next.group(1).replace("&amp;", "&")
    match = _NEXT.search(html)
    return match.group(1).replace("&amp;", "&") if match else None


def deepen(url: str, link: str | None, total: int, kind: str = "events") -> str:
    """A URL of a deep page: page 1,000 (or the last), or 90% down a cursor.

    A claims list paginated by keyset (``?after=<id>`` of the last row shown) is
    sent to the row that starts page 1,000 of the default order (ids run from 1),
    the same depth as ``?page=1000``, without an OFFSET.
    """
    parts = urlsplit(url)
    params = dict(parse_qsl(parts.query))
    deep_page = max(1, min(1000, total // PAGE_SIZE))
    if kind == "claims" and link:
        link_params = dict(parse_qsl(urlsplit(link).query))
        if link_params.get("after", "").isdigit():
            params["after"] = str((deep_page - 1) * PAGE_SIZE)
            return urlunsplit(parts._replace(query=urlencode(params)))
    if link:
        link_params = dict(parse_qsl(urlsplit(link).query))
        if "cursor" in link_params:
            raw = link_params["cursor"]
            decoded = dict(parse_qsl(base64.b64decode(raw + "==").decode()))
            position = decoded.get("p", "")
            if position.isdigit():
                decoded["p"] = str(
                    total // 10 if int(position) > total // 2 else total * 9 // 10
                )
            params["cursor"] = base64.b64encode(urlencode(decoded).encode()).decode()
            return urlunsplit(parts._replace(query=urlencode(params)))
        for key in ("before", "after"):
            if link_params.get(key, "").isdigit():
                value = int(link_params[key])
                params[key] = str(
                    total // 10 if value > total // 2 else total * 9 // 10
                )
                return urlunsplit(parts._replace(query=urlencode(params)))
        if "p" in link_params and "page" not in link_params:
            params["p"] = str(deep_page)
            return urlunsplit(parts._replace(query=urlencode(params)))
    params["page"] = str(deep_page)
    return urlunsplit(parts._replace(query=urlencode(params)))


# --- the floor: the same rows with one raw query and json.dumps -------------------


def floors(ds) -> dict:
    from django.db import connection

    from claims.search import FTS_TABLE, PG_CONFIG, PG_DOCUMENT

    claim_columns = (
        "SELECT c.id, c.text, c.topic, c.kind, c.status, c.verdict, "
        "c.checkworthiness, c.updated_at, u.username FROM claims_claim c "
        "LEFT JOIN auth_user u ON u.id = c.assignee_id"
    )
    deep_after = (
        max(1, min(1000, ds["counts"]["claims"] // PAGE_SIZE)) - 1
    ) * PAGE_SIZE
    if connection.vendor == "sqlite":
        search = (
            f" WHERE c.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
        )
        search_param = f'"{ds["search_word"]}"*'
    else:
        search = (
            f" WHERE {PG_DOCUMENT.format(table='c')} @@ "
            f"websearch_to_tsquery('{PG_CONFIG}'::regconfig, %s)"
        )
        search_param = ds["search_word"]
    events = ds["counts"]["audit_events"]
    audit_columns = (
        "SELECT seq, at, actor_label, action, subject_type, subject_id, "
        "subject_label, scope_type, scope_id, data, comment FROM audit_auditevent"
    )
    queries = {
        "claims_first": (f"{claim_columns} ORDER BY c.id LIMIT 50", []),
        "claims_deep": (
            f"{claim_columns} WHERE c.id > %s ORDER BY c.id LIMIT 50",
            [deep_after],
        ),
        "claims_filtered": (
            f"{claim_columns} WHERE c.status = %s AND c.kind = %s "
            "ORDER BY c.id LIMIT 50",
            [ds["filter_status"], ds["filter_kind"]],
        ),
        "claims_search": (
            f"{claim_columns}{search} ORDER BY c.id LIMIT 50",
            [search_param],
        ),
        "api_claims": (f"{claim_columns} ORDER BY c.id LIMIT 50", []),
        "audit_first": (f"{audit_columns} ORDER BY seq DESC LIMIT 50", []),
        "audit_deep": (
            f"{audit_columns} WHERE seq < %s ORDER BY seq DESC LIMIT 50",
            [events // 10],
        ),
        "api_audit_deep": (
            f"{audit_columns} WHERE seq < %s ORDER BY seq DESC LIMIT 50",
            [events // 10],
        ),
    }

    def run(sql, params):
        def call():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                names = [c[0] for c in cursor.description]
                rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            return json.dumps(rows, default=str)

        return call

    return {key: run(sql, params) for key, (sql, params) in queries.items()}


# --- memory ------------------------------------------------------------------------


def _rss_kb(field_name: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1])
    return 0


def measure_export(client, url: str, *, trace: bool = True) -> dict:
    """Peak growth of the process (RSS high-water mark, tracemalloc) over one export.

    tracemalloc slows Python several times over; the audit trail's export (a million
    rows at 100,000 claims) is measured by its RSS high-water mark alone.
    """
    import gc

    gc.collect()
    try:
        Path("/proc/self/clear_refs").write_text("5")  # reset the RSS high-water mark
        rss_reset = True
    except OSError:
        rss_reset = False
    before = _rss_kb("VmRSS")
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    response = client.get(url)
    size = 0
    rows = 0
    if getattr(response, "streaming", False):
        for chunk in response.streaming_content:
            size += len(chunk)
            rows += chunk.count(b"\n")
    else:
        size = len(response.content)
        rows = response.content.count(b"\n")
    elapsed = time.perf_counter() - started
    traced_peak = 0
    if trace:
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    peak = _rss_kb("VmHWM") if rss_reset else _rss_kb("VmRSS")
    return {
        "url": url,
        "status": response.status_code,
        "streaming": bool(getattr(response, "streaming", False)),
        "rows": rows,
        "bytes": size,
        "seconds": round(elapsed, 2),
        "rss_growth_mb": round(max(0, peak - before) / 1024, 1),
        "traced_peak_mb": round(traced_peak / 1024 / 1024, 1) if trace else None,
    }


# --- the run -----------------------------------------------------------------------


# --- delivery off the request ---------------------------------------------------------


def delivery_baseline() -> dict:
    """Before the workflow actions: the dispatcher caught up with the generated trail
    (as a worker running alongside the desk would be), and what is queued already."""
    from django.db.models import Max

    from audit.models import AuditEvent
    from collab.models import Cursor, Notification
    from collab.services.dispatch import DISPATCHER

    head = AuditEvent.objects.aggregate(head=Max("seq"))["head"] or 0
    Cursor.objects.update_or_create(name=DISPATCHER, defaults={"position": head})
    return {
        "head": head,
        "tasks": _ready_tasks(),
        "notifications": Notification.objects.count(),
    }


def _ready_tasks() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="READY").count()


def measure_delivery(start: dict) -> dict:
    """What the timed workflow actions left to the worker, and the worker's run.

    A request only enqueues the dispatcher (one row in the task table, after its
    commit); notifications and e-mails are written by ``db_worker --batch`` here,
    after the timing, as ``make run``'s worker would write them.
    """
    from django.conf import settings
    from django.core import mail
    from django.db.models import Max

    from audit.models import AuditEvent
    from collab.models import Notification
    from config.tasks import db_worker_batch

    events = (AuditEvent.objects.aggregate(head=Max("seq"))["head"] or 0) - start[
        "head"
    ]
    queued = _ready_tasks() - start["tasks"]
    before = Notification.objects.count() - start["notifications"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    wall, cpu = time.perf_counter(), time.process_time()
    db_worker_batch()
    return {
        "audit_events": events,
        "tasks_queued_by_requests": queued,
        "notifications_before_worker": before,
        "notifications_after_worker": Notification.objects.count()
        - start["notifications"],
        "emails_sent": len(mail.outbox),
        "worker_s": round(time.perf_counter() - wall, 2),
        "worker_cpu_s": round(time.process_time() - cpu, 2),
        "tasks_left": _ready_tasks(),
    }


def run(
    claims: int,
    repeat: int,
    database_url: str,
    keep: bool,
    reuse: bool,
    data_dir: Path = DATA_DIR,
) -> dict:
    label = configure(claims, database_url, data_dir)
    meta_path = data_dir / (f"{'pg' if database_url else 'sqlite'}-{claims}.json")
    reused = reuse and meta_path.exists() and (database_url or Path(label).exists())
    if not reused:
        recreate_database(label, database_url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.generate import Dataset, Sizes, generate

    result: dict = {"claims": claims, "database": label}
    started = time.perf_counter()
    if reused:
        # Migrations merged since the data was made still apply to it.
        call_command("migrate", verbosity=0, interactive=False)
        ds_dict = json.loads(meta_path.read_text())
        print(f"[{connection.vendor} {claims}] reusing {label}", flush=True)
    else:
        call_command("migrate", verbosity=0, interactive=False)
        print(f"[{connection.vendor} {claims}] generating into {label}", flush=True)
        ds = generate(claims, progress=lambda msg: print(msg, flush=True))
        ds_dict = asdict(ds)
        ds_dict["sizes"] = asdict(ds.sizes)
        ds_dict["generate_seconds"] = round(time.perf_counter() - started, 1)
        data_dir.mkdir(parents=True, exist_ok=True)
        meta_path.write_text(json.dumps(ds_dict))
    # On reuse, report how long the kept data took to make, not the 0 s of reuse.
    result["generate_seconds"] = ds_dict.get(
        "generate_seconds", round(time.perf_counter() - started, 1)
    )
    result["vendor"] = connection.vendor
    result["counts"] = ds_dict["counts"]
    Dataset(sizes=Sizes(**ds_dict["sizes"]))  # the shape is checked on reuse
    print(
        f"[{connection.vendor} {claims}] data ready in {result['generate_seconds']} s",
        flush=True,
    )
    try:
        result.update(measure_all(ds_dict, repeat))
    finally:
        if not keep:
            drop_database(label, database_url)
            meta_path.unlink(missing_ok=True)
    return result


def matched_claim(ds: dict) -> int:
    """The claim whose page is measured with a full matches panel: 5 matches with
    claims of other reports and 3 with external fact-checks, suggested (some with
    a researcher's proposal) and resolved mixed. Made here, not by
    ``benchmarks.generate``, so that a kept dataset (--reuse) has them too; a
    second run finds them made."""
    from claims.models import (
        Appearance,
        Claim,
        ClaimMatch,
        ClaimStatus,
        ExternalFactCheck,
        ExternalMatch,
        MatchSource,
    )

    editor, researcher = ds["editor_id"], ds["researcher_ids"][0]
    made = ExternalMatch.objects.filter(fact_check__url__startswith=BENCH_FACT_CHECKS)
    # Published, like the claim page's target, and next to it: the page differs
    # by its panel only. (A claim taking evidence adds the evidence form, measured
    # on its own row; the workflow actions start new claims.) A second run takes
    # the claim the first one chose.
    claim = (
        Claim.objects.filter(pk__in=made.values("claim_id")).first()
        or Claim.objects.filter(
            pk__gt=ds["target_claim_id"],
            merged_into__isnull=True,
            status=ClaimStatus.PUBLISHED,
        )
        .order_by("pk")
        .first()
        or Claim.objects.order_by("pk").first()
    )
    reports = Appearance.objects.filter(claim=claim).values("report_id")
    candidates = (
        Claim.objects.filter(merged_into__isnull=True)
        .exclude(pk=claim.pk)
        .exclude(
            pk__in=Appearance.objects.filter(report_id__in=reports).values("claim_id")
        )
        .order_by("pk")
    )
    # Spread over the ids, so over the reports.
    top = Claim.objects.order_by("-pk").values_list("pk", flat=True).first()
    others: list[tuple] = []
    for fifth in range(5):
        found = (
            candidates.filter(pk__gte=top * fifth // 5)
            .exclude(pk__in=[pk for pk, _ in others])
            .values_list("pk", "first_published_at")
            .first()
        )
        if found:
            others.append(found)
    # (status, proposed, resolved) of each match, best score first.
    mix = [
        ("suggested", "", False),
        ("suggested", "same", False),
        ("distinct", "", True),
        ("suggested", "", False),
        ("distinct", "distinct", True),
    ]
    for n, ((other, published), (status, proposed, resolved)) in enumerate(
        zip(others, mix, strict=False)
    ):
        low, high = sorted((claim.pk, other))
        ClaimMatch.objects.get_or_create(
            claim_id=low,
            other_id=high,
            defaults={
                "score": 80 - 6 * n,
                "features": {"terms": 0.7, "entities": 0.5, "numbers": 1.0},
                "source": MatchSource.PUBLISHED_VERDICT
                if published or claim.first_published_at
                else MatchSource.OTHER_REPORT,
                "status": status,
                "proposed_status": proposed,
                "proposed_by_id": researcher if proposed else None,
                "resolved_by_id": editor if resolved else None,
                "note": "Checked against the report." if proposed or resolved else "",
            },
        )
    for n, (status, proposed, resolved) in enumerate(
        [("suggested", "", False), ("suggested", "same", False), ("same", "", True)]
    ):
        url = f"{BENCH_FACT_CHECKS}{n + 1}"
        text = f"{claim.text[:200]} (as reviewed by fact-checker {n + 1})"
        fact_check, _ = ExternalFactCheck.objects.get_or_create(
            url=url,
            defaults={
                "key": ExternalFactCheck.key_for(url, text),
                "publisher": f"Example Fact Desk {n + 1}",
                "claim_reviewed": text,
                "claimant": "A ministry spokesperson",
                "rating": ["False", "Misleading", "Mostly true"][n],
                "rating_value": [1, 2, 4][n],
                "imported_from": "benchmark",
            },
        )
        ExternalMatch.objects.get_or_create(
            claim=claim,
            fact_check=fact_check,
            defaults={
                "score": 75 - 8 * n,
                "status": status,
                "proposed_status": proposed,
                "proposed_by_id": researcher if proposed else None,
                "resolved_by_id": editor if resolved else None,
            },
        )
    return claim.pk


def researching_claim(ds: dict) -> int:
    """The claim whose page is measured with the evidence form: the first claim
    being researched after the claim page's target, one of the generated data (the
    workflow actions measured start the newest new claims, so a kept dataset gives
    the same claim each run)."""
    from claims.models import Claim, ClaimStatus

    claim = (
        Claim.objects.filter(
            pk__gt=ds["target_claim_id"],
            merged_into__isnull=True,
            status=ClaimStatus.RESEARCHING,
        )
        .order_by("pk")
        .first()
        or Claim.objects.filter(status=ClaimStatus.RESEARCHING).order_by("pk").first()
    )
    return claim.pk if claim else ds["target_claim_id"]


def measure_all(ds: dict, repeat: int) -> dict:  # noqa: C901
    from django.contrib.auth import get_user_model
    from django.test import Client

    from audit.context import audit_context
    from claims.filters import ClaimFilterSet
    from claims.models import Claim
    from claims.selectors import claim_list

    User = get_user_model()
    editor = User.objects.get(pk=ds["editor_id"])
    client = Client()
    client.force_login(editor)
    anonymous = Client()
    ids = {
        "target": ds["target_claim_id"],
        "published": ds["published_claim_id"],
        "seed": ds["seed_report_id"],
        "matched": matched_claim(ds),
        "researching": researching_claim(ds),
    }
    fill = {
        "status": ds["filter_status"],
        "kind": ds["filter_kind"],
        "q": ds["search_word"],
    }
    totals = {
        "claims": ds["counts"]["claims"],
        "events": ds["counts"]["audit_events"],
        "sources": ds["counts"]["sources"],
    }

    requests: dict[str, dict] = {}
    calls: dict = {}  # timed together, in rounds (see interleaved)
    for target in TARGETS:
        entry = {"label": target.label, "group": target.group, "budget": target.budget}
        requests[target.key] = entry
        url = find_url(target, ids)
        if url is None:
            entry["skipped"] = "not built yet"
            print(f"  {target.label}: not built yet (no URL)", flush=True)
            continue
        if target.query:
            url += "?" + urlencode(
                {k: v.format(**fill) for k, v in target.query.items()}
            )
        user_client = anonymous if target.anonymous else client
        if target.deep:
            first = user_client.get(url)
            url = deepen(
                url,
                next_link(first) if first.status_code == 200 else None,
                totals[target.deep],
                target.deep,
            )
        probe = user_client.get(url)
        if probe.status_code == 404:
            entry["skipped"] = "not built yet (404)"
            print(f"  {target.label}: not built yet ({url} answers 404)", flush=True)
            continue
        entry["url"] = url
        calls[target.key] = lambda c=user_client, u=url: c.get(u)

    # The shared read layer without HTML: what every list page builds on.
    def selector(data, offset=0):
        def call():
            qs = ClaimFilterSet(data, queryset=claim_list(user=editor)).qs
            return list(qs[offset : offset + PAGE_SIZE])

        return call

    def selector_count(data):
        return lambda: ClaimFilterSet(data, queryset=claim_list(user=editor)).qs.count()

    deep_offset = (max(1, min(1000, totals["claims"] // PAGE_SIZE)) - 1) * PAGE_SIZE
    selectors = {
        "sel_first": ("FilterSet: first 50", selector({})),
        "sel_deep": ("FilterSet: OFFSET page 1,000", selector({}, deep_offset)),
        "sel_filtered": (
            "FilterSet: status + kind",
            selector({"status": [fill["status"]], "kind": [fill["kind"]]}),
        ),
        "sel_search": ("FilterSet: search", selector({"q": fill["q"]})),
        "sel_search_2": (
            "FilterSet: search, two words",
            selector({"q": f"{fill['q']} deployed"}),
        ),
        "sel_sort_updated": ("FilterSet: sort -updated", selector({"sort": "-updated"})),
        "sel_count": ("FilterSet: COUNT(*) all", selector_count({})),
        "sel_count_search": ("FilterSet: COUNT(*) search", selector_count({"q": fill["q"]})),
    }  # fmt: skip
    for key, (label, call) in selectors.items():
        requests[key] = {"label": label, "group": "selectors", "budget": False}
        calls[key] = call

    # One workflow action (start research), each run on a different new claim: through
    # the service every interface dispatches to, the web page's form and the API.
    from django.urls import reverse

    from reviews.workflow import claim_perform

    # Fresh each run: a kept database (--reuse) has spent some of its new claims.
    fresh = iter(
        Claim.objects.filter(status="new")
        .order_by("-id")
        .values_list("pk", "version")[: 3 * (repeat + 1)]
    )
    researcher = User.objects.get(pk=ds["researcher_ids"][0])

    def via_service():
        pk, _ = next(fresh)
        claim = Claim.objects.get(pk=pk)
        with audit_context(ip="127.0.0.1"):
            return claim_perform(
                "start_research", claim=claim, actor=editor, assignee=researcher
            )

    def via_web():
        pk, version = next(fresh)
        return client.post(
            reverse("desk:claim_action", args=[pk]),
            {
                "action": "start_research",
                "expected_version": version,
                "assignee": researcher.pk,
            },
        )

    def via_api():
        pk, _ = next(fresh)
        return client.post(
            f"/api/v1/claims/{pk}/actions/start_research/",
            {"assignee": researcher.pk},
            content_type="application/json",
        )

    actions = [
        ("workflow_action", "Workflow action (start research, service)", via_service,
         "(in-process)", None),
        ("workflow_web", "Workflow action, web form (POST claim_action)", via_web,
         "/claims/<id>/action/", 302),
        ("workflow_api", "Workflow action, API (POST actions/start_research)",
         via_api, "/api/v1/claims/<id>/actions/start_research/", 200),
    ]  # fmt: skip
    new_count = Claim.objects.filter(status="new").count()
    workflow_timed = new_count >= 3 * (repeat + 1)
    if workflow_timed:
        delivery_start = delivery_baseline()
        for key, label, call, url, expected in actions:
            requests[key] = {
                "label": label,
                "group": "pages",
                "budget": True,
                "url": url,
                "expected_status": expected,
            }
            calls[key] = call

    for key, call in floors(ds).items():
        calls[f"floor:{key}"] = call

    print(f"  timing {len(calls)} requests, {repeat} rounds", flush=True)
    speed: list[float] = []
    timings = interleaved(calls, repeat, speed)
    floor_results = {}
    for key, timing in timings.items():
        if key.startswith("floor:"):
            timing.pop("sql", None)
            floor_results[key.removeprefix("floor:")] = timing
            continue
        entry = requests[key]
        entry.update(timing)
        expected = entry.pop("expected_status", None)
        if expected is not None and entry["status"] != expected:
            raise SystemExit(f"{entry['label']}: answered {entry['status']}")
        print(
            f"  {entry['label'][:40]:40} {entry.get('url', '')[:50]:50} "
            f"{entry['median_ms']:8.1f} ms p95 {entry['p95_ms']:8.1f} "
            f"cpu {entry['cpu_ms']:7.1f}  {entry['queries']:3} queries "
            f"[{entry['status']}]",
            flush=True,
        )

    delivery = measure_delivery(delivery_start) if workflow_timed else {}
    if delivery:
        print(f"  delivery after the workflow actions: {delivery}", flush=True)

    exports = {}
    for key, names, paths in EXPORTS:
        url = find_url(Target(key, key, names=names, paths=paths), ids)
        if url is None:
            exports[key] = {"skipped": "not built yet"}
            continue
        exports[key] = measure_export(client, url, trace=key != "audit_csv")
        print(f"  export {key}: {exports[key]}", flush=True)
    return {
        "requests": requests,
        "floors": floor_results,
        "exports": exports,
        "delivery": delivery,
        "calibration_us": {
            "median": round(statistics.median(speed), 1),
            "min": round(min(speed), 1),
            "max": round(max(speed), 1),
        },
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
        "repeat": repeat,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, required=True)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--out", required=True)
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=DATA_DIR,
        help="where the SQLite database and the dataset's description are kept "
        "(default benchmarks/data/; a scratch directory leaves the kept data alone)",
    )
    args = parser.parse_args(argv)
    result = run(
        args.claims,
        args.repeat,
        args.database_url,
        args.keep,
        args.reuse,
        args.data_dir,
    )
    Path(args.out).write_text(json.dumps(result, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Load test on loopback: gunicorn on PostgreSQL or SQLite, concurrent readers and writers, no lost update.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python -m benchmarks.load --seconds 60 --clients 16 --workers 4
    DATABASE_URL=sqlite:///load.sqlite3 .venv/bin/python -m benchmarks.load ...

It creates a fresh PostgreSQL database next to the one ``DATABASE_URL`` names (or,
for a ``sqlite:///`` URL, a fresh SQLite file in a scratch directory, named
through ``DATABASE_URL`` as well, so that the server gets the hardening that
spelling gets), migrates and seeds it (users, tokens, sources, a report of claims), collects the
static files, starts gunicorn (``config.wsgi``, DEBUG off) on a free port of
127.0.0.1, and runs the clients for a bounded time: each mixes reads (claims list,
claim page, API list, audit log, public verdicts) with workflow actions through the
API (start research, add evidence, submit a review, submit for review, approve or
return, reopen, edit the topic), sending ``If-Match`` half of the time. Then it
stops gunicorn and checks, against the database:

- no 5xx and no transport error;
- no lost update: each claim's version is 1 + the changes the clients saw succeed,
  its transition events are exactly the transitions they saw succeed, and its
  status is the replay of its audit events;
- the audit chain verifies, and so do the signed checkpoints of its head that
  were written every ``--checkpoint-every`` seconds during the run (as
  ``manage.py audit_checkpoint`` from cron would), with one more at the end
  (``verify_audit --checkpoints``).

It prints a table (per endpoint: count, median and p95 latency; 409/412 are
expected under contention), writes it as JSON with ``--json``, and exits 1 if a
check fails. The database is dropped at the end unless ``--keep-db``.
"""

import argparse
import contextlib
import itertools
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = "127.0.0.1"
PASSWORD = "load-test-password-4711"
SECRET_KEY = "load-test-secret-key-" + "x7Kq2mZp9Lw4Rt8Vn3Bc6Hj1Df5Gs0Ya"
TRANSITIONS = {
    "start_research",
    "mark_not_checkable",
    "submit_for_review",
    "return_for_research",
    "approve",
    "reopen",
}


# --- the database and the server -----------------------------------------------


def _database_urls(base_url: str, name: str) -> tuple[str, str]:
    """The server's maintenance database and the new load database, same server."""
    parts = urlsplit(base_url)
    if parts.scheme not in {"postgres", "postgresql"}:
        sys.exit("DATABASE_URL must be a PostgreSQL URL (postgres://...).")
    if parts.hostname not in {LOOPBACK, "localhost", "::1", None}:
        sys.exit(f"Refusing a database on {parts.hostname}: loopback only.")
    return (
        urlunsplit(parts._replace(path="/postgres")),
        urlunsplit(parts._replace(path=f"/{name}")),
    )


def _admin_sql(admin_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def _server_env(
    database_url: str, static_root: str, checkpoint_key: str
) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "TEST_DATABASE"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS=LOOPBACK,
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=static_root,
        LOG_LEVEL="WARNING",
        AUDIT_CHECKPOINT_KEY=checkpoint_key,
    )
    return env


def _start_gunicorn(env: dict, port: int, workers: int, log) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = (
        [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
    )
    return subprocess.Popen(
        [
            *command,
            "config.wsgi:application",
            "--bind",
            f"{LOOPBACK}:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, stopped as one below
    )


def _stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def _wait_until_up(base: str, process: subprocess.Popen, seconds: float = 60) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up; see its log")
        try:
            if requests.get(f"{base}/verdicts/", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer within a minute")


# --- seeding (in this process, through the services) ----------------------------


@dataclass
class Persona:
    username: str
    user_id: int
    token: str
    is_editor: bool


def _setup_django(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _report_text(claims: int) -> str:
    regions = ["Guangdong", "Jiangsu", "Zhejiang", "Shandong", "Sichuan", "Hubei"]
    lines = ["# Load test report", ""]
    for n in range(claims):
        if n % 10 == 0:
            lines += ["", f"## Section {n // 10 + 1}", ""]
        region = regions[n % len(regions)]
        lines.append(
            f"- **Indicator {n}:** Output in {region} grew by {n + 3}.{n % 10}% in "
            f"{2015 + n % 10}, the ministry reported for series {n}."
        )
    return "\n".join(lines) + "\n"


def seed(*, clients: int, claims: int, sources: int) -> tuple[list[Persona], list[int]]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from knox.models import AuthToken

    from audit.context import system_context
    from claims.services.imports import report_import
    from config.roles import EDITORS, RESEARCHERS
    from sources.services import source_create

    User = get_user_model()
    editors = max(2, clients * 3 // 8)
    personas = []
    with system_context("benchmarks.load seed"):
        groups = {
            name: Group.objects.get_or_create(name=name)[0]
            for name in (RESEARCHERS, EDITORS)
        }
        for i in range(clients):
            is_editor = i < editors
            user = User.objects.create_user(
                username=f"{'editor' if is_editor else 'researcher'}{i}",
                password=PASSWORD,
                first_name=f"Load {i}",
                is_staff=is_editor,
            )
            user.groups.set([groups[EDITORS if is_editor else RESEARCHERS]])
            _, token = AuthToken.objects.create(user=user)
            personas.append(Persona(user.username, user.pk, token, is_editor))
        editor = User.objects.get(username=personas[0].username)
        source_ids = [
            source_create(
                actor=editor,
                url=f"https://stats.example.org/table/{n}",
                title=f"Statistical table {n}",
                kind="official_statistics",
            ).pk
            for n in range(sources)
        ]
        report_import(actor=None, text=_report_text(claims), title="Load test report")
    return personas, source_ids


# --- the clients ----------------------------------------------------------------


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    transport_errors: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    other_4xx: list[str] = field(default_factory=list)
    changes: Counter = field(default_factory=Counter)  # claim id -> version bumps
    transitions: Counter = field(default_factory=Counter)  # claim id -> transitions
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(
        self, label: str, status: int | None, seconds: float, detail: str
    ) -> None:
        with self.lock:
            self.latencies[label].append(seconds)
            if status is None:
                self.transport_errors.append(f"{label}: {detail}")
                return
            self.statuses[label][status] += 1
            if status >= 500:
                self.server_errors.append(f"{label} -> {status}: {detail[:300]}")
            elif status >= 400 and status not in (409, 412):
                self.other_4xx.append(f"{label} -> {status}: {detail[:300]}")


class Client:
    """One user: an API token for writes and reads, a web session for the pages."""

    def __init__(self, base: str, persona: Persona, results: Results, seed: int):
        import requests

        self.base = base
        self.persona = persona
        self.results = results
        self.rng = random.Random(seed)
        self.http = requests.Session()
        self.http.trust_env = False  # no proxy: loopback only
        self.cookies: dict[str, str] = {}
        self.api_headers = {"Authorization": f"Token {persona.token}"}
        self.published: list[int] = []
        self.edits = itertools.count(1)

    def request(self, method: str, label: str, path: str, *, web=False, **kwargs):
        import requests

        headers = dict(kwargs.pop("headers", {}))
        if web:
            # The cookies are Secure (production settings) and this is plain http
            # on loopback, so they are sent by hand rather than by the cookie jar.
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        else:
            headers.update(self.api_headers)
        started = time.perf_counter()
        try:
            response = self.http.request(
                method,
                f"{self.base}{path}",
                headers=headers,
                timeout=60,
                allow_redirects=False,
                **kwargs,
            )
        except requests.RequestException as exc:
            self.results.record(label, None, time.perf_counter() - started, repr(exc))
            return None
        elapsed = time.perf_counter() - started
        if web:
            self.cookies.update(response.cookies.get_dict())
        self.results.record(label, response.status_code, elapsed, response.text)
        return response

    def sign_in(self) -> None:
        page = self.request("GET", "GET /accounts/login/", "/accounts/login/", web=True)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        response = self.request(
            "POST",
            "POST /accounts/login/",
            "/accounts/login/",
            web=True,
            data={
                "username": self.persona.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1),
            },
        )
        if response is None or response.status_code != 302:
            raise RuntimeError(f"{self.persona.username} could not sign in")

    # Reads.

    def read(self, claim_ids: list[int]) -> None:
        claim = self.rng.choice(claim_ids)
        choice = self.rng.randrange(8)
        if choice == 0:
            status = self.rng.choice(["", "?status=researching", "?status=in_review"])
            self.request("GET", "GET /claims/", f"/claims/{status}", web=True)
        elif choice == 1:
            self.request("GET", "GET /claims/{id}/", f"/claims/{claim}/", web=True)
        elif choice == 2:
            self.request("GET", "GET /api/v1/claims/", "/api/v1/claims/?page_size=50")
        elif choice == 3:
            self.request("GET", "GET /audit/", "/audit/", web=True)
        elif choice == 4:
            self.request(
                "GET", "GET /audit/claims/{id}/", f"/audit/claims/{claim}/", web=True
            )
        elif choice == 5:
            self.request("GET", "GET /verdicts/", "/verdicts/")
        elif choice == 6 and self.published:
            verdict = self.rng.choice(self.published)
            self.request("GET", "GET /verdicts/{id}/", f"/verdicts/{verdict}/")
        else:
            self.request("GET", "GET /", "/", web=True)

    # Writes.

    def _claim(self, claim_id: int):
        response = self.request(
            "GET", "GET /api/v1/claims/{id}/", f"/api/v1/claims/{claim_id}/"
        )
        if response is None or response.status_code != 200:
            return None, None
        return response.json(), response.headers.get("ETag")

    def _act(self, claim: dict, etag: str | None, name: str, body: dict) -> None:
        headers = {"If-Match": etag} if etag and self.rng.random() < 0.5 else {}
        response = self.request(
            "POST",
            f"POST actions/{name}",
            f"/api/v1/claims/{claim['id']}/actions/{name}/",
            json=body,
            headers=headers,
        )
        if response is not None and response.status_code == 200:
            with self.results.lock:
                self.results.changes[claim["id"]] += 1
                self.results.transitions[claim["id"]] += 1
            if name == "approve":
                self.published.append(claim["id"])

    def _edit_topic(self, claim: dict, etag: str | None) -> None:
        response = self.request(
            "PATCH",
            "PATCH /api/v1/claims/{id}/",
            f"/api/v1/claims/{claim['id']}/",
            # A topic never used before: an edit that changes nothing bumps no version.
            json={
                "topic": f"Indicator, edit {next(self.edits)} by {self.persona.username}"
            },
            headers={"If-Match": etag or '"0"'},
        )
        if response is not None and response.status_code == 200:
            with self.results.lock:
                self.results.changes[claim["id"]] += 1

    def write(
        self, claim_ids: list[int], source_ids: list[int], researchers: list[int]
    ) -> None:
        me = self.persona
        if not me.is_editor and self.rng.random() < 0.6:
            # My own desk first, as a researcher would.
            mine = self.request(
                "GET",
                "GET /api/v1/claims/?assignee=",
                f"/api/v1/claims/?assignee={me.user_id}&status=researching&page_size=20",
            )
            rows = (
                mine.json().get("results", []) if mine is not None and mine.ok else []
            )
            claim_id = (
                self.rng.choice(rows)["id"] if rows else self.rng.choice(claim_ids)
            )
        else:
            claim_id = self.rng.choice(claim_ids)
        claim, etag = self._claim(claim_id)
        if claim is None:
            return
        names = {
            a["name"] if isinstance(a, dict) else a
            for a in claim.get("available_actions", [])
        }
        status = claim["status"]
        assignee = claim.get("assignee") or {}
        assignee_id = assignee.get("id") if isinstance(assignee, dict) else assignee
        if status == "researching" and assignee_id == me.user_id:
            evidence = claim.get("evidence") or []
            mine = [
                r
                for r in claim.get("reviews", [])
                if (r.get("reviewer") or {}).get("id") == me.user_id
                and r.get("round") == claim.get("review_round")
            ]
            if not evidence:
                self.request(
                    "POST",
                    "POST /api/v1/evidence/",
                    "/api/v1/evidence/",
                    json={
                        "claim": claim_id,
                        "source": self.rng.choice(source_ids),
                        "stance": self.rng.choice(["supports", "refutes", "context"]),
                        "excerpt": "Table 3 gives the figure.",
                        "locator": "Table 3",
                    },
                )
            elif not mine:
                self.request(
                    "POST",
                    "POST /api/v1/claims/{id}/reviews/",
                    f"/api/v1/claims/{claim_id}/reviews/",
                    json={
                        "rating": self.rng.choice(["true", "mostly_true", "false"]),
                        "rationale": "The cited table gives the same figure.",
                        "confidence": "high",
                        "cited_evidence": [evidence[0]["id"]],
                    },
                )
            elif "submit_for_review" in names:
                self._act(claim, etag, "submit_for_review", {})
            return
        if status == "new" and "start_research" in names:
            body = {"assignee": self.rng.choice(researchers)} if me.is_editor else {}
            if me.is_editor and self.rng.random() < 0.1:
                self._act(claim, etag, "mark_not_checkable", {"reason": "An opinion."})
            else:
                self._act(claim, etag, "start_research", body)
        elif status == "in_review" and "approve" in names and self.rng.random() < 0.75:
            self._act(claim, etag, "approve", {"note": "Checked."})
        elif status == "in_review" and "return_for_research" in names:
            self._act(claim, etag, "return_for_research", {"note": "Cite the table."})
        elif "reopen" in names and self.rng.random() < 0.3:
            self._act(claim, etag, "reopen", {"reason": "Revised figures."})
        elif me.is_editor and status in {"new", "researching", "in_review"}:
            self._edit_topic(claim, etag)

    def run(self, until: float, claim_ids, source_ids, researchers) -> None:
        while time.monotonic() < until:
            if self.rng.random() < 0.5:
                self.read(claim_ids)
            else:
                self.write(claim_ids, source_ids, researchers)


# --- the checks -----------------------------------------------------------------


def check(results: Results) -> list[str]:
    """What went wrong, checked against the database (empty if nothing)."""
    from django.db import connections

    from audit.chain import verify_chain
    from audit.models import AuditEvent
    from claims.models import Claim
    from claims.selectors import tallies_drift

    connections.close_all()  # the server wrote since this process last read
    failures = [f"5xx: {e}" for e in results.server_errors[:20]]
    failures += [f"transport error: {e}" for e in results.transport_errors[:20]]
    for claim in Claim.objects.order_by("pk"):
        events = list(
            AuditEvent.objects.for_subject("claims.claim", claim.pk)
            .order_by("seq")
            .values_list("seq", "data")
        )
        status = "new"
        transitions = 0
        for seq, data in events:
            if "to" in data:
                if data.get("from") != status:
                    failures.append(
                        f"claim {claim.pk}: event #{seq} leaves {data.get('from')!r}, not {status!r}"
                    )
                status = data["to"]
                transitions += 1
        if status != claim.status:
            failures.append(f"claim {claim.pk}: status {claim.status}, replay {status}")
        if transitions != results.transitions[claim.pk]:
            failures.append(
                f"claim {claim.pk}: {transitions} transition events, clients saw "
                f"{results.transitions[claim.pk]} succeed"
            )
        if claim.version != 1 + results.changes[claim.pk]:
            failures.append(
                f"claim {claim.pk}: version {claim.version}, expected "
                f"1 + {results.changes[claim.pk]} changes (a lost update)"
            )
    chain = verify_chain()
    if not chain.ok:
        failures.append(f"audit chain: {chain}")
    failures += _checkpoint_failures()
    failures += [f"tally: {line}" for line in tallies_drift()[:20]]
    return failures


def _checkpoint_failures() -> list[str]:
    """One last checkpoint of the head, then every checkpoint checked against the trail."""
    import io

    from django.core.management import CommandError, call_command

    from audit.checkpoints.services import CheckpointRefused, checkpoint_write

    try:
        checkpoint_write(via="benchmarks.load")
        call_command("verify_audit", "--checkpoints", stdout=io.StringIO())
    except (CheckpointRefused, CommandError) as exc:
        return [f"checkpoints: {exc}"]
    return []


class Checkpointer(threading.Thread):
    """Signs the audit head every ``every`` seconds while the clients run."""

    def __init__(self, every: float, until: float) -> None:
        super().__init__(daemon=True)
        self.every, self.until = every, until
        self.written = 0
        self.errors: list[str] = []

    def run(self) -> None:
        from django.db import connection

        from audit.checkpoints.services import checkpoint_write

        try:
            while time.monotonic() + self.every < self.until:
                time.sleep(self.every)
                try:
                    checkpoint_write(via="benchmarks.load")
                    self.written += 1
                except Exception as exc:  # noqa: BLE001 - reported as a failure
                    self.errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()


def summary(results: Results, seconds: float, clients: int, workers: int) -> dict:
    rows = []
    for label in sorted(results.latencies):
        times = sorted(results.latencies[label])
        statuses = results.statuses[label]
        rows.append(
            {
                "endpoint": label,
                "requests": len(times),
                "median_ms": round(statistics.median(times) * 1000, 1),
                "p95_ms": round(
                    times[min(len(times) - 1, int(len(times) * 0.95))] * 1000, 1
                ),
                "409": statuses[409],
                "412": statuses[412],
                "other_4xx": sum(
                    n
                    for s, n in statuses.items()
                    if 400 <= s < 500 and s not in (409, 412)
                ),
                "5xx": sum(n for s, n in statuses.items() if s >= 500),
            }
        )
    total = sum(row["requests"] for row in rows)
    return {
        "seconds": round(seconds, 1),
        "clients": clients,
        "workers": workers,
        "requests": total,
        "throughput_rps": round(total / seconds, 1),
        "server_errors": len(results.server_errors),
        "transport_errors": len(results.transport_errors),
        "conflicts_409": sum(r["409"] for r in rows),
        "stale_412": sum(r["412"] for r in rows),
        "other_4xx": sum(r["other_4xx"] for r in rows),
        "successful_changes": sum(results.changes.values()),
        "successful_transitions": sum(results.transitions.values()),
        "endpoints": rows,
    }


def print_table(report: dict) -> None:
    print(
        f"\n{report['requests']} requests in {report['seconds']} s from "
        f"{report['clients']} clients on {report['workers']} gunicorn workers: "
        f"{report['throughput_rps']} requests/s"
    )
    print(
        f"{'endpoint':38} {'n':>6} {'median ms':>10} {'p95 ms':>8} "
        f"{'409':>5} {'412':>5} {'4xx':>5} {'5xx':>5}"
    )
    for row in report["endpoints"]:
        print(
            f"{row['endpoint']:38} {row['requests']:>6} {row['median_ms']:>10} "
            f"{row['p95_ms']:>8} {row['409']:>5} {row['412']:>5} "
            f"{row['other_4xx']:>5} {row['5xx']:>5}"
        )
    print(
        f"changes that succeeded: {report['successful_changes']} "
        f"({report['successful_transitions']} transitions); "
        f"5xx: {report['server_errors']}, transport errors: {report['transport_errors']}"
    )


# --- main -----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--claims", type=int, default=40)
    parser.add_argument("--sources", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write the summary here")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--port", type=int, default=0, help="gunicorn's port (default: a free one)"
    )
    parser.add_argument(
        "--checkpoint-every",
        type=float,
        default=10,
        help="seconds between signed checkpoints of the audit head during the run",
    )
    args = parser.parse_args(argv)

    base_url = os.environ.get(
        "DATABASE_URL", f"postgres://postgres@{LOOPBACK}:5432/postgres"
    )
    name = f"claimtrail_load_{os.getpid()}_{secrets.token_hex(3)}"
    server = None
    work = tempfile.TemporaryDirectory(prefix="claimtrail-load-")
    log_path = Path(work.name) / "gunicorn.log"
    sqlite = base_url.startswith("sqlite:")
    if sqlite:
        admin_url = None
        database_url = f"sqlite:///{Path(work.name) / f'{name}.sqlite3'}"
    else:
        admin_url, database_url = _database_urls(base_url, name)
        _admin_sql(admin_url, f'CREATE DATABASE "{name}"')
    try:
        from audit.checkpoints.signing import generate_private_key

        env = _server_env(
            database_url, str(Path(work.name) / "static"), generate_private_key()
        )
        _setup_django(env)
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        personas, source_ids = seed(
            clients=args.clients, claims=args.claims, sources=args.sources
        )
        from claims.models import Claim

        claim_ids = list(Claim.objects.values_list("pk", flat=True))
        connections.close_all()

        port = args.port or _free_port()
        base = f"http://{LOOPBACK}:{port}"
        with log_path.open("w") as log:
            server = _start_gunicorn(env, port, args.workers, log)
            _wait_until_up(base, server)
            results = Results()
            clients = [
                Client(base, persona, results, args.seed * 1000 + i)
                for i, persona in enumerate(personas)
            ]
            for client in clients:
                client.sign_in()
            results.latencies.clear()  # the table is about the timed run only
            results.statuses.clear()
            researchers = [p.user_id for p in personas if not p.is_editor]
            started = time.monotonic()
            until = started + args.seconds
            threads = [
                threading.Thread(
                    target=client.run,
                    args=(until, claim_ids, source_ids, researchers),
                    daemon=True,
                )
                for client in clients
            ]
            checkpointer = Checkpointer(args.checkpoint_every, until)
            for thread in [*threads, checkpointer]:
                thread.start()
            for thread in [*threads, checkpointer]:
                thread.join(timeout=args.seconds + 120)
            elapsed = time.monotonic() - started
            _stop(server)
        report = summary(results, elapsed, args.clients, args.workers)
        report["database"] = "sqlite" if sqlite else "postgresql"
        report["checkpoints_during_run"] = checkpointer.written
        failures = [f"checkpoint during the run: {e}" for e in checkpointer.errors]
        failures += check(results)
        connections.close_all()
        report["failures"] = failures
        report["other_4xx_samples"] = results.other_4xx[:10]
        print_table(report)
        if results.other_4xx:
            print("other 4xx (first 5):", *results.other_4xx[:5], sep="\n  ")
        if failures:
            print("FAILED:", *failures[:30], sep="\n  ")
            print(f"gunicorn log:\n{log_path.read_text()[-3000:]}")
        else:
            print(
                "checks: no 5xx, no transport error, no lost update, chain verifies, "
                f"{checkpointer.written + 1} checkpoints verify, tallies agree"
            )
        if args.json:
            args.json.write_text(json.dumps(report, indent=2))
        return 1 if failures else 0
    finally:
        _stop(server)
        if not args.keep_db:
            try:
                from django.db import connections

                connections.close_all()
            except Exception:  # noqa: BLE001 - Django may not be set up yet
                pass
            if admin_url:
                _admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if args.keep_db and sqlite:
            print(f"kept {database_url}")
        else:
            work.cleanup()


if __name__ == "__main__":
    sys.exit(main())

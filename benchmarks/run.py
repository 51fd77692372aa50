"""`make bench`: ClaimTrail's pages at newsroom scale, on SQLite and PostgreSQL.

    python -m benchmarks.run [--claims 100000] [--scales 1000,10000,100000]
                             [--repeat 20] [--database-url postgres://...] [--keep]

For each database (SQLite always; PostgreSQL when ``--database-url`` or
``DATABASE_URL`` names one) and each scale, a child process builds a fresh
database with synthetic data and measures every request (see
``benchmarks.measure``). The tables are printed, checked against the budgets,
and written to docs/benchmarks.md (between the bench markers) with a plot.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import report

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "data" / "results"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--claims",
        type=int,
        default=100_000,
        help="the largest scale, where the budgets are checked (default 100000)",
    )
    parser.add_argument(
        "--scales",
        default="1000,10000,100000",
        help="comma-separated claim counts to measure (capped at --claims)",
    )
    parser.add_argument(
        "--repeat", type=int, default=20, help="timed runs per request (default 20)"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="PostgreSQL server to bench on too (default: $DATABASE_URL); "
        "databases named <name>_bench_<claims> are created on it",
    )
    parser.add_argument(
        "--no-sqlite", action="store_true", help="measure PostgreSQL only"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the generated databases (benchmarks/data/, <name>_bench_<N>)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse databases kept by an earlier --keep run instead of regenerating",
    )
    parser.add_argument(
        "--no-docs", action="store_true", help="print only; do not write docs/"
    )
    parser.add_argument(
        "--from-results",
        action="store_true",
        help="measure nothing: render the results saved by earlier runs "
        "(benchmarks/data/results/) for the chosen databases and scales",
    )
    args = parser.parse_args(argv)
    scales = sorted(
        {int(s) for s in args.scales.split(",") if s.strip()} | {args.claims}
    )
    args.scale_list = [s for s in scales if s <= args.claims]
    return args


def run_one(claims: int, database_url: str, args) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        command = [
            sys.executable,
            "-m",
            "benchmarks.measure",
            "--claims",
            str(claims),
            "--repeat",
            str(args.repeat),
            "--out",
            str(out),
        ]
        if database_url:
            command += ["--database-url", database_url]
        if args.keep:
            command.append("--keep")
        if args.reuse:
            command.append("--reuse")
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        completed = subprocess.run(command, cwd=ROOT, env=env, check=False)
        if completed.returncode != 0 or not out.exists():
            raise SystemExit(f"benchmark at {claims} claims failed")
        return json.loads(out.read_text())


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    backends = [] if args.no_sqlite else [("sqlite", "")]
    if args.database_url.startswith("postgres"):
        backends.append(("postgresql", args.database_url))
    started = time.perf_counter()
    results: dict[str, dict[int, dict]] = {}
    RESULTS.mkdir(parents=True, exist_ok=True)
    for vendor, url in backends:
        for claims in args.scale_list:
            saved = RESULTS / f"{vendor}-{claims}.json"
            if args.from_results:
                if saved.exists():
                    results.setdefault(vendor, {})[claims] = json.loads(
                        saved.read_text()
                    )
                continue
            print(f"== {vendor}, {claims:,} claims", flush=True)
            result = run_one(claims, url, args)
            saved.write_text(json.dumps(result, indent=1))
            results.setdefault(vendor, {})[claims] = result
    if not results:
        raise SystemExit("nothing measured (no saved results?)")
    text = report.render_console(results, top=args.claims)
    print(text)
    if not args.no_docs:
        report.write_docs(results, top=args.claims, repeat=args.repeat)
        print(
            f"wrote {report.DOC.relative_to(ROOT)} and {report.PLOT.relative_to(ROOT)}"
        )
    print(f"benchmark finished in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

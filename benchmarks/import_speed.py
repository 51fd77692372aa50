"""Import speed: the seed report and synthetic Markdown reports of growing size.

Run: ``.venv/bin/python -m benchmarks.import_speed [--sizes 0.25,0.5,1,2]``. It uses
a fresh throw-away SQLite database per measurement (or BENCH_DATABASE_URL, which is
not emptied between runs) and prints a Markdown table. "parse s" is parse_report alone;
"import s" is report_import end to end (parse, claims, appearances, audit events,
claim matching); "not claims" counts the passages kept as appearances of no claim
(headings, bylines, lead-ins, questions). ``--formats`` measures the seed report as
Markdown, PDF, HTML and DOCX instead: "convert s" is claims.formats.convert_report
alone. ``--lists 10000,100000`` measures list reports instead: N list items of new
text, and N identical lines (one claim with N appearances), imported as a
background job imports them (matching left to its own task); "claims/s" counts
appearances written per second of wall time, "peak MB" is the process's
maximum resident memory, "import MB" what the import added to the peak before
it (the file's text and Django already loaded). ``--list-mb 1,5,20`` measures
lists of new text of about that many MB (the size limit lifted for them).
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "china-ai-2024-2026-report.md"

_SUBJECTS = [
    "The provincial grid operator", "Shenzhen Robotics Ltd", "The Ministry of Industry",
    "Researchers at Zhejiang University", "The national statistics bureau",
    "A consortium of 14 hospitals", "Huawei", "The Beijing Institute of Technology",
    "The regional water authority", "Professor Li Wen",
]  # fmt: skip
_VERBS = [
    "reported", "announced", "measured", "estimated", "forecast", "recorded",
    "published", "confirmed",
]  # fmt: skip
_OBJECTS = [
    "a rise in chip output", "lower training costs", "faster diagnosis times",
    "higher crop yields", "fewer grid outages", "new data-labelling rules",
    "a larger open-source model", "better flood warnings",
]  # fmt: skip
_WORDS = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "sigma",
    "omega",
    "river",
    "harbour",
    "valley",
    "summit",
    "signal",
    "vector",
    "lattice",
    "beacon",
    "quarry",
    "meadow",
    "orchard",
    "canyon",
    "glacier",
    "prairie",
    "tundra",
    "lagoon",
]


def _sentence(rng: random.Random) -> str:
    tail = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(2, 6)))
    return (
        f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} of "
        f"{rng.randint(2, 99)}.{rng.randint(0, 9)}% in {rng.randint(2015, 2026)} "
        f"({tail}, case {rng.randint(1000, 999999)})."
    )


def synthetic_report(size_bytes: int, seed: int = 7) -> str:
    """A Markdown report of about ``size_bytes`` with every structure the parser reads."""
    rng = random.Random(seed)
    parts = ["# Synthetic report\n"]
    size, section = 0, 0
    while size < size_bytes:
        section += 1
        block = [
            f"\n## Section {section}\n",
            " ".join(_sentence(rng) for _ in range(3)),
        ]
        block.append(f"\n\n### Details {section}\n")
        block += [
            f"- **Topic {section}.{i}:** {_sentence(rng)} {_sentence(rng)}"
            for i in range(3)
        ]
        block.append(f"  - {_sentence(rng)}")
        block.append(f"\n> {_sentence(rng)}\n> {_sentence(rng)}\n")
        block.append("| Region | Share |\n|---|---|")
        block += [
            f"| Region {rng.randint(1, 10**6)} | {rng.randint(1, 99)}% |"
            for _ in range(2)
        ]
        block.append(f"\n```\ncode {section}\n```\n")
        text = "\n".join(block) + "\n"
        parts.append(text)
        size += len(text.encode("utf-8"))
    return "".join(parts)


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    if not os.environ.get("DATABASE_URL"):
        directory = tempfile.mkdtemp(prefix="claimtrail-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _time_import(text: str) -> tuple[float, float, object]:
    from audit.context import system_context
    from claims.importer import parse_report
    from claims.services.imports import report_import

    started = time.perf_counter()
    parse_report(text)
    parsed = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    with system_context("benchmarks.import_speed"):
        result = report_import(actor=None, text=text)
    return parsed, time.perf_counter() - started, time.process_time() - cpu, result


def _measure(label: str, text: str) -> str:
    parsed, total, cpu, result = _time_import(text)
    size = len(text.encode("utf-8"))
    return (
        f"| {label} | {size / 1024:,.0f} KB | {result.claims_created:,} | "
        f"{result.appearances_added:,} | {result.not_claims:,} | {parsed:.2f} | "
        f"{total:.2f} | {cpu:.2f} | "
        f"{cpu / size * 1e6:.1f} |"
    )


FORMATS = (".md", ".pdf", ".html", ".docx")


def _measure_format(suffix: str) -> str:
    from audit.context import system_context
    from claims.formats import convert_report
    from claims.services.imports import report_import

    data = SEED.with_suffix(suffix).read_bytes()
    started, cpu = time.perf_counter(), time.process_time()
    converted = convert_report(data, max_bytes=10**8, max_pages=10**4)
    convert_wall = time.perf_counter() - started
    convert_cpu = time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    with system_context("benchmarks.import_speed"):
        result = report_import(actor=None, text=data)
    total, total_cpu = time.perf_counter() - started, time.process_time() - cpu
    pages = converted.page_count or ""
    return (
        f"| {converted.format} | {len(data) / 1024:,.0f} KB | {pages} | "
        f"{result.appearances_added} | {convert_wall:.2f} | {convert_cpu:.2f} | "
        f"{total:.2f} | {total_cpu:.2f} | {len(data) / 1024 / total_cpu:,.0f} |"
    )


def list_report(items: int, *, identical: bool, seed: int = 11) -> str:
    """A Markdown list of ``items`` short lines (about 40 bytes: 100,000 of them fit
    under the 5 MB limit, like the files of issue 18): new text on each, or one
    line repeated."""
    rng = random.Random(seed)
    if identical:
        return "# One line, many times\n\n" + (
            "- The grid operator reported 12.5% more in 2024.\n" * items
        )
    return "# A long list\n\n" + "".join(
        f"- Plant {i} {rng.choice(_VERBS)} {rng.randint(2, 99)}.{rng.randint(0, 9)}% "
        f"in {rng.randint(2015, 2026)}.\n"
        for i in range(items)
    )


# Bytes of a line of new text in list_report (about).
LINE_BYTES = 44


def _measure_list(items: int, identical: bool) -> str:
    import resource

    from audit.context import system_context
    from claims.services.imports import report_import

    text = list_report(items, identical=identical)
    size = len(text.encode("utf-8"))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, cpu = time.perf_counter(), time.process_time()
    with system_context("benchmarks.import_speed"):
        result = report_import(actor=None, text=text, match_now=False)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kind = "identical lines" if identical else "new text"
    return (
        f"| {items:,} list items, {kind} | {size / 1024 / 1024:.1f} MB | "
        f"{result.claims_created:,} | {result.appearances_added:,} | {wall:.1f} | "
        f"{cpu:.1f} | {result.appearances_added / wall:,.0f} | {peak:,.0f} | "
        f"{peak - before:,.0f} |"
    )


def _run_one(one: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if one.startswith("list"):
        env["IMPORT_MAX_BYTES"] = str(10**9)
    if os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.import_speed", "--one", one],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"{one} failed:\n{done.stderr[-3000:]}")
    return next(line for line in done.stdout.splitlines() if line.startswith("|"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="0.25,0.5,1,2", help="MB, comma-separated")
    parser.add_argument(
        "--formats", action="store_true", help="the seed report in each format"
    )
    parser.add_argument(
        "--lists", default="", help="list items, comma-separated (e.g. 10000,100000)"
    )
    parser.add_argument(
        "--list-mb", default="", help="MB of list items of new text (e.g. 1,5,20)"
    )
    parser.add_argument("--one", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one.startswith("list"):
        _setup_django()
        items, kind = args.one.removeprefix("list").split(":")
        print(_measure_list(int(items), identical=kind == "same"))
        return
    if args.lists or args.list_mb:
        print(
            "| report | size | claims | appearances | import s (wall) "
            "| import s (CPU) | claims/s (wall) | peak MB | import MB |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for items in filter(None, args.lists.split(",")):
            for kind in ("new", "same"):
                print(_run_one(f"list{items}:{kind}"), flush=True)
        for mb in filter(None, args.list_mb.split(",")):
            items = round(float(mb) * 1024 * 1024 / LINE_BYTES)
            print(_run_one(f"list{items}:new"), flush=True)
        return
    if args.one.startswith("format"):
        _setup_django()
        print(_measure_format(args.one.removeprefix("format")))
        return
    if args.formats:
        print(
            "| format | file | pages | appearances | convert s (wall) "
            "| convert s (CPU) | import s (wall) | import s (CPU) | KB/s (CPU) |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for suffix in FORMATS:
            print(_run_one(f"format{suffix}"))
        return
    if args.one:
        # One measurement in a fresh process and a fresh database.
        _setup_django()
        if args.one == "seed":
            print(_measure("seed report", SEED.read_text(encoding="utf-8")))
        else:
            mb = float(args.one)
            text = synthetic_report(int(mb * 1024 * 1024), seed=int(mb * 1000))
            print(_measure(f"synthetic {mb:g} MB", text))
        return
    print(
        "| report | size | claims | appearances | not claims | parse s "
        "| import s (wall) | import s (CPU) | CPU µs/byte |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for one in ["seed", *args.sizes.split(",")]:
        print(_run_one(one))


if __name__ == "__main__":
    main()

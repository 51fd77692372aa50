"""Tables, budget checks and the scaling plot of a benchmark run."""

from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
PLOT = ROOT / "docs" / "benchmarks-scaling.png"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
HEADING = "## Requests at scale"

MEDIAN_BUDGET_MS = 50
P95_BUDGET_MS = 100
DEEP_RATIO = 1.5
SEARCH_BUDGET_MS = 50
FLOOR_RATIO = 4
MEMORY_BUDGET_MB = 100
COUNTED_FROM = 10_000  # claims: the scales whose query counts are compared
# The FilterSet's OFFSET row stays in the tables as what page numbers would cost;
# no page uses OFFSET any more, so it is not a budget.
DEEP_PAIRS = [
    ("claims_deep", "claims_first"),
    ("audit_deep", "audit_first"),
]
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _ms(value) -> str:
    return "—" if value is None else f"{value:,.1f}"


def _measured(entry: dict) -> bool:
    return "median_ms" in entry


def requests_table(result: dict) -> list[str]:
    floors = result.get("floors", {})
    lines = [
        "| request | median ms | p95 ms | CPU ms | queries | floor ms | × floor | URL |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for key, entry in result["requests"].items():
        if not _measured(entry):
            lines.append(
                f"| {entry['label']} | — | — | — | — | — | — | {entry['skipped']} |"
            )
            continue
        floor = floors.get(key, {}).get("median_ms")
        ratio = f"{entry['median_ms'] / floor:,.1f}" if floor and floor > 0 else "—"
        queries = str(entry["queries"])
        low, high = entry.get("queries_min"), entry.get("queries_max")
        if low is not None and high is not None and low != high:
            queries = f"{entry['queries']} ({low}–{high})"
        lines.append(
            f"| {entry['label']} | {_ms(entry['median_ms'])} | {_ms(entry['p95_ms'])}"
            f" | {_ms(entry.get('cpu_ms'))} | {queries} | {_ms(floor)} | {ratio} | {entry.get('url', '(in-process)')} |"
        )
    return lines


def scaling_table(by_scale: dict[int, dict]) -> list[str]:
    scales = sorted(by_scale)
    header = " | ".join(f"{s:,} claims" for s in scales)
    lines = [
        f"| request | {header} | queries |",
        "| --- | " + " | ".join("---:" for _ in scales) + " | --- |",
    ]
    keys = list(by_scale[scales[-1]]["requests"])
    for key in keys:
        entries = [by_scale[s]["requests"].get(key, {}) for s in scales]
        if not any(_measured(e) for e in entries):
            continue
        label = next(e["label"] for e in entries if e)
        medians = " | ".join(
            _ms(e.get("median_ms")) if _measured(e) else "—" for e in entries
        )
        queries = " / ".join(
            str(e["queries"]) if _measured(e) else "—" for e in entries
        )
        lines.append(f"| {label} | {medians} | {queries} |")
    return lines


def check_budgets(
    by_scale: dict[int, dict], top: int
) -> list[tuple[str, bool | None, str]]:
    """(budget, held?, detail) for one database; None when it could not be measured."""
    checks: list[tuple[str, bool | None, str]] = []
    result = by_scale.get(top) or by_scale[max(by_scale)]
    requests = result["requests"]
    budgeted = [
        e for e in requests.values() if e.get("budget") and e.get("group") == "pages"
    ]
    measured = [e for e in budgeted if _measured(e)]
    slow = [e for e in measured if e["median_ms"] > MEDIAN_BUDGET_MS]
    checks.append(
        (
            f"median ≤ {MEDIAN_BUDGET_MS} ms per request",
            (not slow) if measured else None,
            ", ".join(f"{e['label']} {e['median_ms']:.0f} ms" for e in slow)
            or f"{len(measured)} of {len(budgeted)} requests measured",
        )
    )
    slow95 = [e for e in measured if e["p95_ms"] > P95_BUDGET_MS]
    checks.append(
        (
            f"p95 ≤ {P95_BUDGET_MS} ms per request",
            (not slow95) if measured else None,
            ", ".join(f"{e['label']} {e['p95_ms']:.0f} ms" for e in slow95) or "",
        )
    )
    growing = []
    # At the smallest scale a first page can hold every matching row, and then no
    # COUNT is needed for its total (config.counting): one query fewer that says
    # nothing of growth. The counts are compared from COUNTED_FROM claims up.
    compared = [s for s in by_scale if s >= COUNTED_FROM] or list(by_scale)
    if len(compared) < 2:
        compared = list(by_scale)
    for key in requests:
        counts = {
            s: by_scale[s]["requests"].get(key, {}).get("queries") for s in compared
        }
        counts = {s: c for s, c in counts.items() if c is not None}
        in_order = [counts[s] for s in sorted(counts)]
        # Growth is a query more at a larger scale. One fewer is not: on
        # PostgreSQL a large list's total is the planner's estimate alone, where a
        # smaller one asks for the estimate and then counts (config.counting).
        if any(b > a for a, b in zip(in_order, in_order[1:], strict=False)):
            label = requests[key]["label"]
            growing.append(
                f"{label} ({' / '.join(str(counts[s]) for s in sorted(counts))})"
            )
    checks.append(
        (
            "query counts do not grow with data size",
            (not growing) if len(compared) > 1 else None,
            ", ".join(growing)
            or "checked at " + " / ".join(f"{s:,}" for s in sorted(compared)),
        )
    )
    for deep, first in DEEP_PAIRS:
        a, b = requests.get(deep, {}), requests.get(first, {})
        if _measured(a) and _measured(b):
            ratio = a["median_ms"] / b["median_ms"]
            checks.append(
                (
                    f"{a['label']} ≤ {DEEP_RATIO} × first page",
                    ratio <= DEEP_RATIO,
                    f"{ratio:.2f} ×",
                )
            )
        else:
            checks.append(
                (f"{deep} ≤ {DEEP_RATIO} × first page", None, "not built yet")
            )
    search = requests.get("claims_search", {})
    search_selector = requests.get("sel_search", {})
    if _measured(search):
        checks.append(
            (
                f"search ≤ {SEARCH_BUDGET_MS} ms",
                search["median_ms"] <= SEARCH_BUDGET_MS,
                f"{search['median_ms']:.1f} ms",
            )
        )
    elif _measured(search_selector):
        checks.append(
            (
                f"search ≤ {SEARCH_BUDGET_MS} ms (FilterSet; page not built yet)",
                search_selector["median_ms"] <= SEARCH_BUDGET_MS,
                f"{search_selector['median_ms']:.1f} ms",
            )
        )
    first = requests.get("claims_first", {})
    admin = requests.get("admin_claims", {})
    floor = result.get("floors", {}).get("claims_first", {}).get("median_ms")
    if _measured(first) and _measured(admin):
        checks.append(
            (
                "claims list no slower than the admin changelist",
                first["median_ms"] <= admin["median_ms"],
                f"{first['median_ms']:.1f} vs {admin['median_ms']:.1f} ms",
            )
        )
    else:
        checks.append(
            ("claims list no slower than the admin changelist", None, "not built yet")
        )
    if _measured(first) and floor:
        ratio = first["median_ms"] / floor
        checks.append(
            (
                f"claims list ≤ {FLOOR_RATIO} × the floor",
                ratio <= FLOOR_RATIO,
                f"{ratio:.1f} × ({floor:.2f} ms floor)",
            )
        )
    else:
        checks.append(
            (f"claims list ≤ {FLOOR_RATIO} × the floor", None, "not built yet")
        )
    exports = {
        k: v for k, v in result.get("exports", {}).items() if "rss_growth_mb" in v
    }
    if exports:
        checks.append(
            (
                f"streaming CSV export grows the process < {MEMORY_BUDGET_MB} MB",
                all(v["rss_growth_mb"] < MEMORY_BUDGET_MB for v in exports.values()),
                ", ".join(
                    f"{k}: {v['rss_growth_mb']} MB RSS, {v['rows']:,} rows"
                    + ("" if v["streaming"] else " (not streaming)")
                    for k, v in exports.items()
                ),
            )
        )
    else:
        checks.append(("streaming CSV export < 100 MB", None, "no export URL yet"))
    return checks


def _mark(held: bool | None) -> str:
    return {True: "holds", False: "**misses**", None: "not measured"}[held]


def render(results: dict[str, dict[int, dict]], top: int, *, doc: bool) -> str:
    lines: list[str] = []
    for vendor, by_scale in results.items():
        name = VENDOR_NAMES.get(vendor, vendor)
        largest = top if top in by_scale else max(by_scale)
        result = by_scale[largest]
        counts = result.get("counts", {})
        lines += [
            f"### {name}: {largest:,} claims",
            "",
            "Data: "
            + ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in counts.items())
            + f" (generated in {result.get('generate_seconds', 0):,.0f} s).",
            "",
            *_machine_line(result),
            *requests_table(result),
            "",
        ]
        if len(by_scale) > 1:
            lines += [
                f"#### {name}: median ms by scale",
                "",
                *scaling_table(by_scale),
                "",
            ]
        lines += [
            f"#### {name}: budgets",
            "",
            "| budget | result | detail |",
            "| --- | --- | --- |",
        ]
        for budget, held, detail in check_budgets(by_scale, top):
            lines.append(f"| {budget} | {_mark(held)} | {detail} |")
        exports = result.get("exports", {})
        if exports:
            lines += [
                "",
                "Exports: "
                + "; ".join(_export_line(k, v) for k, v in exports.items())
                + ".",
            ]
        lines.append("")
    return "\n".join(lines)


def _machine_line(result: dict) -> list[str]:
    speed = result.get("calibration_us")
    if not speed:
        return []
    load = " ".join(result.get("loadavg", []))
    return [
        f"Machine speed during the run: `sum(range(1000))` took {speed['median']} µs "
        f"(median of one probe per round, {speed['min']}–{speed['max']} µs; lower "
        f"is faster); load average at the end {load}.",
        "",
    ]


def _export_line(key: str, value: dict) -> str:
    if "skipped" in value:
        return f"{key}: {value['skipped']}"
    return f"{key}: {value['rows']:,} rows in {value['seconds']} s"


def render_console(results, top: int) -> str:
    return render(results, top, doc=False)


def plot(results: dict[str, dict[int, dict]], path: Path = PLOT) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (pip install -e '.[bench]'); no plot")
        return False
    vendors = list(results)
    fig, axes = plt.subplots(
        1, len(vendors), figsize=(7 * len(vendors), 5.5), squeeze=False, sharey=True
    )
    colours = plt.get_cmap("tab20").colors
    for ax, vendor in zip(axes[0], vendors, strict=True):
        ax.set_prop_cycle(color=colours)
        by_scale = results[vendor]
        scales = sorted(by_scale)
        keys = list(by_scale[scales[-1]]["requests"])
        for key in keys:
            if by_scale[scales[-1]]["requests"][key].get("group") == "selectors":
                continue  # the read layer's rows are in the tables; the plot shows pages
            points = [
                (s, by_scale[s]["requests"].get(key, {}).get("median_ms"))
                for s in scales
            ]
            points = [(s, v) for s, v in points if v is not None]
            if not points:
                continue
            label = by_scale[scales[-1]]["requests"][key]["label"]
            comparison = by_scale[scales[-1]]["requests"][key].get("group") != "pages"
            ax.plot(
                *zip(*points, strict=True),
                marker="s" if comparison else "o",
                linestyle="--" if comparison else "-",
                label=label,
            )
        ax.axhline(MEDIAN_BUDGET_MS, color="red", linestyle="--", linewidth=1)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("claims")
        ax.set_title(f"{VENDOR_NAMES.get(vendor, vendor)}: median server time")
        ax.grid(True, which="both", alpha=0.3)
    axes[0][0].set_ylabel("ms (log); red: 50 ms budget")
    axes[0][-1].legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    fig.tight_layout()
    path.parent.mkdir(exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def write_docs(results, top: int, repeat: int) -> None:
    plotted = plot(results)
    # Rendered --from-results, the runs' own repeat counts are the ones to name.
    measured = sorted(
        {
            r["repeat"]
            for runs in results.values()
            for r in runs.values()
            if "repeat" in r
        }
    )
    rounds = " or ".join(str(n) for n in measured) if measured else str(repeat)
    body = [
        START,
        "",
        f"_Written by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; "
        f"{rounds} timed rounds per request after one warm-up, in-process with "
        "Django's test client (server time, no network), query counts from "
        "`CaptureQueriesContext`. Floor: the same rows with one raw SQL query and "
        "`json.dumps`. Budgets are checked at the largest scale._",
        "",
    ]
    if plotted:
        body += [f"![median server time by scale]({PLOT.name})", ""]
    body += [render(results, top, doc=True), END]
    section = "\n".join(body)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        _, after = rest.split(END, 1)
        text = before + section + after
    else:
        text = text.rstrip("\n") + f"\n\n{HEADING}\n\n{section}\n"
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text, encoding="utf-8")

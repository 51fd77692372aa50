"""benchmarks.report: how the budget table judges a run."""

from benchmarks.report import check_budgets


def _run(queries: int, median: float = 20.0) -> dict:
    entry = {
        "label": "Sources list, first page",
        "group": "pages",
        "budget": True,
        "median_ms": median,
        "p95_ms": median,
        "queries": queries,
        "status": 200,
    }
    return {"requests": {"sources_first": entry}}


def _query_check(by_scale: dict) -> tuple:
    checks = check_budgets(by_scale, max(by_scale))
    return next(c for c in checks if c[0] == "query counts do not grow with data size")


def test_a_count_skipped_at_the_smallest_scale_is_not_growth():
    # 1,000 claims: a first page holds every source, so no COUNT is run.
    by_scale = {1_000: _run(5), 10_000: _run(6), 100_000: _run(6)}
    _, held, detail = _query_check(by_scale)
    assert held is True
    assert detail == "checked at 10,000 / 100,000"


def test_a_query_more_at_the_largest_scale_misses():
    by_scale = {1_000: _run(6), 10_000: _run(6), 100_000: _run(7)}
    _, held, detail = _query_check(by_scale)
    assert held is False
    assert "Sources list, first page (6 / 7)" in detail


def test_a_count_estimated_at_the_largest_scale_is_not_growth():
    # PostgreSQL: at 10,000 claims the estimate is below the bound and a COUNT
    # follows; at 100,000 the estimate is the total.
    by_scale = {1_000: _run(7), 10_000: _run(8), 100_000: _run(7)}
    _, held, _detail = _query_check(by_scale)
    assert held is True


def test_a_median_over_budget_misses():
    checks = check_budgets({100_000: _run(6, median=51.0)}, 100_000)
    budget = next(c for c in checks if c[0].startswith("median"))
    assert budget[1] is False and "51 ms" in budget[2]

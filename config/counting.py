"""How many rows a list has: exact when cheap, the planner's estimate beyond a bound."""

import json
from dataclasses import dataclass

from django.conf import settings
from django.db import connections


@dataclass(frozen=True)
class ResultCount:
    """A list's total; ``estimated`` when it is the planner's guess (say "about")."""

    value: int
    estimated: bool = False

    @property
    def shown(self) -> int:
        """An estimate rounded to two significant figures: more would be false."""
        if not self.estimated or self.value < 100:
            return self.value
        scale = 10 ** (len(str(self.value)) - 2)
        return round(self.value / scale) * scale


def planner_estimate(queryset) -> int | None:
    """PostgreSQL's estimate of the rows of this query (no rows are read)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def count_rows(queryset) -> ResultCount:
    """COUNT(*) while the planner expects at most ``LIST_COUNT_EXACT_UP_TO`` rows;
    beyond that (on PostgreSQL) its estimate, as a COUNT of a large filtered list
    reads every matching row."""
    estimate = planner_estimate(queryset)
    if estimate is not None and estimate > settings.LIST_COUNT_EXACT_UP_TO:
        return ResultCount(estimate, estimated=True)
    return ResultCount(queryset.order_by().count())


def page_count(page, count) -> ResultCount:
    """A list that fits on its one page counts itself; else ``count()`` is asked."""
    if not page.has_previous and not page.has_next:
        return ResultCount(len(page.object_list))
    return count()

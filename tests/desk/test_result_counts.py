"""Result counts on the lists (tallies, the audit chain's ends, COUNT, or
PostgreSQL's estimate) and the claims list's sortable column headers."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import audit
from audit.models import AuditEvent
from claims.services.tallies import claim_tallies_rebuild
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    ReportFactory,
    SourceFactory,
)
from tests.lists import count_line
from tests.states import in_review_claim

pytestmark = pytest.mark.django_db
URL = "/claims/"


def test_the_list_counts_every_match_not_the_page(client, researcher):
    for _ in range(5):
        ClaimFactory()
    claim_tallies_rebuild()  # the factories write claims past the services
    client.force_login(researcher)
    html = client.get(URL, {"size": 2}).content.decode()
    assert count_line(html) == "5 claims · 2 on this page"
    assert count_line(client.get(URL, {"q": "nothing-matches"}).content.decode()) == (
        "0 claims"
    )


def claim_counts(ctx) -> list:
    return [
        q
        for q in ctx.captured_queries
        if "COUNT(" in q["sql"].upper() and "claims_claim" in q["sql"]
    ]


def test_a_status_count_comes_from_the_tallies_without_a_count_query(
    client, researcher
):
    report = ReportFactory()
    for status in ("new", "new", "researching"):
        AppearanceFactory(claim=ClaimFactory(status=status), report=report)
    ClaimFactory()  # on the desk, in no report
    claim_tallies_rebuild()
    client.force_login(researcher)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(URL, {"status": "new", "size": 1}).content.decode()
    assert count_line(html) == "3 claims · 1 on this page"
    assert not claim_counts(ctx)
    in_report = client.get(URL, {"status": "new", "report": report.pk, "size": 1})
    assert count_line(in_report.content.decode()) == "2 claims · 1 on this page"
    # Another filter is counted from the claims themselves.
    with CaptureQueriesContext(connection) as ctx:
        client.get(URL, {"status": "new", "kind": "statistic", "size": 1})
    assert claim_counts(ctx)


def test_beyond_the_bound_postgresql_says_about(
    client, researcher, settings, db_vendor
):
    if db_vendor != "postgresql":
        pytest.skip("the planner's estimate is PostgreSQL's")
    for _ in range(3):
        ClaimFactory(kind="statistic")
    connection.cursor().execute("ANALYZE claims_claim")
    settings.LIST_COUNT_EXACT_UP_TO = 0
    client.force_login(researcher)
    html = client.get(URL, {"kind": "statistic", "size": 1}).content.decode()
    assert count_line(html).startswith("About ")
    # A list that fits on one page is counted by its rows, exactly.
    html = client.get(URL, {"kind": "statistic"}).content.decode()
    assert count_line(html) == "3 claims"


def test_queues_and_reports_are_counted(client, editor, researcher):
    in_review_claim(researcher)
    ClaimFactory()
    ReportFactory()
    client.force_login(editor)
    queue = client.get(reverse("desk:review_queue")).content.decode()
    assert count_line(queue) == "1 claim waiting"
    mine = client.get(reverse("desk:my_queue")).content.decode()
    assert count_line(mine) == "1 claim"
    reports = client.get(reverse("desk:report_list")).content.decode()
    assert count_line(reports).endswith("report")


def test_column_headers_sort_and_say_how(client, researcher):
    low, high = ClaimFactory(checkworthiness=0.1), ClaimFactory(checkworthiness=0.9)
    client.force_login(researcher)
    html = client.get(URL, {"q": ""}).content.decode()
    assert 'aria-sort="ascending"' in html  # the default: oldest first, by #
    link = re.search(r'<a href="([^"]+)" class="sort-link" title="Sort: Most', html)
    assert link and "sort=-score" in link.group(1)
    response = client.get(URL + link.group(1).replace("&amp;", "&"))
    assert [c.pk for c in response.context["claims"]] == [high.pk, low.pk]
    html = response.content.decode()
    assert re.search(r'aria-sort="descending"><a href="[^"]*sort=score', html)


def test_the_sources_list_counts_every_match(client, researcher):
    for title in ("China yearbook", "China survey", "Battery study"):
        SourceFactory(title=title)
    client.force_login(researcher)
    url = reverse("desk:source_list")
    html = client.get(url, {"page_size": 2}).content.decode()
    assert count_line(html) == "3 sources · 2 on this page"
    assert count_line(client.get(url, {"q": "china"}).content.decode()) == "2 sources"
    assert count_line(client.get(url, {"q": "nothing"}).content.decode()) == (
        "0 sources"
    )


def record_events(editor, n: int, action: str = "record.changed") -> None:
    for i in range(n):
        audit.record(action=action, actor=editor, data={"n": i})


def event_counts(ctx) -> list:
    return [
        q
        for q in ctx.captured_queries
        if "COUNT(" in q["sql"].upper() and "audit_auditevent" in q["sql"]
    ]


def test_the_audit_log_counts_the_whole_trail_from_its_ends(client, editor):
    record_events(editor, 4)
    client.force_login(editor)  # signing in is an event too
    total = AuditEvent.objects.count()
    url = reverse("desk:audit_log")
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url, {"size": 2}).content.decode()
    assert count_line(html) == f"{total} events · 2 on this page"
    assert not event_counts(ctx)
    # The next page says the same total.
    older = client.get(url, {"size": 2, "before": AuditEvent.objects.latest("seq").seq})
    assert count_line(older.content.decode()).startswith(f"{total} events")


def test_a_filtered_audit_log_counts_its_matches(client, editor):
    record_events(editor, 3, action="claim.changed")
    record_events(editor, 2)
    client.force_login(editor)
    url = reverse("desk:audit_log")
    html = client.get(url, {"action": "claim.changed", "size": 2}).content.decode()
    assert count_line(html) == "3 events · 2 on this page"
    claim = ClaimFactory()
    user_page = reverse("desk:audit_user", args=[editor.username])
    mine = AuditEvent.objects.filter(actor=editor).count()
    assert count_line(client.get(user_page, {"size": 2}).content.decode()) == (
        f"{mine} events · 2 on this page"
    )
    history = client.get(reverse("desk:audit_claim", args=[claim.pk]))
    assert count_line(history.content.decode()) == "0 events"
    refused = client.get(url, {"action": "no.such_action"})
    assert count_line(refused.content.decode()) == "0 events"


def test_beyond_the_bound_the_audit_log_says_about(client, editor, settings, db_vendor):
    if db_vendor != "postgresql":
        pytest.skip("the planner's estimate is PostgreSQL's")
    record_events(editor, 3, action="claim.changed")
    connection.cursor().execute("ANALYZE audit_auditevent")
    settings.LIST_COUNT_EXACT_UP_TO = 0
    client.force_login(editor)
    url = reverse("desk:audit_log")
    html = client.get(url, {"action": "claim.changed", "size": 1}).content.decode()
    assert count_line(html).startswith("About ")

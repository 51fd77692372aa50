"""The audit log pages: who may read them, filters, keyset pages and the CSV export."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import audit
from audit.models import AuditEvent
from tests.factories import AppearanceFactory, ClaimFactory, ReportFactory, UserFactory

pytestmark = pytest.mark.django_db

LOG = reverse("desk:audit_log")
EXPORT = reverse("desk:audit_export")


def _seqs(response):
    return [row.seq for row in response.context["page"].object_list]


def _events(n, *, actor, action="record.changed", subject=None, **kwargs):
    return [
        audit.record(action=action, actor=actor, subject=subject or actor, **kwargs)
        for _ in range(n)
    ]


def _csv(response):
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")


# --- who may read ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [LOG, EXPORT, reverse("desk:audit_claim", args=[1])],
)
def test_anonymous_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", [LOG, EXPORT, reverse("desk:audit_claim", args=[1])])
def test_user_without_a_role_is_refused(client, outsider, url):
    _events(1, actor=outsider)
    client.force_login(outsider)
    response = client.get(url)
    assert response.status_code == 403
    assert b"record.changed" not in b"".join(
        getattr(response, "streaming_content", [response.content])
    )


@pytest.mark.parametrize("persona", ["researcher", "editor", "admin"])
def test_desk_staff_read_the_log(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(LOG)
    assert response.status_code == 200
    assert f"{user.username} signed in" in response.content.decode()


# --- what each event shows --------------------------------------------------------


def test_an_event_shows_time_actor_message_changes_comment_and_request(
    client, researcher, editor
):
    claim = ClaimFactory(text="Exports rose 20% in 2025.")
    event = audit.record(
        action="claim.changed",
        actor=editor,
        subject=claim,
        data={"changes": {"topic": {"old": "Trade", "new": "Exports"}}},
        comment="Topic was too broad.",
    )
    client.force_login(researcher)

    html = client.get(LOG, {"action": "claim.changed"}).content.decode()

    assert f'datetime="{event.at.isoformat()}"' in html
    assert reverse("desk:audit_user", args=["editor"]) in html
    assert "editor edited claim Exports rose 20% in 2025." in html
    assert "<del>Trade</del>" in html and "<ins>Exports</ins>" in html
    assert "Topic was too broad." in html


def test_state_changes_show_from_and_to(client, researcher):
    audit.record(
        action="claim.research_started",
        actor=researcher,
        subject=ClaimFactory(),
        data={"from": "new", "to": "researching"},
    )
    client.force_login(researcher)

    html = client.get(LOG).content.decode()

    # Codes are shown as their labels, as on the claim timeline.
    assert "<del>New</del>" in html and "<ins>Researching</ins>" in html


# --- filters ----------------------------------------------------------------------


def test_filter_by_actor_and_action(client, researcher, editor):
    mine = _events(2, actor=researcher)
    _events(2, actor=editor)
    audit.record(action="user.changed", actor=researcher, subject=editor)
    client.force_login(editor)

    response = client.get(LOG, {"actor": "researcher", "action": "record.changed"})

    assert _seqs(response) == [e.seq for e in reversed(mine)]


def test_unknown_action_is_an_error_not_an_unfiltered_log(client, researcher):
    _events(2, actor=researcher)
    client.force_login(researcher)

    response = client.get(LOG, {"action": "no.such_action"})

    assert response.status_code == 400
    assert _seqs(response) == []
    assert "cannot be applied" in response.content.decode()


def test_filter_by_date_range(client, researcher):
    events = _events(2, actor=researcher)
    today = timezone.localdate()
    client.force_login(researcher)

    def seqs(**params):
        return _seqs(client.get(LOG, params))

    day = datetime.timedelta(days=1)
    assert set(seqs(since=today.isoformat(), until=today.isoformat())) >= {
        e.seq for e in events
    }
    assert seqs(since=(today + day).isoformat()) == []
    assert seqs(until=(today - day).isoformat()) == []


def test_filter_by_claim_and_the_claim_page(client, researcher):
    claim, other = ClaimFactory(), ClaimFactory()
    on_claim = audit.record(action="claim.changed", actor=researcher, subject=claim)
    audit.record(action="claim.changed", actor=researcher, subject=other)
    client.force_login(researcher)

    assert _seqs(client.get(LOG, {"claim": claim.pk})) == [on_claim.seq]
    page = client.get(reverse("desk:audit_claim", args=[claim.pk]))
    assert _seqs(page) == [on_claim.seq]
    assert f"History of claim #{claim.pk}" in page.content.decode()


def test_filter_by_report_covers_the_report_and_its_claims(client, researcher):
    report = ReportFactory()
    in_report = AppearanceFactory(report=report).claim
    elsewhere = AppearanceFactory().claim
    imported = audit.record(action="report.imported", actor=researcher, subject=report)
    on_claim = audit.record(action="claim.changed", actor=researcher, subject=in_report)
    audit.record(action="claim.changed", actor=researcher, subject=elsewhere)
    client.force_login(researcher)

    response = client.get(LOG, {"report": report.pk})

    assert _seqs(response) == [on_claim.seq, imported.seq]


def test_scope_shows_one_records_history(client, researcher):
    claim = ClaimFactory()
    first = audit.record(action="claim.changed", actor=researcher, subject=claim)
    audit.record(action="claim.changed", actor=researcher, subject=ClaimFactory())
    client.force_login(researcher)

    response = client.get(LOG, {"scope": f"claims.claim:{claim.pk}"})

    assert _seqs(response) == [first.seq]
    assert "History of" in response.content.decode()


def test_user_page_shows_only_what_that_user_did(client, researcher, editor):
    theirs = _events(2, actor=editor)
    _events(1, actor=researcher)
    client.force_login(researcher)

    response = client.get(reverse("desk:audit_user", args=["editor"]))

    assert _seqs(response) == [e.seq for e in reversed(theirs)]
    assert client.get(reverse("desk:audit_user", args=["nobody"])).status_code == 404


def test_request_id_groups_the_events_of_one_request(client, researcher):
    from audit.context import audit_context

    with audit_context(request_id="req-abcdef12"):
        grouped = _events(2, actor=researcher)
    _events(1, actor=researcher)
    client.force_login(researcher)

    response = client.get(LOG, {"request_id": "req-abcdef12"})

    assert _seqs(response) == [e.seq for e in reversed(grouped)]


# --- keyset pagination -----------------------------------------------------------


def test_pages_walk_older_and_newer_by_seq(client, researcher):
    """The desk's one pager, rows named by seq: newest first, so ``after`` (the
    "Older" link) is the older side and ``before`` ("Newer") the newer one."""
    events = _events(7, actor=researcher, action="user.changed")
    seqs = [e.seq for e in reversed(events)]  # newest first
    client.force_login(researcher)
    params = {"action": "user.changed", "page_size": 3}

    first = client.get(LOG, params)
    assert _seqs(first) == seqs[:3]
    page = first.context["page"]
    assert not page.has_previous and page.has_next
    assert page.next_after == seqs[2]
    html = first.content.decode()
    assert (
        f'rel="next" href="?action=user.changed&amp;page_size=3&amp;after={seqs[2]}"'
        in html
    )
    assert 'rel="prev"' not in html

    second = client.get(LOG, {**params, "after": page.next_after})
    assert _seqs(second) == seqs[3:6]

    third = client.get(LOG, {**params, "after": second.context["page"].next_after})
    assert _seqs(third) == seqs[6:]
    assert not third.context["page"].has_next

    back = client.get(LOG, {**params, "before": third.context["page"].previous_before})
    assert _seqs(back) == seqs[3:6]
    back_again = client.get(
        LOG, {**params, "before": back.context["page"].previous_before}
    )
    assert _seqs(back_again) == seqs[:3]
    assert not back_again.context["page"].has_previous


def test_the_older_page_size_name_still_applies_and_is_kept_as_page_size(
    client, researcher
):
    _events(5, actor=researcher, action="user.changed")
    client.force_login(researcher)

    response = client.get(LOG, {"size": 2})

    assert len(_seqs(response)) == 2
    html = response.content.decode()
    assert '<input type="hidden" name="page_size" value="2">' in html
    assert 'name="size"' not in html


def test_page_size_is_bounded(client, researcher, settings):
    settings.LIST_MAX_PAGE_SIZE = 4
    _events(6, actor=researcher)
    client.force_login(researcher)

    assert len(_seqs(client.get(LOG, {"page_size": 10_000}))) == 4


def test_the_log_never_counts_or_offsets(client, researcher):
    _events(5, actor=researcher)
    client.force_login(researcher)

    with CaptureQueriesContext(connection) as queries:
        client.get(LOG, {"page_size": 2, "after": 10**9})

    sql = " ".join(
        q["sql"].upper() for q in queries if "AUDIT_AUDITEVENT" in q["sql"].upper()
    )
    assert "COUNT(" not in sql
    assert "OFFSET" not in sql


def test_query_count_does_not_grow_with_the_events_shown(client, researcher, editor):
    claim = ClaimFactory()
    client.force_login(researcher)
    _events(3, actor=editor, action="claim.changed", subject=claim)
    with CaptureQueriesContext(connection) as few:
        client.get(LOG, {"page_size": 50})
    _events(40, actor=editor, action="claim.changed", subject=claim)
    _events(5, actor=researcher)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LOG, {"page_size": 50})

    assert len(_seqs(response)) == 49  # 48 recorded here and the sign-in
    assert len(many) == len(few)
    assert len(many) <= 12


# --- CSV export -------------------------------------------------------------------


def test_export_streams_every_matching_event_oldest_first(client, researcher, editor):
    mine = _events(3, actor=researcher, comment="checked")
    _events(2, actor=editor)
    client.force_login(editor)

    response = client.get(EXPORT, {"actor": "researcher", "action": "record.changed"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert [int(r["seq"]) for r in rows] == [e.seq for e in mine]
    assert {r["actor"] for r in rows} == {"researcher"}
    assert rows[0]["comment"] == "checked"
    assert rows[0]["hash"] == mine[0].hash


def test_export_ignores_paging_but_keeps_filters(client, researcher):
    events = _events(5, actor=researcher, action="user.changed")
    client.force_login(researcher)

    rows = _csv(client.get(EXPORT, {"action": "user.changed", "size": 2, "before": 3}))

    assert len(rows) == len(events)


def test_export_neutralises_spreadsheet_formulas(client, researcher):
    claim = ClaimFactory(text='=HYPERLINK("https://evil.example","click")')
    audit.record(action="claim.changed", actor=researcher, subject=claim)
    client.force_login(researcher)

    rows = _csv(client.get(EXPORT, {"claim": claim.pk}))

    assert rows[0]["subject_label"].startswith("'=HYPERLINK")


def test_export_of_a_bad_filter_is_refused(client, researcher):
    client.force_login(researcher)
    response = client.get(EXPORT, {"action": "nope.nope"})
    assert response.status_code == 400


def test_export_changes_are_json(client, researcher):
    claim = ClaimFactory()
    audit.record(
        action="claim.changed",
        actor=researcher,
        subject=claim,
        data={"changes": {"topic": {"old": "a", "new": "b"}}},
    )
    client.force_login(researcher)

    rows = _csv(client.get(EXPORT, {"claim": claim.pk}))

    assert '"topic": {"new": "b", "old": "a"}' in rows[0]["changes"]
    assert AuditEvent.objects.filter(action="claim.changed").count() == 1

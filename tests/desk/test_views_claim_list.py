"""The claims list: filters, sorting, bounded pages and the editors' bulk actions."""

import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from claims.models import Claim
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    EvidenceFactory,
    ReportFactory,
)

pytestmark = pytest.mark.django_db
URL = "/claims/"


def listed(response) -> list[int]:
    return [claim.pk for claim in response.context["claims"]]


def test_lists_claims_with_status_in_words(client, researcher):
    claim = ClaimFactory(text="Exports doubled in 2025.", status="researching")
    client.force_login(researcher)
    response = client.get(URL)
    html = response.content.decode()
    assert listed(response) == [claim.pk]
    assert "Exports doubled in 2025." in html
    assert "Researching</span>" in html


def test_filters_by_status_verdict_kind_and_score(client, researcher):
    new = ClaimFactory(checkworthiness=0.9)
    ClaimFactory(checkworthiness=0.2)
    published = ClaimFactory(status="published", verdict="false", kind="event")
    client.force_login(researcher)
    assert listed(client.get(URL, {"status": "published"})) == [published.pk]
    assert listed(client.get(URL, {"verdict": "false"})) == [published.pk]
    assert listed(client.get(URL, {"kind": "event"})) == [published.pk]
    assert listed(client.get(URL, {"min_checkworthiness": "0.85"})) == [new.pk]
    both = client.get(URL, {"status": ["new", "published"], "min_checkworthiness": 0.5})
    assert set(listed(both)) == {new.pk, published.pk}


def test_filters_by_report_section_assignee_evidence_and_search(client, researcher):
    report = ReportFactory()
    in_report = AppearanceFactory(report=report, section="Energy > Batteries").claim
    AppearanceFactory(section="Health")
    mine = ClaimFactory(status="researching", assignee=researcher, text="Zebra count.")
    with_evidence = EvidenceFactory().claim
    client.force_login(researcher)
    assert listed(client.get(URL, {"report": report.pk})) == [in_report.pk]
    assert listed(client.get(URL, {"section": "Energy"})) == [in_report.pk]
    assert listed(client.get(URL, {"assignee": researcher.pk})) == [mine.pk]
    assert listed(client.get(URL, {"has_evidence": "true"})) == [with_evidence.pk]
    assert listed(client.get(URL, {"q": "zebra"})) == [mine.pk]


def test_sorts_by_check_worthiness(client, researcher):
    low = ClaimFactory(checkworthiness=0.1)
    high = ClaimFactory(checkworthiness=0.9)
    client.force_login(researcher)
    assert listed(client.get(URL, {"sort": "-score"})) == [high.pk, low.pk]
    assert listed(client.get(URL, {"sort": "score"})) == [low.pk, high.pk]


def link(response, rel: str) -> str | None:
    match = re.search(rf'<a rel="{rel}" href="([^"]+)"', response.content.decode())
    if not match:
        return None
    href = match.group(1).replace("&amp;", "&")
    return URL + href if href.startswith("?") else href


@override_settings(LIST_PAGE_SIZE=2, LIST_MAX_PAGE_SIZE=3)
def test_pages_are_bounded_and_link_to_the_next_and_previous(client, researcher):
    claims = [ClaimFactory() for _ in range(5)]
    client.force_login(researcher)
    first = client.get(URL)
    assert listed(first) == [c.pk for c in claims[:2]]
    assert link(first, "prev") is None
    second = client.get(link(first, "next"))
    assert listed(second) == [c.pk for c in claims[2:4]]
    last = client.get(link(second, "next"))
    assert listed(last) == [claims[4].pk]
    assert link(last, "next") is None
    back = client.get(link(last, "prev"))
    assert listed(back) == [c.pk for c in claims[2:4]]
    assert listed(client.get(link(back, "prev"))) == [c.pk for c in claims[:2]]
    assert listed(client.get(URL, {"page_size": 1000})) == [c.pk for c in claims[:3]]
    beyond = client.get(URL, {"after": claims[4].pk})
    assert listed(beyond) == []
    assert "Go to the first page" in beyond.content.decode()
    assert client.get(URL, {"after": "x", "before": "-3"}).status_code == 200


@override_settings(LIST_PAGE_SIZE=2)
@pytest.mark.parametrize("sort", ["-id", "updated", "-updated", "score", "-score"])
def test_following_next_walks_every_claim_once_in_the_sorted_order(
    client, researcher, sort
):
    for score in (0.5, 0.2, 0.5, 0.9, 0.5):
        ClaimFactory(checkworthiness=score)
    client.force_login(researcher)
    whole = listed(client.get(URL, {"sort": sort, "page_size": 100}))
    seen, response = [], client.get(URL, {"sort": sort})
    while True:
        seen += listed(response)
        following = link(response, "next")
        if following is None:
            break
        assert f"sort={sort}" in following
        response = client.get(following)
    assert seen == whole and len(seen) == 5


@override_settings(LIST_PAGE_SIZE=2)
def test_a_deep_page_seeks_without_offset_or_count(client, researcher):
    claims = [ClaimFactory(status="new") for _ in range(6)]
    client.force_login(researcher)
    params = {"status": "new", "sort": "-score", "after": claims[1].pk}
    client.get(URL)  # the session and the user's groups are cached from here on
    with CaptureQueriesContext(connection) as first_page:
        client.get(URL, {"status": "new", "sort": "-score"})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    assert len(captured) == len(first_page)
    claim_queries = [
        q["sql"] for q in captured.captured_queries if 'FROM "claims_claim"' in q["sql"]
    ]
    assert len(claim_queries) == 1
    assert "OFFSET" not in claim_queries[0].upper()
    assert "COUNT(" not in claim_queries[0].upper()


def test_researchers_get_no_bulk_form_and_cannot_post_one(client, researcher):
    claim = ClaimFactory()
    client.force_login(researcher)
    assert 'id="bulk-form"' not in client.get(URL).content.decode()
    response = client.post(
        reverse("desk:claim_bulk"),
        {"action": "not_checkable", "claims": [claim.pk], "reason": "Opinion."},
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == "new"


def test_bulk_assign_starts_new_claims_and_reassigns_open_ones(
    client, editor, researcher
):
    new = ClaimFactory()
    open_claim = ClaimFactory(status="researching", assignee=editor)
    client.force_login(editor)
    response = client.post(
        reverse("desk:claim_bulk"),
        {
            "action": "assign",
            "assignee": researcher.pk,
            "claims": [new.pk, open_claim.pk],
            "next": "/claims/?status=new",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/claims/?status=new"
    new.refresh_from_db()
    open_claim.refresh_from_db()
    assert (new.status, new.assignee) == ("researching", researcher)
    assert (open_claim.status, open_claim.assignee) == ("researching", researcher)
    events = AuditEvent.objects.filter(
        action__in=["claim.research_started", "claim.assigned"]
    )
    assert sorted(e.subject_id for e in events) == sorted(
        [str(new.pk), str(open_claim.pk)]
    )


def test_bulk_not_checkable_reports_each_failure(client, editor):
    ok = ClaimFactory()
    published = ClaimFactory(status="published", verdict="true")
    client.force_login(editor)
    response = client.post(
        reverse("desk:claim_bulk"),
        {
            "action": "not_checkable",
            "reason": "An opinion.",
            "claims": [ok.pk, published.pk, 999999],
        },
        follow=True,
    )
    texts = [str(m) for m in get_messages(response.wsgi_request)] or [
        str(m) for m in response.context["messages"]
    ]
    assert any("1 claim marked not checkable" in t for t in texts)
    assert any(t.startswith(f"Claim #{published.pk}:") for t in texts)
    assert any("Claim #999999: no such claim." in t for t in texts)
    ok.refresh_from_db()
    assert (ok.status, ok.not_checkable_reason) == ("not_checkable", "An opinion.")
    assert Claim.objects.get(pk=published.pk).status == "published"
    assert AuditEvent.objects.filter(action="claim.marked_not_checkable").count() == 1


def test_bulk_not_checkable_needs_a_reason(client, editor):
    claim = ClaimFactory()
    client.force_login(editor)
    response = client.post(
        reverse("desk:claim_bulk"),
        {"action": "not_checkable", "reason": " ", "claims": [claim.pk]},
        follow=True,
    )
    assert "Give the reason" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == "new"


def test_bulk_refuses_a_redirect_to_another_site(client, editor):
    claim = ClaimFactory()
    client.force_login(editor)
    response = client.post(
        reverse("desk:claim_bulk"),
        {
            "action": "not_checkable",
            "reason": "Vague.",
            "claims": [claim.pk],
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse("desk:claim_list")

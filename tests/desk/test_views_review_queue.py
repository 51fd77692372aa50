"""The editors' review queue: oldest submission first, verdicts and agreement."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, ClaimStatus
from claims.services.evidence import evidence_add
from tests.factories import ClaimFactory, ReviewFactory, SourceFactory
from tests.lists import header
from tests.paging import walk, walk_back
from tests.reviews.publishing import research_and_submit

pytestmark = pytest.mark.django_db
URL = "/review-queue/"


def submit(claim, researcher, rating="true"):
    return research_and_submit(claim, researcher=researcher, rating=rating)


def test_researchers_cannot_open_the_review_queue(client, researcher):
    client.force_login(researcher)
    assert client.get(URL).status_code == 403


def test_oldest_submission_first_with_verdict_and_agreement(
    client, editor, researcher, other_researcher
):
    first = submit(ClaimFactory(text="First submitted."), researcher, "true")
    second = submit(ClaimFactory(text="Second submitted."), other_researcher, "false")
    ReviewFactory(claim=first, reviewer=other_researcher, rating="true")
    ReviewFactory(claim=second, reviewer=researcher, rating="misleading")
    ClaimFactory(status="researching")  # not waiting
    client.force_login(editor)
    response = client.get(URL)
    html = response.content.decode()
    assert [c.pk for c in response.context["claims"]] == [first.pk, second.pk]
    summary = response.context["claims"][0].round_summary
    assert (summary.submitted.rating, summary.agreement) == ("true", "agree")
    assert response.context["claims"][1].round_summary.agreement == "disagree"
    assert "Agree</span>" in html and "Disagree</span>" in html
    assert "False / Misleading" in html


def test_a_claim_worked_on_after_submission_keeps_its_place(client, editor, researcher):

    first = submit(ClaimFactory(), researcher)
    second = submit(ClaimFactory(), researcher)
    evidence_add(claim=first, actor=editor, source=SourceFactory(), stance="context")
    client.force_login(editor)
    response = client.get(URL)
    assert [c.pk for c in response.context["claims"]] == [first.pk, second.pk]
    assert reverse("desk:claim_detail", args=[first.pk]) in response.content.decode()


def test_the_queue_pages_by_keyset_oldest_first_to_the_end_and_back(client, editor):
    claims = ClaimFactory.create_batch(7, status=ClaimStatus.IN_REVIEW)
    # Equal times: the id decides, so no claim is lost between pages.
    Claim.objects.filter(pk__in=[c.pk for c in claims[:4]]).update(
        updated_at=timezone.now() - timedelta(days=1)
    )
    client.force_login(editor)

    pages = walk(client, URL, {"page_size": 2})

    assert [len(p) for p in pages] == [2, 2, 2, 1]
    assert sum(pages, []) == [c.pk for c in claims]
    assert walk_back(client, URL, {"page_size": 2}) == pages[::-1]


# --- sortable column headers ----------------------------------------------------


# One moment for every claim, so that claims submitted the same day tie.
NOW = timezone.now()


def waiting_since(days_ago: int, **fields) -> Claim:
    claim = ClaimFactory(status=ClaimStatus.IN_REVIEW, **fields)
    Claim.objects.filter(pk=claim.pk).update(updated_at=NOW - timedelta(days=days_ago))
    return claim


def test_clicking_a_header_sorts_and_a_second_click_reverses(client, editor):
    today = timezone.localdate()
    old = waiting_since(3, due_on=today + timedelta(days=9))
    recent = waiting_since(1, due_on=today + timedelta(days=2))
    undated = waiting_since(2)
    client.force_login(editor)
    page = client.get(URL).content.decode()
    assert header(page, "Submitted")[1] == "ascending"  # longest waiting first

    recent_first = client.get(URL + header(page, "Submitted")[0])

    assert [c.pk for c in recent_first.context["claims"]] == [
        recent.pk,
        undated.pk,
        old.pk,
    ]
    page = recent_first.content.decode()
    assert header(page, "Submitted")[1] == "descending"
    by_due = client.get(URL + header(page, "Due")[0])
    # Due soonest first, the claims that have a due date (the menu says so).
    assert [c.pk for c in by_due.context["claims"]] == [recent.pk, old.pk]
    assert header(by_due.content.decode(), "Due")[1] == "ascending"
    newest = client.get(URL + header(page, "#")[0])
    newest = client.get(URL + header(newest.content.decode(), "#")[0])
    assert [c.pk for c in newest.context["claims"]] == [undated.pk, recent.pk, old.pk]
    assert header(newest.content.decode(), "#")[1] == "descending"


def test_pages_of_the_most_recent_first_hold_every_claim_once(client, editor):
    # Equal times: the id decides (newest first), so no claim is lost or repeated.
    claims = [waiting_since(days) for days in (1, 2, 1, 3, 1, 2, 3)]
    client.force_login(editor)
    days = {c.pk: d for c, d in zip(claims, (1, 2, 1, 3, 1, 2, 3), strict=True)}
    expected = sorted(days, key=lambda pk: (days[pk], -pk))

    pages = walk(client, URL, {"sort": "-waiting", "page_size": 2})

    assert sum(pages, []) == expected
    assert walk_back(client, URL, {"sort": "-waiting", "page_size": 2}) == pages[::-1]


def test_an_unknown_sort_is_named_and_the_queue_still_shows(client, editor):
    waiting_since(1)
    client.force_login(editor)
    response = client.get(URL, {"sort": "colour"})
    assert "Sort “colour” was ignored" in response.content.decode()
    assert len(response.context["claims"]) == 1

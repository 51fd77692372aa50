"""The editors' review queue: oldest submission first, verdicts and agreement."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, ClaimStatus
from claims.services.evidence import evidence_add
from tests.factories import ClaimFactory, ReviewFactory, SourceFactory
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

"""Blind reviews stay blind on the audit surfaces: the timeline, the audit page, its
CSV and the API show another reviewer's rating only once the viewer has submitted
their own in that round, or the round is closed (editors see everything)."""

import pytest
from django.urls import reverse

from claims.models import Claim
from reviews.services import review_submit
from tests import states

pytestmark = pytest.mark.django_db

LEAK = "Misleading by researcher"


@pytest.fixture
def claim(researcher):
    claim = states.researching_claim(researcher)
    review_submit(
        claim=claim,
        actor=researcher,
        rating="misleading",
        rationale="The base year is cherry-picked.",
    )
    Claim.objects.filter(pk=claim.pk).update(status="in_review")
    return Claim.objects.get(pk=claim.pk)


def _timeline(client, claim):
    page = client.get(reverse("desk:claim_detail", args=[claim.pk]))
    assert page.status_code == 200
    return page.content.decode().split('id="timeline"')[1]


def _audit_page(client, claim):
    page = client.get(reverse("desk:audit_claim", args=[claim.pk]))
    assert page.status_code == 200
    return page.content.decode()


def _csv(client, claim):
    response = client.get(reverse("desk:audit_export"), {"claim": claim.pk})
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def _api(client, claim):
    response = client.get(
        "/api/v1/audit/events/",
        {"scope_type": "claims.claim", "scope_id": claim.pk},
    )
    assert response.status_code == 200
    return response.content.decode()


SURFACES = [_timeline, _audit_page, _csv, _api]
# The timeline shows no record labels (a deleted comment's text stays out of it),
# so a review's label can only appear, once allowed, on these.
LABELLED = [_audit_page, _csv, _api]


@pytest.mark.parametrize("surface", SURFACES)
def test_another_reviewer_cannot_read_the_rating_before_submitting(
    client, claim, other_researcher, surface
):
    client.force_login(other_researcher)
    shown = surface(client, claim)
    assert "submitted a review (round 1)" in shown
    assert LEAK not in shown
    assert "misleading" not in shown.lower()
    if surface in LABELLED:
        assert "hidden until you submit yours" in shown


@pytest.mark.parametrize("surface", LABELLED)
def test_after_submitting_their_own_the_reviewer_reads_it(
    client, claim, other_researcher, surface
):
    review_submit(
        claim=claim,
        actor=other_researcher,
        rating="mostly_true",
        rationale="Within rounding.",
    )
    client.force_login(other_researcher)
    assert LEAK in surface(client, claim)


@pytest.mark.parametrize("surface", LABELLED)
def test_once_the_round_is_closed_everyone_reads_it(
    client, claim, other_researcher, surface
):
    Claim.objects.filter(pk=claim.pk).update(review_round=2, status="researching")
    client.force_login(other_researcher)
    assert LEAK in surface(client, claim)


@pytest.mark.parametrize("surface", LABELLED)
def test_the_author_and_editors_read_it(client, claim, researcher, editor, surface):
    for user in (researcher, editor):
        client.force_login(user)
        assert LEAK in surface(client, claim), user

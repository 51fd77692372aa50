"""Blind reviews stay blind on the desk's surfaces (issue 18, item 1; the audit
trail's labels are tested with the audit app).

Rosa, the assignee, rated the claim "Mostly false" and submitted it for review.
Ravi, another researcher, has not reviewed it: until he submits his own review
(or the round closes) no page, export, notification or admin list shows him her
rating. The request that exposed it: Ravi's dashboard read "proposed Mostly false".
"""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from claims.models import Claim
from claims.services.evidence import evidence_add
from collab.models import NotificationKind
from collab.services import dispatch
from collab.services.comments import comment_add
from collab.services.notifications import (
    notification_email_send,
    notification_preferences_set,
)
from reviews.models import Review
from reviews.services import review_submit
from reviews.workflow import claim_perform
from tests.api.conftest import token_client
from tests.factories import AppearanceFactory, ClaimFactory, SourceFactory
from tests.reviews.publishing import review_and_submit

pytestmark = pytest.mark.django_db

ROSA_RATIONALE = "Rosa's reading: table 3 of the yearbook gives 31 percent."
PROPOSED = "proposed Mostly false"


@pytest.fixture
def claim(editor, researcher, other_researcher):
    """In review: Rosa's "Mostly false" is in; Ravi asked for a second opinion."""
    claim = ClaimFactory(text="China trained 40% of new large models in 2025.")
    AppearanceFactory(claim=claim)
    claim_perform("start_research", claim=claim, actor=editor, assignee=researcher)
    evidence = evidence_add(
        claim=claim,
        actor=researcher,
        source=SourceFactory(),
        stance="refutes",
        excerpt="Table 3: 31%.",
    )
    review_and_submit(
        claim,
        researcher=researcher,
        rating="mostly_false",
        rationale=ROSA_RATIONALE,
        evidence=evidence,
    )
    return Claim.objects.get(pk=claim.pk)


@pytest.fixture
def rosas_review(claim, researcher):
    return Review.objects.get(claim=claim, reviewer=researcher)


def ravi_reviews(claim, ravi):
    review_submit(
        claim=claim, actor=ravi, rating="half_true", rationale="Ravi: half of it."
    )


def reviews_section(html: str) -> str:
    """The claim page's reviews section (the timeline is the audit app's)."""
    return html.split('id="reviews"', 1)[1].split("</section>", 1)[0]


def test_the_dashboard_shows_the_proposed_verdict_only_after_ones_own_review(
    client, claim, other_researcher, researcher, editor
):
    client.force_login(other_researcher)
    page = client.get("/").content.decode()
    assert f"#{claim.pk}" in page, "the claim is listed as waiting for review"
    assert PROPOSED not in page

    ravi_reviews(claim, other_researcher)
    assert PROPOSED in client.get("/").content.decode()

    for person in (researcher, editor):
        client.force_login(person)
        assert PROPOSED in client.get("/").content.decode()


def test_the_claim_pages_reviews_hide_rosas_rating_until_ravis_is_in(
    client, claim, other_researcher
):
    client.force_login(other_researcher)
    section = reviews_section(client.get(f"/claims/{claim.pk}/").content.decode())
    assert ROSA_RATIONALE not in section
    assert "Rating: </span>Mostly false" not in section
    assert "1 hidden review in this round" in section

    ravi_reviews(claim, other_researcher)
    section = reviews_section(client.get(f"/claims/{claim.pk}/").content.decode())
    assert ROSA_RATIONALE in section
    assert "Rating: </span>Mostly false" in section


def test_a_closed_round_shows_its_reviews(client, claim, other_researcher, editor):
    claim_perform(
        "return_for_research", claim=claim, actor=editor, note="Cite the year."
    )
    client.force_login(other_researcher)
    section = reviews_section(client.get(f"/claims/{claim.pk}/").content.decode())
    assert ROSA_RATIONALE in section


def test_the_api_hides_rosas_review_from_ravi(claim, other_researcher):
    api = token_client(other_researcher)
    detail = api.get(f"/api/v1/claims/{claim.pk}/").json()
    assert detail["reviews"] == [] and detail["hidden_review_count"] == 1
    assert api.get(f"/api/v1/claims/{claim.pk}/reviews/").json() == []


def test_notifications_and_emails_to_ravi_carry_no_rating(
    client, claim, researcher, other_researcher
):
    notification_preferences_set(
        actor=other_researcher,
        channels=dict.fromkeys(NotificationKind.values, "email"),
        digest=False,
    )
    comment_add(
        claim=claim, actor=researcher, body="@other_researcher a second opinion?"
    )
    mail.outbox = []
    while (result := dispatch.dispatch_events()).events:
        for notification_id in result.emails:
            notification_email_send(notification_id=notification_id)

    to_ravi = [m for m in mail.outbox if m.to == [other_researcher.email]]
    assert [m.subject for m in to_ravi] and all(
        "mentioned" in m.subject for m in to_ravi
    )
    for message in to_ravi:
        assert "Mostly false" not in message.subject + message.body
    client.force_login(other_researcher)
    inbox = client.get("/inbox/").content.decode()
    assert "You were mentioned" in inbox
    assert "Mostly false" not in inbox


def test_the_claims_export_carries_no_proposed_verdict(client, claim, other_researcher):
    client.force_login(other_researcher)
    response = client.get("/claims/export.csv")
    rows = b"".join(response.streaming_content).decode().splitlines()
    row = next(line for line in rows if line.startswith(f"{claim.pk},"))
    assert "mostly_false" not in row and "Mostly false" not in row


def test_the_public_exports_wait_for_publication(client, claim):
    for url in ("/verdicts/export.csv", "/verdicts/export.json"):
        body = (
            b"".join(client.get(url).streaming_content)
            if url.endswith("csv")
            else client.get(url).content
        )
        assert claim.text.encode() not in body, url


@pytest.fixture
def ravi_in_the_admin(other_researcher):
    """A researcher an administrator let into the admin to read reviews and claims."""
    other_researcher.is_staff = True
    other_researcher.save()
    other_researcher.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_review", "view_claim"])
    )
    return other_researcher


def test_the_admin_hides_rosas_review_from_a_non_superuser(
    client, claim, rosas_review, ravi_in_the_admin
):
    client.force_login(ravi_in_the_admin)
    change_link = f"/admin/reviews/review/{rosas_review.pk}/change/"
    listing = client.get("/admin/reviews/review/").content.decode()
    assert change_link not in listing
    searched = client.get("/admin/reviews/review/", {"q": "yearbook"}).content
    assert change_link not in searched.decode()
    assert client.get(change_link).status_code == 302  # "doesn't exist"
    claim_page = client.get(f"/admin/claims/claim/{claim.pk}/change/")
    assert claim_page.status_code == 200
    assert change_link not in claim_page.content.decode()

    ravi_reviews(claim, ravi_in_the_admin)
    assert change_link in client.get("/admin/reviews/review/").content.decode()
    assert client.get(change_link).status_code == 200


def test_an_editor_in_the_admin_sees_every_review(client, claim, rosas_review, editor):
    client.force_login(editor)
    change_link = f"/admin/reviews/review/{rosas_review.pk}/change/"
    assert change_link in client.get("/admin/reviews/review/").content.decode()
    page = client.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()
    assert re.search(re.escape(change_link), page)

"""The approval preview: the would-be public page, its diffs, and the disagreement rule."""

import pytest
from django.urls import reverse

from claims.models import Claim
from claims.services.claims import claim_update
from claims.services.evidence import evidence_add
from reviews.models import Decision, VerdictVersion
from reviews.services import (
    claim_approve,
    claim_reopen,
    review_submit,
)
from tests.factories import AppearanceFactory, ClaimFactory, SourceFactory
from tests.reviews.publishing import research_and_submit, review_and_submit

pytestmark = pytest.mark.django_db


def second_opinion(claim, reviewer, rating: str, rationale: str):
    """Another researcher's review of the claim in review, citing its evidence."""
    return review_submit(
        claim=claim,
        actor=reviewer,
        rating=rating,
        rationale=rationale,
        cited_evidence_ids=[claim.evidence.first().pk],
    )


@pytest.fixture
def in_review(researcher):
    claim = ClaimFactory(text="AI cut battery testing times by up to 95%.")
    AppearanceFactory(
        claim=claim, quote="AI-powered methods reduce **testing times** by up to 95%."
    )
    return research_and_submit(claim, researcher=researcher)


def preview_url(claim) -> str:
    return reverse("desk:approve_preview", args=[claim.pk])


def post_approval(client, claim, **fields):
    page = client.get(preview_url(claim))
    form = page.context["form"]
    data = {
        "expected_version": form["expected_version"].value(),
        "expected_content": form["expected_content"].value(),
        **fields,
    }
    return client.post(preview_url(claim), data)


def test_the_preview_shows_the_public_page_to_be_published(client, editor, in_review):
    client.force_login(editor)
    response = client.get(preview_url(in_review))
    html = response.content.decode()

    assert response.status_code == 200
    assert "First publication" in html
    assert "AI cut battery testing times by up to 95%." in html
    assert "The yearbook supports a verdict of mostly_true." in html
    assert "Version 1, published when you approve it." in html
    assert "&quot;@type&quot;: &quot;ClaimReview&quot;" in html
    # The wording against the report's own words.
    assert "<del>" in html and "<ins>" in html
    assert "The reviews of this round disagree" not in html
    digest = response.context["preview"].digest
    assert f'value="{digest}"' in html
    assert not VerdictVersion.objects.exists()


def test_researchers_cannot_open_it(client, other_researcher, in_review):
    client.force_login(other_researcher)
    assert client.get(preview_url(in_review)).status_code == 403


def test_approving_from_the_preview_publishes_version_1(client, editor, in_review):
    client.force_login(editor)
    response = post_approval(client, in_review, note="Checked.")

    assert response.status_code == 302
    assert response["Location"] == reverse("desk:claim_detail", args=[in_review.pk])
    assert Claim.objects.get(pk=in_review.pk).status == "published"
    assert VerdictVersion.objects.get(claim=in_review).number == 1
    page = client.get(response["Location"]).content.decode()
    assert "version 1 of its verdict is on the public page" in page


def test_a_disagreement_is_named_and_must_be_confirmed_with_a_note(
    client, editor, other_researcher, in_review
):
    second_opinion(in_review, other_researcher, "half_true", "Table 3 says otherwise.")
    client.force_login(editor)
    html = client.get(preview_url(in_review)).content.decode()
    assert "The reviews of this round disagree." in html
    assert "Mostly true (Rosa)" in html and "Half true (Ravi)" in html
    assert "Publish despite disagreement" in html

    refused = post_approval(client, in_review, note="")
    assert refused.status_code == 400
    assert "nothing was published" in refused.content.decode()
    assert Claim.objects.get(pk=in_review.pk).status == "in_review"

    no_note = post_approval(client, in_review, publish_despite_disagreement="on")
    assert no_note.status_code == 400
    assert "Say why you publish despite the disagreement." in no_note.content.decode()

    published = post_approval(
        client,
        in_review,
        publish_despite_disagreement="on",
        note="Ravi read the 2024 table.",
    )
    assert published.status_code == 302
    decision = Decision.objects.get(claim=in_review, kind="approve")
    assert decision.published_despite_disagreement
    assert decision.note == "Ravi read the 2024 table."


def test_a_stale_preview_shows_what_would_be_published_now(
    client, editor, other_researcher, in_review
):
    client.force_login(editor)
    page = client.get(preview_url(in_review))
    form = page.context["form"]
    second_opinion(in_review, other_researcher, "mostly_true", "Agreed.")
    response = client.post(
        preview_url(in_review),
        {
            "expected_version": form["expected_version"].value(),
            "expected_content": form["expected_content"].value(),
        },
    )

    assert response.status_code == 412
    assert "changed since you opened the preview" in response.content.decode()
    assert not VerdictVersion.objects.exists()


def test_a_correction_previews_its_changes_and_public_note(
    client, researcher, editor, in_review
):
    claim = claim_approve(claim=in_review, actor=editor)
    claim = claim_reopen(
        claim=claim,
        actor=editor,
        reason="Internal: the lab result was one chemistry.",
        public_note="The study covered one battery chemistry only.",
    )
    claim = claim_update(
        claim=claim,
        actor=researcher,
        expected_version=claim.version,
        changes={"text": "AI cut lab testing times for one battery type by 95%."},
    )
    evidence = evidence_add(
        claim=claim,
        actor=researcher,
        source=SourceFactory(title="Nature 2020"),
        stance="context",
    )
    claim = review_and_submit(
        claim,
        researcher=researcher,
        rating="half_true",
        rationale="One chemistry, in the lab.",
        evidence=evidence,
    )
    client.force_login(editor)
    html = client.get(preview_url(claim)).content.decode()

    assert "Changes since version 1" in html
    assert "<ins>lab" in html
    assert "Added: Nature 2020" in html
    assert "Removed:" in html
    assert "The study covered one battery chemistry only." in html
    assert (
        "Rating changed from &#x27;Mostly true&#x27; to &#x27;Half true&#x27;" in html
    )
    # The internal reason is the desk's, not the public page's.
    public = html.split('id="public-preview"')[1]
    assert "one chemistry." not in public.split("The study covered")[0]
    assert "Internal: the lab result" not in public


def test_the_claim_page_reopen_form_separates_reason_and_public_note(
    client, editor, in_review
):
    claim = claim_approve(claim=in_review, actor=editor)
    client.force_login(editor)
    html = client.get(reverse("desk:claim_detail", args=[claim.pk])).content.decode()

    assert "Internal reason" in html and "never published" in html
    assert "Public correction note" in html and "shown on the public page" in html

    response = client.post(
        reverse("desk:claim_action", args=[claim.pk]),
        {
            "action": "reopen",
            "expected_version": claim.version,
            "reason": "Internal only.",
            "public_note": "Readers sent the 2025 bulletin.",
        },
    )
    assert response.status_code == 302
    reopening = Decision.objects.get(claim=claim, kind="reopen")
    assert (reopening.note, reopening.public_note) == (
        "Internal only.",
        "Readers sent the 2025 bulletin.",
    )


def test_a_claim_not_in_review_has_nothing_to_preview(client, editor, in_review):
    # Published: its round's review is still there, but nothing is put to approve.
    claim = claim_approve(claim=in_review, actor=editor)
    client.force_login(editor)
    response = client.get(preview_url(claim))

    assert response.status_code == 200
    html = response.content.decode()
    assert "You cannot approve this claim now." in html
    assert "cannot be approved" in html
    assert 'id="public-preview"' not in html
    assert "Approve and publish" not in html

"""Publication through the API: the preview, the disagreement field, versions, notes."""

import pytest

from tests.factories import AppearanceFactory, ClaimFactory
from tests.reviews.publishing import research_and_submit

pytestmark = pytest.mark.django_db


def act(client, claim_id, name, body=None):
    return client.post(
        f"/api/v1/claims/{claim_id}/actions/{name}/", body or {}, format="json"
    )


@pytest.fixture
def disputed(researcher, as_other_researcher):
    """In review, with a second opinion that disagrees."""
    claim = ClaimFactory(text="Output rose by 12% in 2025.")
    AppearanceFactory(claim=claim)
    claim = research_and_submit(claim, researcher=researcher, rating="true")
    as_other_researcher.post(
        f"/api/v1/claims/{claim.pk}/reviews/",
        {
            "rating": "misleading",
            "rationale": "Nominal, not real growth.",
            "cited_evidence": [claim.evidence.first().pk],
        },
        format="json",
    )
    return claim


def test_the_preview_names_the_disagreement_and_the_digest(as_editor, disputed):
    response = as_editor.get(f"/api/v1/claims/{disputed.pk}/approval-preview/")

    assert response.status_code == 200
    body = response.json()
    assert body["refusal"] == ""
    assert body["version"]["number"] == 1
    assert body["version"]["text"] == "Output rose by 12% in 2025."
    assert body["version"]["rating"] == "true"
    assert body["previous_number"] is None
    assert body["disagreement"] == [
        {"reviewer": "Rosa", "rating": "True"},
        {"reviewer": "Ravi", "rating": "Misleading"},
    ]
    assert len(body["expected_content"]) == 64


def test_researchers_get_no_preview(as_other_researcher, disputed):
    response = as_other_researcher.get(
        f"/api/v1/claims/{disputed.pk}/approval-preview/"
    )
    assert response.status_code == 403


def test_approve_over_a_disagreement_needs_the_field_and_a_note(as_editor, disputed):
    refused = act(as_editor, disputed.pk, "approve", {"note": "Looks fine."})
    assert refused.status_code == 400
    assert "publish_despite_disagreement" in str(refused.json())

    no_note = act(
        as_editor, disputed.pk, "approve", {"publish_despite_disagreement": True}
    )
    assert no_note.status_code == 400
    assert "note" in str(no_note.json())

    digest = as_editor.get(f"/api/v1/claims/{disputed.pk}/approval-preview/").json()[
        "expected_content"
    ]
    published = act(
        as_editor,
        disputed.pk,
        "approve",
        {
            "publish_despite_disagreement": True,
            "note": "Real growth is in table 2.",
            "expected_content": digest,
        },
    )
    assert published.status_code == 200
    body = published.json()
    assert body["published_version"]["number"] == 1
    assert body["published_version"]["rating"] == "true"
    assert body["published_version"]["content_sha256"] == digest
    assert body["decisions"][-1]["published_despite_disagreement"] is True


def test_a_stale_digest_is_412(as_editor, researcher):
    claim = research_and_submit(ClaimFactory(), researcher=researcher)

    response = act(as_editor, claim.pk, "approve", {"expected_content": "0" * 64})

    assert response.status_code == 412
    assert "changed since you previewed" in str(response.json())


def test_reopen_keeps_the_public_version_and_takes_a_public_note(
    as_editor, as_researcher, researcher, editor
):
    claim = ClaimFactory(text="Output rose by 12% in 2025.")
    AppearanceFactory(claim=claim)
    claim = research_and_submit(claim, researcher=researcher)
    act(as_editor, claim.pk, "approve")

    reopened = act(
        as_editor,
        claim.pk,
        "reopen",
        {"reason": "Internal: wrong table.", "public_note": "Revised figures."},
    )
    assert reopened.status_code == 200
    decision = reopened.json()["decisions"][-1]
    assert (decision["note"], decision["public_note"]) == (
        "Internal: wrong table.",
        "Revised figures.",
    )
    detail = as_researcher.get(f"/api/v1/claims/{claim.pk}/")
    edited = as_researcher.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"text": "DRAFT-EDIT output rose by 9%.", "short_claim": "DRAFT short"},
        format="json",
        HTTP_IF_MATCH=detail["ETag"],
    )
    assert edited.status_code == 200
    assert edited.json()["text"] == "DRAFT-EDIT output rose by 9%."
    # What the public sees is still version 1, as approved.
    published = edited.json()["published_version"]
    assert published["number"] == 1
    assert published["text"] == "Output rose by 12% in 2025."
    versions = as_researcher.get(f"/api/v1/claims/{claim.pk}/versions/").json()
    assert [v["number"] for v in versions] == [1]


def test_publication_facts_are_edited_through_the_api(as_researcher, researcher):
    claim = ClaimFactory(status="researching", assignee=researcher)
    detail = as_researcher.get(f"/api/v1/claims/{claim.pk}/")

    response = as_researcher.patch(
        f"/api/v1/claims/{claim.pk}/",
        {
            "short_claim": "Output rose 12%",
            "claimant": "Li Wei",
            "claimant_kind": "person",
            "claim_date": "2025-03-01",
            "language": "en-GB",
        },
        format="json",
        HTTP_IF_MATCH=detail["ETag"],
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["claimant"], body["claim_date"], body["language"]) == (
        "Li Wei",
        "2025-03-01",
        "en-GB",
    )
    detail = as_researcher.get(f"/api/v1/claims/{claim.pk}/")
    too_long = as_researcher.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"short_claim": "x" * 76, "language": "not a tag"},
        format="json",
        HTTP_IF_MATCH=detail["ETag"],
    )
    assert too_long.status_code == 400
    assert "short_claim" in str(too_long.json())


@pytest.mark.parametrize("sent", [1, "true", "yes", None])
def test_the_confirmation_is_a_json_boolean(as_editor, disputed, sent):
    # The schema says boolean: 1 or "yes" in a JSON body is refused, with a stale
    # If-Match too (the body is read first), and nothing is published.
    response = as_editor.post(
        f"/api/v1/claims/{disputed.pk}/actions/approve/",
        {"publish_despite_disagreement": sent, "note": "Real growth is in table 2."},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 400
    assert "publish_despite_disagreement" in response.json()["errors"]
    disputed.refresh_from_db()
    assert disputed.status == "in_review"


def test_a_form_sends_the_confirmation_as_text(as_editor, disputed):
    digest = as_editor.get(f"/api/v1/claims/{disputed.pk}/approval-preview/").json()[
        "expected_content"
    ]
    published = as_editor.post(
        f"/api/v1/claims/{disputed.pk}/actions/approve/",
        {
            "publish_despite_disagreement": "true",
            "note": "Real growth is in table 2.",
            "expected_content": digest,
        },
        format="multipart",
    )
    assert published.status_code == 200
    assert published.json()["status"] == "published"

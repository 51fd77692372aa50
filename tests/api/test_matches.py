"""GET /api/v1/claims/{id}/matches/ and POST …/matches/{match}/resolve/."""

import pytest

from claims.services.external import external_factchecks_import
from claims.services.matching import claims_match
from tests.api.conftest import read_etag, token_client
from tests.factories import ClaimFactory, EvidenceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(editor):
    old = ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March 2025.")
    new = ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March, 2025.")
    (match,) = claims_match(actor=editor, claims=[new]).suggested
    return old, new, match


def _resolve_url(claim, match) -> str:
    return f"/api/v1/claims/{claim.pk}/matches/{match.pk}/resolve/"


def test_matches_name_the_other_claim(as_editor, pair):
    old, new, _match = pair
    response = as_editor.get(f"/api/v1/claims/{new.pk}/matches/")
    assert response.status_code == 200
    (row,) = response.json()
    assert row["claim"] == old.pk
    assert row["source"] == "other_report"
    assert row["status"] == "suggested"
    assert row["score"] >= 90


def test_an_editor_resolves_and_a_second_time_is_409(as_editor, pair):
    _old, new, match = pair
    url = _resolve_url(new, match)
    response = as_editor.post(url, {"status": "distinct", "note": "No."})
    assert response.status_code == 200
    assert response.json()["status"] == "distinct"
    again = as_editor.post(url, {"status": "same"})
    assert again.status_code == 409


def test_merging_a_claim_with_work_is_409(editor, as_editor, pair):
    _old, new, match = pair
    EvidenceFactory(claim=new, added_by=editor)
    url = _resolve_url(new, match)
    response = as_editor.post(url, {"status": "same"})
    assert response.status_code == 409
    assert "already has work" in response.json()["detail"]


def test_stale_if_match_is_412(as_editor, pair):
    _old, new, match = pair
    url = _resolve_url(new, match)
    response = as_editor.post(
        url, {"status": "same"}, HTTP_IF_MATCH=f'"{new.version + 5}"'
    )
    assert response.status_code == 412


def test_a_researcher_proposes(as_researcher, pair):
    _old, new, match = pair
    url = _resolve_url(new, match)
    response = as_researcher.post(url, {"status": "same"})
    assert response.status_code == 200
    assert response.json()["proposed_status"] == "same"
    assert response.json()["status"] == "suggested"


def test_a_researchers_stale_if_match_is_412(as_researcher, pair):
    _old, new, match = pair
    url = _resolve_url(new, match)
    response = as_researcher.post(
        url, {"status": "same"}, HTTP_IF_MATCH=f'"{new.version + 1}"'
    )
    assert response.status_code == 412
    match.refresh_from_db()
    assert match.proposed_status == ""


def test_anonymous_is_refused(api, pair):
    _old, new, _match = pair
    assert api.get(f"/api/v1/claims/{new.pk}/matches/").status_code in (
        401,
        403,
    )


@pytest.fixture
def external(editor):
    claim = ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March 2025.")
    external_factchecks_import(
        actor=editor,
        data=b'[{"@type": "ClaimReview", "url": "https://checks.example.org/s",'
        b' "claimReviewed": "The Shenzhen plant made 4,000 chips in March 2025.",'
        b' "author": {"name": "Example Checker"},'
        b' "reviewRating": {"alternateName": "False", "ratingValue": 1},'
        b' "datePublished": "2026-01-05"}]',
    )
    return claim, claim.external_matches.get()


def _external_url(claim, match) -> str:
    return f"/api/v1/claims/{claim.pk}/external-matches/{match.pk}/resolve/"


def test_external_fact_checks_are_listed_and_resolved(as_editor, external):
    claim, _match = external
    (item,) = as_editor.get(f"/api/v1/claims/{claim.pk}/matches/").json()
    assert (item["claim"], item["source"], item["status"]) == (
        None,
        "external",
        "suggested",
    )
    assert item["fact_check"]["publisher"] == "Example Checker"
    assert item["fact_check"]["rating"] == "False"
    assert item["fact_check"]["review_date"] == "2026-01-05"
    url = f"/api/v1/claims/{claim.pk}/external-matches/{item['id']}/resolve/"
    response = as_editor.post(url, {"status": "same", "note": "Theirs."}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "same"
    assert as_editor.post(url, {"status": "same"}, format="json").status_code == 409


def test_a_researcher_proposes_on_an_external_match(
    as_researcher, as_other_researcher, as_editor, external
):
    claim, match = external
    response = as_researcher.post(
        _external_url(claim, match),
        {"status": "distinct", "note": "Another plant."},
        format="json",
        HTTP_IF_MATCH=read_etag(as_researcher, f"/api/v1/claims/{claim.pk}/"),
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["proposed_status"]) == ("suggested", "distinct")
    assert body["proposed_by"]["username"] == "researcher"
    (seen,) = as_other_researcher.get(f"/api/v1/claims/{claim.pk}/matches/").json()
    assert (seen["proposed_status"], seen["note"]) == ("distinct", "Another plant.")
    confirmed = as_editor.post(
        _external_url(claim, match), {"status": "distinct"}, format="json"
    )
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "distinct"
    again = as_researcher.post(
        _external_url(claim, match), {"status": "same"}, format="json"
    )
    assert again.status_code == 409


@pytest.mark.parametrize("persona", ["researcher", "editor"])
def test_a_stale_if_match_on_an_external_match_is_412(request, persona, external):
    claim, match = external
    response = request.getfixturevalue(f"as_{persona}").post(
        _external_url(claim, match),
        {"status": "same"},
        format="json",
        HTTP_IF_MATCH=f'"{claim.version + 1}"',
    )
    assert response.status_code == 412
    match.refresh_from_db()
    assert (match.status, match.proposed_status) == ("suggested", "")


def test_anyone_off_the_desk_may_not_propose(api, external):
    claim, match = external
    url = _external_url(claim, match)
    assert api.post(url, {"status": "same"}).status_code == 401
    # Claims are invisible off the desk: the match is not found rather than refused.
    reader = token_client(UserFactory(username="reader"))
    assert reader.post(url, {"status": "same"}, format="json").status_code == 404
    match.refresh_from_db()
    assert (match.status, match.proposed_status) == ("suggested", "")


def test_after_a_merge_the_kept_claim_lists_the_merged_claims_suggestions(editor, pair):
    from claims.models import ClaimMatch

    old, new, match = pair
    third = ClaimFactory(text="Shenzhen's plant made 4,000 chips in March 2025.")
    ClaimMatch.objects.create(claim=new, other=third, score=72, source="other_report")
    url = f"/api/v1/claims/{new.pk}/matches/{match.pk}/resolve/"
    assert token_client(editor).post(url, {"status": "same"}).status_code == 200
    kept = token_client(editor).get(f"/api/v1/claims/{old.pk}/matches/").json()
    assert {(row["claim"], row["status"]) for row in kept} == {
        (new.pk, "same"),
        (third.pk, "suggested"),
    }
    merged = token_client(editor).get(f"/api/v1/claims/{new.pk}/matches/").json()
    assert {(row["claim"], row["status"]) for row in merged} == {
        (old.pk, "same"),
        (third.pk, "closed"),
    }
    listed = token_client(editor).get("/api/v1/claims/", {"has_open_matches": "true"})
    assert {row["id"] for row in listed.json()["results"]} == {old.pk, third.pk}

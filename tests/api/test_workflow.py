"""The whole workflow driven through the API alone, with each persona's token."""

import pytest

from audit.models import AuditEvent
from tests.factories import AppearanceFactory, ClaimFactory, EvidenceFactory
from tests.reviews.publishing import research_and_submit

pytestmark = pytest.mark.django_db


def act(client, claim_id, name, body=None, **headers):
    return client.post(
        f"/api/v1/claims/{claim_id}/actions/{name}/",
        body or {},
        format="json",
        **headers,
    )


def test_claim_goes_from_new_to_published_and_is_corrected(
    as_researcher, as_other_researcher, as_editor, as_other_editor
):
    claim = ClaimFactory(text="China trained 40% of new large models in 2025.")
    AppearanceFactory(claim=claim)
    cid = claim.pk

    # The researcher takes the claim, adds a source and evidence, reviews, submits.
    assert act(as_researcher, cid, "start_research").json()["status"] == "researching"
    source = as_researcher.post(
        "/api/v1/sources/",
        {"url": "https://stats.example.org/yearbook?utm_source=x", "title": "Yearbook"},
        format="json",
    )
    assert source.status_code == 201
    assert source.json()["url"] == "https://stats.example.org/yearbook"
    evidence = as_researcher.post(
        "/api/v1/evidence/",
        {"claim": cid, "source": source.json()["id"], "stance": "refutes"},
        format="json",
    )
    assert evidence.status_code == 201
    review = as_researcher.post(
        f"/api/v1/claims/{cid}/reviews/",
        {
            "rating": "mostly_false",
            "rationale": "The yearbook gives 31%.",
            "cited_evidence": [evidence.json()["id"]],
        },
        format="json",
    )
    assert review.status_code == 201
    submitted = act(as_researcher, cid, "submit_for_review")
    assert submitted.json()["status"] == "in_review"

    # A second researcher sees the first review only after submitting their own.
    before = as_other_researcher.get(f"/api/v1/claims/{cid}/reviews/").json()
    assert before == []
    as_other_researcher.post(
        f"/api/v1/claims/{cid}/reviews/",
        {"rating": "false", "rationale": "Far off."},
        format="json",
    )
    after = as_other_researcher.get(f"/api/v1/claims/{cid}/reviews/").json()
    assert len(after) == 2

    # An editor returns it with a note; the researcher resubmits in round 2.
    returned = act(as_editor, cid, "return_for_research", {"note": "Cite table 3."})
    assert returned.json()["status"] == "researching"
    assert returned.json()["review_round"] == 2
    as_researcher.post(
        f"/api/v1/claims/{cid}/reviews/",
        {
            "rating": "mostly_false",
            "rationale": "Table 3 gives 31%.",
            "cited_evidence": [evidence.json()["id"]],
        },
        format="json",
    )
    act(as_researcher, cid, "submit_for_review")

    # Another editor approves: published, and readable by anyone.
    published = act(as_other_editor, cid, "approve", {"note": "Good."})
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    assert published.json()["verdict"] == "mostly_false"

    # Reopened with a reason, it becomes a correction in progress.
    reopened = act(as_editor, cid, "reopen", {"reason": "Revised statistics."})
    assert reopened.json()["status"] == "researching"
    assert reopened.json()["is_under_correction"] is True
    assert reopened.json()["decisions"][-1]["is_correction"] is True

    actions = [
        e.data.get("transition")
        for e in AuditEvent.objects.filter(scope_id=str(cid)).order_by("seq")
        if e.data.get("transition")
    ]
    assert actions == [
        "start_research",
        "submit_for_review",
        "return_for_research",
        "submit_for_review",
        "approve",
        "reopen",
    ]


def test_wrong_state_is_409(as_editor):
    claim = ClaimFactory()

    response = act(as_editor, claim.pk, "approve")

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert "cannot be given 'approve'" in response.json()["detail"]


def test_researcher_may_not_approve(as_researcher, researcher, editor):
    claim = research_and_submit(ClaimFactory(), researcher=editor)

    response = act(as_researcher, claim.pk, "approve")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    refusal = AuditEvent.objects.get(action="access.refused")
    assert refusal.actor == researcher


def test_four_eyes_refuses_the_author_of_the_verdict(as_editor, editor):
    claim = research_and_submit(ClaimFactory(), researcher=editor)

    response = act(as_editor, claim.pk, "approve")

    assert response.status_code == 403
    assert "Four eyes" in response.json()["detail"]


def test_return_needs_a_note(as_editor, researcher):
    claim = research_and_submit(ClaimFactory(), researcher=researcher)

    response = act(as_editor, claim.pk, "return_for_research", {"note": ""})

    assert response.status_code == 400
    assert "note" in response.json()["errors"]


def test_submit_without_evidence_is_409(as_researcher):
    claim = ClaimFactory()
    act(as_researcher, claim.pk, "start_research")

    response = act(as_researcher, claim.pk, "submit_for_review")

    assert response.status_code == 409
    assert "evidence" in response.json()["detail"]


def test_action_with_a_stale_if_match_is_412(as_researcher):
    claim = ClaimFactory(version=5)

    response = act(as_researcher, claim.pk, "start_research", HTTP_IF_MATCH='"4"')

    assert response.status_code == 412
    assert response.json()["current_version"] == 5
    claim.refresh_from_db()
    assert claim.status == "new"


def test_editor_starts_research_for_someone_else(as_editor, researcher):
    claim = ClaimFactory()

    response = act(as_editor, claim.pk, "start_research", {"assignee": researcher.pk})

    assert response.status_code == 200
    assert response.json()["assignee"]["username"] == "researcher"


@pytest.mark.parametrize("sent", ["{pk}", True])
def test_an_assignee_is_a_json_number(as_editor, researcher, sent):
    # The schema says integer: the id as text, or true, in a JSON body is a 400.
    claim = ClaimFactory()
    assignee = sent.format(pk=researcher.pk) if isinstance(sent, str) else sent

    started = act(as_editor, claim.pk, "start_research", {"assignee": assignee})
    assigned = as_editor.post(
        f"/api/v1/claims/{claim.pk}/assign/", {"assignee": assignee}, format="json"
    )

    assert started.status_code == 400
    assert "assignee" in started.json()["errors"]
    assert assigned.status_code == 400
    assert "assignee" in assigned.json()["errors"]
    claim.refresh_from_db()
    assert (claim.status, claim.assignee) == ("new", None)


def test_cited_evidence_is_a_list_of_json_numbers(as_researcher, researcher):
    claim = ClaimFactory(status="researching", assignee=researcher)
    evidence = EvidenceFactory(claim=claim, added_by=researcher)

    response = as_researcher.post(
        f"/api/v1/claims/{claim.pk}/reviews/",
        {
            "rating": "true",
            "rationale": "Table 3.",
            "cited_evidence": [str(evidence.pk)],
        },
        format="json",
    )

    assert response.status_code == 400
    assert "cited_evidence.0" in response.json()["errors"]
    assert not claim.reviews.exists()


def test_a_form_sends_the_assignee_as_text(as_editor, researcher):
    claim = ClaimFactory()

    response = as_editor.post(
        f"/api/v1/claims/{claim.pk}/actions/start_research/",
        {"assignee": str(researcher.pk)},
        format="multipart",
    )

    assert response.status_code == 200
    assert response.json()["assignee"]["username"] == "researcher"


def test_researcher_may_not_assign_someone_else(as_researcher, other_researcher):
    claim = ClaimFactory()

    response = act(
        as_researcher, claim.pk, "start_research", {"assignee": other_researcher.pk}
    )

    assert response.status_code == 403


def test_mark_not_checkable_needs_a_reason_and_an_editor(as_editor, as_researcher):
    claim = ClaimFactory()

    assert act(as_editor, claim.pk, "mark_not_checkable").status_code == 400
    assert (
        act(as_researcher, claim.pk, "mark_not_checkable", {"reason": "Opinion."})
    ).status_code == 403
    done = act(as_editor, claim.pk, "mark_not_checkable", {"reason": "Opinion."})
    assert done.json()["status"] == "not_checkable"
    assert done.json()["not_checkable_reason"] == "Opinion."


def test_a_reason_too_long_before_trimming_is_400_even_with_a_stale_if_match(
    as_editor,
):
    # What Schemathesis sent: a form feed, then 5,000 more characters, with an old
    # ETag. The body is read first, as the schema's maxLength counts it.
    claim = ClaimFactory(version=3)

    response = as_editor.post(
        f"/api/v1/claims/{claim.pk}/actions/mark_not_checkable/",
        {"reason": "\x0c" + "*" * 5000},
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    claim.refresh_from_db()
    assert claim.status == "new"

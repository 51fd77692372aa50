"""The claim page: what it shows, the workflow buttons, edits and evidence."""

import pytest
from django.urls import reverse

from claims.models import Claim, Evidence
from claims.services.claims import claim_update
from claims.services.evidence import evidence_add
from claims.services.workflow import claim_start_research
from reviews.models import Decision
from sources.models import Source
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    EvidenceFactory,
    ReportFactory,
    ReviewFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def url(claim, name="desk:claim_detail"):
    return reverse(name, args=[claim.pk])


def act(client, claim, action: str, expected_version: int, *, follow=False, **inputs):
    """POST a workflow step from the claim page, on the version named."""
    return client.post(
        url(claim, "desk:claim_action"),
        {"action": action, "expected_version": expected_version, **inputs},
        follow=follow,
    )


@pytest.fixture
def in_review(researcher):
    """A claim the researcher submitted with a cited review."""
    claim = ClaimFactory(status="in_review", assignee=researcher, version=3)
    evidence = EvidenceFactory(claim=claim, added_by=researcher)
    ReviewFactory(
        claim=claim, reviewer=researcher, rating="false", cited_evidence=[evidence]
    )
    return claim


def test_anonymous_is_sent_to_login(client):
    claim = ClaimFactory()
    response = client.get(url(claim))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_shows_the_claim_its_appearance_in_context_and_evidence(client, researcher):
    text = "# Report\n\nBefore it. The market grew by 7% in 2025. After it.\n"
    report = ReportFactory(text=text, title="Market report")
    start = text.index("The market")
    claim = ClaimFactory(text="The market grew by 7% in 2025.", topic="Markets")
    appearance = AppearanceFactory(
        claim=claim,
        report=report,
        quote=claim.text,
        start=start,
        end=start + len(claim.text),
        section="Report",
    )
    EvidenceFactory(
        claim=claim, source=SourceFactory(title="Bureau bulletin"), locator="p. 9"
    )
    client.force_login(researcher)
    html = client.get(url(claim)).content.decode()
    assert "Markets" in html
    assert "Before it. " in html and "</mark> After it." in html
    assert f'/reports/{report.pk}/#appearance-{appearance.pk}"' in html
    assert "Bureau bulletin" in html and "p. 9" in html
    assert "New</span>" in html  # the status in words


def test_timeline_shows_actor_message_and_changes(client, researcher, editor):
    claim = claim_start_research(claim=ClaimFactory(), actor=researcher)
    claim_update(
        claim=claim,
        actor=editor,
        expected_version=claim.version,
        changes={"text": "A corrected sentence."},
    )
    client.force_login(researcher)
    response = client.get(url(claim))
    html = response.content.decode()
    assert "started research on" in html
    assert "<del>New</del>" in html and "<ins>Researching</ins>" in html
    # The assignee by name, not id (the desk's display name, as everywhere).
    assert "<ins>Rosa</ins>" in html
    assert "<ins>A corrected sentence.</ins>" in html
    assert [e.event.action for e in response.context["timeline"]] == [
        "claim.research_started",
        "claim.changed",
    ]


def test_researcher_sees_no_editor_actions(client, other_researcher, in_review):
    client.force_login(other_researcher)
    response = client.get(url(in_review))
    names = [form.step.name for form in response.context["actions"]]
    assert "approve" not in names and "return_for_research" not in names
    assert 'value="approve"' not in response.content.decode()
    assert "Preview, then approve" not in response.content.decode()


def test_editor_sees_approve_and_return(client, editor, in_review):
    client.force_login(editor)
    html = client.get(url(in_review)).content.decode()
    # Approval goes through the preview of what will be published.
    preview = reverse("desk:approve_preview", args=[in_review.pk])
    assert f'href="{preview}"' in html and "Preview, then approve and publish" in html
    assert 'value="return_for_research"' in html
    assert 'name="expected_version" value="3"' in html


def test_forged_approve_by_a_researcher_is_refused_and_changes_nothing(
    client, other_researcher, in_review
):
    client.force_login(other_researcher)
    response = act(client, in_review, "approve", in_review.version)
    assert response.status_code == 403
    in_review.refresh_from_db()
    assert (in_review.status, in_review.verdict) == ("in_review", "")
    assert not Decision.objects.exists()


def test_editor_approves_through_the_button(client, editor, in_review):
    client.force_login(editor)
    response = act(client, in_review, "approve", 3, note="Checked.", follow=True)
    in_review.refresh_from_db()
    assert (in_review.status, in_review.verdict) == ("published", "false")
    assert "Approve and publish: done. The claim is now published." in (
        response.content.decode()
    )


def test_return_needs_a_note_and_keeps_nothing_half_done(client, editor, in_review):
    client.force_login(editor)
    response = act(client, in_review, "return_for_research", 3, note="  ")
    assert response.status_code == 400
    assert "A note is required." in response.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == "in_review"


def test_an_action_on_an_old_version_is_a_stale_edit_that_keeps_the_note(
    client, editor, in_review
):
    client.force_login(editor)
    response = act(client, in_review, "return_for_research", 2, note="Recheck.")
    assert response.status_code == 412
    assert "Recheck.</textarea>" in response.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == "in_review"


def test_an_action_in_the_wrong_state_is_a_conflict(client, researcher):
    claim = claim_start_research(claim=ClaimFactory(), actor=researcher)
    client.force_login(researcher)
    response = act(client, claim, "submit_for_review", claim.version)
    assert response.status_code == 409
    assert "Add at least one piece of evidence" in response.content.decode()


def test_researcher_takes_a_new_claim(client, researcher):
    claim = ClaimFactory()
    client.force_login(researcher)
    act(client, claim, "start_research", claim.version)
    claim.refresh_from_db()
    assert (claim.status, claim.assignee) == ("researching", researcher)


def test_editor_assigns_a_new_claim_to_a_researcher(client, editor, researcher):
    claim = ClaimFactory()
    client.force_login(editor)
    html = client.get(url(claim)).content.decode()
    assert 'name="assignee"' in html
    act(client, claim, "start_research", claim.version, assignee=researcher.pk)
    claim.refresh_from_db()
    assert claim.assignee == researcher


def test_edit_saves_the_claim(client, researcher):
    claim = ClaimFactory(text="Old text.")
    client.force_login(researcher)
    response = client.post(
        url(claim, "desk:claim_edit"),
        {"text": "New text.", "topic": "T", "kind": "event", "expected_version": 1},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.text, claim.topic, claim.kind, claim.version) == (
        "New text.",
        "T",
        "event",
        2,
    )


def test_stale_edit_shows_their_text_and_keeps_mine(client, researcher, editor):
    claim = ClaimFactory(text="Original text.")
    claim_update(
        claim=claim,
        actor=editor,
        expected_version=1,
        changes={"text": "The editor's text."},
    )
    client.force_login(researcher)
    response = client.post(
        url(claim, "desk:claim_edit"),
        {"text": "My typed text.", "topic": "", "kind": "event", "expected_version": 1},
    )
    html = response.content.decode()
    assert response.status_code == 412
    assert "The editor&#x27;s text." in html
    assert "My typed text.</textarea>" in html
    assert 'name="expected_version" value="2"' in html
    assert "Someone else changed this claim" in html
    assert Claim.objects.get(pk=claim.pk).text == "The editor's text."
    # Saving again, having seen their version, replaces it.
    client.post(
        url(claim, "desk:claim_edit"),
        {"text": "My typed text.", "topic": "", "kind": "event", "expected_version": 2},
    )
    assert Claim.objects.get(pk=claim.pk).text == "My typed text."


def test_edit_with_an_empty_text_shows_the_error(client, researcher):
    claim = ClaimFactory()
    client.force_login(researcher)
    response = client.post(
        url(claim, "desk:claim_edit"),
        {"text": "", "topic": "", "kind": "event", "expected_version": 1},
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_published_claims_offer_no_edit(client, editor):
    claim = ClaimFactory(status="published", verdict="true")
    client.force_login(editor)
    response = client.get(url(claim))
    assert response.context["can_edit"] is False
    assert "Edit the claim" not in response.content.decode()


def test_add_evidence_from_a_known_source(client, researcher):
    claim = claim_start_research(claim=ClaimFactory(), actor=researcher)
    source = SourceFactory()
    client.force_login(researcher)
    response = client.post(
        url(claim, "desk:claim_evidence_add"),
        {
            "source": source.pk,
            "stance": "refutes",
            "excerpt": "It fell.",
            "locator": "t. 1",
            "new_kind": "other",
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(claim=claim)
    assert (evidence.source, evidence.stance, evidence.locator) == (
        source,
        "refutes",
        "t. 1",
    )


def test_add_evidence_from_a_new_url_creates_the_source(client, researcher):
    claim = claim_start_research(claim=ClaimFactory(), actor=researcher)
    client.force_login(researcher)
    client.post(
        url(claim, "desk:claim_evidence_add"),
        {
            "new_url": "https://stats.example.gov/table-3",
            "new_title": "Table 3",
            "new_kind": "official_statistics",
            "stance": "supports",
        },
    )
    source = Source.objects.get()
    assert source.title == "Table 3"
    assert Evidence.objects.get(claim=claim).source == source


def test_evidence_refused_on_a_closed_claim_adds_no_source(client, researcher):
    from audit.models import AuditEvent

    claim = ClaimFactory(status="not_checkable", not_checkable_reason="Opinion.")
    client.force_login(researcher)
    response = client.post(
        url(claim, "desk:claim_evidence_add"),
        {
            "new_url": "https://stats.example.gov/table-3",
            "new_title": "Table 3",
            "new_kind": "official_statistics",
            "stance": "supports",
        },
    )
    assert response.status_code == 409
    assert "New source added" not in response.content.decode()
    assert not Source.objects.exists()
    assert not AuditEvent.objects.filter(action="source.created").exists()


@pytest.mark.parametrize(
    "data, error",
    [
        ({"stance": "supports"}, "Choose a known source or give a new URL."),
        (
            {"stance": "supports", "new_url": "ftp://files.example.org/x"},
            "Enter a valid URL.",
        ),
        ({"new_url": "https://example.org/a"}, "This field is required."),
    ],
)
def test_add_evidence_shows_form_errors(client, researcher, data, error):
    claim = claim_start_research(claim=ClaimFactory(), actor=researcher)
    client.force_login(researcher)
    response = client.post(
        url(claim, "desk:claim_evidence_add"), {"new_kind": "other", **data}
    )
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Evidence.objects.exists()


def test_remove_own_evidence(client, researcher):
    claim = claim_start_research(claim=ClaimFactory(), actor=researcher)
    evidence = evidence_add(
        claim=claim, actor=researcher, source=SourceFactory(), stance="context"
    )
    client.force_login(researcher)
    page = client.get(url(claim)).content.decode()
    remove_url = reverse("desk:claim_evidence_remove", args=[claim.pk, evidence.pk])
    assert remove_url in page
    client.post(remove_url, {"reason": "Wrong table."})
    evidence.refresh_from_db()
    assert evidence.removed_at is not None


def test_cannot_remove_someone_elses_evidence(client, researcher, other_researcher):
    claim = claim_start_research(claim=ClaimFactory(), actor=researcher)
    evidence = evidence_add(
        claim=claim, actor=researcher, source=SourceFactory(), stance="context"
    )
    client.force_login(other_researcher)
    response = client.post(
        reverse("desk:claim_evidence_remove", args=[claim.pk, evidence.pk])
    )
    assert response.status_code == 403
    evidence.refresh_from_db()
    assert evidence.removed_at is None


def test_unknown_claim_is_404(client, researcher):
    client.force_login(researcher)
    assert client.get("/claims/999999/").status_code == 404


def test_an_imported_claim_shows_why_it_scored_so_and_the_sentence_it_leans_on(
    client, researcher, editor
):
    from claims.services.imports import report_import

    report_import(
        actor=editor,
        text=(
            "# Data centres\n\nThe EU had 1,240 large data centres in 2024, "
            "according to Datastruct. The Netherlands alone accounts for about "
            "a fifth of them.\n"
        ),
    )
    claim = Claim.objects.get(text__startswith="The Netherlands alone")
    client.force_login(researcher)
    html = client.get(url(claim)).content.decode()
    assert "Read with the sentence before it:" in html
    assert "The EU had 1,240 large data centres in 2024" in html
    assert 'aria-label="Why this score"' in html
    assert "a share or percentage" in html
    assert "triage model v1" in html

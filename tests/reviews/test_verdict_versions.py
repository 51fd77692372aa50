"""Verdict versions: what approval publishes, immutable, audited, numbered by correction."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from audit.models import AuditEvent
from claims.services.claims import claim_update
from claims.services.evidence import evidence_add
from config.exceptions import StaleEdit
from reviews.approval import approval_preview, content_digest, version_content
from reviews.models import Decision, ImmutableRecord, VerdictVersion
from reviews.services import (
    claim_approve,
    claim_reopen,
    review_submit,
)
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    ReportFactory,
    SourceFactory,
)
from tests.reviews.publishing import publish, research_and_submit, review_and_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(researcher):
    report = ReportFactory(title="AI in China", url="https://reports.example.org/ai")
    claim = ClaimFactory(
        text="China trained 40% of new large models in 2025.",
        topic="Training",
        short_claim="China trained 40% of new models",
        claimant="Ministry of Industry",
        claim_date=datetime.date(2025, 3, 1),
        language="en",
    )
    AppearanceFactory(claim=claim, report=report, quote="China trained **40%**.")
    source = SourceFactory(title="Statistical Yearbook 2025")
    return research_and_submit(claim, researcher=researcher, source=source)


def test_approval_writes_version_1_exactly_as_approved(submitted, editor):
    claim = claim_approve(claim=submitted, actor=editor)

    version = VerdictVersion.objects.get(claim=claim)
    assert version.number == 1
    assert (version.text, version.topic, version.short_claim) == (
        "China trained 40% of new large models in 2025.",
        "Training",
        "China trained 40% of new models",
    )
    assert (version.claimant, version.claim_date, version.language) == (
        "Ministry of Industry",
        datetime.date(2025, 3, 1),
        "en",
    )
    assert version.rating == "mostly_true"
    assert version.rationale == "The yearbook supports a verdict of mostly_true."
    [cited] = version.evidence
    assert cited["source"]["title"] == "Statistical Yearbook 2025"
    assert (cited["excerpt"], cited["locator"]) == ("Table 3 gives 38.1%.", "p. 12")
    assert version.appearances[0]["url"] == "https://reports.example.org/ai"
    assert version.reviewers == [
        {"id": claim.assignee_id, "name": "Rosa", "rating": "mostly_true",
         "role": "researcher"}
    ]  # fmt: skip
    assert (version.approved_by, version.approved_by_name) == (editor, "Edith")
    assert version.decision == Decision.objects.get(claim=claim, kind="approve")
    assert version.published_at == claim.published_at


def test_the_version_is_audited_with_its_digest(submitted, editor):
    claim_approve(claim=submitted, actor=editor)
    version = VerdictVersion.objects.get(claim=submitted)

    event = AuditEvent.objects.get(action="verdict.published")
    assert event.actor == editor
    assert event.subject_type == "reviews.verdictversion"
    assert event.scope_id == str(submitted.pk)
    assert event.data["number"] == 1
    # The chain commits to the content: a changed row no longer matches it.
    assert event.data["content_sha256"] == version.content_sha256
    assert version.content_sha256 == content_digest(
        submitted.pk, 1, version_content(version)
    )
    assert "published version 1 of the verdict" in event.message


def test_a_version_never_changes_and_is_never_deleted(submitted, editor):
    claim_approve(claim=submitted, actor=editor)
    version = VerdictVersion.objects.get(claim=submitted)

    version.text = "Rewritten after publication."
    with pytest.raises(ImmutableRecord):
        version.save()
    with pytest.raises(ImmutableRecord):
        VerdictVersion.objects.filter(pk=version.pk).update(text="Rewritten.")
    with pytest.raises(ImmutableRecord):
        version.delete()
    with pytest.raises(ImmutableRecord):
        VerdictVersion.objects.all().delete()
    # Raw SQL too: a database trigger refuses it.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "UPDATE reviews_verdictversion SET text = %s WHERE id = %s",
            ["Rewritten.", version.pk],
        )
    assert VerdictVersion.objects.get(pk=version.pk).text == submitted.text


def _second_opinion(claim, user, rating):
    evidence = claim.evidence.first()
    review_submit(
        claim=claim,
        actor=user,
        rating=rating,
        rationale="I read table 3 differently.",
        cited_evidence_ids=[evidence.pk],
    )


def test_a_disagreement_needs_confirmation_and_a_note(
    submitted, editor, other_researcher
):
    _second_opinion(submitted, other_researcher, "half_true")

    with pytest.raises(ValidationError) as refused:
        claim_approve(claim=submitted, actor=editor)
    assert "publish_despite_disagreement" in refused.value.message_dict
    message = refused.value.message_dict["publish_despite_disagreement"][0]
    assert "Mostly true (Rosa)" in message and "Half true (Ravi)" in message
    with pytest.raises(ValidationError) as no_note:
        claim_approve(claim=submitted, actor=editor, publish_despite_disagreement=True)
    assert "note" in no_note.value.message_dict
    assert not VerdictVersion.objects.exists()
    assert submitted.__class__.objects.get(pk=submitted.pk).status == "in_review"

    claim = claim_approve(
        claim=submitted,
        actor=editor,
        publish_despite_disagreement=True,
        note="Ravi's reading ignores the footnote.",
    )
    assert claim.status == "published" and claim.verdict == "mostly_true"
    decision = Decision.objects.get(claim=claim, kind="approve")
    assert decision.published_despite_disagreement
    approved = AuditEvent.objects.get(action="claim.approved")
    assert approved.comment == "Ravi's reading ignores the footnote."
    assert approved.data["published_despite_disagreement"] == [
        ["Rosa", "Mostly true"],
        ["Ravi", "Half true"],
    ]


def test_agreeing_reviews_need_no_confirmation(submitted, editor, other_researcher):
    _second_opinion(submitted, other_researcher, "mostly_true")
    assert claim_approve(claim=submitted, actor=editor).status == "published"


def test_evidence_the_verdict_does_not_cite_leaves_the_preview_valid(
    submitted, editor, researcher
):
    preview = approval_preview(submitted, editor)
    evidence_add(
        claim=submitted, actor=researcher, source=SourceFactory(), stance="context"
    )
    claim_approve(claim=submitted, actor=editor, expected_content=preview.digest)
    assert VerdictVersion.objects.get(claim=submitted).content_sha256 == preview.digest


def test_a_stale_preview_publishes_nothing(submitted, editor, other_researcher):
    preview = approval_preview(submitted, editor)
    # A second opinion (agreeing) comes in after the editor read the preview.
    _second_opinion(submitted, other_researcher, "mostly_true")

    with pytest.raises(StaleEdit, match="changed since you previewed"):
        claim_approve(claim=submitted, actor=editor, expected_content=preview.digest)
    assert not VerdictVersion.objects.exists()

    fresh = approval_preview(submitted, editor)
    assert fresh.digest != preview.digest
    claim_approve(claim=submitted, actor=editor, expected_content=fresh.digest)
    assert VerdictVersion.objects.get(claim=submitted).reviewers[1]["name"] == "Ravi"


def test_a_correction_is_version_2_with_the_public_note(researcher, editor, submitted):
    claim = claim_approve(claim=submitted, actor=editor)
    claim = claim_reopen(
        claim=claim,
        actor=editor,
        reason="Rosa misread the table (internal).",
        public_note="The statistics office revised the 2025 figure.",
    )
    reopening = Decision.objects.get(claim=claim, kind="reopen")
    assert reopening.note == "Rosa misread the table (internal)."
    assert reopening.public_note == "The statistics office revised the 2025 figure."
    claim = claim_update(
        claim=claim,
        actor=researcher,
        expected_version=claim.version,
        changes={"text": "China trained 38% of new large models in 2025."},
    )
    claim = review_and_submit(
        claim,
        researcher=researcher,
        rating="half_true",
        rationale="Revised: 38.1%, not 40%.",
    )
    claim_approve(claim=claim, actor=editor)

    first, second = VerdictVersion.objects.filter(claim=claim).order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert first.text == "China trained 40% of new large models in 2025."
    assert second.text == "China trained 38% of new large models in 2025."
    assert (first.rating, second.rating) == ("mostly_true", "half_true")
    assert first.correction_note == ""
    assert second.correction_note == "The statistics office revised the 2025 figure."
    assert "misread" not in second.correction_note


def test_only_a_published_verdict_takes_a_public_note(editor):
    from tests import states

    with pytest.raises(ValidationError) as refused:
        claim_reopen(
            claim=states.not_checkable_claim(),
            actor=editor,
            reason="It is checkable.",
            public_note="Nothing was published.",
        )
    assert "public_note" in refused.value.message_dict


def test_publish_helper_still_publishes_version_1(researcher, editor):
    claim = ClaimFactory()
    AppearanceFactory(claim=claim)
    publish(claim, researcher=researcher, editor=editor)
    assert VerdictVersion.objects.get(claim=claim).number == 1

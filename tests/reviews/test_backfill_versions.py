"""The data migration that gives verdicts published before versions their versions."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from audit.models import AuditEvent
from claims.services.claims import claim_update
from reviews.approval import content_digest, version_content
from reviews.models import VerdictVersion
from reviews.services import claim_reopen
from tests.factories import AppearanceFactory, ClaimFactory
from tests.reviews.publishing import publish

pytestmark = pytest.mark.django_db

backfill = importlib.import_module(
    "reviews.migrations.0003_backfill_verdict_versions"
).backfill


def _forget_versions() -> None:
    """The database as it was before versions: the rows gone (raw SQL, as no app
    code may delete them)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reviews_verdictversion")


def _edit(claim, actor, text):
    return claim_update(
        claim=claim, actor=actor, expected_version=claim.version, changes={"text": text}
    )


def test_each_approval_becomes_a_version_with_the_wording_then_approved(
    researcher, editor
):
    claim = ClaimFactory(text="Exports grew by 12% in 2025.")
    AppearanceFactory(claim=claim)
    claim = publish(claim, researcher=researcher, editor=editor, rating="mostly_true")
    claim = claim_reopen(claim=claim, actor=editor, reason="The bureau revised it.")
    claim = _edit(claim, researcher, "Exports grew by 11% in 2025.")
    claim = publish(claim, researcher=researcher, editor=editor, rating="false")
    # Under correction again, with a draft wording nobody approved.
    claim = claim_reopen(claim=claim, actor=editor, reason="A reader wrote in.")
    claim = _edit(claim, researcher, "DRAFT: exports grew by 10%.")
    _forget_versions()

    backfill(apps, None)

    first, second = VerdictVersion.objects.filter(claim=claim).order_by("number")
    assert (first.text, first.rating) == ("Exports grew by 12% in 2025.", "mostly_true")
    assert (second.text, second.rating) == ("Exports grew by 11% in 2025.", "false")
    assert first.correction_note == ""
    # Before versions the reopen reason was shown publicly with the correction.
    assert second.correction_note == "The bureau revised it."
    assert first.published_at < second.published_at
    assert [r["name"] for r in second.reviewers] == ["Rosa"]
    assert second.evidence and second.approved_by == editor
    for version in (first, second):
        assert version.content_sha256 == content_digest(
            claim.pk, version.number, version_content(version)
        )
    events = AuditEvent.objects.filter(action="verdict.published").order_by("-seq")
    latest = events[0]
    assert latest.actor is None and latest.data["backfilled"] is True
    assert latest.data["via"].startswith("migrate reviews")


def test_running_it_again_adds_nothing(researcher, editor):
    claim = ClaimFactory()
    AppearanceFactory(claim=claim)
    publish(claim, researcher=researcher, editor=editor)
    backfill(apps, None)
    assert VerdictVersion.objects.filter(claim=claim).count() == 1

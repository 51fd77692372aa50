"""The dashboard's stored tallies follow every import and transition exactly."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from claims.models import Appearance, Claim, ClaimTally
from claims.services.imports import report_import
from claims.services.workflow import claim_mark_not_checkable
from reviews.services import claim_reopen, claim_return_for_research
from tests.reviews.publishing import publish, research_and_submit

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[2] / "fixtures" / "china-ai-2024-2026-report.md"


def _recounted() -> dict:
    """What the tallies must say, aggregated from the claims the slow way."""
    counts = {}
    for status, n in Claim.objects.values_list("status").annotate(Count("id")):
        counts[("desk", "status", status)] = n
    verdicts = Claim.objects.exclude(verdict="").values_list("verdict")
    for verdict, n in verdicts.annotate(Count("id")):
        counts[("desk", "verdict", verdict)] = n
    # Passages that are not claims (headings, bylines, …) count for nothing.
    appearances = Appearance.objects.filter(claim__isnull=False).order_by()
    for report_id, status, n in appearances.values_list(
        "report_id", "claim__status"
    ).annotate(Count("claim_id", distinct=True)):
        counts[(report_id, "", "status", status)] = n
    for report_id, section, status, n in appearances.values_list(
        "report_id", "section", "claim__status"
    ).annotate(Count("claim_id", distinct=True)):
        counts[(report_id, "section", section, status)] = n
    return counts


def _stored() -> dict:
    counts = {}
    for tally in ClaimTally.objects.all():
        if tally.report_id is None:
            key = ("desk", tally.dimension, tally.value)
        elif tally.section_key == "":
            key = (tally.report_id, "", tally.dimension, tally.value)
        else:
            key = (tally.report_id, "section", tally.section, tally.value)
        if tally.claims:
            counts[key] = tally.claims
    return counts


@pytest.fixture
def seeded(editor):
    return report_import(actor=editor, text=SEED.read_bytes(), filename=SEED.name)


def test_importing_the_seed_report_counts_its_claims(seeded):
    stored = _stored()
    assert stored == _recounted()
    assert stored[("desk", "status", "new")] == seeded.claims_created
    # One claim is made twice in the report: the report counts it once.
    report_total = stored[(seeded.report.pk, "", "status", "new")]
    assert report_total == seeded.claims_created < seeded.appearances_added


def test_a_second_report_counts_known_claims_in_their_current_status(
    seeded, editor, researcher
):
    claim = seeded.report.appearances.exclude(claim=None).first().claim
    research_and_submit(claim, researcher=researcher)
    text = "# Follow-up\n\n" + claim.text + "\n"
    second = report_import(actor=editor, text=text)
    assert second.claims_created == 0
    stored = _stored()
    assert stored == _recounted()
    assert stored[(second.report.pk, "", "status", "in_review")] == 1
    assert stored[("desk", "status", "in_review")] == 1


def test_every_transition_moves_the_claim_in_desk_report_and_section(
    seeded, editor, researcher
):
    appearances = seeded.report.appearances.exclude(claim=None).order_by("start")
    claims = [a.claim for a in appearances[:4]]
    published = publish(claims[0], researcher=researcher, editor=editor)
    assert _stored() == _recounted()
    claim_reopen(claim=published, actor=editor, reason="New figures came out.")
    assert _stored() == _recounted()
    submitted = research_and_submit(claims[1], researcher=researcher, rating="false")
    claim_return_for_research(claim=submitted, actor=editor, note="Cite the table.")
    assert _stored() == _recounted()
    claim_mark_not_checkable(claim=claims[2], actor=editor, reason="An opinion.")
    publish(claims[3], researcher=researcher, editor=editor, rating="false")
    stored = _stored()
    assert stored == _recounted()
    assert stored[("desk", "verdict", "false")] == 1
    assert stored[("desk", "status", "not_checkable")] == 1


def test_rebuild_tallies_recounts_claims_written_outside_the_services(seeded):
    written = seeded.report.appearances.values("claim_id")[:5]
    Claim.objects.filter(pk__in=written).update(status="not_checkable")
    with pytest.raises(CommandError, match="tallies differ from a recount"):
        call_command("rebuild_tallies", "--check")
    out = io.StringIO()
    call_command("rebuild_tallies", stdout=out)
    assert "Recounted" in out.getvalue()
    assert _stored() == _recounted()
    out = io.StringIO()
    call_command("rebuild_tallies", "--check", stdout=out)
    assert "agree" in out.getvalue()

"""Matching on import and edit: restatements suggested for an editor, never merged."""

from pathlib import Path

import pytest
from django.utils import timezone

from audit.context import audit_context
from audit.models import AuditEvent
from claims.models import Claim, ClaimMatch, MatchSource, MatchStatus
from claims.services.claims import claim_update
from claims.services.imports import report_import
from claims.services.matching import claims_match
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _claim(piece: str) -> Claim:
    return Claim.objects.get(text__contains=piece)


def _matched(a: str, b: str) -> bool:
    low, high = sorted([_claim(a).pk, _claim(b).pk])
    return ClaimMatch.objects.filter(claim_id=low, other_id=high).exists()


def test_near_duplicates_are_suggested_not_merged(editor):
    old = ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March 2025.")
    text = "# R\n\nThe Shenzhen plant produced 4,000 chips in March, 2025.\n"
    with audit_context():
        result = report_import(actor=editor, text=text)
    assert result.claims_created == 1
    assert result.matches_suggested == 1
    pair = ClaimMatch.objects.get()
    new = Claim.objects.exclude(pk=old.pk).get()
    assert (pair.claim, pair.other) == (old, new)
    assert pair.score >= 90
    assert pair.status == MatchStatus.SUGGESTED
    assert pair.source == MatchSource.OTHER_REPORT
    assert new.merged_into is None
    event = AuditEvent.objects.get(action="claim.match_suggested")
    assert event.subject_id == str(new.pk)
    assert event.data["other_id"] == new.pk
    assert set(event.data["features"]) == {"terms", "entities", "numbers", "fuzz"}


def test_threshold_setting_controls_suggestions(editor, settings):
    settings.MATCH_THRESHOLD = 99.5
    ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March 2025.")
    report_import(
        actor=editor, text="The Shenzhen plant produced 4,100 chips in March 2025.\n"
    )
    assert not ClaimMatch.objects.exists()


def test_a_different_figure_is_not_the_same_claim(editor):
    ClaimFactory(
        text="The Chinese healthcare AI market has surpassed 106 billion yuan."
    )
    report_import(
        actor=editor,
        text="The Chinese healthcare AI market has surpassed 250 billion yuan.\n",
    )
    assert not ClaimMatch.objects.exists()


def test_a_pair_already_suggested_is_not_suggested_again(editor):
    old = ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March 2025.")
    new = ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March, 2025.")
    assert len(claims_match(actor=editor, claims=[new]).suggested) == 1
    assert claims_match(actor=editor, claims=[new]).suggested == []
    assert ClaimMatch.objects.get().claim == old
    assert AuditEvent.objects.filter(action="claim.match_suggested").count() == 1


def test_a_distinct_pair_is_never_suggested_again(editor):
    ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March 2025.")
    new = ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March, 2025.")
    claims_match(actor=editor, claims=[new])
    ClaimMatch.objects.update(status=MatchStatus.DISTINCT)
    assert claims_match(actor=editor, claims=[new]).suggested == []


def test_no_claims_match_nothing(editor):
    ClaimFactory()
    assert claims_match(actor=editor, claims=[]).suggested == []
    assert not ClaimMatch.objects.exists()


def test_the_seed_report_links_its_three_restated_assertions(editor):
    report_import(
        actor=editor, text=(FIXTURES / "china-ai-2024-2026-report.md").read_text()
    )
    # OpenClaw models beating Western rivals on cost.
    assert _matched(
        "Evaluations indicate these models outperform Western",
        "Platforms like OpenClaw accelerate domestic AI",
    )
    # MoE models trained on domestic chips.
    assert _matched(
        "Demonstrating training entirely on domestic chips",
        "push the envelope with scalable MoE",
    )
    # The Dual Frequency Branch deepfake paper.
    assert _matched(
        'The publication "Dual Frequency Branch', "further refines deepfake detection"
    )
    # A known miss: the two sentences on equivariant transformers share meaning
    # but few words (docs/matching.md). Found one day, this fails: update the doc.
    assert not _matched(
        "development of equivariant pretrained transformers",
        "while equivariant transformers are revolutionizing",
    )
    assert set(ClaimMatch.objects.values_list("source", flat=True)) == {
        MatchSource.SAME_REPORT
    }


RESTATEMENTS = {
    "Huawei and China Telecom have trained very large": "Major Chinese firms such as",
    "Chinese mixture-of-experts (MoE) models": "Demonstrating training entirely",
    "At Beihang University, Professor Zhou Miao": "Collaborative efforts led by",
    "Battery validation powered by AI forecasts": "AI-powered battery validation",
    "worth more than 106 billion yuan": "market has surpassed 106 billion yuan",
    "based on YOLOv11n allow": "YOLOv11n-based breast cancer detection",
    "Sinong is China's first open-source": "The launch of Sinong",
    "the Chinese models behind OpenClaw beat": "Platforms like OpenClaw accelerate",
    'paper "Dual Frequency Branch': 'The publication "Dual Frequency Branch',
}
# Restatements the score does not reach (docs/matching.md, "Measured quality"):
# they share meaning but few words ("regulations require" / "rules make it
# mandatory"). Asserted missed, so that a scoring that finds one fails here:
# then move it to RESTATEMENTS and measure and document the figures again.
KNOWN_MISSES = {
    "Chinese rules now make it mandatory to label": "Regulations now require explicit",
}
UNRELATED = [
    "The Shanghai metro carried",
    "Rainfall in Guangdong",
    "Electric vehicle exports",
    "The European Union adopted",
    "India's healthcare market",
    "Tesla trained its driving models",
    "A new high-speed rail line",
    "Smartphone shipments in China",
]


def test_a_second_report_links_restatements_and_nothing_else(editor):
    report_import(
        actor=editor, text=(FIXTURES / "china-ai-2024-2026-report.md").read_text()
    )
    report_import(actor=editor, text=(FIXTURES / "restatements-report.md").read_text())
    for restated, seed in RESTATEMENTS.items():
        assert _matched(restated, seed), restated
        low, high = sorted([_claim(restated).pk, _claim(seed).pk])
        match = ClaimMatch.objects.get(claim_id=low, other_id=high)
        assert match.source == MatchSource.OTHER_REPORT
    for restated, seed in KNOWN_MISSES.items():
        assert not _matched(restated, seed), f"now found: {restated}"
    for piece in UNRELATED:
        claim = _claim(piece)
        assert not ClaimMatch.objects.filter(claim=claim).exists(), piece
        assert not ClaimMatch.objects.filter(other=claim).exists(), piece


def test_a_reworded_copy_of_a_published_claim_is_a_verdict_match(editor):
    report_import(
        actor=editor, text=(FIXTURES / "china-ai-2024-2026-report.md").read_text()
    )
    published = _claim("market has surpassed 106 billion yuan")
    Claim.objects.filter(pk=published.pk).update(
        status="published",
        verdict="mostly_true",
        first_published_at=timezone.now(),
        published_at=timezone.now(),
    )
    result = report_import(
        actor=editor,
        text="China's market for AI in healthcare is worth more than 106 billion "
        "yuan.\n",
    )
    (match,) = result.verdict_matches
    assert match.source == MatchSource.PUBLISHED_VERDICT
    assert match.claim == published


def test_new_wording_is_matched_again(editor, researcher):
    ClaimFactory(
        text="The Chinese healthcare AI market has surpassed 106 billion yuan."
    )
    claim = ClaimFactory(text="Rainfall in Guangdong was 20% above average.")
    claims_match(actor=editor, claims=[claim])
    assert not ClaimMatch.objects.exists()
    claim_update(
        claim=claim,
        actor=researcher,
        expected_version=claim.version,
        changes={"text": "China's healthcare AI market is worth 106 billion yuan."},
    )
    assert ClaimMatch.objects.get().other == claim


def test_the_labelled_set_reaches_the_documented_quality():
    from benchmarks.matching_quality import measure

    quality = measure(50)
    assert quality.precision >= 0.85
    assert quality.recall >= 0.85
    # The two misses docs/matching.md names, and no other.
    missed = sorted(b[:30] for _a, b, _score in quality.false_negatives)
    assert missed == [
        "AI tools like RNAiSpline suppo",
        "Chinese rules now make it mand",
    ]

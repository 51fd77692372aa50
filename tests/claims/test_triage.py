"""Triage: kinds, "not a claim", check-worthiness and its reasons, measured figures."""

import json
import re
from pathlib import Path

import pytest

from claims.importer import parse_report
from claims.triage import assess
from claims.triage.features import features_of
from claims.triage.kinds import not_a_claim_reason
from claims.triage.labelled import labelled_reports
from claims.triage.model import BASE_MODEL_PATH, base_scorer
from claims.triage_evaluation import evaluate, read

ROOT = Path(__file__).resolve().parents[2]
IMPORTER_DOC = (ROOT / "docs" / "importer.md").read_text(encoding="utf-8")


# --- kinds --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Sales rose 40% to $3 billion in 2024.", "statistic"),
        ("The Netherlands alone accounts for about a fifth of them.", "statistic"),
        ("The new chip outperforms its Western counterparts.", "comparison"),
        ("According to the ministry, the plant was built by Huawei.", "attribution"),
        # What a rule covers is a rule, whoever reports it.
        ("According to the ministry, the rules apply nationwide.", "rule"),
        ("Huawei launched the model in March 2025.", "event"),
        (
            "Platforms like OpenClaw utilize Chinese-developed LLMs to deliver "
            "affordable, high-performance AI agents.",
            "event",
        ),
        (
            "Multi-model deep learning systems now enable more accurate forecasts "
            "of extreme sea levels.",
            "event",
        ),
        ("Regulations now require explicit labeling of AI-generated content.", "rule"),
        ("Since 1 June it has been illegal to sell single-use vapes.", "rule"),
        ("We expect our tandem modules to reach parity by 2027.", "prediction"),
        ("The company will open a plant in Shenzhen.", "prediction"),
        ("This is a remarkable and holistic vision for a resilient future.", "opinion"),
        # A quote is who said it; a quote alone, nobody's words to check.
        ('"It\'s a disgrace," said a resident of the estate.', "attribution"),
        ('"They have forgotten people like me."', "opinion"),
    ],
)
def test_kinds(text, kind):
    assert assess(text).kind == kind


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("What happens to the riders now?", "question"),
        ("Key problems reported by drivers:", "lead_in"),
        ("Recent breakthroughs include:", "lead_in"),
        ("By Marta Lindqvist and Owen Achebe, Stockholm.", "byline"),
        ("Published by the Institute, March 2026.", "byline"),
        ("Contact your local trading standards office.", "byline"),
        ("Strengthening Hardware Sovereignty and Chip Innovation", "heading"),
        ("Sales rose 40% in 2024.", ""),
        # A long sentence that ends with a colon asserts something: a claim.
        ("India has emerged as a solar powerhouse across rooftops and deserts:", ""),
    ],
)
def test_not_a_claim_reasons(text, reason):
    assert not_a_claim_reason(text) == reason


def test_an_emphasised_dateline_is_a_byline_and_an_emphasised_label_a_heading():
    assert not_a_claim_reason("March 2026 — internal briefing", emphasised=True) == (
        "byline"
    )
    assert not_a_claim_reason("Key findings", emphasised=True) == "heading"


# --- check-worthiness ------------------------------------------------------------------


def test_concrete_claims_outscore_vague_ones():
    concrete = assess("Huawei trained a 100-billion-parameter model on 8,000 chips.")
    vague = assess("This is a remarkable and holistic vision.")
    hedged = assess("Such tools may perhaps help some farmers in the future.")
    assert concrete.checkworthiness > 0.6 > 0.3 > vague.checkworthiness
    assert concrete.checkworthiness > hedged.checkworthiness


def test_reasons_name_what_moved_the_score_in_a_fact_checkers_words():
    scorer = base_scorer()
    present = features_of("Huawei sold 8,000 servers to China Telecom in 2025.")
    reasons = scorer.reasons(present)
    assert len(reasons) == 3
    assert all(reason.raises for reason in reasons)
    assert "a number with a unit" in [reason.text for reason in reasons]
    vague = scorer.reasons(features_of("These remarkable efforts may help."))
    assert not any(reason.raises for reason in vague)
    assert "evaluative words" in [reason.text for reason in vague]


def test_the_shipped_base_model_is_the_fit_on_the_shipped_base_set():
    # Change a feature or a label, then refit: python -m claims.triage.training
    from claims.triage.training import base_model_document

    shipped = json.loads(BASE_MODEL_PATH.read_text(encoding="utf-8"))
    assert base_model_document() == shipped


# --- the seed report and the labelled reports ---------------------------------------


def _seed_reading():
    (seed,) = [r for r in labelled_reports(["test"]) if r.name == "seed-china-ai"]
    return read(seed)


def test_on_the_seed_report_no_rhetoric_ranks_in_the_top_third():
    reading = _seed_reading()
    assert not reading.unlabelled and not reading.stale
    claims = sorted(
        (p for p in reading.passages if p.score is not None), key=lambda p: -p.score
    )
    top = claims[: len(claims) // 3]
    rhetoric = [p.text for p in top if p.label.kind == "opinion"]
    assert rhetoric == []
    # What ranks first is specific: numbers, named organisations, rules, papers.
    assert sum(p.label.worthy for p in top) >= len(top) - 3
    assert any("106 billion yuan" in p.text for p in top)
    assert any(p.text.startswith("Regulations now require") for p in top)


def test_the_seed_report_has_no_byline_lead_in_or_heading_among_its_claims():
    parsed = parse_report(_seed_reading().report.markdown)
    texts = [a.text for a in parsed.assertions]
    assert not any(text.endswith(":") for text in texts)
    assert "Recent breakthroughs include:" not in texts
    assert "Conclusion" not in texts
    reasons = {p.text: p.reason for p in parsed.not_claims}
    assert reasons["Recent breakthroughs include:"] == "lead_in"
    assert reasons["Implications include:"] == "lead_in"
    assert reasons["Conclusion"] == "heading"


def _documented(name: str) -> float:
    """A figure of docs/importer.md's "Measured" section, e.g. "kind accuracy"."""
    match = re.search(rf"^\| {re.escape(name)} \| ([0-9.]+) \|", IMPORTER_DOC, re.M)
    assert match, f"docs/importer.md does not give the {name}"
    return float(match.group(1))


def _documented_kind(kind: str) -> tuple[float, float]:
    """Precision and recall of one kind as docs/importer.md gives them."""
    row = re.search(rf"^\| `{kind}` \| ([0-9.]+) \| ([0-9.]+) \|", IMPORTER_DOC, re.M)
    assert row, f"docs/importer.md does not give the figures of {kind}"
    return float(row.group(1)), float(row.group(2))


def test_measured_figures_do_not_fall_below_the_documented_ones():
    result = evaluate(scorer=base_scorer())
    assert result.problems == ()
    assert result.passages >= 500
    assert result.kind_accuracy >= _documented("kind accuracy") - 0.0005
    assert result.mean_precision_at >= _documented("mean precision@10") - 0.0005
    for row in result.kinds:
        precision, recall = _documented_kind(row.kind)
        assert row.precision >= precision - 0.005, row
        assert row.recall >= recall - 0.005, row

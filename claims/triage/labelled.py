"""The labelled reports: the base set the model is fitted on, the test set it is
measured on (``claims.triage_evaluation``; docs/importer.md, "Measured").

Each report is a Markdown file with a ``.tsv`` of labels beside it, one line per
passage the importer reads (claims and passages that are not claims, once each):
``kind<TAB>worth checking (1 or 0)<TAB>text``. Lines starting with ``#`` are
comments; ``# report: PATH`` names a report kept elsewhere in the repository (the
seed report). Labels are matched to the importer's output by text, so a change in
what the importer reads shows up as unlabelled passages or stale labels.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from claims.triage.features import features_of
from claims.triage.kinds import KINDS, NOT_A_CLAIM

DATA = Path(__file__).with_name("data")
ROOT = Path(__file__).resolve().parents[2]
PARTS = ("base", "test")


@dataclass(frozen=True)
class Label:
    kind: str
    worthy: bool


@dataclass(frozen=True)
class LabelledReport:
    name: str
    part: str
    markdown: str
    labels: dict[str, Label]


def _read_labels(path: Path) -> tuple[str, dict[str, Label]]:
    report, labels = "", {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("# report:"):
            report = line.removeprefix("# report:").strip()
            continue
        if not line.strip() or line.startswith("#"):
            continue
        kind, worthy, text = line.split("\t", 2)
        if kind not in KINDS or worthy not in ("0", "1"):
            raise ValueError(f"{path.name}:{number}: bad label {kind!r} {worthy!r}")
        labels[text] = Label(kind=kind, worthy=worthy == "1")
    return report, labels


def labelled_reports(parts: Iterable[str] = PARTS) -> list[LabelledReport]:
    reports = []
    for part in parts:
        for path in sorted((DATA / part).glob("*.tsv")):
            report, labels = _read_labels(path)
            markdown = ROOT / report if report else path.with_suffix(".md")
            reports.append(
                LabelledReport(
                    name=path.stem,
                    part=part,
                    markdown=markdown.read_text(encoding="utf-8"),
                    labels=labels,
                )
            )
    return reports


def base_examples() -> list[tuple[frozenset[str], bool]]:
    """The shipped base set: the features and label of every claim of the base
    reports (passages that are not claims are never scored)."""
    examples = []
    for report in labelled_reports(["base"]):
        for text, label in report.labels.items():
            if label.kind != NOT_A_CLAIM:
                examples.append((features_of(text), label.worthy))
    return examples


def precision_at_k(scored: list[tuple[float, bool]], k: int) -> float:
    """The share of the k highest-scored items that are positive (ties: input order)."""
    top = sorted(scored, key=lambda item: -item[0])[:k]
    return sum(1 for _score, positive in top if positive) / len(top) if top else 0.0

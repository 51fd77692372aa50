"""Triage measured on the labelled reports: kinds and precision@10 (docs/importer.md).

``manage.py evaluate_triage`` prints it; a test keeps it at the documented figures.
The reports are read by the importer, so that what is measured is what an import
gives: its sentence splitting, joins and "not a claim" included.
"""

from collections import Counter
from dataclasses import dataclass, field

from claims.importer import parse_report
from claims.triage.kinds import KINDS, NOT_A_CLAIM
from claims.triage.labelled import (
    Label,
    LabelledReport,
    labelled_reports,
    precision_at_k,
)
from claims.triage.model import Scorer

PRECISION_AT = 10


@dataclass(frozen=True)
class Passage:
    """One passage of a labelled report as the importer reads it."""

    text: str
    kind: str  # predicted
    score: float | None  # None: not a claim
    label: Label


@dataclass
class Reading:
    """A labelled report read by the importer: its passages and any mismatch."""

    report: LabelledReport
    passages: list[Passage] = field(default_factory=list)
    unlabelled: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)


def read(report: LabelledReport, *, scorer: Scorer | None = None) -> Reading:
    parsed = parse_report(report.markdown, scorer=scorer)
    found = [(a.start, a.text, a.kind, a.checkworthiness) for a in parsed.assertions]
    found += [(p.start, p.text, NOT_A_CLAIM, None) for p in parsed.not_claims]
    reading = Reading(report=report)
    seen: set[str] = set()
    for _start, text, kind, score in sorted(found, key=lambda row: row[0]):
        if text in seen:
            continue
        seen.add(text)
        label = report.labels.get(text)
        if label is None:
            reading.unlabelled.append(text)
            continue
        reading.passages.append(Passage(text, kind, score, label))
    reading.stale = [text for text in report.labels if text not in seen]
    return reading


@dataclass(frozen=True)
class KindFigures:
    kind: str
    precision: float
    recall: float
    support: int  # labelled passages of this kind


@dataclass(frozen=True)
class Evaluation:
    passages: int
    kind_accuracy: float
    kinds: tuple[KindFigures, ...]
    # Per held-out (test) report: the share of its ten highest-scored claims
    # labelled worth checking.
    precision_at: dict[str, float]
    mean_precision_at: float
    problems: tuple[str, ...]


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def evaluate(*, scorer: Scorer | None = None) -> Evaluation:
    """Kinds over every labelled report; precision@10 over the test reports."""
    readings = [read(report, scorer=scorer) for report in labelled_reports()]
    problems = []
    for reading in readings:
        name = reading.report.name
        problems += [f"{name}: no label for {text!r}" for text in reading.unlabelled]
        problems += [
            f"{name}: label matches nothing: {text!r}" for text in reading.stale
        ]
    passages = [p for reading in readings for p in reading.passages]
    predicted = Counter(p.kind for p in passages)
    actual = Counter(p.label.kind for p in passages)
    right = Counter(p.kind for p in passages if p.kind == p.label.kind)
    kinds = tuple(
        KindFigures(
            kind=kind,
            precision=_ratio(right[kind], predicted[kind]),
            recall=_ratio(right[kind], actual[kind]),
            support=actual[kind],
        )
        for kind in KINDS
    )
    at = {}
    for reading in readings:
        if reading.report.part != "test":
            continue
        scored = [
            (p.score, p.label.worthy) for p in reading.passages if p.score is not None
        ]
        at[reading.report.name] = precision_at_k(scored, PRECISION_AT)
    return Evaluation(
        passages=len(passages),
        kind_accuracy=_ratio(sum(right.values()), len(passages)),
        kinds=kinds,
        precision_at=at,
        mean_precision_at=_ratio(sum(at.values()), len(at)) if at else 0.0,
        problems=tuple(problems),
    )

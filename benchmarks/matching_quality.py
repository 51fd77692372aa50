"""Precision and recall of claim matching on the labelled pairs in fixtures/.

``python -m benchmarks.matching_quality`` prints them for a range of thresholds;
the test suite checks the figures ``docs/matching.md`` states.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from claims.importer import parse_report
from claims.matching import find_matches
from claims.text import claim_fingerprint

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LABELS = FIXTURES / "matching-labels.json"


@dataclass
class Quality:
    threshold: float
    true_positives: list = field(default_factory=list)
    false_positives: list = field(default_factory=list)
    false_negatives: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = len(self.true_positives) + len(self.false_positives)
        return len(self.true_positives) / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = len(self.true_positives) + len(self.false_negatives)
        return len(self.true_positives) / wanted if wanted else 1.0


def labelled_claims() -> tuple[dict[int, str], set, set]:
    """The two reports' distinct claims by id, and the 'same' and 'related' pairs."""
    labels = json.loads(LABELS.read_text())
    texts: dict[str, str] = {}
    for name in labels["reports"]:
        for assertion in parse_report((FIXTURES / name).read_text()).assertions:
            texts.setdefault(claim_fingerprint(assertion.text), assertion.text)
    claims = dict(enumerate(texts.values(), start=1))

    def find(piece: str) -> int:
        found = [pk for pk, text in claims.items() if piece in text]
        if len(found) != 1:
            raise LookupError(f"{piece!r} names {len(found)} claims, not one.")
        return found[0]

    def pairs(rows) -> set:
        return {tuple(sorted((find(a), find(b)))) for a, b in rows}

    return claims, pairs(labels["same"]), pairs(labels["related"])


def measure(threshold: float) -> Quality:
    claims, same, related = labelled_claims()
    items = list(claims.items())
    found = {
        (m.claim, m.other): m for m in find_matches(items, items, threshold=threshold)
    }
    quality = Quality(threshold=threshold)
    for pair in sorted(set(found) | same):
        row = (
            claims[pair[0]],
            claims[pair[1]],
            found[pair].score if pair in found else None,
        )
        if pair in same:
            (
                quality.true_positives if pair in found else quality.false_negatives
            ).append(row)
        elif pair not in related:
            quality.false_positives.append(row)
    return quality


def main() -> None:
    for threshold in range(30, 80, 5):
        q = measure(threshold)
        print(
            f"threshold {threshold}: precision {q.precision:.2f} recall {q.recall:.2f} "
            f"(tp {len(q.true_positives)}, fp {len(q.false_positives)}, "
            f"fn {len(q.false_negatives)})"
        )


if __name__ == "__main__":
    import os

    import django

    # As documented, runnable without naming the settings (no database is used).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

    django.setup()
    main()

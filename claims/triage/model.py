"""The check-worthiness model: a logistic regression over the features, and its reasons.

Scoring needs no scikit-learn (``claims.triage.training`` fits the model): the
score is the logistic function of the intercept plus the weights of the features
present. A reason is a feature's contribution to that sum measured against the
average sentence the model was fitted on, ``weight × (present − mean)``, so that a
missing hedge counts for a claim ("no hedge") when hedged sentences score lower.
"""

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from claims.triage.features import BY_NAME, NAMES

BASE_MODEL_PATH = Path(__file__).with_name("base_model.json")


@dataclass(frozen=True)
class Reason:
    feature: str
    text: str
    raises: bool
    contribution: float  # to the log-odds of "worth checking"


@dataclass(frozen=True)
class Scorer:
    """A fitted model: what new imports are scored with."""

    intercept: float
    weights: Mapping[str, float]
    means: Mapping[str, float]
    # The stored TriageModel's version; None for the shipped file not yet stored.
    version: int | None = None
    details: Mapping[str, object] = field(default_factory=dict, compare=False)

    def logit(self, present: Iterable[str]) -> float:
        return self.intercept + sum(self.weights.get(name, 0.0) for name in present)

    def score(self, present: Iterable[str]) -> float:
        """0–1, three decimals: the modelled chance that the desk checks the claim."""
        return round(1.0 / (1.0 + math.exp(-self.logit(present))), 3)

    def reasons(self, present: Iterable[str], *, limit: int = 3) -> list[Reason]:
        """The features that moved this score most, strongest first."""
        present = set(present)
        found = []
        for name in NAMES:
            weight = self.weights.get(name, 0.0)
            here = name in present
            contribution = weight * ((1.0 if here else 0.0) - self.means.get(name, 0.0))
            if abs(contribution) < 0.05:
                continue
            feature = BY_NAME[name]
            found.append(
                Reason(
                    feature=name,
                    text=feature.present if here else feature.absent,
                    raises=contribution > 0,
                    contribution=round(contribution, 3),
                )
            )
        found.sort(key=lambda reason: (-abs(reason.contribution), reason.feature))
        return found[:limit]

    def as_dict(self) -> dict:
        return {
            "intercept": self.intercept,
            "weights": dict(self.weights),
            "means": dict(self.means),
        }

    @classmethod
    def from_dict(cls, data: Mapping, *, version: int | None = None) -> "Scorer":
        return cls(
            intercept=float(data["intercept"]),
            weights={name: float(w) for name, w in data["weights"].items()},
            means={name: float(m) for name, m in data["means"].items()},
            version=version,
            details={k: v for k, v in data.items() if k not in ("weights", "means")},
        )


@cache
def base_scorer() -> Scorer:
    """The model fitted on the shipped base set (``base_model.json``)."""
    return Scorer.from_dict(json.loads(BASE_MODEL_PATH.read_text(encoding="utf-8")))

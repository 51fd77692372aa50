"""Triage: what kind of claim a sentence is and how worth checking (docs/importer.md).

``features`` names what a fact-checker looks for, ``kinds`` the rules for kinds
and for "not a claim", ``model`` the logistic regression that scores, ``training``
its fitting (on the shipped base set and the desk's decisions) and ``labelled``
the labelled reports it is measured on.
"""

from dataclasses import dataclass

from claims.triage.features import NAMES, features_of
from claims.triage.kinds import kind_of
from claims.triage.model import Scorer, base_scorer


@dataclass(frozen=True)
class Assessment:
    kind: str
    checkworthiness: float
    features: tuple[str, ...]  # the names present, in the order of NAMES


def assess(text: str, *, scorer: Scorer | None = None) -> Assessment:
    """Kind and check-worthiness (0–1) of one claim text."""
    present = features_of(text)
    scorer = scorer or base_scorer()
    return Assessment(
        kind=kind_of(present),
        checkworthiness=scorer.score(present),
        features=tuple(name for name in NAMES if name in present),
    )

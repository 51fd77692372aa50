"""Fitting the check-worthiness model (scikit-learn) and measuring it.

The training set is the shipped base set (``claims.triage.labelled``) plus the
desk's own decisions: a claim taken into research or published is worth
checking, one marked not checkable is not. The desk's decisions weigh
``DESK_WEIGHT`` times a base sentence: they are this desk's judgement.
scikit-learn is imported here only, so that importing a report never loads it.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass

from claims.triage.features import NAMES
from claims.triage.labelled import base_examples, precision_at_k
from claims.triage.model import BASE_MODEL_PATH, Scorer

DESK_WEIGHT = 2.0
CV_FOLDS = 5
# Fixed, so that the same decisions give the same model and the same figures.
SEED = 20260301

Example = tuple[frozenset[str], bool]


@dataclass(frozen=True)
class Fitted:
    scorer: Scorer
    cv_auc: float  # mean ROC AUC over CV_FOLDS stratified folds
    base_examples: int
    desk_examples: int
    desk_positives: int


def _matrix(examples: Sequence[Example]):
    import numpy as np

    x = np.array(
        [[1.0 if name in present else 0.0 for name in NAMES] for present, _ in examples]
    )
    y = np.array([1 if worthy else 0 for _present, worthy in examples])
    return x, y


def _classifier():
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=1.0, max_iter=1000)


def _weights(base: int, desk: int):
    import numpy as np

    return np.array([1.0] * base + [DESK_WEIGHT] * desk)


def fit(desk: Sequence[Example] = ()) -> Fitted:
    """A model fitted on the base set and ``desk`` (features, taken-or-not) pairs."""
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    base = base_examples()
    examples = [*base, *desk]
    x, y = _matrix(examples)
    weights = _weights(len(base), len(desk))
    classifier = _classifier().fit(x, y, sample_weight=weights)
    folds = StratifiedKFold(n_splits=CV_FOLDS, shuffle=True, random_state=SEED)
    auc = cross_val_score(
        _classifier(),
        x,
        y,
        cv=folds,
        scoring="roc_auc",
        params={"sample_weight": weights},
    ).mean()
    means = x.mean(axis=0)
    scorer = Scorer(
        intercept=round(float(classifier.intercept_[0]), 6),
        weights={
            name: round(float(w), 6)
            for name, w in zip(NAMES, classifier.coef_[0], strict=True)
        },
        means={name: round(float(m), 6) for name, m in zip(NAMES, means, strict=True)},
    )
    return Fitted(
        scorer=scorer,
        cv_auc=round(float(auc), 4),
        base_examples=len(base),
        desk_examples=len(desk),
        desk_positives=sum(1 for _present, worthy in desk if worthy),
    )


@dataclass(frozen=True)
class HeldOut:
    """Precision@k on desk decisions the model being measured did not see."""

    k: int
    decisions: int  # held out
    positives: int
    refitted: float  # a model fitted on the base set and the other decisions
    current: float  # the model new imports use now
    base_rate: float  # what a random order would give


def held_out_precision(
    desk: Sequence[Example], *, current: Scorer, k: int = 10, share: float = 0.25
) -> HeldOut:
    """Hold out ``share`` of the decisions (stratified, fixed seed); fit on the rest."""
    from sklearn.model_selection import train_test_split

    labels = [worthy for _present, worthy in desk]
    train, test = train_test_split(
        list(desk), test_size=share, random_state=SEED, stratify=labels
    )
    refitted = fit(train).scorer
    positives = sum(1 for _present, worthy in test if worthy)
    return HeldOut(
        k=k,
        decisions=len(test),
        positives=positives,
        refitted=precision_at_k(
            [(refitted.score(present), worthy) for present, worthy in test], k
        ),
        current=precision_at_k(
            [(current.score(present), worthy) for present, worthy in test], k
        ),
        base_rate=positives / len(test) if test else 0.0,
    )


def base_model_document() -> dict:
    """The shipped base model as ``base_model.json`` holds it."""
    fitted = fit()
    return {
        **fitted.scorer.as_dict(),
        "cv_auc": fitted.cv_auc,
        "base_examples": fitted.base_examples,
    }


def write_base_model() -> None:
    """Refit the base model on the base set and write ``base_model.json``."""
    document = base_model_document()
    BASE_MODEL_PATH.write_text(
        json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    write_base_model()

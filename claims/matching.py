"""Claim matching: the same assertion in other words, found by BM25 and scored by agreement.

Two steps, both without a database (``claims.services.matching`` feeds them):

1. **Retrieval**: every claim text becomes a bag of stemmed content words; a BM25
   index (``bm25s``) over all claims returns, for each claim to match, its
   ``CANDIDATES`` best-scoring other claims. BM25 weighs a shared rare word
   ("OpenClaw", "yuan") far above a shared common one ("AI", "China"), which is
   what lets a paraphrase that shares only its key words be found.
2. **Scoring** of each candidate pair from features that a person would check:
   ``terms`` (the IDF-weighted share of each claim's words found in the other,
   the geometric mean of both directions), ``entities`` (agreement of names,
   acronyms and titles), ``numbers`` (agreement of figures with their scale and
   unit: "106 billion yuan" = "106bn yuan"; figures that differ count against),
   and ``fuzz`` (rapidfuzz's ratio, so near-identical text always scores high).
   The score (0-100) and the features are documented in ``docs/matching.md``.
"""

import functools
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import bm25s
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

# bm25s logs each index it builds; one is built per import.
logging.getLogger("bm25s").setLevel(logging.WARNING)

# How many BM25 neighbours of each claim are scored.
CANDIDATES = 10
# The IDF of shared names that ties two claims fully (about one name in 50 claims).
NAME_EVIDENCE = 4.0
# A word found in more than this share of claims is not a content word.
COMMON_SHARE = 0.2

_STOPWORDS = frozenset(bm25s.stopwords.STOPWORDS_EN) | {
    "also",
    "like",
    "now",
    "many",
    "much",
    "via",
    "per",
    "including",
    "particularly",
    "e.g",
    "etc",
    "s",
    "more",
    "than",
    "less",
}
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_POSSESSIVE = re.compile(r"'s?$")
_SUFFIXES = (
    "ically",
    "ations",
    "ation",
    "ments",
    "ment",
    "ingly",
    "ally",
    "ings",
    "ing",
    "ies",
    "ied",
    "ers",
    "er",
    "es",
    "ed",
    "ly",
    "s",
    "e",
)
_SCALE = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_NUMBER = re.compile(
    r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)\s*"
    r"(thousand|million|billion|trillion|bn|mn|tn|k|m|b)?\b\s*(%|percent|per cent)?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(19|20)\d\d$")
# Names: a capitalised word not opening the sentence, an acronym, CamelCase, or
# a word with digits (ICD-11, YOLOv11n); quoted titles are names too.
_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b([A-Z][\w-]*)")
_TITLE = re.compile(r"[\"“]([^\"”]{3,200})[\"”]")


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light suffix stripper: enough to equate "chips"/"chip", "trained"/"training"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    """The stemmed content words of a text, in order (numbers included)."""
    words = (
        _POSSESSIVE.sub("", word.lower().replace("’", "'"))
        for word in _WORD.findall(text)
    )
    return [stem(word) for word in words if word not in _STOPWORDS and len(word) > 1]


def numbers(text: str) -> frozenset[str]:
    """Figures with their scale and unit, normalised ("95%" -> "95%", "1.5bn" -> "1.5e9")."""
    found = set()
    for digits, scale, percent in _NUMBER.findall(text):
        try:
            value = float(digits.replace(",", ""))
        except ValueError:
            continue
        if _YEAR.match(digits) and not scale and not percent:
            found.add(f"year:{digits}")
            continue
        value *= _SCALE.get(scale.lower(), 1) if scale else 1
        found.add(f"{value:g}{'%' if percent else ''}")
    return frozenset(found)


def entities(text: str) -> frozenset[str]:
    """Names, acronyms and quoted titles, lowercased and stemmed."""
    found = {stem(title.lower()) for title in _TITLE.findall(text)}
    for name in _NAME.findall(text):
        stemmed = stem(name.lower())
        if stemmed not in _STOPWORDS:
            found.add(stemmed)
    return frozenset(found)


@dataclass(frozen=True)
class Features:
    """Why two claims were matched: each feature in 0-1 (numbers in -1..1)."""

    terms: float
    entities: float | None
    numbers: float | None
    fuzz: float

    @property
    def score(self) -> float:
        """0-100: the term agreement, moved by names and figures, or fuzz if higher.

        Figures that disagree halve the score (a different figure is a different
        claim, even in the same words); agreeing names and figures raise it.
        """
        score = self.terms
        if self.entities is None and self.numbers is None:
            # Nothing checkable ties them: alike wording is not enough.
            score *= 0.8
        elif self.entities is not None:
            score = score * 0.6 if self.entities == 0 else score + 0.4 * self.entities
        if self.numbers is not None:
            score = score * 0.5 if self.numbers < 0 else score + 0.15 * self.numbers
        if self.fuzz >= 0.95 and (self.numbers is None or self.numbers >= 0):
            score = max(score, self.fuzz)
        return round(100 * min(max(score, 0.0), 1.0), 1)

    def as_dict(self) -> dict:
        return {
            "terms": round(self.terms, 3),
            "entities": None if self.entities is None else round(self.entities, 3),
            "numbers": None if self.numbers is None else round(self.numbers, 3),
            "fuzz": round(self.fuzz, 3),
        }


@dataclass(frozen=True)
class Match:
    claim: int
    other: int
    score: float
    features: Features


class _Doc:
    """A claim's terms; the rest is read only for the few candidates scored."""

    def __init__(self, text: str):
        self.text = text
        self.terms = terms(text)
        self.bag = frozenset(self.terms)

    @functools.cached_property
    def entities(self) -> frozenset[str]:
        return entities(self.text)

    @functools.cached_property
    def numbers(self) -> frozenset[str]:
        return numbers(self.text)

    @functools.cached_property
    def plain(self) -> str:
        return default_process(self.text)


def _entity_agreement(a: frozenset, b: frozenset, idf: dict) -> float | None:
    """How strongly shared names tie two claims: the IDF of the shared names over
    ``NAME_EVIDENCE`` (one rare name is enough, a common one such as "China" is
    not); 0 when both name something and share nothing; None if either names
    nothing informative. A quoted title counts as a rare name."""
    a = {e for e in a if e in idf or " " in e}
    b = {e for e in b if e in idf or " " in e}
    if not a or not b:
        return None
    weight = sum(idf.get(e, NAME_EVIDENCE) for e in a & b)
    return min(1.0, weight / NAME_EVIDENCE)


def _number_agreement(a: frozenset, b: frozenset) -> float | None:
    a = {n for n in a if not n.startswith("year:")} or a
    b = {n for n in b if not n.startswith("year:")} or b
    if not a or not b:
        return None
    shared = len(a & b)
    # A restatement may drop a figure; it may not change one.
    return shared / min(len(a), len(b)) if shared else -1.0


def features(a: _Doc, b: _Doc, idf: dict[str, float]) -> Features:
    shared = a.bag & b.bag
    weight_a = sum(idf.get(t, 0.0) for t in a.bag) or 1.0
    weight_b = sum(idf.get(t, 0.0) for t in b.bag) or 1.0
    weight_shared = sum(idf.get(t, 0.0) for t in shared)
    return Features(
        terms=math.sqrt((weight_shared / weight_a) * (weight_shared / weight_b)),
        entities=_entity_agreement(a.entities, b.entities, idf),
        numbers=_number_agreement(a.numbers, b.numbers),
        fuzz=fuzz.ratio(a.plain, b.plain) / 100,
    )


def find_matches(
    to_match: Iterable[tuple[int, str]],
    corpus: Iterable[tuple[int, str]],
    *,
    threshold: float,
    candidates: int = CANDIDATES,
) -> list[Match]:
    """Each pair (claim to match, other claim of the corpus) scoring >= threshold.

    ``corpus`` is every claim to compare with (it may include those to match:
    matches within one report are found too). Pairs are reported once, as
    (lower id, higher id), with the higher score of both directions.
    """
    to_match = list(to_match)
    docs: dict[int, _Doc] = {pk: _Doc(text) for pk, text in corpus}
    for pk, text in to_match:
        docs.setdefault(pk, _Doc(text))
    wanted = sorted({pk for pk, _text in to_match})
    return _match(docs, wanted, threshold=threshold, candidates=candidates)


def _match(
    docs: dict[int, _Doc], wanted: list[int], *, threshold: float, candidates: int
) -> list[Match]:
    if not wanted or len(docs) < 2:
        return []
    ids = list(docs)
    frequency = Counter(t for doc in docs.values() for t in doc.bag)
    total = len(ids)
    common = max(2, COMMON_SHARE * total)
    idf = {
        t: math.log(1 + (total - n + 0.5) / (n + 0.5))
        for t, n in frequency.items()
        if n <= common or total < 50
    }
    # The index is given token ids, not strings: bm25s's own conversion of
    # 100,000 claims' words took longer than the rest of the index.
    vocabulary = {term: number for number, term in enumerate(frequency)}
    vocabulary[""] = len(vocabulary)
    retriever = bm25s.BM25()
    retriever.index(
        bm25s.tokenization.Tokenized(
            ids=[
                [vocabulary[t] for t in docs[pk].terms] or [vocabulary[""]]
                for pk in ids
            ],
            vocab=vocabulary,
        ),
        show_progress=False,
    )
    queries = bm25s.tokenization.Tokenized(
        ids=[
            [vocabulary[t] for t in docs[pk].terms if t in idf] or [vocabulary[""]]
            for pk in wanted
        ],
        vocab=vocabulary,
    )
    k = min(candidates + 1, total)
    found, _scores = retriever.retrieve(queries, k=k, show_progress=False)
    best: dict[tuple[int, int], Match] = {}
    for pk, row in zip(wanted, found, strict=True):
        for position in row:
            other = ids[int(position)]
            if other == pk:
                continue
            key = (min(pk, other), max(pk, other))
            if key in best:
                continue
            found_features = features(docs[pk], docs[other], idf)
            score = found_features.score
            if score >= threshold:
                best[key] = Match(*key, score=score, features=found_features)
    return sorted(best.values(), key=lambda m: (m.claim, m.other))

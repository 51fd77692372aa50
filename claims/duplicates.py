"""Near-duplicate claims: rapidfuzz similarity over candidates found by prefix filtering.

Comparing every new claim with every claim is quadratic. A pair that scores above
the threshold shares most of its words, so only pairs that share at least 70% of
their words (Jaccard >= 0.7) are compared; prefix filtering finds those pairs by
looking only at each text's rarest words, and words shared by more than
MAX_POSTINGS claims are not used, which keeps the search linear.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

MIN_WORD_OVERLAP = 0.7
# A word found in more claims than this is too common to find candidates with; it
# keeps the search linear on repetitive text (boilerplate, tables, generated data).
MAX_POSTINGS = 100


def near_duplicate_pairs(
    new: Iterable[tuple[int, str]],
    existing: Iterable[tuple[int, str]],
    *,
    threshold: float,
) -> list[tuple[int, int, float]]:
    """(lower id, higher id, score) for each pair with at least one new claim.

    The score is rapidfuzz's ``fuzz.ratio`` (0-100) of the texts after lowercasing
    and removing punctuation (texts equal but for punctuation score 100).
    """
    new = list(new)
    new_ids = {pk for pk, _text in new}
    texts = {pk: default_process(text) for pk, text in [*new, *existing]}
    words = {pk: set(text.split()) for pk, text in texts.items()}
    frequency = Counter(word for bag in words.values() for word in bag)
    postings: dict[str, list[int]] = defaultdict(list)
    prefixes: dict[int, list[str]] = {}
    for pk, bag in words.items():
        ordered = sorted(bag, key=lambda word: (frequency[word], word))
        size = len(ordered) - math.ceil(MIN_WORD_OVERLAP * len(ordered)) + 1
        prefixes[pk] = ordered[:size]
        for word in prefixes[pk]:
            postings[word].append(pk)
    pairs: list[tuple[int, int, float]] = []
    seen: set[tuple[int, int]] = set()
    for pk in sorted(new_ids):
        for word in prefixes[pk]:
            if len(postings[word]) > MAX_POSTINGS:
                continue
            for other in postings[word]:
                if other == pk:
                    continue
                key = (min(pk, other), max(pk, other))
                if key in seen:
                    continue
                seen.add(key)
                score = fuzz.ratio(texts[pk], texts[other], score_cutoff=threshold)
                if score:
                    pairs.append((*key, round(score, 1)))
    return sorted(pairs)

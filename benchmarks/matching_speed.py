"""How long matching a 1,000-claim report against 100,000 claims takes (no database).

``python -m benchmarks.matching_speed [EXISTING] [NEW]``: the texts are the
harness's synthetic claims (``benchmarks.generate._sentence``); the time covers
what ``claims.services.matching.claims_match`` does besides reading the rows
and writing the suggestions: tokenising, the BM25 index, retrieval and scoring.
"""

import random
import sys
import time

from benchmarks.generate import _sentence
from claims.matching import find_matches


def measure(existing: int = 100_000, new: int = 1_000) -> tuple[float, int]:
    rng = random.Random(7)
    corpus = [(pk, _sentence(rng, pk)[0]) for pk in range(1, existing + new + 1)]
    to_match = corpus[existing:]
    started = time.perf_counter()
    found = find_matches(to_match, corpus, threshold=50)
    return time.perf_counter() - started, len(found)


if __name__ == "__main__":
    # No django.setup(): the matcher reads no settings and no database.
    args = [int(a) for a in sys.argv[1:3]]
    seconds, found = measure(*args)
    print(f"matched in {seconds:.2f} s; {found} pairs at threshold 50")

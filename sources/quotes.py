"""Quote check: is an evidence excerpt in the text of its source's archived copy?

Both sides are normalised first: Unicode compatibility forms, case, curly
quotes and dashes, soft hyphens and words hyphenated across a line break,
Markdown marks left by the extractors, and whitespace. Hyphens and dashes are
dropped on both sides, so "well-known" matches a "well-" at the end of a line
followed by "known". An ellipsis in the
excerpt ("…" or "...") stands for left-out words: each part must be found, in
order. Checked against the newest archived snapshot at each read, so a new
snapshot is taken into account as soon as it arrives.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sources.models import Snapshot, SnapshotOutcome

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": None,
        "\u2011": None,
        "\u2012": None,
        "\u2013": None,
        "\u2014": None,
        "\u2212": None,
        "-": None,  # hyphens and dashes: "well-known" is "well known" broken
        "\u00ad": None,  # soft hyphen
        "*": None,  # Markdown emphasis and escapes from the extractors
        "_": None,
        "\\": None,
        "`": None,
        "#": None,
        "|": " ",
    }
)
_LINE_HYPHEN = re.compile(r"(\w)-\s*\n\s*(\w)")
_SPACE = re.compile(r"\s+")
_ELLIPSIS = re.compile(r"\s*(?:\u2026|\.\.\.|\[\s*(?:\u2026|\.\.\.)\s*\])\s*")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").replace("\u2026", "...")
    text = _LINE_HYPHEN.sub(r"\1\2", text)
    text = text.translate(_QUOTES).casefold()
    return _SPACE.sub(" ", text).strip()


def excerpt_in(excerpt: str, text: str) -> bool:
    """True if every part of ``excerpt`` (split at ellipses) is in ``text``, in order."""
    haystack = normalise(text)
    parts = [
        normalise(part)
        for part in _ELLIPSIS.split(unicodedata.normalize("NFKC", excerpt))
    ]
    parts = [part for part in parts if part]
    if not parts:
        return False
    position = 0
    for part in parts:
        found = haystack.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


@dataclass(frozen=True)
class QuoteCheck:
    found: bool
    snapshot_id: int
    retrieved: datetime


def latest_archived(source_ids) -> dict[int, Snapshot]:
    """The newest archived snapshot with text of each source."""
    latest: dict[int, Snapshot] = {}
    rows = (
        Snapshot.objects.filter(
            source_id__in=set(source_ids), outcome=SnapshotOutcome.ARCHIVED
        )
        .exclude(text="")
        .order_by("source_id", "-retrieved", "-id")
        .only("id", "source_id", "retrieved", "text", "sha256")
    )
    for snapshot in rows:
        latest.setdefault(snapshot.source_id, snapshot)
    return latest


def quote_checks(items) -> dict:
    """``{key: QuoteCheck}`` for ``(key, source_id, excerpt)`` triples whose excerpt
    is not empty and whose source has an archived copy with text."""
    items = [(key, source_id, excerpt) for key, source_id, excerpt in items if excerpt]
    snapshots = latest_archived(source_id for _key, source_id, _excerpt in items)
    checks = {}
    for key, source_id, excerpt in items:
        snapshot = snapshots.get(source_id)
        if snapshot is not None:
            checks[key] = QuoteCheck(
                excerpt_in(excerpt, snapshot.text), snapshot.pk, snapshot.retrieved
            )
    return checks

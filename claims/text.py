"""Normalisation of claim text, shared by the importer and the edit service."""

import hashlib
import re
import unicodedata

# Joins a heading chain into Appearance.section ("Report › Chapter › Section").
SECTION_SEPARATOR = " › "

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise_claim_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip().casefold()


def claim_fingerprint(text: str) -> str:
    return hashlib.sha256(normalise_claim_text(text).encode("utf-8")).hexdigest()

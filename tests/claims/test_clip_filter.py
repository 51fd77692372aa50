"""The list pages' quick ``clip`` filter cuts text exactly as ``truncatechars`` does."""

import pytest
from django.template.defaultfilters import truncatechars

from claims.templatetags.claimtrail import clip

TEXTS = [
    "",
    "Short claim.",
    "x" * 180,
    "y" * 181,
    "Exports rose " * 30,
    "e\u0301" * 179,  # combining accents: NFC makes them single characters
    "a\u0301" * 200,
    "n\u0303o " * 100,
    "<b>tags stay text</b> " * 20,
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("length", [1, 10, 180])
def test_clip_matches_truncatechars(text, length):
    assert clip(text, length) == truncatechars(text, length)

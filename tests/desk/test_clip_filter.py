"""The list rows' quick filters write what ``truncatechars`` and ``floatformat`` write."""

import pytest
from django.template.defaultfilters import floatformat, truncatechars

from desk.templatetags.claimtrail import clip, score

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


@pytest.mark.parametrize(
    "value",
    [0, 0.0, 1, 1.0, 0.005, 0.015, 0.125, 0.135, 0.994, 0.995, 0.999, 0.3333333,
     2 / 3, 0.1 + 0.2, -0.001, -0.005, 12.345, 1e-9, "0.5", "x", None],
)  # fmt: skip
def test_score_matches_floatformat_2(value):
    assert score(value) == floatformat(value, 2)

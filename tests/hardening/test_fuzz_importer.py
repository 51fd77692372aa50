"""The importer fuzzed: random Markdown and random bytes are imported whole or refused whole.

For any input, ``report_import`` either refuses with ``ReportImportError`` and
writes nothing, or imports the report with every appearance's quote exactly at its
offsets in the stored text, and the audit chain still verifies.
"""

import pytest
from django.db import transaction
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from audit.chain import verify_chain
from audit.models import AuditEvent
from claims.importer import ReportImportError
from claims.models import Appearance, Claim, ClaimMatch, Report
from claims.services.imports import report_import
from tests.hardening import fuzz

pytestmark = pytest.mark.django_db

FUZZ = settings(fuzz.FUZZ, max_examples=60)

WORDS = st.sampled_from(
    [
        "China", "Huawei", "trained", "the", "model", "on", "domestic", "chips",
        "in", "2025", "40%", "12 percent", "$3 billion", "106 billion yuan",
        "(≈US$15 billion)", "first", "largest", "outperform", "Western", "rivals",
        "according", "to", "the", "ministry", "grew", "by", "up to 95%", "e.g.",
        "Dr.", "Prof.", "U.S.", "3.5", "—", "’s", "«quoted»", "東京", "🚀", "x²",
        "\ue000", "\ufffd", "a\u0301", "\u200b", "&amp;", "<b>", "</p>", "\\*",
        "http://example.org/a_b", "_", "*", "|", "#", "`", "~~", "[", "]",
    ]
)  # fmt: skip
SENTENCE = st.lists(WORDS, min_size=1, max_size=14).map(
    lambda words: " ".join(words).capitalize() + "."
)
INLINE = st.one_of(
    SENTENCE,
    SENTENCE.map(lambda s: f"**{s}**"),
    SENTENCE.map(lambda s: f"*{s}*"),
    SENTENCE.map(lambda s: f"_{s}_"),
    SENTENCE.map(lambda s: f"`{s}`"),
    SENTENCE.map(lambda s: f"~~{s}~~"),
    st.tuples(SENTENCE, st.sampled_from(["https://x.org/p", "javascript:x", "#a"])).map(
        lambda t: f"[{t[0]}]({t[1]})"
    ),
    SENTENCE.map(lambda s: f"![{s}](img.png)"),
    st.text(max_size=40),
)
PARAGRAPH = st.lists(INLINE, min_size=1, max_size=4).map(" ".join)
LABEL = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
HEADING = st.tuples(st.integers(1, 7), LABEL).map(lambda t: f"{'#' * t[0]} {t[1]}")
ITEM = st.one_of(
    PARAGRAPH,
    st.tuples(LABEL, PARAGRAPH).map(lambda t: f"**{t[0]}:** {t[1]}"),
    st.tuples(LABEL, PARAGRAPH).map(lambda t: f"**{t[0]}**: {t[1]}"),
)
LIST = st.tuples(
    st.sampled_from(["- ", "* ", "+ ", "1. ", "  - ", "1) "]),
    st.lists(ITEM, min_size=1, max_size=5),
).map(lambda t: "\n".join(t[0] + item for item in t[1]))
CELL = st.one_of(LABEL, PARAGRAPH).map(
    lambda s: s.replace("|", "\\|").replace("\n", " ")
)
TABLE = st.tuples(
    st.integers(1, 4).flatmap(lambda n: st.lists(CELL, min_size=n, max_size=n)),
    st.lists(st.lists(CELL, min_size=0, max_size=5), min_size=0, max_size=4),
).map(
    lambda t: "\n".join(
        [
            "| " + " | ".join(t[0]) + " |",
            "|" + "---|" * len(t[0]),
            *("| " + " | ".join(row) + " |" for row in t[1]),
        ]
    )
)
QUOTE = PARAGRAPH.map(lambda p: "> " + p.replace("\n", "\n> "))
CODE = st.tuples(st.sampled_from(["```", "~~~", "```python"]), PARAGRAPH).map(
    lambda t: f"{t[0]}\n{t[1]}\n{t[0][:3]}"
)
FRONT_MATTER = st.sampled_from(
    ["", "---\ntitle: A report\nauthor: Someone\n---\n", "---\nbroken: [\n", "+++\n"]
)
BLOCK = st.one_of(
    HEADING, PARAGRAPH, LIST, TABLE, QUOTE, CODE, st.sampled_from(["---", "***", ""])
)
MARKDOWN = st.tuples(
    FRONT_MATTER,
    st.lists(BLOCK, min_size=0, max_size=12),
    st.sampled_from(["\n\n", "\n", "\r\n", "\r\n\r\n", "\r"]),
).map(lambda t: t[0] + t[2].join(t[1]))

NOISE = st.one_of(
    st.binary(min_size=1, max_size=8),
    st.text(min_size=1, max_size=8).map(str.encode),
    st.sampled_from([b"\r", b"\r\n", b"\xef\xbb\xbf", b"\x0c", b"\x1b[31m", b"\t"]),
)
COUNTED = (Report, Claim, Appearance, ClaimMatch, AuditEvent)


def _counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in COUNTED)


def _assert_imported_whole_or_refused_whole(editor, text) -> None:
    """Import in a transaction rolled back afterwards, so examples stay independent."""
    with transaction.atomic():
        before = _counts()
        try:
            result = report_import(actor=editor, text=text, filename="fuzz.md")
        except ReportImportError:
            event("refused")
            assert _counts() == before, "a refused import wrote something"
        else:
            event("imported")
            report = result.report
            appearances = list(Appearance.objects.filter(report=report))
            of_claims = [a for a in appearances if a.claim_id is not None]
            assert result.created
            assert len(of_claims) == result.appearances_added > 0
            assert len(appearances) - len(of_claims) == result.not_claims
            for appearance in appearances:
                assert report.text[appearance.start : appearance.end] == (
                    appearance.quote
                )
                if appearance.claim_id is None:
                    assert appearance.not_a_claim  # a heading, byline, …
                else:
                    assert appearance.claim.text.strip()
                    assert not appearance.claim.text.endswith(":")
            assert verify_chain().ok
        transaction.set_rollback(True)


@FUZZ
@given(markdown=MARKDOWN)
@example(markdown="---\ntitle: x\n---\n")
@example(markdown="# Only a heading\n\n## And another")
@example(markdown="- **Label:** China trained 3 models in 2025.\n" * 3)
# Found by this test: two table rows mapped onto one start (an IntegrityError).
@example(
    markdown="# China\n- `.\n| China china. |\n|---|\n| China | `a. | China China |"
)
def test_random_markdown_is_imported_whole_or_refused_whole(editor, markdown):
    _assert_imported_whole_or_refused_whole(editor, markdown)


@FUZZ
@given(data=st.binary(max_size=3000))
@example(data=b"\xef\xbb\xbfThe GDP grew by 5% in 2024.\r\n")
@example(data=b"The GDP grew by 5% in 2024.\x00")
@example(data=b"The GDP grew by 5% in \xff2024.")
@example(data="Output rose 3% in 2023 \ud800.".encode("utf-8", "surrogatepass"))
def test_random_bytes_are_imported_whole_or_refused_whole(editor, data):
    _assert_imported_whole_or_refused_whole(editor, data)


@FUZZ
@given(markdown=MARKDOWN, noise=NOISE, at=st.integers(0))
def test_markdown_with_stray_bytes_is_imported_whole_or_refused_whole(
    editor, markdown, noise, at
):
    raw = markdown.encode()
    at = at % (len(raw) + 1)
    _assert_imported_whole_or_refused_whole(editor, raw[:at] + noise + raw[at:])

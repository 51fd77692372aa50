"""A long report is parsed a part at a time: the same claims as whole, less memory."""

import gc
import tracemalloc

import pytest

from benchmarks.import_speed import synthetic_report
from claims import importer, triage
from claims.importer import ReportParser, parse_report
from tests.claims.test_import_jobs import list_report

MIXED = (
    "# Mixed report\n\nThe plants reported these figures:\n\n"
    + "".join(
        f"- Plant {i} reported output of {i % 90 + 1}% in 2024.\n" for i in range(60)
    )
    + "\n```\n"
    + "".join(f"- code line {i} rose 5% in 2020.\n" for i in range(30))
    + "```\n\n<!-- a comment\n\n"
    + "".join(f"- hidden {i} fell 3% in 2021.\n" for i in range(30))
    + "-->\n\n| Region | Share |\n|---|---|\n"
    + "".join(f"| Region {i} | {i}% |\n" for i in range(30))
    + "\n* Star item one grew 4% in 2022.\n  - Nested item grew 2% in 2023.\n\n"
    + "* Star item two, in a loose list, fell 1% in 2022.\n\n"
    + "".join(
        f"## Part {i}\n\nOutput rose {i}% in 2019. It fell after.\n\n"
        for i in range(30)
    )
    + "1. First numbered item rose 5% in 2020.\n2. Second numbered item fell.\n"
)


@pytest.mark.parametrize(
    "text",
    [MIXED, list_report(1500).decode(), synthetic_report(60_000)],
    ids=["mixed", "list", "synthetic"],
)
def test_a_report_parsed_in_small_parts_gives_what_it_gives_whole(text, monkeypatch):
    whole = parse_report(text)
    monkeypatch.setattr(importer, "SEGMENT_CHARS", 200)
    parser = ReportParser(text)
    parts = list(parser.parts())
    assert len(parts) > 10
    assert tuple(a for part in parts for a in part.assertions) == whole.assertions
    assert tuple(p for part in parts for p in part.not_claims) == whole.not_claims
    assert parser.title == whole.title
    # Nothing inside the fenced code or the HTML comment became a claim.
    assert not any(
        "code line" in a.text or "hidden" in a.text for a in whole.assertions
    )


def _parse_peak(items: int) -> int:
    text = list_report(items).decode()
    gc.collect()
    tracemalloc.start()
    try:
        for _part in ReportParser(text).parts():
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_parsing_twice_the_lines_takes_no_more_memory(monkeypatch):
    # Whole, markdown-it's tokens alone took about 60 times the text. The
    # features of the last 4,096 sentences are remembered (a few MB at most,
    # whatever the file): not what is measured here.
    monkeypatch.setattr(importer, "SEGMENT_CHARS", 16 * 1024)
    monkeypatch.setattr(triage, "features_of", triage.features_of.__wrapped__)
    small, large = _parse_peak(3_000), _parse_peak(6_000)
    assert large < 1.25 * small, (small, large)

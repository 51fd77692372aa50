"""The report parser: assertions, section paths, exact spans, Markdown edge cases."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.importer import ReportImportError, decode_report, parse_report

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "china-ai-2024-2026-report.md"
SEED_TEXT = SEED.read_text(encoding="utf-8")
HARDWARE = "Strengthening Hardware Sovereignty and Pioneering Chip Innovation"


@pytest.fixture(scope="module")
def seed():
    return parse_report(SEED_TEXT)


def _one(parsed, needle):
    found = [a for a in parsed.assertions if needle in a.text]
    assert len(found) == 1, [a.text for a in found]
    return found[0]


def _texts(markdown):
    return [a.text for a in parse_report(markdown).assertions]


def assert_spans_exact(parsed):
    starts = set()
    for a in parsed.assertions:
        assert parsed.text[a.start : a.end] == a.quote
        assert a.start not in starts, "two appearances would share a start offset"
        starts.add(a.start)
        assert parsed.text.count("\n", 0, a.start) + 1 == a.line


# --- the seed report ------------------------------------------------------------


def test_seed_title_is_the_first_h1(seed):
    assert seed.title.startswith("How China Is Scaling, Regulating, and Re-Engineering")


def test_seed_battery_claim_has_the_95_percent_and_50_cycles_and_its_topic(seed):
    claim = _one(seed, "up to 95%")
    assert "50 cycles" in claim.text
    assert claim.topic == "AI-Accelerated Validation and Scientific Research"
    assert not claim.text.startswith("AI-Accelerated Validation")
    assert "**" not in claim.text
    assert claim.section_path[1:] == (HARDWARE,)
    assert claim.kind == "statistic"
    assert claim.checkworthiness >= 0.6


def test_seed_market_size_is_a_statistic_under_healthcare(seed):
    claim = _one(seed, "106 billion yuan")
    assert claim.section_path[1:] == (
        "Sectoral Deployment and Sector-Specific Innovations",
        "Healthcare: From Prototypes to Integrated Clinical Solutions",
    )
    assert claim.topic == "Bridging Urban-Rural Healthcare Gaps"
    assert claim.kind == "statistic"
    assert claim.quote.startswith(
        "The Chinese healthcare AI market has surpassed **106"
    )


def test_seed_yolo_and_sinong_are_claims_under_their_sections(seed):
    yolo = _one(seed, "YOLOv11n")
    assert yolo.topic == "Cancer Detection and Neuroimaging"
    assert yolo.section_path[-1].startswith("Healthcare: From Prototypes")
    sinong = _one(seed, "Sinong, China’s first")
    assert sinong.section_path[1:] == (
        "Agriculture: Democratizing AI for Food Security",
    )
    assert "first" in sinong.features  # a first: "China’s first open-source …"


def test_seed_intro_paragraph_above_a_rule_is_prose_not_a_heading(seed):
    # "---" right under the intro is a separator; the intro's sentences are claims.
    intro = _one(seed, "relentless pursuit of artificial intelligence")
    assert intro.section_path == (seed.title,)
    assert intro.line == 2


def test_seed_repeated_citation_appears_twice_with_identical_text(seed):
    cited = [a for a in seed.assertions if "Dual Frequency Branch" in a.text]
    citations = [a for a in cited if a.origin == "cited_work"]
    assert len(citations) == 2
    assert citations[0].text == citations[1].text
    assert (
        citations[0].quote
        == "Dual Frequency Branch Framework with Reconstructed Sliding"
    )
    assert citations[0].section_path != citations[1].section_path
    # A cited work's own claim is that the work exists.
    assert citations[0].kind == "event"


def test_seed_labels_and_headings_are_not_claims(seed):
    texts = [a.text for a in seed.assertions]
    assert not any(t.startswith("Implications include") for t in texts)
    assert "Recent breakthroughs include:" not in texts
    assert "Conclusion" not in texts


def test_seed_vague_statement_is_a_low_scored_opinion(seed):
    claim = _one(seed, "paves the way for an AI-powered future")
    assert claim.kind == "opinion"
    assert claim.checkworthiness < 0.35


def test_seed_spans_are_exact(seed):
    assert len(seed.assertions) > 60
    assert_spans_exact(seed)


# --- Markdown structures ---------------------------------------------------------


def test_nested_and_numbered_lists_at_any_depth():
    md = (
        "# R\n\n## Jobs\n\n"
        "1. The plant employs 300 people.\n"
        "   - Acme Corp hired 200 engineers in 2024.\n"
        "     1. The third level says exports rose 7%.\n"
        "2. Second item says costs fell by half.\n"
    )
    parsed = parse_report(md)
    assert [a.text for a in parsed.assertions] == [
        "The plant employs 300 people.",
        "Acme Corp hired 200 engineers in 2024.",
        "The third level says exports rose 7%.",
        "Second item says costs fell by half.",
    ]
    assert all(a.section_path == ("R", "Jobs") for a in parsed.assertions)
    assert_spans_exact(parsed)


def test_table_rows_become_claims_with_their_headers():
    md = "# R\n\n| Country | GDP growth |\n|---|---|\n| France | 1.1% |\n| **Spain** | 2.5% |\n"
    parsed = parse_report(md)
    assert [a.text for a in parsed.assertions] == [
        "Country: France; GDP growth: 1.1%",
        "Country: Spain; GDP growth: 2.5%",
    ]
    assert parsed.assertions[1].quote == "**Spain** | 2.5%"
    assert parsed.assertions[0].line == 5
    assert_spans_exact(parsed)


def test_block_quotes_across_lines():
    md = "# R\n\n> Inflation fell to 2.1% in June,\n> the bureau said. It rose later.\n"
    parsed = parse_report(md)
    assert [a.text for a in parsed.assertions] == [
        "Inflation fell to 2.1% in June, the bureau said.",
        "It rose later.",
    ]
    assert (
        parsed.assertions[0].quote
        == "Inflation fell to 2.1% in June,\n> the bureau said."
    )
    assert_spans_exact(parsed)


def test_code_html_comments_front_matter_and_link_targets_give_nothing():
    md = (
        "---\ntitle: Front matter says 99% of nothing\ntags:\n  - a\n---\n"
        "# Title\n\n"
        "<!-- A comment says revenue was 9 billion. -->\n\n"
        "<div>\nAn HTML block says 12 things happened.\n</div>\n\n"
        "```python\nx = 'code says 50% of nothing'\n```\n\n"
        "    indented code says 5 things\n\n"
        "See [the source](http://example.com/a.b?c=(d)) for the 40% rise.\n"
    )
    parsed = parse_report(md)
    assert parsed.title == "Title"
    assert [a.text for a in parsed.assertions] == ["See the source for the 40% rise."]
    assert parsed.assertions[0].line == 20
    assert_spans_exact(parsed)


def test_abbreviations_and_decimals_do_not_split_sentences():
    md = (
        "The U.S. market grew approx. 5% in 2024, e.g. in Texas. "
        "Revenue was $109.1 bn, i.e. more than planned. Dr. Li agreed.\n"
    )
    assert _texts(md) == [
        "The U.S. market grew approx. 5% in 2024, e.g. in Texas.",
        "Revenue was $109.1 bn, i.e. more than planned.",
        "Dr. Li agreed.",
    ]


def test_bold_lead_in_label_is_the_topic_and_emphasis_is_stripped():
    md = "- **Flood and Sea Level Prediction:** Systems *now* enable **better** forecasts.\n- __Costs__: They fell 3%.\n"
    parsed = parse_report(md)
    first, second = parsed.assertions
    assert (first.topic, first.text) == (
        "Flood and Sea Level Prediction",
        "Systems now enable better forecasts.",
    )
    assert first.quote == "Systems *now* enable **better** forecasts."
    assert (second.topic, second.text) == ("Costs", "They fell 3%.")
    assert_spans_exact(parsed)


def test_setext_heading_that_reads_like_a_title_stays_a_heading():
    md = "Report Title\n============\n\nShort Section\n-------------\n\nThe sky is blue today.\n"
    parsed = parse_report(md)
    assert parsed.title == "Report Title"
    assert parsed.assertions[0].section_path == ("Report Title", "Short Section")


def test_questions_labels_and_fragments_are_not_assertions():
    md = "Key facts:\n\n- Is this true?\n- Short.\n- Output rose 4% in May.\n"
    assert _texts(md) == ["Output rose 4% in May."]


def test_identical_sentences_give_identical_texts_at_different_spans():
    md = "# R\n\n## A\n\nThe dam is 50 m tall.\n\n## B\n\nThe **dam** is 50 m tall.\n"
    parsed = parse_report(md)
    first, second = parsed.assertions
    assert first.text == second.text
    assert (first.section_path[-1], second.section_path[-1]) == ("A", "B")
    assert second.quote == "The **dam** is 50 m tall."


# --- text fixes -------------------------------------------------------------------


def test_leftover_markdown_is_stripped_from_claim_text_but_kept_in_the_quote():
    md = (
        "# R\n\n"
        "The data is *striking* and **strong*.\n\n"
        "The figures are in [the annex][annex] and [a table](http://x.org)[1].\n"
    )
    parsed = parse_report(md)
    assert _texts(md) == [
        "The data is striking and strong.",
        "The figures are in the annex and a table.",
    ]
    assert parsed.assertions[0].quote == "The data is *striking* and **strong*."
    assert_spans_exact(parsed)


def test_an_italic_byline_is_not_a_claim_and_keeps_no_asterisks():
    md = "# R\n\n*Published by the Institute, March 2026.*\n\nSales rose 4%.\n"
    parsed = parse_report(md)
    assert [a.text for a in parsed.assertions] == ["Sales rose 4%."]
    byline = [p for p in parsed.not_claims if p.reason == "byline"]
    assert [p.text for p in byline] == ["Published by the Institute, March 2026."]
    assert byline[0].quote == "*Published by the Institute, March 2026.*"


def test_a_lead_in_is_joined_with_the_fragments_it_introduces():
    md = (
        "# R\n\nKey problems reported by drivers:\n\n"
        "- range dropping by up to 30% overnight\n"
        "- Charging takes two hours at public stations.\n"
    )
    parsed = parse_report(md)
    first, second = parsed.assertions
    assert first.text == (
        "Key problems reported by drivers: range dropping by up to 30% overnight."
    )
    assert first.quote == "range dropping by up to 30% overnight"
    # A full sentence stands alone, read with its lead-in.
    assert second.text == "Charging takes two hours at public stations."
    assert second.context == "Key problems reported by drivers:"
    assert [(p.text, p.reason) for p in parsed.not_claims] == [
        ("R", "heading"),
        ("Key problems reported by drivers:", "lead_in"),
    ]
    assert_spans_exact(parsed)


def test_claims_never_end_with_a_colon():
    md = (
        "# R\n\nChina's healthcare AI ecosystem has moved from prototypes "
        "to clinical applications:\n\n- Diagnosis got faster.\n\n"
        "| Region | Note |\n|---|---|\n| North | Totals: |\n"
    )
    texts = _texts(md)
    assert texts[0].endswith("clinical applications.")
    assert not any(text.endswith(":") for text in texts)


def test_a_sentence_that_refers_back_keeps_the_one_before_as_context():
    md = (
        "# R\n\nEurope has 300 large data centres. The Netherlands alone accounts "
        "for about a fifth of them.\n\n## Costs\n\nThey fell 3%.\n"
    )
    parsed = parse_report(md)
    europe, netherlands, costs = parsed.assertions
    assert europe.context == ""
    assert netherlands.context == "Europe has 300 large data centres."
    assert netherlands.kind == "statistic"
    # A new section starts afresh: nothing to lean on.
    assert costs.context == ""


def test_headings_and_questions_are_kept_as_passages_with_exact_spans():
    md = "# Title\n\n## Why now?\n\nWhat changed? Output rose 4% in May.\n"
    parsed = parse_report(md)
    assert [a.text for a in parsed.assertions] == ["Output rose 4% in May."]
    assert [(p.text, p.reason) for p in parsed.not_claims] == [
        ("Title", "heading"),
        ("Why now?", "heading"),
        ("What changed?", "question"),
    ]
    for passage in parsed.not_claims:
        assert parsed.text[passage.start : passage.end] == passage.quote
        assert passage.quote in ("Title", "Why now?", "What changed?")


# --- decoding errors -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"caf\xe9 au lait", "not UTF-8"),
        (b"x" * 101, "limit"),
    ],
)
def test_decode_refuses_with_one_line(data, message):
    with pytest.raises(ReportImportError) as info:
        decode_report(data, max_bytes=100)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_decode_normalises_newlines_and_bom():
    assert decode_report(b"\xef\xbb\xbfa\r\nb\rc", max_bytes=100) == "a\nb\nc"


# --- any Markdown: spans are exact --------------------------------------------------

_FRAGMENTS = st.sampled_from(
    [
        "# Heading {n}\n",
        "Plain sentence number {n} is here. Another one follows.\n",
        "- **Label {n}:** The *value* rose {n}% in 2024.\n",
        "  - Nested item {n} says __something__ `code` happened.\n",
        "1. Numbered item {n} grew approx. 5% e.g. in Texas.\n",
        "> Quoted claim {n} says costs fell.\n> Still quoted here.\n",
        "| Name | Value |\n|---|---|\n| Row {n} | {n} units |\n",
        "```\ncode {n} is ignored.\n```\n",
        "<!-- comment {n} -->\n",
        "Text with [a link](http://x.org/{n}) and \\*escaped\\* stars &amp; more.\n",
        "Tabs\tand  spaces  {n} are kept.\n",
        "\n",
        "---\n",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_FRAGMENTS, st.integers(0, 999)), max_size=12))
def test_spans_are_exact_for_generated_reports(parts):
    text = "\n".join(fragment.format(n=n) for fragment, n in parts)
    assert_spans_exact(parse_report(text))

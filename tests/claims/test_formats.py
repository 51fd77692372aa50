"""claims.formats: every format converts to Markdown that yields the same claims."""

from pathlib import Path

import pytest

from claims.formats import convert_report, sniff_format
from claims.importer import ReportImportError, parse_report

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SEED = FIXTURES / "china-ai-2024-2026-report"
LIMITS = {"max_bytes": 5 * 1024 * 1024, "max_pages": 300}


def _texts(markdown: str) -> list[str]:
    return [" ".join(a.text.split()) for a in parse_report(markdown).assertions]


@pytest.fixture(scope="module")
def markdown_claims() -> list[str]:
    return _texts(SEED.with_suffix(".md").read_text("utf-8"))


@pytest.mark.parametrize("suffix", [".pdf", ".html", ".docx"])
def test_each_format_yields_every_claim_of_the_markdown(suffix, markdown_claims):
    converted = convert_report(SEED.with_suffix(suffix).read_bytes(), **LIMITS)
    assert converted.format == suffix[1:]
    assert _texts(converted.text) == markdown_claims


@pytest.mark.parametrize("suffix", [".pdf", ".html", ".docx"])
def test_each_format_keeps_headings_and_topics(suffix):
    markdown = parse_report(SEED.with_suffix(".md").read_text("utf-8"))
    converted = parse_report(
        convert_report(SEED.with_suffix(suffix).read_bytes(), **LIMITS).text
    )
    assert [a.section_path for a in converted.assertions] == [
        a.section_path for a in markdown.assertions
    ]
    assert [a.topic for a in converted.assertions] == [
        a.topic for a in markdown.assertions
    ]


def test_pdf_keeps_pages_and_drops_running_headers_and_footers():
    converted = convert_report(SEED.with_suffix(".pdf").read_bytes(), **LIMITS)
    assert converted.page_count == 5
    assert [page for _offset, page in converted.page_starts] == [1, 2, 3, 4, 5]
    # Chromium prints the date, the title, the file's URL and "n/5" on every page.
    assert "file:" not in converted.text
    assert "/5" not in converted.text
    assert converted.text.count("How China Is Scaling") == 1
    parsed = parse_report(converted.text)
    pages = [converted.page_at(a.start) for a in parsed.assertions]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] == 5
    dual = next(a for a in parsed.assertions if "Dual Frequency" in a.text)
    assert converted.page_at(dual.start) == 3


def test_pdf_repairs_hyphenation_and_keeps_real_hyphens():
    converted = convert_report(SEED.with_suffix(".pdf").read_bytes(), **LIMITS)
    # "Re-Engineering" wraps after its hyphen in the title: the hyphen is kept.
    assert "# How China Is Scaling, Regulating, and Re-Engineering Its" in (
        converted.text
    )
    assert "self-reliant" in converted.text


def test_html_metadata_comes_from_the_page():
    converted = convert_report(SEED.with_suffix(".html").read_bytes(), **LIMITS)
    assert converted.author == "ClaimTrail Seed Desk"
    assert str(converted.published_on) == "2026-01-15"
    assert converted.title.startswith("How China Is Scaling")
    assert "All rights reserved" not in converted.text  # the footer is boilerplate
    assert "Reports | About" not in converted.text


def test_docx_keeps_title_and_author():
    converted = convert_report(SEED.with_suffix(".docx").read_bytes(), **LIMITS)
    assert converted.author == "ClaimTrail Seed Desk"
    assert converted.text.startswith("# How China Is Scaling")


def test_docx_tables_become_markdown_table_rows(tmp_path):
    from docx import Document

    document = Document()
    document.add_heading("Output", 1)
    table = document.add_table(rows=2, cols=2)
    for row, values in zip(table.rows, [("Year", "Output"), ("2024", "5%")]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    document.save(tmp_path / "t.docx")
    converted = convert_report((tmp_path / "t.docx").read_bytes(), **LIMITS)
    assert "| Year | Output |\n| --- | --- |\n| 2024 | 5% |" in converted.text
    [row] = parse_report(converted.text).assertions
    assert row.origin == "table_row" and "2024" in row.text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"\x00\x00junk%PDF-1.4", "pdf"),
        (b"PK\x03\x04rest", "docx"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        (b"\xef\xbb\xbf  <!-- saved -->\n<HTML>", "html"),
        (b"# A heading\n\n<div>inline html</div>", "markdown"),
        (b"Plain text.", "markdown"),
    ],
)
def test_format_is_chosen_by_content(data, expected):
    assert sniff_format(data) == expected


def test_a_pdf_named_md_is_read_as_pdf():
    data = SEED.with_suffix(".pdf").read_bytes()
    assert convert_report(data, **LIMITS).format == "pdf"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4\nnot really a pdf", "The PDF cannot be read"),
        (b"PK\x03\x04broken zip", "damaged ZIP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Word (.doc)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "does not run OCR"),
        (b"<!DOCTYPE html><html><body><script>1</script></body></html>", "no main"),
    ],
)
def test_broken_files_are_refused_with_one_line(data, message):
    with pytest.raises(ReportImportError) as info:
        convert_report(data, **LIMITS)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_a_zip_that_is_not_word_is_refused(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "a.zip", "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ReportImportError, match="not a Word"):
        convert_report((tmp_path / "a.zip").read_bytes(), **LIMITS)


def test_a_zip_bomb_is_refused(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "b.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b" " * 3_000_000)
    with pytest.raises(ReportImportError, match="ZIP bomb"):
        convert_report(
            (tmp_path / "b.docx").read_bytes(), max_bytes=100_000, max_pages=9
        )


def test_pdf_page_limit():
    with pytest.raises(ReportImportError, match="more than 4 pages"):
        convert_report(
            SEED.with_suffix(".pdf").read_bytes(), max_bytes=10**7, max_pages=4
        )


def _pdf_without_text() -> bytes:
    """A one-page PDF that only paints a rectangle, as a scanned page has no text."""
    stream = b"0 0 0 rg 100 100 400 600 re f"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_a_pdf_without_text_is_refused_as_a_scan():
    with pytest.raises(ReportImportError, match="no text layer.*does not run OCR"):
        convert_report(_pdf_without_text(), **LIMITS)

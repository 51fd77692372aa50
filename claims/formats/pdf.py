"""PDF to Markdown with pdfminer.six: reading order, headings, lists, tables, pages.

What is kept and dropped is documented in docs/importer.md ("PDF").
"""

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from claims.formats.converted import Converted, MarkdownWriter, Run
from claims.importer import ReportImportError

_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_ITALIC_FONT = re.compile(r"italic|oblique", re.IGNORECASE)
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?(?:\d{1,5}|[ivxlc]{1,7})(?:\s*(?:/|of)\s*\d{1,5})?$", re.IGNORECASE
)
_TEXT_BULLET = re.compile(r"^([•◦▪▫‣∙·●○■□–-]|\d{1,3}[.)]|[a-z][.)])\s+")
_TERMINAL = tuple('.!?:;"”’)')
# Running headers and footers live in the top and bottom bands of a page.
_BAND = 0.09


@dataclass
class _Line:
    page: int
    chars: list[tuple[str, bool, bool]]  # (char, bold, italic)
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bullet: bool = False

    @property
    def text(self) -> str:
        return "".join(c for c, _b, _i in self.chars).strip()


@dataclass
class _Block:
    kind: str  # "paragraph", "item", "heading" or "table"
    lines: list[_Line] = field(default_factory=list)
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)


def pdf_to_markdown(data: bytes, *, max_pages: int) -> Converted:
    try:
        pages, outline, title, author = _read(data, max_pages=max_pages)
    except ReportImportError:
        raise
    except Exception as exc:
        # pdfminer raises many kinds of errors on a damaged file; all mean the same.
        if type(exc).__name__ in {"PDFPasswordIncorrect", "PDFEncryptionError"}:
            raise ReportImportError(
                _("The PDF is encrypted with a password; remove it and import again.")
            ) from None
        raise ReportImportError(
            _("The PDF cannot be read: it is damaged or not a PDF (%(error)s).")
            % {"error": type(exc).__name__}
        ) from None
    lines = _drop_running_lines(pages)
    if sum(len(line.text) for line in lines) < 20:
        raise ReportImportError(
            _(
                "The PDF has no text layer (a scan or images of pages?); "
                "ClaimTrail does not run OCR. Import a PDF with text, or the "
                "report as Markdown."
            )
        )
    writer = MarkdownWriter()
    for block in _blocks(lines, outline):
        page = block.lines[0].page if block.lines else None
        if block.kind == "heading":
            writer.heading(block.level, _joined_plain(block.lines), page)
        elif block.kind == "table":
            writer.table(block.rows, page)
        else:
            writer.paragraph(
                _runs(block.lines), bullet="- " if block.kind == "item" else ""
            )
    text, page_starts = writer.result()
    return Converted(
        format="pdf",
        text=text,
        title=title,
        author=author,
        page_starts=page_starts,
        page_count=len(pages),
    )


# --- reading -------------------------------------------------------------------


def _read(data: bytes, *, max_pages: int):
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import (
        LAParams,
        LTChar,
        LTCurve,
        LTFigure,
        LTTextContainer,
        LTTextLine,
    )
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    parser = PDFParser(io.BytesIO(data))
    document = PDFDocument(parser)
    for count, _page in enumerate(PDFPage.create_pages(document), start=1):
        if count > max_pages:
            raise ReportImportError(
                _(
                    "The PDF has more than %(pages)s pages (setting "
                    "IMPORT_MAX_PAGES); split it and import the parts."
                )
                % {"pages": max_pages}
            )
    outline = _outline(document)
    title, author = _info(document)
    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    pages: list[tuple[float, list[_Line]]] = []
    for number, page in enumerate(PDFPage.create_pages(document), start=1):
        interpreter.process_page(page)
        layout = device.get_result()
        lines: list[_Line] = []
        marks: list[tuple[float, float, float, float]] = []

        def walk(element, lines=lines, marks=marks, number=number):
            for child in element:
                if isinstance(child, LTTextLine):
                    line = _line(child, number, LTChar)
                    if line is not None:
                        lines.append(line)
                elif isinstance(child, LTTextContainer | LTFigure):
                    walk(child)
                elif isinstance(child, LTCurve) and max(child.width, child.height) < 8:
                    marks.append(child.bbox)

        walk(layout)
        for line in lines:
            line.bullet = any(
                x1 <= line.x0 + 1
                and x0 >= line.x0 - 3 * line.size
                and line.bottom <= (y0 + y1) / 2 <= line.top
                for x0, y0, x1, y1 in marks
            )
        pages.append((layout.height or 792.0, lines))
    return pages, outline, title, author


def _line(element, number: int, char_type) -> _Line | None:
    chars: list[tuple[str, bool, bool]] = []
    sizes: list[float] = []
    bold = italic = False
    for char in element:
        text = char.get_text().translate(_LIGATURES)
        if isinstance(char, char_type):
            font = char.fontname or ""
            bold, italic = (
                bool(_BOLD_FONT.search(font)),
                bool(_ITALIC_FONT.search(font)),
            )
            sizes.append(round(char.size * 2) / 2)
        chars.extend((c, bold, italic) for c in text if c not in "\n\r")
    if not sizes or not "".join(c for c, _b, _i in chars).strip():
        return None
    return _Line(
        page=number,
        chars=chars,
        x0=element.x0,
        x1=element.x1,
        top=element.y1,
        bottom=element.y0,
        size=Counter(sizes).most_common(1)[0][0],
    )


def _outline(document) -> dict[str, int]:
    """Heading level by title, from the PDF's bookmarks (empty when it has none)."""
    levels: dict[str, int] = {}
    try:
        for level, title, *_rest in document.get_outlines():
            if isinstance(title, str) and title.strip():
                levels.setdefault(_key(title), min(int(level), 6))
    except Exception:  # noqa: S110 - no or a broken outline: use font sizes
        pass
    return levels


def _info(document) -> tuple[str, str]:
    from pdfminer.utils import decode_text

    values = {}
    for info in document.info or []:
        for name in ("Title", "Author"):
            value = info.get(name) if isinstance(info, dict) else None
            if isinstance(value, bytes):
                value = decode_text(value)
            if isinstance(value, str) and value.strip() and name not in values:
                values[name] = " ".join(value.split())[:300]
    return values.get("Title", ""), values.get("Author", "")


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


# --- cleaning ------------------------------------------------------------------


def _drop_running_lines(pages: list[tuple[float, list[_Line]]]) -> list[_Line]:
    """Every line in reading order, without running headers, footers, page numbers."""

    def band(line: _Line, height: float) -> bool:
        return line.top > height * (1 - _BAND) or line.bottom < height * _BAND

    seen: Counter[str] = Counter()
    for height, lines in pages:
        keys = {
            re.sub(r"\d+", "#", _key(line.text)) for line in lines if band(line, height)
        }
        seen.update(keys)
    repeated = max(2, (len(pages) + 1) // 2)
    kept: list[_Line] = []
    for height, lines in pages:
        page_lines = []
        for line in lines:
            if band(line, height) and (
                _PAGE_NUMBER.match(line.text)
                or (
                    len(pages) > 1
                    and seen[re.sub(r"\d+", "#", _key(line.text))] >= repeated
                )
            ):
                continue
            page_lines.append(line)
        kept.extend(_reading_order(page_lines))
    return kept


def _reading_order(lines: list[_Line]) -> list[_Line]:
    """Top to bottom; a page set in two columns is read left column first."""
    if not lines:
        return lines
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    middle = (left + right) / 2
    in_left = [line for line in lines if line.x1 < middle]
    in_right = [line for line in lines if line.x0 > middle]
    if len(in_left) >= 0.4 * len(lines) and len(in_right) >= 0.4 * len(lines):
        spanning = [line for line in lines if line.x0 <= middle <= line.x1]
        ordered = []
        for group in (spanning, in_left, in_right):
            ordered.extend(sorted(group, key=lambda line: (-line.top, line.x0)))
        return ordered
    return sorted(lines, key=lambda line: (-round(line.top), line.x0))


# --- blocks ----------------------------------------------------------------------


def _rows(lines: list[_Line]) -> list[list[_Line]]:
    """Lines grouped into visual rows (those that share a baseline on one page)."""
    rows: list[list[_Line]] = []
    for line in lines:
        if rows:
            last = rows[-1][-1]
            same_row = (
                last.page == line.page
                and abs(last.bottom - line.bottom) < 0.3 * line.size
                and line.x0 > last.x1
            )
            if same_row:
                rows[-1].append(line)
                continue
        rows.append([line])
    return rows


def _blocks(lines: list[_Line], outline: dict[str, int]) -> list[_Block]:
    if not lines:
        return []
    body = statistics.mode(
        size for line in lines for size in [line.size] * max(len(line.text), 1)
    )
    larger = sorted(
        {line.size for line in lines if line.size > body + 0.5}, reverse=True
    )
    levels = {size: min(rank + 1, 6) for rank, size in enumerate(larger)}
    blocks: list[_Block] = []
    previous: _Line | None = None
    for row in _rows(lines):
        if len(row) > 1:
            cells = [cell.text for cell in row]
            if blocks and blocks[-1].kind == "table":
                blocks[-1].rows.append(cells)
                blocks[-1].lines.extend(row)
            else:
                blocks.append(_Block("table", lines=list(row), rows=[cells]))
            previous = row[-1]
            continue
        line = row[0]
        level = outline.get(_key(line.text)) or levels.get(line.size, 0)
        current = blocks[-1] if blocks else None
        if level:
            if (
                current is not None
                and current.kind == "heading"
                and current.level == level
                and previous is not None
                and previous.page == line.page
                and previous.bottom - line.top < 0.6 * line.size
            ):
                current.lines.append(line)  # a heading that wraps
            else:
                blocks.append(_Block("heading", lines=[line], level=level))
        elif current is not None and _continues(current, previous, line):
            current.lines.append(line)
        else:
            bullet = line.bullet or bool(_TEXT_BULLET.match(line.text))
            kind = "item" if bullet else "paragraph"
            blocks.append(_Block(kind, lines=[line]))
        previous = line
    for block in blocks:
        if block.kind == "table" and len(block.rows) == 1:
            block.kind = "paragraph"  # one row of spaced text is a line, not a table
    return blocks


def _continues(block: _Block, previous: _Line | None, line: _Line) -> bool:
    """Whether ``line`` goes on with ``block`` (the same paragraph or list item)."""
    if block.kind not in ("paragraph", "item") or previous is None:
        return False
    if line.bullet or line.size != previous.size:
        return False
    if _TEXT_BULLET.match(line.text) and line.x0 <= block.lines[0].x0 + 1:
        return False
    if line.page != previous.page:
        # Across a page break a sentence that has not ended goes on.
        return not previous.text.endswith(_TERMINAL)
    gap = previous.bottom - line.top
    return gap < 0.5 * line.size and line.x0 >= block.lines[0].x0 - 2


# --- text ------------------------------------------------------------------------

_SOFT_HYPHEN = "\u00ad"


def _joined_plain(lines: list[_Line]) -> str:
    return "".join(run.text for run in _runs(lines))


def _runs(lines: list[_Line]) -> list[Run]:
    """The block's text as styled runs, lines joined and line-end hyphens repaired."""
    if lines and _TEXT_BULLET.match(lines[0].text) and not lines[0].bullet:
        first = lines[0]
        marker = _TEXT_BULLET.match(first.text).end()
        offset = len(first.chars) - len(
            "".join(c for c, _b, _i in first.chars).lstrip()
        )
        first = _Line(**{**first.__dict__, "chars": first.chars[offset + marker :]})
        lines = [first, *lines[1:]]
    words = _document_words(lines)
    runs: list[Run] = []
    for index, line in enumerate(lines):
        chars = list(line.chars)
        while chars and chars[-1][0].isspace():
            chars.pop()
        while chars and chars[0][0].isspace():
            chars.pop(0)
        if index and runs:
            joint = _joint(runs, chars, words)
            if joint:
                runs.append(Run(joint, page=line.page))
        for char, bold, italic in chars:
            runs.append(Run(char, bold, italic, line.page))
    return runs


def _document_words(lines: list[_Line]) -> set[str]:
    return {
        word.casefold()
        for line in lines
        for word in re.findall(r"[^\W\d_]+", "".join(c for c, _b, _i in line.chars))
    }


def _joint(
    runs: list[Run], chars: list[tuple[str, bool, bool]], words: set[str]
) -> str:
    """What goes between two lines: a space, nothing, or a repaired hyphenation."""
    last = runs[-1].text
    if last == _SOFT_HYPHEN:
        runs.pop()
        return ""
    if last in "—–/":
        return ""
    if last == "-":
        tail = re.search(r"([^\W\d_]+)-$", "".join(run.text for run in runs[-40:]))
        head = re.match(r"[^\W\d_]+", "".join(c for c, _b, _i in chars[:40]))
        if tail and head and head.group().islower():
            joined = (tail.group(1) + head.group()).casefold()
            # A word broken by the typesetter is joined back when the document
            # spells it whole elsewhere; otherwise the hyphen is the author's.
            if joined in words:
                runs.pop()
        return ""
    return " "

"""The intermediate form of every report: Markdown, its metadata and a page map."""

import bisect
import re
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Converted:
    format: str  # "markdown", "pdf", "html" or "docx"
    text: str  # the Markdown the importer parses
    title: str = ""
    author: str = ""
    published_on: date | None = None
    # (offset in text, page number), ascending: the page each offset starts on.
    page_starts: tuple[tuple[int, int], ...] = ()
    page_count: int = 0

    def page_at(self, offset: int) -> int | None:
        """The page (1-based) of the original on which ``text[offset]`` is printed."""
        if not self.page_starts:
            return None
        index = bisect.bisect_right([start for start, _ in self.page_starts], offset)
        return self.page_starts[max(index - 1, 0)][1]


@dataclass
class Run:
    """A piece of inline text with its style and, for a PDF, its page."""

    text: str
    bold: bool = False
    italic: bool = False
    page: int | None = None


# Characters that would be read as Markdown syntax in running text.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)]|~~~|```)")
_SPACE = re.compile(r"\s+")


def escape_inline(text: str) -> str:
    return _INLINE_SPECIAL.sub(r"\\\1", text)


@dataclass
class MarkdownWriter:
    """Builds the Markdown block by block, recording where each page starts."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    page_starts: list[tuple[int, int]] = field(default_factory=list)

    def _write(self, text: str, page: int | None = None) -> None:
        if page is not None and (
            not self.page_starts or self.page_starts[-1][1] != page
        ):
            self.page_starts.append((self.length, page))
        self.parts.append(text)
        self.length += len(text)

    def _block_break(self) -> None:
        if self.parts:
            self._write("\n\n")

    def heading(self, level: int, text: str, page: int | None = None) -> None:
        text = _SPACE.sub(" ", text).strip()
        if not text:
            return
        self._block_break()
        self._write("#" * min(max(level, 1), 6) + " ", page)
        self._write(escape_inline(text))

    def paragraph(self, runs: list[Run], *, bullet: str = "") -> None:
        runs = _merged(runs)
        if not runs:
            return
        self._block_break()
        if bullet:
            self._write(bullet, runs[0].page)
        first = not bullet
        for run in runs:
            text = escape_inline(run.text)
            if first:
                # A paragraph that opens like a list or heading stays a paragraph.
                text = _BLOCK_START.sub(r"\1\\\2", text, count=1)
                first = False
            lead = len(text) - len(text.lstrip())
            tail = len(text.rstrip())
            core = text[lead:tail]
            marks = ("**" if run.bold else "") + ("*" if run.italic else "")
            if lead:
                self._write(text[:lead], run.page)
            self._write(marks + core + marks[::-1], run.page)
            if tail < len(text):
                self._write(text[tail:])

    def table(self, rows: list[list[str]], page: int | None = None) -> None:
        rows = [[_SPACE.sub(" ", cell).strip() for cell in row] for row in rows]
        rows = [row for row in rows if any(row)]
        if not rows:
            return
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        self._block_break()
        lines = [rows[0], ["---"] * width, *rows[1:]]
        for index, row in enumerate(lines):
            cells = row if index == 1 else [escape_inline(cell) for cell in row]
            self._write(("\n" if index else "") + "| " + " | ".join(cells) + " |", page)

    def result(self) -> tuple[str, tuple[tuple[int, int], ...]]:
        return "".join(self.parts) + "\n", tuple(self.page_starts)


def _merged(runs: list[Run]) -> list[Run]:
    """Adjacent runs of one style joined, whitespace collapsed, blank ends trimmed."""
    out: list[Run] = []
    for run in runs:
        text = _SPACE.sub(" ", run.text.replace("\u00ad", ""))
        if not text:
            continue
        if out and not text.strip():
            out[-1].text += text
            continue
        if (
            out
            and (out[-1].bold, out[-1].italic) == (run.bold, run.italic)
            and out[-1].page == run.page
        ):
            out[-1].text += text
        else:
            out.append(Run(text, run.bold, run.italic, run.page))
    while out and not out[0].text.strip():
        out.pop(0)
    if out:
        out[0].text = out[0].text.lstrip()
        out[-1].text = out[-1].text.rstrip()
    return [run for run in out if run.text]

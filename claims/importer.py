"""Parse a Markdown report into assertions with exact provenance (pure; no database).

The rules are documented in docs/importer.md. In short: markdown-it-py gives the
block structure and line maps, pysbd the sentence boundaries; every character of
a claim's plain text is mapped back to its offset in the report, so that each
assertion's ``text[start:end] == quote`` holds by construction.
"""

import bisect
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass

import pysbd
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from markdown_it.rules_block.lheading import lheading
from markdown_it.token import Token

from claims.triage import assess
from claims.triage.features import refers_back
from claims.triage.kinds import EVENT, HEADING, not_a_claim_reason
from claims.triage.model import Scorer

# --- errors and decoding -------------------------------------------------------


class ReportImportError(ValidationError):
    """A report that cannot be imported; the message is one line for a person."""

    def __init__(self, message: str):
        super().__init__(message, code="invalid_report")

    def __str__(self) -> str:
        return self.message


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def decode_report(data: bytes | str, *, max_bytes: int) -> str:
    """The report's text, with newlines normalised to \\n; refuse what is not a report."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if len(raw) > max_bytes:
        raise ReportImportError(
            _(
                "The file is %(size)s; the limit is %(limit)s (setting "
                "IMPORT_MAX_BYTES)."
            )
            % {"size": human_size(len(raw)), "limit": human_size(max_bytes)}
        )
    if b"\x00" in raw:
        raise ReportImportError(
            _("The file is binary, not a Markdown text file (it contains NUL bytes).")
        )
    if isinstance(data, str):
        text = data
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ReportImportError(
                _(
                    "The file is not UTF-8 text (invalid byte at position "
                    "%(position)s); save it as UTF-8 and import it again."
                )
                % {"position": exc.start}
            ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReportImportError(_("The file is empty."))
    return text


# --- data ----------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedAssertion:
    text: str
    topic: str
    section_path: tuple[str, ...]
    quote: str
    start: int
    end: int
    line: int
    kind: str
    checkworthiness: float
    features: tuple[str, ...]
    origin: str  # "sentence", "table_row" or "cited_work"
    # The sentence a claim leans on: the one before a sentence that refers back
    # ("… a fifth of them"), or the lead-in of the list it is an item of.
    context: str = ""


@dataclass(frozen=True)
class ParsedPassage:
    """Text that is not a claim (a heading, byline, lead-in or question)."""

    text: str
    reason: str
    section_path: tuple[str, ...]
    quote: str
    start: int
    end: int
    line: int


@dataclass(frozen=True)
class ParsedReport:
    text: str
    title: str
    assertions: tuple[ParsedAssertion, ...]
    not_claims: tuple[ParsedPassage, ...] = ()
    model_version: int | None = None  # of the Scorer that scored the assertions


# --- the Markdown parser ---------------------------------------------------------


def _reads_like_paragraph(content: str) -> bool:
    content = content.strip()
    return "\n" in content or content[-1:] in ".!?:;" or len(content.split()) > 20


def _setext_heading(state, start_line: int, end_line: int, silent: bool) -> bool:
    # A line of "---" under a paragraph that reads like prose is a separator, not a
    # setext heading: report generators write it so, and a heading would swallow the
    # paragraph's assertions. "===" underlines and short titles stay headings.
    before = len(state.tokens)
    if not lheading(state, start_line, end_line, silent):
        return False
    opening = state.tokens[before]
    if opening.markup == "-" and _reads_like_paragraph(
        state.tokens[before + 1].content
    ):
        del state.tokens[before:]
        state.line = start_line
        return False
    return True


_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_MD.block.ruler.at("lheading", _setext_heading)

# --- text helpers ------------------------------------------------------------------

_FRONT_MATTER_FENCES = {"---": ("---", "..."), "+++": ("+++",)}
_FRONT_MATTER_LINE = re.compile(r"^(?:[\w\"'-][^:=]*\s*[:=]|\s|-\s|#|\[|$)")
_OPEN_MARKS = "*_~`["
_CLOSE_MARKS = "*_~`"
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SPACE = re.compile(r"\s+")
# Abbreviations after which pysbd sometimes splits but a sentence never ends.
_NON_TERMINAL = {
    "approx.", "e.g.", "i.e.", "vs.", "cf.", "ca.", "dr.", "mr.", "mrs.", "ms.",
    "prof.", "st.", "no.", "nos.", "fig.", "figs.", "eq.", "p.", "pp.", "incl.",
    "est.", "resp.", "jr.", "sr.", "gen.", "sen.", "gov.", "rep.", "vol.", "ch.",
}  # fmt: skip
_QUOTED = re.compile(r"[\"“]([^\"“”\n]{3,300}?)[\"”]")


def _front_matter_end(text: str) -> int:
    """The number of lines of YAML/TOML front matter at the top (0 if none)."""
    lines = text.split("\n", 200)
    fence = lines[0].rstrip()
    closers = _FRONT_MATTER_FENCES.get(fence)
    if not closers:
        return 0
    for index, line in enumerate(lines[1:200], start=1):
        if line.rstrip() in closers:
            return index + 1
        if not _FRONT_MATTER_LINE.match(line):
            return 0
    return 0


class _Lines:
    def __init__(self, text: str):
        self.text = text
        # An array, not a list: a line costs 8 bytes, not 36 (100,000 lines).
        self.starts = array("q", [0])
        find = text.find
        position = find("\n")
        while position >= 0:
            self.starts.append(position + 1)
            position = find("\n", position + 1)

    def bounds(self, line: int) -> tuple[int, int]:
        line = min(line, len(self.starts) - 1)
        start = self.starts[line]
        end = (
            self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
        )
        return start, end

    def number_at(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return bisect.bisect_right(self.starts, offset)


def _greedy(chars: str, source: str, cursor: int, base: int) -> tuple[list[int], int]:
    """Map each char to its next occurrence in source (or stay put if absent)."""
    out = []
    for ch in chars:
        found = source.find(ch, cursor, cursor + 32)
        if found >= 0:
            out.append(base + found)
            cursor = found + 1
        else:
            out.append(base + min(cursor, max(len(source) - 1, 0)))
    return out, cursor


def _content_offsets(content: str, first_line: int, lines: _Lines) -> list[int]:
    """Offset in the report of every character of a block's inline content.

    markdown-it strips container prefixes (indentation, list markers, "> ") from
    each line, so each content line is a suffix of its source line.
    """
    text = lines.text
    offsets: list[int] = []
    for index, content_line in enumerate(content.split("\n")):
        start, end = lines.bounds(first_line + index)
        if index:
            offsets.append(start - 1)  # the newline between two lines
        source = text[start:end]
        body = content_line.rstrip()
        trimmed = source.rstrip()
        if trimmed.endswith(body):
            # start + column + k for each character k, never past the line's last
            # character (ranges: this runs for every character of a report).
            base = start + len(trimmed) - len(body)
            cap = max(end - 1, start)
            size = len(content_line)
            inside = min(size, max(cap - base + 1, 0))
            offsets.extend(range(base, base + inside))
            offsets.extend([cap] * (size - inside))
        else:
            mapped, _ = _greedy(content_line, source, 0, start)
            offsets.extend(mapped)
    return offsets


def _cell_offsets(
    content: str, line: int, lines: _Lines, cursor: int
) -> tuple[list[int], int]:
    start, end = lines.bounds(line)
    source = lines.text[start:end]
    found = source.find(content, cursor) if content else -1
    if found >= 0:
        return [start + found + k for k in range(len(content))], found + len(content)
    return _greedy(content, source, cursor, start)


def _skip_link_target(content: str, cursor: int) -> int:
    close = content.find("]", cursor)
    if close < 0 or content[close + 1 : close + 2] != "(":
        return cursor
    depth, position = 0, close + 1
    while position < len(content):
        ch = content[position]
        if ch == "\\":
            position += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    return cursor


@dataclass
class _Plain:
    """Plain text of an inline token, each char's content index, the lead-in label."""

    text: str
    index: list[int]
    label_end: int  # plain index where a leading strong span ends (-1 if none)
    emphasised: bool  # the whole text is one italic or bold span


_EMPHASIS = {"em_open", "strong_open", "em_close", "strong_close"}


def _wholly_emphasised(children: list[Token]) -> bool:
    kinds = [
        c.type for c in children if not (c.type == "text" and not c.content.strip())
    ]
    if len(kinds) < 3 or kinds[0] not in ("em_open", "strong_open"):
        return False
    if kinds[-1] not in ("em_close", "strong_close"):
        return False
    depth = 0
    for position, kind in enumerate(kinds):
        depth += kind.endswith("_open") and kind in _EMPHASIS
        depth -= kind.endswith("_close") and kind in _EMPHASIS
        if depth == 0 and position < len(kinds) - 1:
            return False
    return True


def _plain(token: Token) -> _Plain:
    content = token.content
    chars: list[str] = []
    index: list[int] = []
    cursor = 0
    label_end = -1
    depth = 0
    children = token.children or []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            piece = child.content
            found = content.find(piece, cursor) if piece else -1
            if found >= 0:
                chars.append(piece)
                index.extend(range(found, found + len(piece)))
                cursor = found + len(piece)
            else:
                mapped, cursor = _greedy(piece, content, cursor, 0)
                chars.append(piece)
                index.extend(mapped)
        elif kind in ("softbreak", "hardbreak"):
            found = content.find("\n", cursor)
            chars.append(" ")
            index.append(found if found >= 0 else max(cursor - 1, 0))
            cursor = found + 1 if found >= 0 else cursor
        elif kind == "link_close":
            cursor = _skip_link_target(content, cursor)
        elif kind == "html_inline":
            found = content.find(child.content, cursor)
            cursor = found + len(child.content) if found >= 0 else cursor
        elif (
            kind == "strong_open"
            and not depth
            and label_end < 0
            and not "".join(chars).strip()
        ):
            depth = 1
        elif kind == "strong_open" and depth:
            depth += 1
        elif kind == "strong_close" and depth:
            depth -= 1
            if depth == 0:
                label_end = sum(len(c) for c in chars)
    return _Plain("".join(chars), index, label_end, _wholly_emphasised(children))


# Markdown that markdown-it left as text (unbalanced emphasis, reference links
# without a definition, footnote marks): a claim's text is plain prose.
_FOOTNOTE = re.compile(r"\[\^?\d+(?:\s?[,–-]\s?\d+)*\]")
_BRACKET_LINK = re.compile(r"\[([^\]\n]+)\](?:\[[^\]\n]*\]|\([^)\s]*\))?")
_DOUBLE_MARKS = re.compile(r"\*\*+|__+|~~+|`+")
_EDGE_MARKS = re.compile(r"(?<![\w*_])[*_]+(?=[^\s*_])|(?<=[^\s*_])[*_]+(?![\w*_])")


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _clean_claim(text: str) -> str:
    """A sentence's plain text as a claim: no leftover Markdown, no closing colon."""
    if any(mark in text for mark in "*_~`["):
        text = _FOOTNOTE.sub("", text)
        text = _BRACKET_LINK.sub(r"\1", text)
        text = _DOUBLE_MARKS.sub("", text)
        text = _EDGE_MARKS.sub("", text)
    return _clean(text)


def _has_words(sentence: str) -> bool:
    """Two words at least: a single word ("Short.", "Conclusion") is nothing."""
    return len(_WORD.findall(sentence)) >= 2


def _fragment(sentence: str) -> bool:
    """A list item that completes its lead-in rather than standing as a sentence."""
    stripped = sentence.rstrip(" \"'”’)]")
    return sentence[:1].islower() or stripped[-1:] not in ".!?…"


def _joined(lead_in: str, fragment: str) -> str:
    lead = lead_in.rstrip().removesuffix(":").rstrip()
    if fragment[:1].isupper() and fragment[1:2].islower():
        fragment = fragment[0].lower() + fragment[1:]
    ending = "" if fragment.rstrip(" \"'”’)]")[-1:] in ".!?…" else "."
    return f"{lead}: {fragment}{ending}"


_MAYBE_BOUNDARY = re.compile(r"[.!?…][\"'”’)\]*_~`]*\s")


def _sentence_spans(segmenter, body: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = 0
    # pysbd is the slow part of parsing; a block with no possible boundary inside
    # is one sentence without asking it.
    segments = (
        segmenter.segment(body) if _MAYBE_BOUNDARY.search(body.strip()) else [body]
    )
    for segment in segments:
        piece = segment.strip()
        if not piece:
            continue
        found = body.find(piece, cursor)
        if found < 0:
            continue
        spans.append((found, found + len(piece)))
        cursor = found + len(piece)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged:
            previous = body[merged[-1][0] : merged[-1][1]]
            last_word = previous.rsplit(None, 1)[-1].lower() if previous else ""
            first = body[start]
            if first.islower() or last_word in _NON_TERMINAL:
                merged[-1] = (merged[-1][0], end)
                continue
        merged.append((start, end))
    return merged


# --- the walk ------------------------------------------------------------------------


class _Builder:
    def __init__(self, text: str, scorer: Scorer | None):
        self.text = text
        self.lines = _Lines(text)
        self.segmenter = pysbd.Segmenter(language="en", clean=False)
        self.scorer = scorer
        self.assertions: list[ParsedAssertion] = []
        self.not_claims: list[ParsedPassage] = []
        self.starts: set[int] = set()
        # The last sentence read in this section: the context of one that refers
        # back to it.
        self.previous = ""
        # A lead-in that ends the block just read and introduces the list after it.
        self.pending_lead_in = ""

    def _claimed(self, start: int, end: int) -> bool:
        # An appearance is one span with its own start (a database constraint);
        # odd Markdown can map two sentences onto one start, or onto nothing.
        if not 0 <= start < end <= len(self.text) or start in self.starts:
            return False
        self.starts.add(start)
        return True

    def add(
        self,
        *,
        text: str,
        topic: str,
        path: tuple[str, ...],
        start: int,
        end: int,
        origin: str,
        context: str = "",
    ) -> None:
        if text.endswith(":"):
            text = text[:-1].rstrip() + "."
        if not self._claimed(start, end):
            return
        assessment = assess(text, scorer=self.scorer)
        # A cited work's own claim is that the work exists: an event.
        kind = EVENT if origin == "cited_work" else assessment.kind
        self.assertions.append(
            ParsedAssertion(
                text=text,
                topic=topic,
                section_path=path,
                quote=self.text[start:end],
                start=start,
                end=end,
                line=self.lines.number_at(start),
                kind=kind,
                checkworthiness=assessment.checkworthiness,
                features=assessment.features,
                origin=origin,
                context=context,
            )
        )

    def passage(
        self, *, text: str, reason: str, path: tuple[str, ...], start: int, end: int
    ) -> None:
        """Keep a passage that is not a claim, with its place in the report."""
        if not self._claimed(start, end):
            return
        self.not_claims.append(
            ParsedPassage(
                text=text,
                reason=reason,
                section_path=path,
                quote=self.text[start:end],
                start=start,
                end=end,
                line=self.lines.number_at(start),
            )
        )

    def heading(self, token: Token, path: tuple[str, ...]) -> str:
        """A heading's text; it is kept as a passage that is not a claim."""
        plain = _plain(token)
        name = _clean(plain.text)
        self.previous = ""
        if token.map is not None and name and plain.index:
            offsets = _content_offsets(token.content, token.map[0], self.lines)
            first = offsets[plain.index[0]]
            last = offsets[plain.index[-1]] + 1
            self.passage(text=name, reason=HEADING, path=path, start=first, end=last)
        return name

    def block(
        self,
        token: Token,
        path: tuple[str, ...],
        *,
        lead_in: str = "",
        before_list: bool = False,
    ) -> None:
        """The sentences of a paragraph (in a list, a quote or at top level).

        ``lead_in``: the block opens an item of a list introduced by that lead-in.
        ``before_list``: a list follows the block directly.
        """
        if token.map is None or not token.content.strip():
            return
        plain = _plain(token)
        offsets = _content_offsets(token.content, token.map[0], self.lines)
        source = [offsets[i] for i in plain.index]
        text = plain.text
        topic, body_start = "", 0
        if plain.label_end > 0:
            label = text[: plain.label_end].strip()
            rest = text[plain.label_end :]
            if label.endswith(":"):
                topic, body_start = label[:-1].strip(), plain.label_end
            elif rest.lstrip().startswith(":"):
                topic = label
                body_start = plain.label_end + rest.index(":") + 1
            if topic and not text[body_start:].strip():
                # A bold label alone ("**Implications include:**") is a lead-in.
                topic, body_start = "", 0
        low = offsets[0] if offsets else 0
        high = offsets[-1] + 1 if offsets else 0
        body = text[body_start:]
        spans = _sentence_spans(self.segmenter, body)
        for position, (start, end) in enumerate(spans):
            start, end = start + body_start, end + body_start
            sentence = _clean_claim(text[start:end])
            if not _has_words(sentence):
                continue
            first, last = source[start], source[end - 1] + 1
            while first > low and self.text[first - 1] in _OPEN_MARKS:
                first -= 1
            while last < high and self.text[last] in _CLOSE_MARKS:
                last += 1
            low = last
            context = ""
            if position == 0 and lead_in:
                if _fragment(sentence):
                    sentence = _joined(lead_in, sentence)
                else:
                    context = lead_in
            alone = plain.emphasised and len(spans) == 1
            reason = not_a_claim_reason(sentence, emphasised=alone)
            if before_list and position == len(spans) - 1 and sentence.endswith(":"):
                self.pending_lead_in = sentence
            if reason:
                self.passage(
                    text=sentence, reason=reason, path=path, start=first, end=last
                )
                self.previous = sentence
                continue
            if not context and refers_back(sentence):
                context = self.previous
            self.add(
                text=sentence,
                topic=topic,
                path=path,
                start=first,
                end=last,
                origin="sentence",
                context=context,
            )
            self.previous = sentence
            self.cited_works(text, source, start, end, topic, path)

    def cited_works(self, text, source, start, end, topic, path) -> None:
        # A quoted title ("Attention Is All You Need") is a citation that can be
        # checked on its own, and reports repeat them in different sentences.
        for match in _QUOTED.finditer(text, start, end):
            title = _clean(match.group(1))
            if (
                len(_WORD.findall(title)) < 3
                or not (title[0].isupper() or title[0].isdigit())
                or title[-1] in ".,;:!?"
            ):
                continue
            self.add(
                text=f'A work titled "{title}" exists.',
                topic=topic,
                path=path,
                start=source[match.start(1)],
                end=source[match.end(1) - 1] + 1,
                origin="cited_work",
            )

    def table_row(
        self,
        cells: list[tuple[str, int, int]],
        headers: list[str],
        path: tuple[str, ...],
    ) -> None:
        filled = [(i, cell) for i, cell in enumerate(cells) if cell[0]]
        if not filled:
            return
        parts = []
        for i, (value, _start, _end) in filled:
            header = headers[i] if i < len(headers) else ""
            parts.append(f"{header}: {value}" if header else value)
        sentence = _clean_claim("; ".join(parts))
        if len(filled) < 2 and (
            not _has_words(sentence) or not_a_claim_reason(sentence)
        ):
            return
        start, end = filled[0][1][1], filled[-1][1][2]
        low, high = self.lines.bounds(self.lines.number_at(start) - 1)
        while start > low and self.text[start - 1] in _OPEN_MARKS:
            start -= 1
        while end < high and self.text[end] in _CLOSE_MARKS:
            end += 1
        self.add(
            text=sentence, topic="", path=path, start=start, end=end, origin="table_row"
        )


def _inline_plain(token: Token) -> str:
    return _clean(_plain(token).text)


_LIST_OPEN = ("bullet_list_open", "ordered_list_open")
_LIST_CLOSE = ("bullet_list_close", "ordered_list_close")


def _list_follows(tokens: list[Token], index: int) -> bool:
    """Whether the inline token at ``index`` ends its paragraph right before a list."""
    after = index + 1
    if after < len(tokens) and tokens[after].type == "paragraph_close":
        after += 1
    return after < len(tokens) and tokens[after].type in _LIST_OPEN


# How often (in Markdown tokens) parse_report tells its caller how far it is.
PROGRESS_EVERY = 5_000

# --- segments: a long report is parsed a part at a time --------------------------

# Characters of Markdown parsed at a time (at least: a part ends where it may).
# markdown-it's tokens take about 60 times the text they stand for; parts keep
# that to a few MB whatever the file's size.
SEGMENT_CHARS = 64 * 1024
# A definition ("[label]: url") serves links anywhere in the file, so a file that
# may have one is parsed whole.
_REFERENCE = re.compile(r"\[[^\]\n]*\]:")
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_BULLET = re.compile(r"[-*+][ \t]+\S")
_ORDERED = re.compile(r"\d{1,9}[.)](?:[ \t]|$)")
# HTML blocks that a blank line does not end (CommonMark types 1 to 5), with
# what ends them.
_HTML_UNTIL = (
    (re.compile(r"[ ]{0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)", re.I),
     re.compile(r"</(?:script|pre|style|textarea)>", re.I)),
    (re.compile(r"[ ]{0,3}<!--"), re.compile(r"-->")),
    (re.compile(r"[ ]{0,3}<\?"), re.compile(r"\?>")),
    (re.compile(r"[ ]{0,3}<![A-Za-z]"), re.compile(r">")),
    (re.compile(r"[ ]{0,3}<!\[CDATA\["), re.compile(r"\]\]>")),
)  # fmt: skip
_HTML_START = re.compile(r"[ ]{0,3}<")


def _segments(text: str, size: int) -> Iterator[tuple[int, int]]:
    """(first line, end offset) of each part of ``text`` that parses on its own as
    it parses in the whole file: a part ends only before a line that starts a
    block at the left margin after a blank line (not a list item), or before a
    "- " item that follows one at the margin (the list goes on in the next part:
    ``_Walk`` joins the two). Never inside fenced code or an HTML block.
    """
    if len(text) <= size or _REFERENCE.search(text):
        yield 0, len(text)
        return
    line_number, position, part_start, part_line = 0, 0, 0, 0
    fence = ""
    html_until = None  # a pattern, or True: until a blank line
    table = False  # a line with a pipe since the last blank line: maybe a table
    previous = "\n"  # the line before, as written ("" when blank)
    while position < len(text):
        newline = text.find("\n", position)
        end = len(text) if newline < 0 else newline + 1
        line = text[position:end].rstrip("\n")
        if (
            not fence
            and html_until is None
            and position - part_start >= size
            and _cut_before(previous, line, table=table)
        ):
            yield part_line, position
            part_start, part_line = position, line_number
        fence, html_until = _block_state(line, fence, html_until)
        table = bool(line.strip()) and (table or "|" in line)
        previous = line
        position = end
        line_number += 1
    yield part_line, len(text)


def _cut_before(previous: str, line: str, *, table: bool) -> bool:
    if not line or line[0] in " \t":
        return False
    if not previous.strip():
        return not (_BULLET.match(line) or _ORDERED.match(line) or line[0] in "*+-")
    # An item of a tight list after another at the margin with the same marker
    # (a bullet list can interrupt a paragraph; tables and HTML are left whole).
    return bool(
        not table
        and _BULLET.match(line)
        and _BULLET.match(previous)
        and previous[0] == line[0]
        and "<" not in previous
    )


def _block_state(line: str, fence: str, html_until) -> tuple[str, object]:
    """The fence and HTML block open after ``line``."""
    if fence:
        stripped = line.strip()
        closes = stripped.startswith(fence) and not stripped.strip(fence[0])
        return ("" if closes else fence), html_until
    if html_until is True:
        return "", (None if not line.strip() else True)
    if html_until is not None:
        return "", (None if html_until.search(line) else html_until)
    opened = _FENCE.match(line)
    if opened:
        return opened.group(1), None
    for start, until in _HTML_UNTIL:
        if start.match(line):
            return "", (None if until.search(line, start.match(line).end()) else until)
    if _HTML_START.match(line):
        return "", True
    return "", None


# --- the walk over the tokens ------------------------------------------------------


class _Walk:
    """The state of the walk over a report's tokens, kept from one part to the next."""

    def __init__(self, text: str, scorer: Scorer | None):
        self.builder = _Builder(text, scorer)
        self.headings: list[tuple[int, str]] = []
        self.title = ""
        self.heading_level = 0
        self.in_head = self.in_cell = False
        self.headers: list[str] = []
        self.row: list[tuple[str, int, int]] = []
        self.row_line, self.row_cursor = 0, 0
        # One entry per open list: the lead-in that introduced it ("" if none).
        self.lists: list[str] = []
        self.item_opens = False  # the next block is the first of a list item
        # The part before ended inside a top-level list that this part continues.
        self.list_goes_on = ""

    def path(self) -> tuple[str, ...]:
        return tuple(name for _level, name in self.headings)

    def part(self, tokens: list[Token], first_line: int, progress=None) -> None:
        """Walk one part's tokens (their line maps from ``first_line``)."""
        builder = self.builder
        if self.list_goes_on:
            first = tokens[0] if tokens else None
            if (
                first is not None
                and first.type == "bullet_list_open"
                and first.markup == self.list_goes_on
            ):
                tokens = tokens[1:]
            elif self.lists:
                self.lists.pop()  # the list the part before left open ends here
        self.list_goes_on = ""
        if tokens and tokens[-1].type == "bullet_list_close" and tokens[-1].level == 0:
            # Closed in the next part if its first item is not of the same list.
            self.list_goes_on = tokens[-1].markup
            tokens = tokens[:-1]
        lines = len(builder.lines.starts)
        for index, token in enumerate(tokens):
            if token.map is not None and first_line:
                token.map = [token.map[0] + first_line, token.map[1] + first_line]
            kind = token.type
            if progress is not None and index % PROGRESS_EVERY == 0 and token.map:
                progress(token.map[0], lines)
            if kind == "heading_open":
                self.heading_level = int(token.tag[1:])
            elif kind == "heading_close":
                self.heading_level = 0
            elif kind in _LIST_OPEN:
                self.lists.append(builder.pending_lead_in)
                builder.pending_lead_in = ""
            elif kind in _LIST_CLOSE:
                if self.lists:
                    self.lists.pop()
            elif kind == "list_item_open":
                self.item_opens = True
            elif kind == "thead_open":
                self.in_head, self.headers = True, []
            elif kind == "thead_close":
                self.in_head = False
            elif kind in ("th_open", "td_open"):
                self.in_cell = True
            elif kind in ("th_close", "td_close"):
                self.in_cell = False
            elif kind == "tr_open":
                self.row, self.row_line = [], (token.map or [0])[0]
                self.row_cursor = 0
            elif kind == "tr_close":
                if self.in_head:
                    self.headers = [cell[0] for cell in self.row]
                else:
                    builder.table_row(self.row, self.headers, self.path())
            elif kind == "inline" and self.heading_level:
                self.heading(token)
            elif kind == "inline" and self.in_cell:
                self.cell(token)
            elif kind == "inline":
                lead_in = self.lists[-1] if self.item_opens and self.lists else ""
                self.item_opens = False
                builder.pending_lead_in = ""
                builder.block(
                    token,
                    self.path(),
                    lead_in=lead_in,
                    before_list=_list_follows(tokens, index),
                )

    def heading(self, token: Token) -> None:
        level = self.heading_level
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        name = self.builder.heading(token, (*self.path(), _inline_plain(token)))
        self.headings.append((level, name))
        if level == 1 and not self.title:
            self.title = name

    def cell(self, token: Token) -> None:
        plain = _plain(token)
        offsets, self.row_cursor = _cell_offsets(
            token.content, self.row_line, self.builder.lines, self.row_cursor
        )
        value = _clean(plain.text)
        if value:
            first = offsets[plain.index[0]] if plain.index else offsets[0]
            last = offsets[plain.index[-1]] + 1 if plain.index else offsets[-1] + 1
            self.row.append((value, first, last))
        else:
            self.row.append(("", 0, 0))


@dataclass(frozen=True)
class ParsedPart:
    """What one part of a report holds; the parts come in the order of the text."""

    assertions: tuple[ParsedAssertion, ...]
    not_claims: tuple[ParsedPassage, ...]


class ReportParser:
    """A report parsed a part at a time: ``parts()`` yields them, and once they are
    all read ``title`` is the report's first top-level heading. Memory stays that of
    a part (and the text), however long the report."""

    def __init__(self, text: str, *, scorer: Scorer | None = None, progress=None):
        self.text = text
        self.scorer = scorer
        self.progress = progress
        self.title = ""
        self.model_version = scorer.version if scorer is not None else None

    def parts(self) -> Iterator[ParsedPart]:
        text = self.text
        skipped = _front_matter_end(text)
        source = text
        if skipped:
            # Blank the front matter but keep its lines, so that line maps stay true.
            parts = text.split("\n", skipped)
            rest = parts[-1] if len(parts) > skipped else ""
            source = "\n" * (len(parts) - 1) + rest
        walk = _Walk(text, self.scorer)
        builder = walk.builder
        start = 0
        for first_line, end in _segments(source, SEGMENT_CHARS):
            walk.part(_MD.parse(source[start:end]), first_line, self.progress)
            start = end
            yield ParsedPart(tuple(builder.assertions), tuple(builder.not_claims))
            # A span is claimed once; parts do not overlap.
            builder.assertions, builder.not_claims = [], []
            builder.starts.clear()
        self.title = walk.title[:500]


def parse_report(
    text: str, *, scorer: Scorer | None = None, progress=None
) -> ParsedReport:
    """Every assertion of a Markdown report, with its section path and exact span.

    ``scorer``: the check-worthiness model (default: the shipped base model).
    ``progress(line, lines)``: told now and then which line the walk has reached.
    """
    parser = ReportParser(text, scorer=scorer, progress=progress)
    assertions: list[ParsedAssertion] = []
    not_claims: list[ParsedPassage] = []
    for part in parser.parts():
        assertions += part.assertions
        not_claims += part.not_claims
    return ParsedReport(
        text=text,
        title=parser.title,
        assertions=tuple(assertions),
        not_claims=tuple(not_claims),
        model_version=parser.model_version,
    )

"""The report reader: a report's Markdown as safe HTML with every claim highlighted.

Highlights come from the appearances' character offsets into ``report.text``.
Markers (private-use characters) are put into the Markdown at those offsets, the
Markdown is rendered with raw HTML disabled, and the markers are then replaced by
``<mark>`` elements. A highlight is closed before every tag and reopened after it,
so that it never breaks the nesting of the rendered HTML.
"""

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from claims.models import Appearance, ClaimStatus, Verdict

_OPEN, _OPEN_END, _CLOSE, _CLOSE_END = "\ue000", "\ue001", "\ue002", "\ue003"
_MARKERS = re.compile("[\ue000-\ue003]")
_EVENT = re.compile("([\ue000\ue002])([0-9]+)[\ue001\ue003]")
# Inside an attribute (a link's address) markdown-it percent-encodes the markers.
_ENCODED_EVENT = re.compile("%EE%80%8([02])([0-9]+)%EE%80%8[13]")
_TAG_SPLIT = re.compile("(<[^>]*>)")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto"}
_STATUS_LABELS = dict(ClaimStatus.choices)
_VERDICT_LABELS = dict(Verdict.choices)


def _safe_link(url: str) -> bool:
    """Web and mail addresses, and relative ones; markdown-it alone lets data: by."""
    scheme = _SCHEME.match(url.strip().lower())
    return scheme is None or scheme.group(1) in _SAFE_SCHEMES


def _markdown() -> MarkdownIt:
    # Setext headings are off: reports use "---" under a paragraph as a rule, and
    # a whole paragraph turned into a heading misleads the reader.
    md = (
        MarkdownIt("commonmark", {"html": False})
        .enable(["table", "strikethrough"])
        .disable("lheading")
    )
    md.validateLink = _safe_link
    return md


@dataclass
class Skipped:
    appearance: Appearance
    reason: str


@dataclass
class RenderedReport:
    html: SafeString
    placed: list[Appearance] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def highlight_class(appearance: Appearance) -> str:
    claim = appearance.claim
    if claim.status == ClaimStatus.PUBLISHED and claim.verdict:
        return f"verdict-{claim.verdict}"
    return f"status-{claim.status}"


def highlight_label(appearance: Appearance) -> str:
    claim = appearance.claim
    label = _STATUS_LABELS.get(claim.status, claim.status)
    if claim.status == ClaimStatus.PUBLISHED and claim.verdict:
        label = f"{label}: {_VERDICT_LABELS.get(claim.verdict, claim.verdict)}"
    # A report imported from a PDF names the page each claim is printed on (read
    # from __dict__: a caller that deferred the field must not pay a query each).
    page = appearance.__dict__.get("page")
    if page:
        label = _("%(label)s · p. %(page)s") % {"label": label, "page": page}
    return label


def _choose_spans(
    text: str, appearances: Iterable[Appearance]
) -> tuple[list[Appearance], list[Skipped]]:
    """Non-overlapping appearances with offsets inside the text; the rest skipped."""
    chosen: list[Appearance] = []
    skipped: list[Skipped] = []
    last_end = 0
    for appearance in sorted(appearances, key=lambda a: (a.start, a.end, a.pk)):
        if not 0 <= appearance.start < appearance.end <= len(text):
            skipped.append(Skipped(appearance, _("its position is outside the text")))
        elif appearance.start < last_end:
            skipped.append(Skipped(appearance, _("it overlaps another highlight")))
        else:
            chosen.append(appearance)
            last_end = appearance.end
    return chosen, skipped


@dataclass(frozen=True)
class StoredHtml:
    """A report's Markdown rendered with its claim markers, and the digest of the
    marked text it was rendered from."""

    key: str
    html: str


def render_report(
    text: str,
    appearances: Iterable[Appearance],
    *,
    claim_url: Callable[[int], str],
    stored: StoredHtml | None = None,
    checked_elsewhere: Mapping[int, str] | None = None,
) -> RenderedReport:
    """The report as HTML with every claim it makes highlighted and linked.

    ``stored`` is the rendering kept with the report at import; it is used when
    its digest matches the text and appearances given, and parsing is skipped.
    ``checked_elsewhere`` maps a claim id to what it matches (a published verdict,
    an external fact-check), shown as a marker on its chip.
    """
    marked, spans, skipped = _marked_text(text, appearances)
    if stored is not None and stored.html and stored.key == _digest(marked):
        html = stored.html
    else:
        html = _markdown_html(marked)
    weaver = _Weaver(spans, claim_url, checked_elsewhere or {})
    result = weaver.weave(html)
    skipped += [
        Skipped(spans[i], _("its end could not be found in the rendered text"))
        for i in weaver.unfinished
    ]
    placed = [spans[i] for i in sorted(weaver.finished)]
    return RenderedReport(html=result, placed=placed, skipped=skipped)


def stored_html(text: str, appearances: Iterable[Appearance]) -> StoredHtml:
    """What to keep with a report so that its reader need not parse it again."""
    marked, _spans, _skipped = _marked_text(text, appearances)
    return StoredHtml(key=_digest(marked), html=_markdown_html(marked))


def _marked_text(
    text: str, appearances: Iterable[Appearance]
) -> tuple[str, list[Appearance], list[Skipped]]:
    # Markers already in the text become U+FFFD: same length, so offsets hold.
    text = _MARKERS.sub("\ufffd", text)
    spans, skipped = _choose_spans(text, appearances)
    pieces, position = [], 0
    for index, appearance in enumerate(spans):
        pieces += [
            text[position : appearance.start],
            f"{_OPEN}{index}{_OPEN_END}",
            text[appearance.start : appearance.end],
            f"{_CLOSE}{index}{_CLOSE_END}",
        ]
        position = appearance.end
    pieces.append(text[position:])
    return "".join(pieces), spans, skipped


def _digest(marked: str) -> str:
    return hashlib.sha256(marked.encode()).hexdigest()


def _markdown_html(marked: str) -> str:
    """The report's Markdown, with the claim markers in it, as HTML."""
    md = _markdown()
    tokens = md.parse(marked)
    for token in tokens:
        # The page's own title is the h1; the report's headings sit one level below.
        if token.type in {"heading_open", "heading_close"}:
            token.tag = f"h{min(6, int(token.tag[1]) + 1)}"
    return md.renderer.render(tokens, md.options, {})


class _Weaver:
    """Replaces the markers in rendered HTML with marks and claim links."""

    def __init__(
        self,
        spans: list[Appearance],
        claim_url: Callable[[int], str],
        checked_elsewhere: Mapping[int, str],
    ):
        self.spans = spans
        self.claim_url = claim_url
        self.checked_elsewhere = checked_elsewhere
        self.out: list[str] = []
        self.active: int | None = None
        self.mark_open = False
        self.anchored: set[int] = set()
        self.finished: set[int] = set()
        self.unfinished: list[int] = []
        self.link_depth = 0
        self.pending_chips: list[int] = []

    def weave(self, html: str) -> SafeString:
        for segment in _TAG_SPLIT.split(html):
            if not segment:
                continue
            if segment.startswith("<"):
                self._tag(segment)
            else:
                self._text(segment)
        if self.active is not None:
            self._close_mark()
            self.unfinished.append(self.active)
            self._chip(self.active)
            self.active = None
        return mark_safe("".join(self.out))  # noqa: S308  (escaped by markdown-it)

    def _tag(self, tag: str) -> None:
        events = [(m.group(1), int(m.group(2))) for m in _ENCODED_EVENT.finditer(tag)]
        events += [
            ("0" if m.group(1) == _OPEN else "2", int(m.group(2)))
            for m in _EVENT.finditer(tag)
        ]
        tag = _MARKERS.sub("", _ENCODED_EVENT.sub("", _EVENT.sub("", tag)))
        self._close_mark()
        self.out.append(tag)
        if re.match(r"<a[\s>]", tag):
            self.link_depth += 1
        elif tag.startswith("</a>"):
            self.link_depth = max(0, self.link_depth - 1)
            if self.link_depth == 0:
                for index in self.pending_chips:
                    self._chip(index)
                self.pending_chips = []
        for kind, index in events:
            self._event("open" if kind == "0" else "close", index)

    def _text(self, text: str) -> None:
        position = 0
        for match in _EVENT.finditer(text):
            self._plain(text[position : match.start()])
            kind = "open" if match.group(1) == _OPEN else "close"
            self._event(kind, int(match.group(2)))
            position = match.end()
        self._plain(text[position:])

    def _plain(self, text: str) -> None:
        if not text:
            return
        if self.active is not None and not self.mark_open and text.strip():
            self._open_mark()
        self.out.append(text)

    def _event(self, kind: str, index: int) -> None:
        if not 0 <= index < len(self.spans):
            return
        if kind == "open":
            if self.active is not None:  # cannot happen with sorted spans; be safe
                self._event("close", self.active)
            self.active = index
        elif kind == "close" and self.active == index:
            self._close_mark()
            self.finished.add(index)
            self.active = None
            if self.link_depth:
                self.pending_chips.append(index)
            else:
                self._chip(index)

    def _open_mark(self) -> None:
        appearance = self.spans[self.active]
        anchor = ""
        if self.active not in self.anchored:
            self.anchored.add(self.active)
            anchor = f' id="appearance-{appearance.pk}"'
        self.out.append(
            format_html(
                '<mark class="hl {}"{} data-claim="{}" data-appearance="{}">',
                highlight_class(appearance),
                mark_safe(anchor),  # noqa: S308  (an integer id)
                appearance.claim_id,
                appearance.pk,
            )
        )
        self.mark_open = True

    def _close_mark(self) -> None:
        if self.mark_open:
            self.out.append("</mark>")
            self.mark_open = False

    def _chip(self, index: int) -> None:
        appearance = self.spans[index]
        anchor = ""
        if index not in self.anchored:
            self.anchored.add(index)
            anchor = f' id="appearance-{appearance.pk}"'
        self.out.append(
            format_html(
                '<a class="claim-chip {}"{} href="{}">'
                '<span class="visually-hidden">{} </span>#{} · {}</a>',
                highlight_class(appearance),
                mark_safe(anchor),  # noqa: S308  (an integer id)
                self.claim_url(appearance.claim_id),
                _("Claim"),
                appearance.claim_id,
                highlight_label(appearance),
            )
        )
        if checked := self.checked_elsewhere.get(appearance.claim_id):
            self.out.append(
                format_html(
                    '<span class="checked-elsewhere" title="{}">'
                    '<span aria-hidden="true">✓</span> {}</span>',
                    checked,
                    checked,
                )
            )


# A report longer than this (characters) is read a part at a time: its reader
# renders one part, with that part's claims, per page; shorter ones (nearly
# all) are one part, served from the HTML stored at import.
PART_CHARS = 100_000


def reader_parts(text: str, size: int = PART_CHARS) -> list[tuple[int, int]]:
    """The report cut into parts of about ``size`` characters, each ending at a
    blank line (between two blocks) near its end, else at the end of a line (a
    long list has no blank line): a claim is never cut in two by a part."""
    parts: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        target = start + size
        blank = text.find("\n\n", target, target + size // 2)
        if blank >= 0:
            end = blank + 2
        else:
            line = text.find("\n", target)
            end = line + 1 if line >= 0 else len(text)
        parts.append((start, end))
        start = end
    if start < len(text) or not parts:
        parts.append((start, len(text)))
    return parts


def quote_in_context(text: str, start: int, end: int, *, around: int = 220) -> dict:
    """The quote with the text before and after it, cut at word boundaries."""
    if not 0 <= start < end <= len(text):
        return {"before": "", "quote": "", "after": "", "found": False}
    before = text[max(0, start - around) : start]
    after = text[end : end + around]
    if start - around > 0 and " " in before:
        before = "…" + before.split(" ", 1)[1]
    if end + around < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    return {
        "before": _strip_marks(before),
        "quote": _strip_marks(text[start:end]),
        "after": _strip_marks(after),
        "found": True,
    }


_BLOCK_MARK = re.compile(r"(^|\n)[ \t]{0,3}(?:#{1,6}|[-*+]|\d+[.)]|>)[ \t]+")


def _strip_marks(text: str) -> str:
    """Drop the Markdown marks (emphasis, headings, list bullets) from an excerpt."""
    text = _BLOCK_MARK.sub(r"\1", text)
    return re.sub(r"\*\*|__|`", "", text).replace("\n", " ")

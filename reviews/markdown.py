"""Rationales, notes and correction notes: Markdown as safe HTML, or as plain text.

People write these in a textarea: emphasis, lists, links and bare addresses.
They are rendered with markdown-it-py (the parser the report reader uses) with
raw HTML off, no images or headings (a note is not a page), only http(s) and
mailto links, each marked ``rel="nofollow ugc noopener"`` because the words are
not the publisher's own. JSON-LD and the exports get plain text instead.
"""

from functools import cache

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.token import Token

LINK_REL = "nofollow ugc noopener"
_SAFE_PREFIXES = ("http://", "https://", "mailto:")


def _allowed_link(url: str) -> bool:
    """Absolute web and mail addresses only: no javascript:, data:, or relative."""
    return url.strip().lower().startswith(_SAFE_PREFIXES)


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt(
        "commonmark",
        # breaks: a line break typed in the textarea is a line break on the page.
        {"html": False, "linkify": True, "breaks": True},
    )
    md.enable(["linkify", "strikethrough"])
    md.disable(["image", "heading", "lheading", "html_block", "html_inline"])
    md.validateLink = _allowed_link
    return md


def normalise_newlines(text: str) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def _tokens(text: str) -> list[Token]:
    return _parser().parse(normalise_newlines(text).strip())


def render_markdown(text: str) -> SafeString:
    """The text as HTML that can be put on any page as it is."""
    tokens = _tokens(text)
    for token in tokens:
        for child in token.children or ():
            if child.type == "link_open":
                child.attrSet("rel", LINK_REL)
    md = _parser()
    html = md.renderer.render(tokens, md.options, {})
    return mark_safe(html)  # noqa: S308 - markdown-it escapes text; raw HTML is off


def plain_text(text: str) -> str:
    """The words without markup, paragraphs split by a blank line, "\\n" newlines.

    A link keeps its address after its words; list items start with "- ".
    """
    blocks: list[tuple[str, bool]] = []  # (text, is a list item)
    prefix = ""
    for token in _tokens(text):
        if token.type in {"bullet_list_open", "ordered_list_open"}:
            prefix = "- "
        elif token.type in {"bullet_list_close", "ordered_list_close"}:
            prefix = ""
        elif token.type == "inline":
            blocks.append((prefix + _inline_text(token.children or []), bool(prefix)))
        elif token.type in {"fence", "code_block"}:
            blocks.append((token.content.rstrip("\n"), False))
    out = ""
    previous_item = False
    for block, item in blocks:
        if not block.strip():
            continue
        if out:
            out += "\n" if item and previous_item else "\n\n"
        out += block
        previous_item = item
    return out


def _inline_text(children: list[Token]) -> str:
    parts: list[str] = []
    hrefs: list[str | None] = []
    for child in children:
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append("\n")
        elif child.type == "link_open":
            hrefs.append(str(child.attrGet("href") or ""))
            parts.append("\x00")  # where the link's words start
        elif child.type == "link_close" and hrefs:
            href = hrefs.pop()
            start = len(parts) - 1 - parts[::-1].index("\x00")
            words = "".join(parts[start + 1 :])
            shown = href.removeprefix("mailto:")
            parts[start:] = [words if words in {href, shown} else f"{words} ({shown})"]
    return "".join(parts).strip()

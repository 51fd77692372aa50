"""Comments in safe Markdown: no raw HTML, no unsafe links, @mentions marked."""

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

# A user name as Django allows it (letters, digits and @ . + - _), after an "@"
# that starts the text or follows a space or an opening bracket.
MENTION = re.compile(r"(?<![\w@.+-])@([\w.+-]{1,150}?)(?=[.,;:!?)\]]*(?:\s|$))")
_AT_NAME = re.compile(r"@([\w.+-]{1,150})")


def mentioned_names(body: str) -> list[str]:
    """The user names mentioned in ``body``, in order, once each (not lower-cased)."""
    return list(dict.fromkeys(MENTION.findall(body or "")))


def _mention_rule(state, silent: bool) -> bool:
    if state.src[state.pos] != "@":
        return False
    before = state.src[state.pos - 1] if state.pos > 0 else " "
    if before.isalnum() or before in "@.+-_":
        return False
    match = _AT_NAME.match(state.src, state.pos)
    if not match:
        return False
    name = match.group(1).rstrip(".")
    if not name:
        return False
    if not silent:
        token = state.push("mention", "", 0)
        token.content = name
    state.pos += 1 + len(name)
    return True


def _render_mention(self, tokens, idx, options, env) -> str:
    name = tokens[idx].content
    known = env.get("known_names")
    css = "mention" if known is None or name.lower() in known else "mention-unknown"
    return f'<span class="{css}">@{escapeHtml(name)}</span>'


def _renderer() -> MarkdownIt:
    md = MarkdownIt(
        "commonmark", {"html": False, "linkify": False, "typographer": False}
    )
    md.enable(["strikethrough", "table"])
    md.inline.ruler.before("emphasis", "mention", _mention_rule)
    md.add_render_rule("mention", _render_mention)
    default_link_open = md.renderer.rules.get("link_open")

    def link_open(self, tokens, idx, options, env):
        tokens[idx].attrSet("rel", "nofollow noopener noreferrer")
        if default_link_open:
            return default_link_open(self, tokens, idx, options, env)
        return self.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    return md


_MD = _renderer()


def render_comment(body: str, *, known_names: set[str] | None = None) -> str:
    """HTML for a comment: Markdown with raw HTML escaped and unsafe links dropped
    (markdown-it refuses javascript:, vbscript:, file: and most data: URLs)."""
    env = {"known_names": {n.lower() for n in known_names} if known_names else None}
    return _MD.render(body or "", env)

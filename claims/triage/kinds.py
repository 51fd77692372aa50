"""What kind of claim a sentence is, or why it is not a claim (docs/importer.md).

"Not a claim" is decided first, from the sentence's shape: a question, a lead-in
that only introduces what follows, a byline or boilerplate, a heading. A claim's
kind follows from its features by rules in a fixed order, so that a researcher
can predict it: prediction, rule, a quote (attribution, or opinion when it names
nobody), statistic, opinion (evaluative words with nothing to anchor them),
comparison, attribution, and event for the rest.
"""

import re

from claims.triage.features import mentions_time

STATISTIC = "statistic"
COMPARISON = "comparison"
ATTRIBUTION = "attribution"
EVENT = "event"
RULE = "rule"
PREDICTION = "prediction"
OPINION = "opinion"
NOT_A_CLAIM = "not_a_claim"
KINDS = (
    STATISTIC,
    COMPARISON,
    ATTRIBUTION,
    EVENT,
    RULE,
    PREDICTION,
    OPINION,
    NOT_A_CLAIM,
)

# Why a passage is not a claim (Appearance.not_a_claim).
HEADING = "heading"
BYLINE = "byline"
LEAD_IN = "lead_in"
QUESTION = "question"

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_CLOSERS = " \t\"'”’)]*_"
_BYLINE = re.compile(
    r"^(?:By\s+[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)*\s*(?:,|and|$|\|)"
    r"|(?:Published|Written|Posted|Reporting|Reported|Edited|Compiled|Prepared|"
    r"Produced|Filed|Photos?|Photographs?|Images?|Illustrations?|Text|Words|"
    r"Research)\s+(?:by|for|on|in)\s"
    r"|(?:Published|Updated|Last updated|Posted|Filed|Source|Sources|Authors?|"
    r"Editors?|Contact|Press contact|Media contact|Copyright|Dateline|Photos?|"
    r"Images?|Credits?|Note|Notes|Disclaimer|Correction|Tags|Keywords|"
    r"Reading time)\s*[:|—–-]"
    r"|(?:Updated|Published|Last updated)\s+(?:on\s+)?\d"
    r"|©|\(c\)\s)",
    re.IGNORECASE,
)
# Boilerplate: greetings and sign-offs, calls to action, disclaimers and credits.
_BOILERPLATE = re.compile(
    r"^(?:Dear|Hi|Hello|Welcome|Thanks|Thank you|Sincerely|Best regards|"
    r"Kind regards|Yours|See you|That'?’?s all|Check|Consider|Contact|Read|Visit|"
    r"Click|Call|Email|Subscribe|Follow|Sign up|Download|Share|Find out|"
    r"Learn more|Let us know|Join|Register|Donate|Write to|Tell us)\b"
    r"|\b(?:views expressed|forward-looking statements?|differ materially|"
    r"(?:figures|data|results) are (?:preliminary|provisional)|will be updated|"
    r"registered charity|all rights reserved|the authors? (?:is|are) an?\b)",
    re.IGNORECASE,
)
# A byline does not go on to assert something.
_ASSERTS = re.compile(
    r"\b(?:is|are|was|were|has|have|had|found|finds|show|shows|showed|said|says|"
    r"will|rose|fell|grew|can|must|reached|increased|decreased)\b",
    re.IGNORECASE,
)
_SMALL_WORDS = frozenset({
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of",
    "on", "or", "per", "the", "to", "vs", "via", "with",
})  # fmt: skip


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _title_case(words: list[str]) -> bool:
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    if len(content) < 2:
        return False
    capitalised = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return capitalised / len(content) >= 0.75


# A lead-in that only introduces what follows; a longer sentence that ends with a
# colon asserts something of its own and is a claim (without the colon).
_INTRODUCES = re.compile(
    r"(?:\b(?:include|includes|included|including|are|were|is|was|as follows|"
    r"(?:the )?following|below|these|those|such as|namely|that|like|face|faces|"
    r"them|this|here|example|examples)\s*:$)"
    r"|^(?:Here (?:is|are)|Key |Among |The following|Highlights|Examples|"
    r"For example|Such as|Note)\b",
    re.IGNORECASE,
)


def _only_introduces(text: str) -> bool:
    return len(_words(text)) <= 6 or bool(_INTRODUCES.search(text))


def not_a_claim_reason(text: str, *, emphasised: bool = False) -> str:
    """Why a sentence is not a claim ("" when it may be one).

    ``emphasised``: the sentence is its paragraph's whole text, set in italics or
    bold, as bylines and run-in headings are.
    """
    stripped = text.rstrip(_CLOSERS)
    if stripped.endswith("?"):
        return QUESTION
    if stripped.endswith(":") and _only_introduces(stripped):
        return LEAD_IN
    words = _words(text)
    short = len(words) <= 16
    if short and _BYLINE.match(text) and not _ASSERTS.search(text):
        return BYLINE
    if _BOILERPLATE.search(text) and len(words) <= 25:
        return BYLINE
    if emphasised and short and mentions_time(text) and not _ASSERTS.search(text):
        return BYLINE
    if (
        stripped[-1:] not in ".!?…"
        and len(words) <= 12
        and (emphasised or _title_case(words))
    ):
        return HEADING
    return ""


_STATISTIC = frozenset({"share", "money", "quantity", "number", "change", "trend"})
_COMPARISON = frozenset({"comparison", "first"})
_ATTRIBUTION = frozenset({"source", "person", "cited_work"})
_EVALUATIVE = frozenset({"evaluative", "summary", "hedge", "first_person"})
# What keeps an evaluative sentence a claim: something that happened, when, who.
_ANCHORS = frozenset(
    {"time", "act", "organisation", "person", "named", "cited_work", "source"}
)


def kind_of(present: frozenset[str]) -> str:
    """The kind of a claim from the features present (see the module docstring)."""
    if "future" in present:
        return PREDICTION
    if "rule" in present:
        return RULE
    if "quote" in present:
        return ATTRIBUTION if present & _ANCHORS else OPINION
    if present & _STATISTIC:
        return STATISTIC
    if not present & _ANCHORS and present & _EVALUATIVE:
        # Judgement with nothing to check.
        return OPINION
    if present & _COMPARISON:
        return COMPARISON
    if present & _ATTRIBUTION:
        return ATTRIBUTION
    return EVENT

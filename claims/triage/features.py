"""What a fact-checker would name in a sentence: the features triage is scored on.

Each feature is present or absent (0 or 1). The logistic regression in
``claims.triage.model`` weighs them; the claim page names the ones that moved a
claim's score most, in the words of ``Feature.present`` or ``Feature.absent``.
docs/importer.md lists them with examples; change both together.
"""

import functools
import re
from dataclasses import dataclass

from config.lazy_text import gettext_lazy as _


@dataclass(frozen=True)
class Feature:
    name: str
    present: str  # how a reason reads when the sentence has it
    absent: str  # how a reason reads when its absence moved the score


FEATURES: tuple[Feature, ...] = (
    Feature("share", _("a share or percentage"), _("no share or percentage")),
    Feature("money", _("a sum of money"), _("no sum of money")),
    Feature("quantity", _("a number with a unit"), _("no number with a unit")),
    Feature("number", _("a number"), _("no number")),
    Feature("change", _("a change with its size"), _("no measured change")),
    Feature("trend", _("a change without its size"), _("no unmeasured change")),
    Feature("time", _("a time reference"), _("no time reference")),
    Feature("organisation", _("a named organisation"), _("no named organisation")),
    Feature("person", _("a named person"), _("no named person")),
    Feature("named", _("a named product, model or place"), _("nothing named")),
    Feature("cited_work", _("a named paper or work"), _("no named work")),
    Feature(
        "act", _("a verifiable act (launched, reached, signed)"), _("no verifiable act")
    ),
    Feature("first", _("a first or a record"), _("no first or record")),
    Feature("comparison", _("a comparison"), _("no comparison")),
    Feature("source", _("a source (according to, said, a study)"), _("no source")),
    Feature("quote", _("a direct quote"), _("no direct quote")),
    Feature("rule", _("a law or rule that requires or forbids"), _("no rule")),
    Feature("hedge", _("a hedge (may, could)"), _("no hedge")),
    Feature("evaluative", _("evaluative words"), _("no evaluative words")),
    Feature("rhetoric", _("much evaluative language"), _("little evaluative language")),
    Feature("future", _("about the future"), _("not about the future")),
    Feature(
        "first_person", _("the author's own view (we, our)"), _("not the author's view")
    ),
    Feature("summary", _("sums up or generalises"), _("does not sum up")),
    Feature(
        "refers_back", _("refers back to an earlier sentence"), _("stands on its own")
    ),
)
NAMES: tuple[str, ...] = tuple(feature.name for feature in FEATURES)
BY_NAME: dict[str, Feature] = {feature.name: feature for feature in FEATURES}

_I = re.IGNORECASE
_NUMBER_WORD = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|dozens?|"
    r"millions?|billions?|a hundred|a thousand|a million|a billion)"
)
# A digit that is part of a quantity: not inside a name ("YOLOv11n", "ICD-11",
# "Li-O2"), not a year on its own.
_DIGITS = r"(?<![\w.\-/])(?!(?:19|20)\d\d\b(?![,.]\d))\d[\d,]*(?:\.\d+)?"
_SCALE = r"(?:\s?(?:k|m|bn|mn|million|billion|thousand|trillion|lakh|crore))?"
# A unit or a counted noun after the number: not a month ("4 February" is a date)
# and not a function word ("route 36 to the hospital").
_UNIT = (
    r"(?:%|\s?(?:km|kg|kWh|MWh|GWh|TWh|MW|GW|kW|TB|GB|PB|ms|mph|km/h|m²|m2|ha|t|x|×)\b"
    r"|\s?-?(?!(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December|to|and|or|of|in|on|at|the|a|an|for|with|from|by|"
    r"is|are|was|were|who|which|that)\b)[a-zA-Z][a-zA-Z\-]+)"
)
_MONTH = (  # case-sensitive: "may" is not May
    r"(?-i:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)

_PATTERNS: dict[str, re.Pattern] = {
    "share": re.compile(
        r"\d\s?%|\b\d[\d.,]*\s?(?:per\s?cent|percent|percentage points?)\b"
        r"|\b(?:a|one|two|three|four)[\s-](?:half|halves|third|thirds|quarter|"
        r"quarters|fifth|fifths|sixth|tenth|tenths)\b"
        r"|\bhalf (?:of|the)\b|\bone (?:in|out of) (?:\d+|\w+)\b",
        _I,
    ),
    "money": re.compile(
        r"[$€£¥₹]\s?\d|\b(?:US|HK|A|C|NZ|S)\$\s?\d"
        r"|\b\d[\d.,]*\s?(?:k|m|bn|mn|million|billion|trillion|crore|lakh)?\s*"
        r"(?:yuan|rmb|renminbi|dollars?|usd|eur|euros?|pounds?|gbp|yen|jpy|cny|"
        r"rupees?|inr|francs?|kronor|krona)\b",
        _I,
    ),
    "quantity": re.compile(
        rf"{_DIGITS}{_SCALE}{_UNIT}|\b{_NUMBER_WORD}\s+(?:of\s+)?[a-z][a-z\-]+", _I
    ),
    "number": re.compile(_DIGITS + r"(?![\w%])"),
    "change": re.compile(
        r"\b(?:rose|rise[sn]?|rising|fell|fall(?:s|en|ing)?|increas\w*|decreas\w*|"
        r"grew|grow(?:s|n|th)|drop(?:ped|s)?|declin\w*|jump\w*|surg\w*|plung\w*|"
        r"climb\w*|shr[aiu]nk\w*|cut|slashed|gained|lost|up|down)\b"
        r"[^.;:]{0,40}?(?:(?<![\w-])\d[\d,.]*(?![A-Za-z])"
        r"|\b(?:a|one)[\s-](?:half|third|quarter|fifth)\b)"
        r"|\b(?:doubl|tripl|quadrupl|halv)(?:ed|ing|es)\b",
        _I,
    ),
    "trend": re.compile(
        r"\b(?:rose|risen|rising|fell|fallen|falling|increased|increasing|"
        r"decreased|decreasing|grew|grown|growing|dropped|declined|declining|"
        r"doubled|halved|soared|slumped|plummeted|shrank|shrunk|improved|"
        r"worsened)\b",
        _I,
    ),
    "quote": re.compile(
        r"[\"“][^\"“”]*\s[^\"“”]*\s[^\"“”]*[,.!?]?[\"”]\s*,?\s*"
        r"(?:said|says|told|wrote|added|asked|according)\b"
        r"|\b(?:said|says|told|wrote|added|according to)\b[^\"“”]{0,80}[\"“]"
        r"|^[\"“][^\"“”]+[\"”]$",
        _I,
    ),
    "time": re.compile(
        r"\b(?:19|20)\d\d(?:s|/\d\d)?\b|\b" + _MONTH + r"(?=\W)"
        r"|\b(?:Q[1-4]|H[12]|FY)\s?(?:19|20)?\d\d\b"
        r"|\b(?:last|this|next) (?:year|month|week|quarter|decade|spring|summer|"
        r"autumn|fall|winter)\b|\b(?:yesterday|today|on (?:Monday|Tuesday|"
        r"Wednesday|Thursday|Friday|Saturday|Sunday))\b|\bsince (?:the )?\d",
        _I,
    ),
    "organisation": re.compile(
        r"\b(?:[A-Z][\w&'’.-]+\s+)+(?:University|Institute|Ministry|Academy|Agency|"
        r"Commission|Council|Administration|Bureau|Association|Corporation|Company|"
        r"Group|Bank|Inc\.?|Ltd\.?|Corp\.?|Co\.|Telecom|Post|Times|Journal|News|"
        r"Foundation|Laboratory|Lab|Labs|Hospital|Department|Office|Organisation|"
        r"Organization|Authority|Board|Fund|Party|Parliament|Court|Service|Trust|"
        r"Federation|Union|Society|Observatory|Centre|Center|Motors|Energy|Airlines|"
        r"Systems|Technologies|Partners|Capital|Ventures|Holdings|Network)\b"
        r"|\b(?:Ministry|Department|Office|Bureau|Commission|Council|Agency|Authority|"
        r"Institute|University|Academy|Court|Parliament|Senate|Congress|Board|"
        r"Secretary|Minister)\s+(?:of|for)\s+(?:the\s+)?[A-Z]"
        r"|\b(?:Huawei|Alibaba|Baidu|Tencent|ByteDance|Xiaomi|SenseTime|iFlytek|"
        r"OpenAI|Google|Microsoft|Meta|Nvidia|NVIDIA|Apple|Amazon|DeepSeek|Samsung|"
        r"Tesla|BYD|CATL|Siemens|Reuters|Bloomberg|Eurostat|UNICEF|UNESCO|NASA|"
        r"United Nations|European Union|European Commission|World Bank|IMF|OECD|"
        r"WHO|WTO|IEA|IPCC|NHS|FDA|EPA|ECB|Fed|Federal Reserve|Congress|Parliament)\b"
    ),
    "person": re.compile(
        r"\b(?:Professor|Prof\.|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|President|Premier|Minister|"
        r"Chairman|Chairwoman|Chancellor|CEO|Senator|Governor|Secretary|Mayor|"
        r"Councillor|Commissioner|Director|Judge|Justice)\s+[A-Z][\w'’-]+"
        r"|\b[A-Z][a-z]+(?:\s[A-Z]\.)?\s[A-Z][a-z'’-]+(?:,[^,.]{3,80},)?\s"
        r"(?:said|says|told|wrote|argued|noted|added|explained|warned|insisted|"
        r"claimed|estimated|stated)\b"
        r"|\b(?:said|says|according to)\s+[A-Z][a-z]+\s[A-Z][a-z'’-]+"
    ),
    # A quoted title: three words or more, from a capital, not ending in
    # punctuation (a quoted sentence is a quote, not a title).
    "cited_work": re.compile(
        r"^A work titled [\"“]"
        r"|[\"“][A-Z0-9](?:[^\"“”\n]*\s){2}[^\"“”\n]*[^\s.,;:!?\"“”][\"”]"
    ),
    "act": re.compile(
        r"\b(?:launch(?:ed|es)|released?|unveil(?:ed|s)|introduced|signed|adopted|"
        r"approved|enacted|passed|founded|established|acquired|bought|sold|opened|"
        r"closed|deployed|reached|completed|won|lost|trained|built|began|"
        r"started|surpass(?:ed|es)|overtook|exceeded|announced|published|recorded|"
        r"ranked|became|hired|appointed|elected|fined|banned|invested|raised|spent|"
        r"paid|delivered|shipped|recalled|filed|sued|ruled|cancel+ed|suspended|"
        r"merged|partnered|awarded|granted|issued|installed|connected|"
        r"requires?|required|forbids?|prohibits?|mandates?|runs|operates|employs|"
        r"produced|produces|manufactured|exported|imported|detected|measured|"
        r"counted|logged|topped)\b",
        _I,
    ),
    "first": re.compile(
        r"\b(?:first|largest|biggest|smallest|fastest|slowest|highest|lowest|"
        r"cheapest|oldest|youngest|longest|shortest|record|record-\w+|"
        r"(?<!not )only|"
        r"most-\w+|No\. ?1|number one)\b",
        _I,
    ),
    "comparison": re.compile(
        r"\b(?:than|outperform\w*|outpac\w*|surpass\w*|exceed\w*|overt(?:ook|ake\w*)|"
        r"compared (?:to|with)|in comparison|versus|vs\.?|relative to|ahead of|"
        r"behind|twice as|half as|as (?:many|much) as|the same as|on par|parity|"
        r"rival\w*|beat|beats|trail\w*|lags?|lagging)\b",
        _I,
    ),
    "source": re.compile(
        r"\b(?:according to|said|says|told|reported|reports (?:from|by)|"
        r"report (?:by|from)|study|studies|survey\w*|poll\w*|data (?:from|show)|"
        r"figures (?:from|show)|statistics|census|found that|finds that|showed that|"
        r"shows that|estimates?|estimated|analysis (?:by|of)|audit|researchers|"
        r"scientists|economists|analysts|spokes(?:person|man|woman)|testified|"
        r"confirmed|disclosed|filing|filings|records show|cited|disputes?|"
        r"disputed|alleges?|alleged|allegations?|warns?|warned|argues?|argued|"
        r"contends?|insists?|recommends?|recommended|point(?:s|ed)? to|claims?|"
        r"claimed|"
        r"(?:evaluations?|tests?|benchmarks?|trials?|experiments?|results?) "
        r"(?:indicate|show|showed|suggest|found))\b",
        _I,
    ),
    # Words that make a rule whatever else the sentence says.
    "rule": re.compile(
        r"\b(?:illegal|unlawful|legal|legally|exempt\w*|mandatory|compulsory|"
        r"prohibited|forbidden|banned|bans?|licen[cs]ed|unlicensed|obliges?|"
        r"obligat\w+|comes? into force|came into force|entered into force|"
        r"in force|liable to|penalt\w+|(?:can|could|will) be fined|fines? of|"
        r"a fine|fined up to|to comply|must comply|offences?|prison)\b",
        _I,
    ),
    # Words that make a rule when a law, regulation or standard is named.
    "obligation": re.compile(
        r"\b(?:requires?|required|requiring|mandat\w+|forbids?|prohibits?|"
        r"must(?! have been)|shall|may not|not (?:be )?(?:allowed|permitted)|"
        r"allows?|permits?|covers?|applies|apply)\b",
        _I,
    ),
    "law": re.compile(
        r"\b(?:law|laws|act|regulations?|rules?|directive|statute|standards?|"
        r"ordinance|decree|code|licen[cs]\w*|permits?|treaty|bill|guidelines?|"
        r"measures)\b|\bAct\b",
        _I,
    ),
    "hedge": re.compile(
        r"\b(?:may|might|could|possibly|perhaps|probably|likely|unlikely|suggests?|"
        r"suggested|appears? to|seems? to|potentially|arguably|reportedly|allegedly|"
        r"believed to|thought to|in some cases|to some extent|tends? to|"
        r"promising|promises)\b",
        _I,
    ),
    "evaluative": re.compile(
        r"\b(?:remarkabl\w*|relentless|formidable|harmonious|holistic|pioneer\w*|"
        r"groundbreaking|revolutioni[sz]\w+|revolutionary|transformative|"
        r"significant(?:ly)?|notable|notably|decisive|vital|crucial|key|robust|"
        r"resilien\w+|innovative|influential|powerhouse|cornerstone|impressive|"
        r"exciting|comprehensive|unparalleled|cutting-edge|state-of-the-art|"
        r"world-class|paves? the way|envelope|game-chang\w+|seamless\w*|vibrant|"
        r"dynamic|thriving|strategic|commitment|committed|visionary|landmark|bold|"
        r"ambitious|tremendous|extraordinary|stunning|excellent|great|huge|"
        r"unprecedented|proud|best-in-class|successful(?:ly)?|effective(?:ly)?|"
        r"sustainable|responsible|empower\w*|foster\w*|bolster\w*|democratiz\w+|"
        r"democratis\w+|unlock\w*|leverag\w+|synerg\w+|exemplar\w*|inspir\w+|"
        r"critical|essential|profound(?:ly)?|dramatic(?:ally)?|rapid(?:ly)?|"
        r"deeply|broad|widespread|leading|leader|leadership|superpower|"
        r"cohesive|unmatched|unrivalled|unrivaled|sweeping|thoughtful|vibrant|"
        r"disappointing|disastrous|shameful|outrageous|absurd|reckless|failed|"
        r"misguided|wasteful|excessive|alarming|worrying|troubling|welcome|"
        r"encouraging|concerning|wonderful|terrible|awful|brilliant|amazing|"
        r"fantastic|best|worst|better|worse|meaningful|valuable|important|"
        r"importance|priority|progress|transformational|worried|worrying|brutal|"
        r"impressed|interesting|matters?|honest(?:ly)?|fragile|sensible|uniquely|"
        r"never been|should|ought to|time to|disgrace\w*|proud|thirsty|"
        r"nobody knows|too early|struggl\w+|genuinely|frankly|of course|"
        r"the right balance|painful|manageable|setback|sceptical|skeptical|"
        r"niche|busy|wishful|breakthroughs?|milestones?|achievements?)\b",
        _I,
    ),
    "future": re.compile(
        r"\b(?:will|won[’']t|going to|(?:we|they|analysts?) forecast|expects?|expected to|anticipat\w+|"
        r"projected|projections?|forecast (?:to|that)|forecasts? (?:a|an|that)|"
        r"predicted to|likely to|set to|plans? to|planned|aims? to|"
        r"intends? to|upcoming|in the coming|in (?:the )?future|"
        r"next (?:year|decade|month|quarter)|by the end of (?:the|this|next) "
        r"(?:year|decade)|outlook)\b",
        _I,
    ),
    "first_person": re.compile(r"\b(?:[Ww]e|[Oo]urs?|us|I|[Mm]y|me)\b"),
    "summary": re.compile(
        r"^(?:In (?:summary|conclusion|short|sum)|Overall|To (?:conclude|sum up)|"
        r"Taken together|All in all|Ultimately|Collectively|In essence)\b"
        r"|\b(?:collectively|exemplif\w+|underscor\w+|testament|showcas\w+|"
        r"epitomi\w+|embod\w+|highlights? the|reflects? (?:a|an|the|its|their)\b|"
        r"signals? (?:a|an|the)\b|illustrat\w+|demonstrat(?:es|ing) (?:the|its|"
        r"their|China|how)|continues? to|remains? (?:committed|a|an|the)\b|"
        r"across (?:the|all|many|multiple|various) \w+|various|numerous|"
        r"a range of|a host of|landscape|ecosystem)\b",
        _I,
    ),
    "refers_back": re.compile(
        r"^(?:It|Its|They|Their|Them|This|These|That|Those|Such|He|She|His|Her|"
        r"Both|The latter|The former|The move|The decision|The figure|The change|"
        r"The plan|The effort)\b|\b(?:of them|of those|them)\b"
    ),
}

# Capitalised words that name nobody: sentence openers, function words, generic
# acronyms, countries and the words made from them (a country alone is a weak
# anchor: "China's relentless pursuit …" names nothing that can be checked).
_NOT_NAMES = frozenset({
    "A", "An", "The", "This", "That", "These", "Those", "It", "Its", "Such", "By",
    "In", "On", "At", "As", "For", "From", "With", "And", "But", "Or", "Meanwhile",
    "Additionally", "However", "Recent", "Major", "Many", "Most", "Some", "Several",
    "Each", "Every", "Our", "We", "Us", "I", "They", "Their", "He", "She", "His",
    "Her", "Who", "What", "When", "Where", "Why", "How", "If", "While", "After",
    "Before", "Since", "Although", "Though", "Despite", "Because", "Yet", "Still",
    "Also", "Further", "Moreover", "Overall", "Today", "Now", "New", "Key",
    "Both", "Other", "Another", "One", "Two", "Three", "First", "Second", "Third",
    "Last", "Next", "Not", "No", "Yes", "All", "Any", "Few", "More", "Less", "Much",
    "Very", "Only", "Just", "Even", "Here", "There", "AI", "ML", "LLM", "LLMs",
    "DNN", "TTS", "MRI", "EMR", "NMR", "MoE", "OOD", "GPT", "API", "CPU", "GPU",
    "CPUs", "GPUs", "IT", "IoT", "UK", "US", "USA", "EU", "UN", "China", "Chinese",
    "India", "Indian", "Japan", "Japanese", "Korea", "Korean", "Europe", "European",
    "Europeans", "America", "American", "Americans", "Asia", "Asian", "Africa",
    "African", "Germany", "German", "France", "French", "Britain", "British",
    "Russia", "Russian", "Western", "West", "East", "Eastern", "Global", "National",
    "Federal", "State", "Government", "City", "Country", "Region", "Province",
    "Nation", "CEO", "CTO", "CFO", "PhD", "Q1", "Q2", "Q3", "Q4", "H1", "H2", "FY",
    "Mr", "Mrs", "Ms", "Dr", "Prof",
})  # fmt: skip
_CAPITALISED = re.compile(r"(?<![\w'’])[A-Z][\w'’&-]*[A-Za-z0-9]")
_INNER_CAPITAL = re.compile(r"^[A-Za-z]*[a-z][A-Z0-9]|^[A-Z]{2,}[a-z0-9]|\d")


def _names_something(text: str) -> bool:
    """A capitalised word that is not an opener, a function word or a country."""
    for match in _CAPITALISED.finditer(text):
        word = match.group(0).rstrip("'’s").removesuffix("’").removesuffix("'")
        if word in _NOT_NAMES or word.split("-", 1)[0] in _NOT_NAMES:
            continue
        if match.start() == 0 and not _INNER_CAPITAL.search(word):
            # A capitalised first word is an opener, unless it is shaped like a
            # name of its own ("YOLOv11n", "MXene", "GN-MAB").
            continue
        return True
    return False


@functools.lru_cache(maxsize=4096)
def features_of(text: str) -> frozenset[str]:
    """The names of the features present in one sentence (remembered for the last
    few thousand: a report that repeats a line 100,000 times is scored once)."""
    found = {
        name
        for name, pattern in _PATTERNS.items()
        if name not in ("law", "obligation") and pattern.search(text)
    }
    if _names_something(text):
        found.add("named")
    if "evaluative" in found:
        words = {m.group(0).lower() for m in _PATTERNS["evaluative"].finditer(text)}
        if len(words) >= 2:
            found.add("rhetoric")
    # "requires" alone is an act; with a law, a regulation or a standard it is a rule.
    if _PATTERNS["obligation"].search(text) and _PATTERNS["law"].search(text):
        found.add("rule")
    if found & {"share", "money", "quantity"}:
        found.discard("number")
    if "change" in found:
        found.discard("trend")
    if "share" in found or "money" in found:
        found.discard("quantity")
    return frozenset(found)


def refers_back(text: str) -> bool:
    """Whether a sentence leans on the one before it ("They fell 3%", "… of them")."""
    return bool(_PATTERNS["refers_back"].search(text))


def mentions_time(text: str) -> bool:
    return bool(_PATTERNS["time"].search(text))

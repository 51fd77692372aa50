"""Kind and check-worthiness of a claim from documented surface features (docs/importer.md)."""

import re
from dataclasses import dataclass

# Every feature is a regular expression (or a small function below) and a weight.
# The score is BASE plus the weights of the features present, clamped to 0..1.
# docs/importer.md mirrors this table; change both together.
BASE = 0.1
WEIGHTS: dict[str, float] = {
    "percentage": 0.3,
    "money": 0.3,
    "number": 0.2,
    "date": 0.1,
    "organisation": 0.15,
    "person": 0.15,
    "named_entity": 0.1,
    "cited_work": 0.35,
    "superlative": 0.15,
    "comparison": 0.15,
    "attribution": 0.15,
    "event": 0.1,
    "prediction": 0.05,
    "vague": -0.1,
    "hedge": -0.1,
}
# Below this score a claim with no concrete anchor is an opinion.
OPINION_BELOW = 0.35

_I = re.IGNORECASE
_PATTERNS: dict[str, re.Pattern] = {
    "percentage": re.compile(r"\d\s?%|\b\d[\d.,]*\s?(?:per\s?cent|percent)\b", _I),
    "money": re.compile(
        r"[$€£¥]\s?\d|\b\d[\d.,]*\s?(?:bn|mn|m|k)?\s*"
        r"(?:yuan|rmb|dollars?|usd|eur|euros?|pounds?|gbp|yen|jpy|cny)\b"
        r"|\b(?:US|HK|A|C)\$\s?\d",
        _I,
    ),
    # A digit that is part of a quantity, not of a name such as "YOLOv11n" or "3D".
    "number": re.compile(
        r"(?<![\w.])(?!(?:19|20)\d\d\b)\d[\d,]*(?:\.\d+)?(?![A-Za-z])"
        r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|"
        r"thousands?|millions?|billions?|trillions?|half|twice|double|triple)\b",
        _I,
    ),
    "date": re.compile(
        r"\b(?:19|20)\d\d\b|\b(?:January|February|March|April|May|June|July|August|"
        r"September|October|November|December)\b|\b(?:Q[1-4]|H[12])\s?(?:19|20)\d\d\b"
    ),
    "organisation": re.compile(
        r"\b(?:[A-Z][\w&'’-]+\s+)+(?:University|Institute|Ministry|Academy|Agency|"
        r"Commission|Council|Administration|Bureau|Association|Corporation|Company|"
        r"Group|Bank|Inc\.?|Ltd\.?|Corp\.?|Co\.|Telecom|Post|Times|Foundation|"
        r"Laboratory|Lab|Hospital|Department|Office|Organisation|Organization)\b"
        r"|\b(?:Huawei|Alibaba|Baidu|Tencent|ByteDance|Xiaomi|SenseTime|iFlytek|"
        r"OpenAI|Google|Microsoft|Meta|Nvidia|NVIDIA|Apple|Amazon|DeepSeek|"
        r"United Nations|European Union|World Bank|IMF|OECD|WHO|WTO)\b"
    ),
    "person": re.compile(
        r"\b(?:Professor|Prof\.|Dr\.|Mr\.|Mrs\.|Ms\.|President|Premier|Minister|"
        r"Chairman|CEO|Senator|Governor|Secretary)\s+[A-Z][\w'’-]+"
    ),
    "superlative": re.compile(
        r"\b(?:first|largest|biggest|smallest|fastest|highest|lowest|best|worst|most|"
        r"least|leading|only|record|unprecedented|top|greatest|strongest|latest|"
        r"newest|cheapest|highest-\w+|most-\w+)\b",
        _I,
    ),
    "comparison": re.compile(
        r"\b(?:outperform\w*|surpass\w*|exceed\w*|overtak\w*|beat|beats|rival\w*|"
        r"more than|less than|fewer than|higher than|lower than|compared (?:to|with)|"
        r"than|versus|vs\.?|up to|as much as|at least|doubl\w+|tripl\w+)\b",
        _I,
    ),
    "attribution": re.compile(
        r"\b(?:according to|reports? from|reported|reports|said|says|stated|"
        r"announced|claims?|claimed|published|publication|study|studies|survey|"
        r"researchers?|evaluations? indicate|data from|statistics|cited)\b",
        _I,
    ),
    "event": re.compile(
        r"\b(?:launch\w*|released?|unveil\w*|introduc\w+|signed|adopted|approved|"
        r"enacted|passed|founded|established|acquired|opened|deployed|reached|"
        r"achieved|completed|won|trained|built|began|started)\b",
        _I,
    ),
    "prediction": re.compile(
        r"\b(?:will|shall|expected to|projected|forecast\w*|predicted to|likely to|"
        r"aims? to|plans? to|is set to|are set to|by 20[3-9]\d)\b",
        _I,
    ),
    "vague": re.compile(
        r"\b(?:remarkable|relentless|formidable|harmonious|holistic|pioneer\w*|"
        r"groundbreaking|revolutioniz\w+|revolutionis\w+|transformative|"
        r"significantly|notable|decisive|vital|crucial|key|robust|resilient|"
        r"innovative|influential|powerhouse|cornerstone|impressive|exciting|"
        r"comprehensive|unparalleled|cutting-edge|state-of-the-art|"
        r"world-class|paves? the way|envelope)\b",
        _I,
    ),
    "hedge": re.compile(
        r"\b(?:may|might|could|perhaps|possibly|arguably|seems?|appears? to|"
        r"we believe|in our view|i think|should|ought to)\b",
        _I,
    ),
}

# Words that are capitalised but name no one: sentence openers, generic acronyms.
_NOT_NAMES = {
    "A", "An", "The", "This", "That", "These", "Those", "It", "Its", "Such", "By",
    "In", "On", "At", "As", "For", "From", "With", "And", "But", "Or", "Meanwhile",
    "Additionally", "However", "Recent", "Major", "I", "AI", "ML", "LLM", "LLMs",
    "DNN", "TTS", "MRI", "EMR", "NMR", "MoE", "OOD", "GPT", "API", "CPU", "GPU",
}  # fmt: skip
_CAPITALISED = re.compile(r"(?<![\w'’])[A-Z][\w'’-]*[A-Za-z0-9]")
_CITED = re.compile(r"^A work titled [\"“]")

# The kind follows the strongest anchor; order matters.
_KIND_ORDER = (
    ("statistic", ("percentage", "money", "number")),
    ("comparison", ("comparison", "superlative")),
    ("attribution", ("cited_work", "attribution", "person")),
    ("prediction", ("prediction",)),
    ("event", ("event", "date")),
)


@dataclass(frozen=True)
class Assessment:
    kind: str
    checkworthiness: float
    features: tuple[str, ...]


def _has_named_entity(text: str) -> bool:
    for index, match in enumerate(_CAPITALISED.finditer(text)):
        word = match.group(0)
        if word in _NOT_NAMES:
            continue
        if index == 0 and match.start() == 0 and word[1:].islower():
            # A capitalised first word is a sentence opener, not evidence of a name.
            continue
        return True
    return False


def features_of(text: str) -> tuple[str, ...]:
    """The features present in ``text``, in the order of WEIGHTS."""
    found = {name for name, pattern in _PATTERNS.items() if pattern.search(text)}
    if _has_named_entity(text):
        found.add("named_entity")
    if _CITED.match(text):
        found.add("cited_work")
    if "percentage" in found or "money" in found:
        found.discard("number")
    return tuple(name for name in WEIGHTS if name in found)


def assess(text: str) -> Assessment:
    """Kind and check-worthiness (0-1, two decimals) of one claim text."""
    features = features_of(text)
    score = BASE + sum(WEIGHTS[name] for name in features)
    score = round(min(1.0, max(0.0, score)), 2)
    present = set(features)
    kind = "other"
    for candidate, needs in _KIND_ORDER:
        if present & set(needs):
            kind = candidate
            break
    # A weakly anchored claim with no number, source, forecast or event is vague:
    # an editor can mark it not checkable in one step.
    if score < OPINION_BELOW and kind in {"other", "comparison"}:
        kind = "opinion"
    return Assessment(kind=kind, checkworthiness=score, features=features)

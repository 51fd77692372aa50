"""docs/api.md runs: each example request is sent to a live server with the demo
data (``seed_demo``), and its answer must be the one the page shows.

An example is a fenced ``http`` block with a request (``METHOD /path``, headers,
a blank line, a body) followed by a fenced ``http`` block with the answer
(``HTTP/1.1 <status>``, the headers that matter, a blank line, a JSON body). The
rules for what an answer may differ in (ids, tokens, times) are in docs/api.md
("The examples on this page are run"); ``matches`` implements them.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from django.core.management import call_command

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"

ANY = "…"
PLACEHOLDER = re.compile(r"\$([A-Z][A-Z0-9_]*)")
# A placeholder where a JSON value stands (after ":", "[" or ","), unquoted in
# the page so that it reads as the number it is.
BARE_PLACEHOLDER = re.compile(r"([:\[,]\s*)\$([A-Z][A-Z0-9_]*)")
FENCE = re.compile(r"^```http\n(.*?)^```", re.MULTILINE | re.DOTALL)


@dataclass
class Example:
    """One request of the page and the answer it shows."""

    line: int
    heading: str
    request: str
    response: str

    @property
    def name(self) -> str:
        first = self.request.splitlines()[0]
        return f"docs/api.md line {self.line} ({first}, under {self.heading!r})"


@dataclass
class Drift:
    """What an answer differs in from the page, one line per difference."""

    problems: list[str] = field(default_factory=list)

    def add(self, where: str, expected, actual) -> None:
        self.problems.append(
            f"{where}: the page shows {expected!r}, the server answered {actual!r}"
        )


def examples_of(markdown: str) -> list[Example]:
    """The (request, answer) pairs of a Markdown page, in order."""
    found, pending = [], None
    for block in FENCE.finditer(markdown):
        text = block.group(1)
        line = markdown.count("\n", 0, block.start()) + 1
        headings = re.findall(r"^#+ (.+)$", markdown[: block.start()], re.MULTILINE)
        heading = headings[-1] if headings else ""
        if text.startswith("HTTP/"):
            if pending is None:
                raise AssertionError(
                    f"docs/api.md line {line}: an answer without a request"
                )
            found.append(Example(pending[0], pending[1], pending[2], text))
            pending = None
        else:
            if pending is not None:
                raise AssertionError(
                    f"docs/api.md line {pending[0]}: a request without its answer"
                )
            pending = (line, heading, text)
    if pending is not None:
        raise AssertionError(
            f"docs/api.md line {pending[0]}: a request without its answer"
        )
    return found


def _split(message: str) -> tuple[str, list[tuple[str, str]], str]:
    head, _, body = message.partition("\n\n")
    first, *header_lines = head.splitlines()
    headers = [tuple(part.strip() for part in h.split(":", 1)) for h in header_lines]
    return first, headers, body.strip()


def substitute(text: str, bound: dict[str, str], example: Example) -> str:
    def value(match):
        name = match.group(1)
        if name not in bound:
            raise AssertionError(
                f"{example.name} uses ${name} before an example sets it"
            )
        return bound[name]

    return PLACEHOLDER.sub(value, text)


def _pattern(expected: str, bound: dict[str, str], groups: set[str]) -> str:
    pattern = ""
    for part in re.split(r"(\$[A-Z][A-Z0-9_]*|…)", expected):
        if part == ANY:
            pattern += ".*"
        elif PLACEHOLDER.fullmatch(part):
            name = part[1:]
            if name in bound:
                pattern += re.escape(bound[name])
            elif name in groups:
                pattern += f"(?P={name})"
            else:
                groups.add(name)
                pattern += f"(?P<{name}>.+?)"
        else:
            pattern += re.escape(part)
    return pattern


def _scalar_text(value) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return str(value)
    return None


def matches(expected, actual, where: str, bound: dict, drift: Drift) -> None:
    """Compare what the page shows with the answer, binding its placeholders."""
    if expected == ANY:
        return
    if isinstance(expected, str) and (ANY in expected or PLACEHOLDER.search(expected)):
        text = _scalar_text(actual)
        found = text is not None and re.fullmatch(
            _pattern(expected, bound, set()), text, re.DOTALL
        )
        if not found:
            drift.add(where, expected, actual)
            return
        bound.update(found.groupdict())
        return
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            drift.add(where, expected, actual)
            return
        shown = {key: value for key, value in expected.items() if key != ANY}
        for key in sorted(set(shown) - set(actual)):
            drift.add(f"{where}.{key}", shown[key], "(no such field)")
        if ANY not in expected:
            for key in sorted(set(actual) - set(shown)):
                drift.add(f"{where}.{key}", "(not shown)", actual[key])
        for key in shown.keys() & actual.keys():
            matches(shown[key], actual[key], f"{where}.{key}", bound, drift)
        return
    if isinstance(expected, list):
        more = bool(expected) and expected[-1] == ANY
        items = expected[:-1] if more else expected
        if not isinstance(actual, list) or (
            len(actual) < len(items) if more else len(actual) != len(items)
        ):
            drift.add(where, expected, actual)
            return
        for index, item in enumerate(items):
            matches(item, actual[index], f"{where}[{index}]", bound, drift)
        return
    if expected != actual or type(expected) is not type(actual):
        drift.add(where, expected, actual)


def run_example(example: Example, base_url: str, bound: dict) -> None:
    """Send the example's request; raise naming the example if the answer drifted."""
    first, headers, body = _split(substitute(example.request, bound, example))
    method, path = first.split()[:2]
    answer = requests.request(
        method,
        base_url + path,
        headers=dict(headers),
        data=body.encode() if body else None,
        allow_redirects=False,
        timeout=60,
    )
    status_line, shown_headers, shown_body = _split(example.response)
    drift = Drift()
    status = int(status_line.split()[1])
    if answer.status_code != status:
        drift.add("status", status, answer.status_code)
    for name, value in shown_headers:
        if name not in answer.headers:
            drift.add(f"header {name}", value, "(not sent)")
        else:
            matches(value, answer.headers[name], f"header {name}", bound, drift)
    if shown_body:
        expected = json.loads(BARE_PLACEHOLDER.sub(r'\1"$\2"', shown_body))
        try:
            actual = answer.json()
        except ValueError:
            actual = answer.text[:300]
        matches(expected, actual, "body", bound, drift)
    if drift.problems:
        raise AssertionError(
            f"{example.name} no longer answers as the page shows:\n  "
            + "\n  ".join(drift.problems)
        )


def run_examples(markdown: str, base_url: str) -> dict:
    bound: dict[str, str] = {}
    for example in examples_of(markdown):
        run_example(example, base_url, bound)
    return bound


@pytest.fixture
def demo(transactional_db):
    """The data of ``make run``: the demo users and the seed report."""
    call_command("seed_demo", "--allow-production", verbosity=0)


def test_every_example_of_the_api_doc_answers_as_shown(demo, live_server):
    bound = run_examples(DOC.read_text(), live_server.url)

    assert len(examples_of(DOC.read_text())) >= 20
    assert {"ROSA", "EDITH", "CLAIM", "SOURCE", "EVIDENCE"} <= set(bound)


def test_the_api_doc_has_no_example_that_is_not_run():
    # A curl line or a bare JSON answer would be an example no test sends.
    text = DOC.read_text()

    assert not re.search(r"^```(sh|bash|shell|console)\b", text, re.MULTILINE)
    assert "curl " not in text.replace("`curl`", "")


WRONG = """
## Who am I

```http
GET /api/v1/me/
```

```http
HTTP/1.1 200 OK
Content-Type: application/json

{"username": "rosa", "…": "…"}
```
"""


def test_an_example_that_drifted_fails_naming_it(transactional_db, live_server):
    # Without a token /me/ is a 401 problem: the example above is wrong.
    with pytest.raises(AssertionError) as failure:
        run_examples(WRONG, live_server.url)

    message = str(failure.value)
    assert "line 4 (GET /api/v1/me/, under 'Who am I')" in message
    assert "status: the page shows 200, the server answered 401" in message
    assert "header Content-Type: the page shows 'application/json'" in message
    assert "body.username: the page shows 'rosa', the server answered '(no such" in (
        message
    )


def test_placeholders_bind_once_and_must_agree_after():
    bound, drift = {}, Drift()

    matches({"id": "$CLAIM", "…": "…"}, {"id": 42, "text": "x"}, "body", bound, drift)
    matches("/api/v1/claims/$CLAIM/", "/api/v1/claims/43/", "header", bound, drift)

    assert bound == {"CLAIM": "42"}
    assert drift.problems == [
        "header: the page shows '/api/v1/claims/$CLAIM/', "
        "the server answered '/api/v1/claims/43/'"
    ]

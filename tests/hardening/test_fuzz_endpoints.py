"""Every API endpoint and every HTML form, fuzzed with hostile input: never a 5xx.

Issue 18 found 500s from deep JSON, integer ids beyond 64 bits (SQLite's driver
overflows) and NUL bytes (PostgreSQL refuses them). Hypothesis sends those, mixed
with ordinary values, to:

- every operation of the API's own OpenAPI schema: the path ids, every query
  parameter, the body as a whole (deep ``[[[…``) and every field of it, as JSON
  and as a form;
- every form on every page of the site and of the admin, found by reading the
  pages themselves (so a new page or field is fuzzed without editing this
  test), and every filter link of the admin's lists.

Any answer below 500 passes: this test asserts only that input never breaks the
server. Runtime is kept under about 30 s (examples per target below).
"""

import json
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.generators import SchemaGenerator
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from tests.api.conftest import token_client
from tests.factories import AppearanceFactory, EvidenceFactory, SourceFactory
from tests.hardening import fuzz
from tests.reviews.publishing import publish
from tests.states import in_review_claim, researching_claim

pytestmark = pytest.mark.django_db

API_EXAMPLES = 6
# Each form example sends one request to every form found (about 30 on the
# site, 50 in the admin), so a few examples already mean hundreds of requests.
FORM_EXAMPLES = {"site": 4, "admin": 2}
FUZZ_API = settings(fuzz.FUZZ, max_examples=API_EXAMPLES, database=None)

# --- hostile values ---------------------------------------------------------------

HUGE_INTS = st.sampled_from(
    [2**63, 2**63 - 1, 2**64, 2**70, -(2**63) - 1, 10**30, 10**400]
)
NUL_TEXT = st.one_of(
    st.sampled_from(["\x00", "a\x00b", "\x00" * 20, "1\x00", "%00"]),
    st.text(max_size=10).map(lambda text: text + "\x00"),
)
ORDINARY = st.one_of(
    st.sampled_from(["", "1", "0", "-1", "true", "x", "editor", "supports"]),
    st.text(max_size=20),
)
TEXT_VALUE = st.one_of(HUGE_INTS.map(str), NUL_TEXT, ORDINARY)
# One kind of hostility per form example: a NUL anywhere makes the whole request
# a 400 before any view runs, which would hide what a huge id does to the form.
FORM_VALUES = {
    "huge": st.one_of(HUGE_INTS.map(str), ORDINARY),
    "nul": NUL_TEXT,
    "text": st.one_of(ORDINARY, st.text(min_size=1, max_size=200)),
}


def _nested_list(depth: int) -> str:
    return "[" * depth + "]" * depth


DEEP_TEXT = st.one_of(
    st.just("[" * 100_000),  # the request that exposed it
    st.integers(33, 5_000).map(_nested_list),
    st.integers(33, 5_000).map(lambda n: '{"a":' * n + "1" + "}" * n),
)
JSON_VALUE = st.one_of(
    HUGE_INTS,
    st.lists(HUGE_INTS, min_size=1, max_size=3),
    NUL_TEXT,
    st.integers(33, 200).map(lambda n: json.loads(_nested_list(n))),
    ORDINARY,
)

# --- the API ------------------------------------------------------------------------


def _request_fields(schema: dict, operation: dict) -> list[str]:
    content = operation.get("requestBody", {}).get("content", {})
    body = next(iter(content.values()), {}).get("schema", {})
    ref = body.get("$ref", "")
    if ref:
        body = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return sorted(body.get("properties", {}))


def _api_operations() -> list[dict]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        {
            "method": method.upper(),
            "path": path,
            "query": sorted(
                p["name"] for p in operation.get("parameters", []) if p["in"] == "query"
            ),
            "fields": _request_fields(schema, operation),
        }
        for path, item in sorted(schema["paths"].items())
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


API_OPERATIONS = _api_operations()


@pytest.fixture
def desk(editor, researcher, other_researcher):
    """Records in several states, and ids to put in the paths."""
    researching = researching_claim(researcher)
    AppearanceFactory(claim=researching)
    evidence = EvidenceFactory(claim=researching, added_by=researcher)
    in_review = in_review_claim(other_researcher)
    published = publish(AppearanceFactory().claim, researcher=researcher, editor=editor)
    return {
        "claims": [researching.pk, in_review.pk, published.pk],
        "evidence": [evidence.pk],
        "sources": [evidence.source_id, SourceFactory().pk],
        "reports": [researching.appearances.get().report_id],
        "events": [1, 2],
        "personas": [editor, researcher],
    }


def _id_for(segment: str, desk: dict, choice: int) -> str:
    ids = desk.get(segment) or desk["events" if segment == "events" else "claims"]
    return str(ids[choice % len(ids)])


API_CALL = st.fixed_dictionaries(
    {
        "path_id": st.one_of(st.integers(0, 5), HUGE_INTS.map(str), NUL_TEXT),
        "query": st.dictionaries(st.integers(0, 20), TEXT_VALUE, max_size=3),
        "body": st.one_of(
            DEEP_TEXT,
            st.dictionaries(st.integers(0, 20), JSON_VALUE, max_size=4),
        ),
        "as_form": st.booleans(),
        "persona": st.integers(0, 1),
    }
)


PLAIN_CALL = {"path_id": 0, "query": {}, "body": {}, "as_form": False, "persona": 0}


def _api_url(operation: dict, call: dict, desk: dict) -> str:
    parts = operation["path"].split("/")
    for index, part in enumerate(parts):
        if part.startswith("{"):
            raw = call["path_id"]
            value = (
                _id_for(parts[index - 1], desk, raw) if isinstance(raw, int) else raw
            )
            parts[index] = value.replace("\x00", "%00")
    url = "/".join(parts)
    names = operation["query"]
    if names and call["query"]:
        query = {names[k % len(names)]: v for k, v in call["query"].items()}
        url += "?" + urlencode(query)
    return url


def _api_body(operation: dict, call: dict) -> tuple[str, str]:
    body = call["body"]
    fields = operation["fields"] or ["id", "claim", "source", "cited_evidence"]
    if isinstance(body, str):
        return body, "application/json"
    data = {fields[k % len(fields)]: v for k, v in body.items()}
    if call["as_form"]:
        flat = {k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}
        return urlencode(flat), "application/x-www-form-urlencoded"
    return json.dumps(data), "application/json"


@pytest.mark.parametrize(
    "operation", API_OPERATIONS, ids=lambda op: f"{op['method']} {op['path']}"
)
def test_no_api_endpoint_answers_5xx_to_hostile_input(operation, desk):
    clients = [token_client(user) for user in desk["personas"]]

    @FUZZ_API
    @given(call=API_CALL)
    @example(call={**PLAIN_CALL, "body": "[" * 100_000})  # the request of issue 18
    @example(call={**PLAIN_CALL, "path_id": str(2**63), "body": {0: 2**64}})
    @example(call={**PLAIN_CALL, "query": {0: "\x00"}, "body": {0: "\x00"}})
    def run(call):
        client: APIClient = clients[call["persona"]]
        client.raise_request_exception = False
        url = _api_url(operation, call, desk)
        headers = {}
        if operation["method"] in {"PATCH", "PUT", "POST"}:
            etag = client.get(url.split("?")[0]).get("ETag")
            headers["HTTP_IF_MATCH"] = etag or '"1"'
        if operation["method"] == "GET":
            response = client.get(url)
        else:
            body, content_type = _api_body(operation, call)
            response = client.generic(
                operation["method"], url, body, content_type=content_type, **headers
            )
        assert response.status_code < 500, (url, response.content[:500])

    run()


# --- the HTML forms -----------------------------------------------------------------


class _Forms(HTMLParser):
    """The forms of a page: method, action, and each field's name and values.

    A field outside its form that names it (``form="bulk-form"``, as the claims
    list's checkboxes do) belongs to that form.
    """

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.filter_links: list[str] = []
        self._by_id: dict[str, dict] = {}
        self._open: dict | None = None
        self._select: tuple[dict, str] | None = None
        self._elsewhere: list[tuple[str, dict, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._open = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action"),
                "fields": {},
            }
            self.forms.append(self._open)
            if attrs.get("id"):
                self._by_id[attrs["id"]] = self._open
        elif tag == "a" and (attrs.get("href") or "").startswith("?"):
            self.filter_links.append(attrs["href"])
        elif tag in {"input", "textarea", "select", "button"} and attrs.get("name"):
            if attrs.get("form"):
                self._elsewhere.append((attrs["form"], attrs, tag))
            elif self._open is not None:
                self._add(self._open, attrs, tag)
        elif tag == "option" and self._select:
            form, name = self._select
            form["fields"][name].append(attrs.get("value") or "")

    def _add(self, form: dict, attrs: dict, tag: str) -> None:
        kind = attrs.get("type", tag)
        values = form["fields"].setdefault(attrs["name"], [])
        if kind not in {"submit", "button", "file", "select"} or tag == "button":
            values.append(attrs.get("value") or "")
        self._select = (form, attrs["name"]) if tag == "select" else None

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._open = None

    def close(self):
        super().close()
        for form_id, attrs, tag in self._elsewhere:
            if form_id in self._by_id:
                self._add(self._by_id[form_id], attrs, tag)
        self._select = None


def _fill_pattern(route: str, ids: dict) -> str | None:
    def replace(match: re.Match) -> str:
        converter, name = match.group(1) or "str", match.group(2)
        before = route[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        if converter == "int":
            return str(ids.get(before, ids["claims"]))
        if name == "username":
            return "editor"
        return "x"

    return re.sub(r"<(?:(\w+):)?(\w+)>", replace, route)


def _site_pages(ids: dict) -> list[str]:
    """Every page of the site (not the API, not the admin), with real ids."""
    pages = []

    def walk(patterns, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                if route.startswith(("api/", "admin/")):
                    continue
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern) and "(?P" not in route:
                pages.append("/" + _fill_pattern(route, ids))

    walk(get_resolver().url_patterns, "")
    return sorted(set(pages))


def _admin_pages(ids: dict) -> list[str]:
    pages = [reverse("admin:index")]
    for model, _model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
        pages.append(reverse("admin:{}_{}_add".format(*info)))
        if not model._meta.managed:
            continue  # no table, no rows (django-rq's dashboard is a page, not rows)
        first = model._default_manager.order_by("pk").values_list("pk", flat=True)
        if first.exists():
            pages.append(reverse("admin:{}_{}_change".format(*info), args=[first[0]]))
    return pages


SKIP_ACTIONS = ("/accounts/logout/", "/admin/logout/", "/password/")


def _targets(client, pages: list[str]) -> list[dict]:
    """Each form (and admin filter link) on the pages: where to send what."""
    targets = []
    for page in pages:
        response = client.get(page)
        if response.status_code != 200 or "html" not in response.get(
            "Content-Type", ""
        ):
            continue
        parser = _Forms()
        parser.feed(response.content.decode(errors="replace"))
        parser.close()
        for form in parser.forms:
            action = form["action"] or page
            if any(skip in action for skip in SKIP_ACTIONS):
                continue
            targets.append({**form, "action": action, "page": page})
        # One filter link per set of parameters: the values are fuzzed anyway.
        links = {}
        for link in parser.filter_links:
            fields = {key: [value] for key, value in parse_qsl(link[1:])}
            links.setdefault(tuple(sorted(fields)), fields)
        for fields in links.values():
            if fields:
                targets.append(
                    {"method": "get", "action": page, "fields": fields, "page": page}
                )
    return targets


FORM_INPUT = st.sampled_from(sorted(FORM_VALUES)).flatmap(
    lambda kind: st.fixed_dictionaries(
        {
            # With huge ids, the simplest example changes nothing else: the form
            # is otherwise valid, so the ids reach the view's queries.
            "hostile": st.dictionaries(
                st.integers(0, 50),
                FORM_VALUES[kind],
                min_size=0 if kind == "huge" else 1,
                max_size=3,
            ),
            # Ids beyond 64 bits added to every id field the form has.
            "huge_id": HUGE_INTS.map(str) if kind == "huge" else st.none(),
        }
    )
)
ID_FIELDS = {"claims", "cited_evidence", "_selected_action", "report", "source"}


def _form_data(target: dict, data: dict) -> dict[str, list[str]]:
    # Start from a form that would pass (the first real choice of each field), so
    # that the hostile values get past "this field is required" into the view.
    fields = {
        name: [next((v for v in values if v), values[0] if values else "")]
        for name, values in target["fields"].items()
    }
    names = sorted(fields)
    for key, value in data["hostile"].items():
        if names:
            fields[names[key % len(names)]] = [value]
    if data["huge_id"]:
        for name in ID_FIELDS & set(fields):
            fields[name].append(data["huge_id"])
    return fields


def _send_form(client, target: dict, data: dict):
    fields = _form_data(target, data)
    action = target["action"]
    if target["method"] == "post":
        return client.post(action, fields)
    base = urlsplit(action)
    query = urlencode([(k, v) for k, vs in fields.items() for v in vs])
    return client.get(f"{base.path}?{query}")


def _discover(client, user, page_sets: list[list[str]]) -> list[dict]:
    client.force_login(user)
    found: dict[tuple, dict] = {}
    for pages in page_sets:
        for target in _targets(client, pages):
            key = (target["method"], target["action"], tuple(sorted(target["fields"])))
            found.setdefault(key, target)
    return list(found.values())


@pytest.mark.parametrize("area", ["site", "admin"])
def test_no_form_answers_5xx_to_hostile_input(client, area, desk, admin):
    client.raise_request_exception = False
    ids = {
        "sources": desk["sources"][0],
        "reports": desk["reports"][0],
        "verdicts": desk["claims"][2],
        "evidence": desk["evidence"][0],
    }
    if area == "site":
        # The editor and the researcher assigned to a claim see different forms
        # (actions, the review form); each claim state shows others again.
        page_sets = [_site_pages({**ids, "claims": pk}) for pk in desk["claims"]]
        users = desk["personas"]
    else:
        page_sets = [_admin_pages({**ids, "claims": desk["claims"][0]})]
        users = [admin]
    targets = {user.pk: (user, _discover(client, user, page_sets)) for user in users}
    found = sum(len(user_targets) for _, user_targets in targets.values())
    assert found >= (12 if area == "site" else 30)

    @settings(FUZZ_API, max_examples=FORM_EXAMPLES[area])
    @given(data=FORM_INPUT)
    @example(data={"hostile": {}, "huge_id": str(2**63)})
    @example(data={"hostile": {0: "\x00", 1: "\x00", 2: "\x00"}, "huge_id": None})
    def run(data):
        for user, user_targets in targets.values():
            client.force_login(user)  # a hostile form may well have signed us out
            for target in user_targets:
                response = _send_form(client, target, data)
                assert response.status_code < 500, (
                    user.username,
                    target["page"],
                    target["action"],
                    _form_data(target, data),
                    response.content[:300],
                )

    run()

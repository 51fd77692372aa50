"""The search box fuzzed: any query, full-text syntax included, answers without a 500.

The claims list (``/claims/?q=``) and the API (``/api/v1/claims/?q=``) share
``ClaimFilterSet``; whatever the search behind it (substring today, FTS5 or
``tsvector`` tomorrow), a query is an answer or a 400, never a server error.
"""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from tests.factories import AppearanceFactory, ClaimFactory
from tests.hardening import fuzz

pytestmark = pytest.mark.django_db

FUZZ = settings(fuzz.FUZZ, max_examples=75)

# Operators and quoting of SQLite FTS5, PostgreSQL tsquery/websearch and LIKE.
SYNTAX = st.sampled_from(
    [
        "AND", "OR", "NOT", "NEAR(", "NEAR/3", "NEAR(a b, 2)", "*", "^", '"', "'",
        "-", "+", "(", ")", ":", "text:", "topic:", "{text topic}:", "&", "|", "!",
        "<->", "<2>", ":*", "\\", "%", "_", "~", ";", "--", "/*", "*/", "\x00",
        "\x1f", "\u200b", "\ufffd", "😀", "ß", "İ", "東京", "$$", "NULL", "''",
    ]
)  # fmt: skip
WORD = st.sampled_from(["China", "chips", "grew", "40%", "2025", "huawei", "the"])
QUERY = st.one_of(
    st.lists(st.one_of(SYNTAX, WORD), max_size=12).flatmap(
        lambda parts: st.sampled_from(["", " "]).map(lambda sep: sep.join(parts))
    ),
    st.text(max_size=60),
    st.lists(st.one_of(SYNTAX, WORD, st.text(max_size=5)), max_size=8).map(" ".join),
)
EXAMPLES = [
    'NEAR("China" chips, -1)',
    '"unterminated',
    "china AND OR NOT",
    "* ^ - :",
    "text:(",
    "a" * 5000,
    "\x00",
    "' OR 1=1 --",
    "%_%",
]


@pytest.fixture
def claims(db):
    for text in ("China trained models on domestic chips in 2025.", "Output grew 40%."):
        AppearanceFactory(claim=ClaimFactory(text=text, topic="Chips & AI"))


def _examples(test):
    for query in EXAMPLES:
        test = example(query=query)(test)
    return test


@FUZZ
@given(query=QUERY)
@_examples
def test_the_claims_list_answers_any_query(client, editor, claims, query):
    client.force_login(editor)
    response = client.get("/claims/", {"q": query})
    assert response.status_code in (200, 400), response.status_code


@FUZZ
@given(query=QUERY)
@_examples
def test_the_api_answers_any_query(editor, claims, query):
    api = APIClient()
    api.force_authenticate(editor)
    response = api.get("/api/v1/claims/", {"q": query})
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 200:
        assert isinstance(response.json()["results"], list)

"""Full-text search of claims (FTS5 on SQLite, tsvector + GIN on PostgreSQL)."""

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.filters import ClaimFilterSet
from claims.models import Claim
from claims.search import drop, ensure_installed, fts5_query, search_claims
from claims.services.claims import claim_update
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def found(query: str) -> set[int]:
    return set(search_claims(Claim.objects.all(), query).values_list("pk", flat=True))


@pytest.fixture
def claims():
    return {
        "chips": ClaimFactory(
            text="Huawei shipped 500,000 Ascend chips in 2025.",
            topic="Semiconductors",
        ),
        "models": ClaimFactory(
            text="DeepSeek trained its model for 5.6 million dollars.",
            topic="Training LLMs on Native Hardware",
        ),
        "markets": ClaimFactory(
            text="Chinese markets for cloud computing grew fastest in Asia.",
            topic="Cloud",
        ),
    }


def test_every_word_must_match_in_text_or_topic(claims):
    assert found("Huawei chips") == {claims["chips"].pk}
    assert found("Huawei semiconductors") == {claims["chips"].pk}
    assert found("Huawei DeepSeek") == set()


def test_search_ignores_case_and_accents_and_stems_english(claims):
    assert found("HUAWEI") == {claims["chips"].pk}
    assert found("market") == {claims["markets"].pk}
    assert found("training hardware") == {claims["models"].pk}


def test_a_blank_query_keeps_the_list_and_punctuation_finds_nothing(claims):
    assert found("   ") == {c.pk for c in claims.values()}
    assert found("*") == set()
    assert found("((( ") == set()


@pytest.mark.parametrize(
    "query",
    [
        '"AND OR NEAR(',
        "*",
        '"unbalanced',
        "NOT",
        "Huawei AND",
        "chips OR",
        "NEAR(Huawei chips)",
        "col:Huawei",
        "text:Huawei",
        "^Huawei",
        "Huawei -chips",
        "a'b\"c",
        "\x00",
        "'",
        "!",
        "🙂 emoji",
        "日本語",
    ],
)
def test_query_syntax_never_breaks_the_search(claims, query):
    # Evaluate the query; any result (even none) is fine, an error is not.
    found_ids = {c.pk for c in search_claims(Claim.objects.all(), query)}
    assert found_ids <= set(Claim.objects.values_list("pk", flat=True))


def test_operator_words_are_searched_as_words():
    claim = ClaimFactory(text="Exports rose AND imports fell.", topic="Trade")
    ClaimFactory(text="Exports rose while imports fell.", topic="Trade")
    assert claim.pk in found("exports AND imports")


def test_a_quoted_phrase_matches_words_in_order(claims):
    assert found('"cloud computing"') == {claims["markets"].pk}
    assert found('"computing cloud"') == set()


def test_the_last_word_matches_as_a_prefix_while_typing(claims):
    if connection.vendor != "sqlite":
        pytest.skip("websearch_to_tsquery has no prefix matching")
    assert found("Hua") == {claims["chips"].pk}


def test_an_edited_claim_is_found_by_its_new_words(claims, editor):
    claim = claims["chips"]
    claim_update(
        claim=claim,
        actor=editor,
        expected_version=claim.version,
        changes={"text": "SMIC produced 7nm wafers at scale in 2025."},
    )
    assert found("SMIC wafers") == {claim.pk}
    assert found("Ascend") == set()


def test_a_deleted_claim_is_no_longer_found(claims):
    claims["chips"].delete()
    assert found("Huawei") == set()


def test_a_lost_index_is_restored_and_refilled(claims):
    # A later migration that rebuilds claims_claim on SQLite drops the triggers.
    assert ensure_installed(connection) is False
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite rebuilds a table to alter it")
    drop(connection)
    assert ensure_installed(connection) is True
    assert found("Huawei") == {claims["chips"].pk}
    later = ClaimFactory(text="Baidu opened a robotaxi depot.", topic="Robotics")
    assert found("robotaxi") == {later.pk}


def test_the_filterset_searches_and_keeps_other_filters(claims):
    data = {"q": "Huawei", "kind": ["statistic"]}
    result = ClaimFilterSet(data, queryset=Claim.objects.all()).qs
    assert list(result) == [claims["chips"]]


def test_fts5_query_quotes_every_phrase():
    assert fts5_query('Huawei "cloud computing" 5.6%') == (
        '"Huawei" "cloud computing" "5 6"*'
    )
    assert fts5_query('"AND OR NEAR(') == '"AND" "OR" "NEAR"*'
    assert fts5_query("* ( )") == ""


@pytest.mark.postgres
def test_postgres_search_uses_the_gin_index(claims):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        sql, params = search_claims(
            Claim.objects.all(), "Huawei"
        ).query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "claim_search_idx" in plan


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=st.text(max_size=60))
def test_fuzzed_queries_never_raise(claims, query):
    result = search_claims(Claim.objects.all(), query)
    assert set(result.values_list("pk", flat=True)) <= {c.pk for c in claims.values()}


@settings(max_examples=100, deadline=None)
@given(
    query=st.text(
        alphabet=st.sampled_from("\"*()^:-+ANDORNEAR{}[],.'\\ ab"), max_size=30
    )
)
def test_fuzzed_fts5_operators_are_always_valid(query):
    if connection.vendor != "sqlite":
        pytest.skip("FTS5 is SQLite's")
    expression = fts5_query(query)
    if not expression:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM claims_claim_fts WHERE claims_claim_fts MATCH %s",
            [expression],
        )
        assert cursor.fetchone()[0] >= 0

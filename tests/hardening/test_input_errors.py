"""Input that made 500s is a 400 with a clear message (issue 18).

- 100 KB of nested ``[[[…`` JSON on the unauthenticated token endpoint and on
  every JSON write endpoint (``json.load`` raised RecursionError);
- huge integer ids on SQLite (its driver raised OverflowError) in a review's
  ``cited_evidence``, the bulk action's claim ids and the admin claims list's
  ``?report=``.
The test settings run with DEBUG off, as in production.
"""

import json

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from audit.models import AuditEvent
from claims.models import Claim, ClaimMatch, MatchSource
from config.ids import MAX_ID
from reviews.models import Review
from tests.api.conftest import token_client
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    EvidenceFactory,
    SourceFactory,
)
from tests.states import new_claim, researching_claim

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000  # the request that exposed it: 100 KB of nested arrays
HUGE = 2**70
TOKEN_URL = "/api/v1/auth/token/"


def _json_write_operations() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in {"post", "put", "patch"}
        and "application/json" in operation.get("requestBody", {}).get("content", {})
    )


JSON_WRITES = _json_write_operations()


@pytest.fixture
def records(editor, researcher):
    claim = researching_claim(researcher)
    AppearanceFactory(claim=claim)
    evidence = EvidenceFactory(claim=claim, added_by=researcher)
    match = ClaimMatch.objects.create(
        claim=claim, other=ClaimFactory(), score=80.0, source=MatchSource.SAME_REPORT
    )
    return {
        "claim": claim,
        "evidence": evidence,
        "source": evidence.source,
        "match": match,
    }


def _fill(path: str, records) -> str:
    ids = {
        "claims": records["claim"].pk,
        "evidence": records["evidence"].pk,
        "sources": records["source"].pk,
        "matches": records["match"].pk,
    }
    parts = path.split("/")
    for index, part in enumerate(parts):
        if part.startswith("{"):
            parts[index] = str(ids.get(parts[index - 1], records["claim"].pk))
    return "/".join(parts)


def _assert_parse_error(response, words: str) -> None:
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/problem+json")
    error = response.json()
    assert error["code"] == "parse_error"
    assert words in error["detail"]


def test_deep_json_on_the_token_endpoint_is_a_400():
    response = APIClient().post(TOKEN_URL, DEEP, content_type="application/json")
    _assert_parse_error(response, "nested more than 32 levels")


def test_the_write_endpoints_were_found():
    assert ("POST", "/api/v1/auth/token/") in JSON_WRITES
    assert ("PATCH", "/api/v1/claims/{id}/") in JSON_WRITES
    assert len(JSON_WRITES) >= 10


@pytest.mark.parametrize(("method", "path"), JSON_WRITES)
def test_deep_json_on_every_json_write_endpoint_is_a_400(editor, records, method, path):
    client = token_client(editor)
    url = _fill(path, records)
    before = AuditEvent.objects.count()
    response = client.generic(
        method, url, DEEP, content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    _assert_parse_error(response, "nested more than 32 levels")
    assert AuditEvent.objects.count() == before


def test_json_a_little_too_deep_is_refused_and_shallow_json_accepted(researcher):
    deep_object = json.dumps(
        {"username": "x", "password": "y", "extra": json.loads("[" * 40 + "]" * 40)}
    )
    response = APIClient().post(TOKEN_URL, deep_object, content_type="application/json")
    _assert_parse_error(response, "nested more than 32 levels")
    response = APIClient().post(
        TOKEN_URL,
        {"username": researcher.username, "password": "correct-horse-battery"},
        format="json",
    )
    assert response.status_code == 200


def test_a_body_over_the_upload_limit_is_a_413(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"username": "x" * 2000, "password": "y"})
    response = APIClient().post(TOKEN_URL, body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


@pytest.mark.parametrize(
    "body",
    [b"\xff\xfe{", b'{"username": 1e999999, "password": NaN}', b"1" * 5000],
)
def test_malformed_json_is_a_400(body):
    response = APIClient().post(TOKEN_URL, body, content_type="application/json")
    _assert_parse_error(response, "")


# --- huge ids --------------------------------------------------------------------


@pytest.mark.parametrize("cited", [HUGE, MAX_ID + 1, -HUGE])
def test_a_huge_cited_evidence_id_in_the_api_is_a_400(researcher, records, cited):
    claim = records["claim"]
    response = token_client(researcher).post(
        f"/api/v1/claims/{claim.pk}/reviews/",
        {"rating": "mostly_true", "rationale": "Because.", "cited_evidence": [cited]},
        format="json",
    )
    assert response.status_code == 400
    assert "cited_evidence.0" in response.json()["errors"]
    assert not Review.objects.exists()


def test_the_largest_64_bit_id_is_refused_as_not_this_claims_evidence(
    researcher, records
):
    response = token_client(researcher).post(
        f"/api/v1/claims/{records['claim'].pk}/reviews/",
        {"rating": "mostly_true", "rationale": "x", "cited_evidence": [MAX_ID]},
        format="json",
    )
    assert response.status_code == 400
    assert "cited_evidence" in response.json()["errors"]


def test_a_huge_cited_evidence_id_on_the_review_form_is_refused(
    client, researcher, records
):
    client.force_login(researcher)
    response = client.post(
        f"/claims/{records['claim'].pk}/review/",
        {"rating": "mostly_true", "confidence": "medium", "rationale": "x",
         "cited_evidence": [str(HUGE)]},
    )  # fmt: skip
    assert response.status_code == 400
    assert not Review.objects.exists()


@pytest.mark.parametrize("claim_id", [str(HUGE), str(MAX_ID + 1), "0", "-1"])
def test_huge_ids_in_a_bulk_action_are_refused(client, editor, records, claim_id):
    client.force_login(editor)
    claim = records["claim"]
    response = client.post(
        "/claims/bulk/",
        {"action": "not_checkable", "reason": "Opinion.", "claims": [claim_id]},
        follow=True,
    )
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert Claim.objects.get(pk=claim.pk).status == claim.status


def test_the_admin_claims_list_with_a_huge_report_id_is_empty(client, admin, records):
    client.force_login(admin)
    response = client.get("/admin/claims/claim/", {"report": str(HUGE)})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0
    response = client.get(
        "/admin/claims/claim/",
        {"report": str(records["claim"].appearances.get().report_id)},
    )
    assert response.context["cl"].result_count == 1


@pytest.mark.parametrize("claim", [str(HUGE), str(MAX_ID + 1), "x"])
def test_a_huge_claim_id_in_the_evidence_filter_is_a_400(editor, claim):
    # Found by the fuzz test: the filter's FK lookup overflowed on SQLite.
    response = token_client(editor).get("/api/v1/evidence/", {"claim": claim})
    assert response.status_code == 400
    assert "claim" in response.json()["errors"]


def test_an_id_that_names_no_claim_in_the_evidence_filter_is_an_empty_list(editor):
    # The API's one rule for query parameters: an id that matches nothing (here a
    # negative one) is an empty result, not an error.
    response = token_client(editor).get("/api/v1/evidence/", {"claim": "-1"})
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("pk", ["abc", "1x", str(HUGE)])
def test_a_report_address_that_is_not_an_id_is_a_404(editor, pk):
    # Found by the fuzz test: /api/v1/reports/abc/ was a 500 (int("abc")).
    assert token_client(editor).get(f"/api/v1/reports/{pk}/").status_code == 404


def test_parse_id_takes_positive_64_bit_integers_only():
    from config.ids import parse_id

    assert parse_id("42") == 42
    assert parse_id(MAX_ID) == MAX_ID
    for bad in [MAX_ID + 1, "0", "-1", "1e3", "٣", "", " ", "x", "1" * 40, None]:
        assert parse_id(bad) is None, bad


def test_a_source_is_unaffected(editor):
    # A sanity check that ordinary writes still parse: a new source through JSON.
    response = token_client(editor).post(
        "/api/v1/sources/",
        {"url": "https://example.org/a", "title": "A", "kind": "other"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert SourceFactory._meta.model.objects.filter(title="A").exists()


@pytest.mark.parametrize(
    "path",
    [
        f"/admin/axes/accesslog/?attempt_time__year={2**63}",  # found by the fuzz test
        "/admin/audit/auditevent/?at__year=9999",  # the year after is out of range
        "/admin/audit/auditevent/?at__year=2026&at__month=13",
        "/admin/audit/auditevent/?at__year=0",
    ],
)
def test_an_admin_date_out_of_the_calendar_is_a_400(client, admin, path):
    client.force_login(admin)
    response = client.get(path)
    assert response.status_code == 400
    assert b"outside the calendar" in response.content


def test_an_admin_date_in_the_calendar_still_filters(client, admin):
    client.force_login(admin)
    response = client.get("/admin/audit/auditevent/?at__year=2026&at__month=5")
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/claims/", "/api/v1/claims/"])
def test_an_overflow_from_any_view_is_a_400(rf, path):
    """The net under code that is not ours: an OverflowError means input too large."""
    from config.input_guard_middleware import InputGuardMiddleware

    request = rf.get(path)
    guard = InputGuardMiddleware(lambda request: None)
    response = guard.process_exception(request, OverflowError("int too large"))
    assert response.status_code == 400
    assert b"too large" in response.content
    assert guard.process_exception(request, ValueError("other")) is None


@pytest.mark.django_db
def test_an_admin_action_on_ids_that_are_not_ids_is_a_400(admin_client):
    # Found by the form fuzz test: Django's admin filters by the posted ids as is.
    response = admin_client.post(
        "/admin/auth/user/",
        {"action": "delete_selected", "_selected_action": ["true", "1\x01"]},
    )
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()


def test_a_multipart_body_with_no_readable_part_is_a_400_not_a_412(editor):
    """Schemathesis posted a number as multipart to a workflow action: Django's
    parser skipped the headerless part, the action ran on an empty form and the
    stale If-Match answered 412."""
    claim = new_claim()
    client = token_client(editor)
    boundary = "bed6a33ae9156ac73ed25dfda47eb1cc"
    body = f"--{boundary}\r\n3.4283293712497747e+198--{boundary}--\r\n"
    response = client.generic(
        "POST",
        f"/api/v1/claims/{claim.pk}/actions/start_research/",
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
        HTTP_IF_MATCH='W/"6", "PtV?"',
    )
    assert response.status_code == 400
    assert "no part that could be read" in response.json()["detail"]
    claim.refresh_from_db()
    assert claim.status == "new"


def test_an_empty_multipart_form_is_still_read_as_empty(editor):
    claim = new_claim()
    client = token_client(editor)
    boundary = "b0undary"
    response = client.generic(
        "POST",
        f"/api/v1/claims/{claim.pk}/actions/start_research/",
        f"--{boundary}--\r\n",
        content_type=f"multipart/form-data; boundary={boundary}",
        HTTP_IF_MATCH='"999"',
    )
    # Read as an empty form, the request reaches the version check.
    assert response.status_code == 412

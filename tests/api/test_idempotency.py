"""Idempotency-Key on POSTs: the first answer is replayed, nothing is done twice."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from claims.models import Evidence
from config.models import IdempotentRequest
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence_body(researcher):
    claim = ClaimFactory(status="researching", assignee=researcher)
    return {"claim": claim.pk, "source": SourceFactory().pk, "stance": "supports"}


def post_evidence(client, body, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post("/api/v1/evidence/", body, format="json", **headers)


def test_the_same_key_five_times_creates_one_evidence(as_researcher, evidence_body):
    # Posting the same evidence 5 times with a key created 5 rows.
    answers = [post_evidence(as_researcher, evidence_body, "k-1") for _ in range(5)]

    assert Evidence.objects.count() == 1
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["id"] for a in answers}) == 1
    assert "Idempotent-Replayed" not in answers[0]
    assert answers[1]["Idempotent-Replayed"] == "true"
    assert answers[1]["Location"] == answers[0]["Location"]


def test_the_same_key_with_another_body_is_a_422(as_researcher, evidence_body):
    post_evidence(as_researcher, evidence_body, "k-2")

    other = post_evidence(as_researcher, {**evidence_body, "stance": "refutes"}, "k-2")

    assert other.status_code == 422
    assert other["Content-Type"] == "application/problem+json"
    assert other.json()["code"] == "idempotency_key_reused"
    assert Evidence.objects.count() == 1


def test_keys_are_per_user(as_researcher, as_editor, evidence_body):
    post_evidence(as_researcher, evidence_body, "shared")

    second = post_evidence(as_editor, evidence_body, "shared")

    assert "Idempotent-Replayed" not in second
    assert IdempotentRequest.objects.count() == 2


def test_without_a_key_each_post_acts(as_researcher, evidence_body):
    post_evidence(as_researcher, evidence_body)
    post_evidence(as_researcher, evidence_body)

    assert Evidence.objects.count() == 2


def test_a_stored_answer_expires_after_a_day(as_researcher, evidence_body):
    post_evidence(as_researcher, evidence_body, "k-3")
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(hours=25))

    again = post_evidence(as_researcher, evidence_body, "k-3")

    assert "Idempotent-Replayed" not in again
    assert Evidence.objects.count() == 2


def test_the_prune_command_deletes_expired_answers(as_researcher, evidence_body):
    post_evidence(as_researcher, evidence_body, "old")
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(hours=25))
    post_evidence(as_researcher, evidence_body, "new")

    call_command("prune_idempotency_keys")

    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["new"]


def test_an_over_long_key_is_a_400(as_researcher, evidence_body):
    response = post_evidence(as_researcher, evidence_body, "x" * 256)

    assert response.status_code == 400
    assert Evidence.objects.count() == 0


def test_a_key_with_a_control_character_is_a_400(as_editor):
    # Schemathesis: a key outside the schema's pattern (a tab is ASCII, but not
    # printable) was accepted on POST /api/v1/notifications/read/.
    response = as_editor.post(
        "/api/v1/notifications/read/",
        {"ids": [1]},
        format="json",
        HTTP_IDEMPOTENCY_KEY="a\tb",
    )

    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]


def test_every_post_documents_the_header(as_editor):
    schema = as_editor.get("/api/schema/?format=json").json()
    for path, item in schema["paths"].items():
        if "post" in item:
            names = {p["name"] for p in item["post"].get("parameters", [])}
            assert "Idempotency-Key" in names, path

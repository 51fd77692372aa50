"""Evidence through the API: add and remove go through the services and the audit."""

import pytest

from audit.models import AuditEvent
from tests.factories import ClaimFactory, EvidenceFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_add_evidence_to_an_open_claim(as_researcher, researcher):
    claim = ClaimFactory(status="researching", assignee=researcher)
    source = SourceFactory()

    response = as_researcher.post(
        "/api/v1/evidence/",
        {
            "claim": claim.pk,
            "source": source.pk,
            "stance": "context",
            "locator": "p. 4",
        },
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["source"]["id"] == source.pk
    assert AuditEvent.objects.filter(action="evidence.added").count() == 1


def test_evidence_cannot_be_added_to_a_published_claim(as_researcher):
    claim = ClaimFactory(status="published", verdict="true")

    response = as_researcher.post(
        "/api/v1/evidence/",
        {"claim": claim.pk, "source": SourceFactory().pk, "stance": "supports"},
        format="json",
    )

    assert response.status_code == 409


def test_remove_keeps_the_row_and_records_the_reason(as_researcher, researcher):
    evidence = EvidenceFactory(
        claim=ClaimFactory(status="researching"), added_by=researcher
    )

    response = as_researcher.post(
        f"/api/v1/evidence/{evidence.pk}/remove/",
        {"reason": "Wrong table."},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["removed_by"]["username"] == "researcher"
    event = AuditEvent.objects.get(action="evidence.removed")
    assert event.comment == "Wrong table."
    current = as_researcher.get("/api/v1/evidence/", {"current": "true"}).json()
    assert current["results"] == []


def test_others_evidence_is_not_a_researchers_to_remove(
    as_other_researcher, researcher
):
    evidence = EvidenceFactory(
        claim=ClaimFactory(status="researching"), added_by=researcher
    )

    response = as_other_researcher.post(
        f"/api/v1/evidence/{evidence.pk}/remove/", {}, format="json"
    )

    assert response.status_code == 403


def test_list_filters_by_claim(as_researcher, researcher):
    first = EvidenceFactory(added_by=researcher)
    EvidenceFactory(added_by=researcher)

    body = as_researcher.get("/api/v1/evidence/", {"claim": first.claim_id}).json()

    assert [e["id"] for e in body["results"]] == [first.pk]


def test_a_number_as_the_removal_reason_is_a_400(as_researcher, researcher):
    evidence = EvidenceFactory(
        claim=ClaimFactory(status="researching"), added_by=researcher
    )
    response = as_researcher.post(
        f"/api/v1/evidence/{evidence.pk}/remove/", {"reason": -972}, format="json"
    )
    assert response.status_code == 400
    evidence.refresh_from_db()
    assert evidence.removed_at is None

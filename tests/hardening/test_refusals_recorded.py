"""Every refusal is in the audit trail once: page-level checks, the API, services."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from tests.api.conftest import token_client
from tests.factories import UserFactory
from tests.states import in_review_claim, new_claim

pytestmark = pytest.mark.django_db


def _refusals():
    return list(AuditEvent.objects.filter(action="access.refused").order_by("seq"))


def test_a_researchers_report_import_through_the_web_is_refused_and_recorded(
    client, researcher
):
    client.force_login(researcher)
    response = client.post(
        reverse("desk:report_import"), {"text": "# R\n\nIt grew 5%."}
    )
    assert response.status_code == 403
    (event,) = _refusals()
    assert event.actor == researcher
    assert event.data["attempted"] == "POST /reports/import/"
    assert "editors" in event.data["reason"]


def test_a_researchers_report_import_through_the_api_is_refused_and_recorded(
    researcher,
):
    response = token_client(researcher).post(
        "/api/v1/reports/",
        {"file": SimpleUploadedFile("r.md", b"# R\n\nIt grew 5%.")},
        format="multipart",
    )
    assert response.status_code == 403
    (event,) = _refusals()
    assert event.actor == researcher
    assert event.data["attempted"] == "POST /api/v1/reports/"


def test_a_researchers_bulk_action_is_refused_and_recorded(client, researcher):
    claim = new_claim()
    client.force_login(researcher)
    response = client.post(
        reverse("desk:claim_bulk"),
        {"action": "not_checkable", "claims": [claim.pk], "reason": "vague"},
    )
    assert response.status_code == 403
    (event,) = _refusals()
    assert event.data["attempted"] == "POST /claims/bulk/"


def test_a_user_with_no_role_posting_a_claim_action_is_recorded(client):
    nobody = UserFactory(username="walkin")
    claim = new_claim()
    client.force_login(nobody)
    response = client.post(
        reverse("desk:claim_action", args=[claim.pk]),
        {"action": "start_research", "expected_version": claim.version},
    )
    assert response.status_code == 403
    (event,) = _refusals()
    assert event.actor == nobody
    assert event.data["attempted"] == f"POST /claims/{claim.pk}/action/"


def test_a_refusal_a_service_recorded_is_not_recorded_again(
    client, researcher, other_researcher
):
    claim = in_review_claim(other_researcher)
    client.force_login(researcher)
    response = client.post(
        reverse("desk:claim_action", args=[claim.pk]),
        {"action": "approve", "expected_version": claim.version},
    )
    assert response.status_code == 403
    (event,) = _refusals()
    assert event.data["attempted"] == "claim.approve"


def test_an_api_refusal_a_service_recorded_is_not_recorded_again(
    researcher, other_researcher
):
    claim = in_review_claim(other_researcher)
    response = token_client(researcher).post(
        f"/api/v1/claims/{claim.pk}/actions/approve/",
        {},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert response.status_code == 403
    (event,) = _refusals()
    assert event.data["attempted"] == "claim.approve"

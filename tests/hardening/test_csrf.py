"""CSRF: a forged workflow post, from a form or through the API, is refused, changes
nothing, and the refusal is in the audit trail."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from audit.models import AuditEvent
from claims.models import Claim
from reviews.models import Decision
from tests.factories import ClaimFactory
from tests.reviews.publishing import research_and_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(researcher):
    return research_and_submit(ClaimFactory(), researcher=researcher)


def _state(claim):
    claim = Claim.objects.get(pk=claim.pk)
    return (
        claim.status,
        claim.version,
        Decision.objects.count(),
        AuditEvent.objects.exclude(action="access.refused").count(),
    )


def _refused_csrf() -> int:
    return AuditEvent.objects.filter(
        action="access.refused", data__reason__icontains="CSRF"
    ).count()


def test_a_forged_approve_on_the_claim_page_is_refused_and_changes_nothing(
    in_review, editor
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    url = f"/claims/{in_review.pk}/action/"
    form = {"action": "approve", "expected_version": in_review.version, "note": "ok"}
    before = _state(in_review)

    forged = client.post(url, form)

    assert forged.status_code == 403
    assert "This form could not be accepted" in forged.content.decode()
    assert _state(in_review) == before
    assert _refused_csrf() == 1

    # The same form with the page's token goes through: only the token was missing.
    client.get(f"/claims/{in_review.pk}/")
    token = client.cookies["csrftoken"].value
    accepted = client.post(url, {**form, "csrfmiddlewaretoken": token})
    assert accepted.status_code == 302
    assert Claim.objects.get(pk=in_review.pk).status == "published"


@pytest.mark.parametrize(
    "path, form",
    [
        ("edit/", {"text": "Forged text.", "kind": "event", "expected_version": 0}),
        ("review/", {"rating": "false", "rationale": "Forged.", "confidence": "high"}),
        ("evidence/", {"new_url": "https://evil.example/", "stance": "refutes"}),
    ],
)
def test_other_forged_claim_posts_are_refused(in_review, editor, path, form):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    form = {**form, "expected_version": in_review.version}
    before = _state(in_review)

    assert client.post(f"/claims/{in_review.pk}/{path}", form).status_code == 403
    assert _state(in_review) == before
    assert _refused_csrf() == 1


def test_a_session_api_approve_without_the_token_changes_nothing(in_review, editor):
    # tests/api/test_auth.py shows the 403; this shows nothing happened behind it.
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    before = _state(in_review)

    response = client.post(
        f"/api/v1/claims/{in_review.pk}/actions/approve/", {}, format="json"
    )

    assert response.status_code == 403
    assert _state(in_review) == before
    assert _refused_csrf() == 1

"""The admin's upload of external fact-checks: imported through the service or refused whole."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from claims.models import ExternalFactCheck

pytestmark = pytest.mark.django_db

ADD = "/admin/claims/externalfactcheck/add/"
SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "external-claimreviews.json"


def _upload(name: str, data: bytes) -> dict:
    return {"file": SimpleUploadedFile(name, data, content_type="application/json")}


def test_an_editor_uploads_the_sample_feed(client, editor):
    client.force_login(editor)
    assert "ClaimReview file" in client.get(ADD).content.decode()
    response = client.post(ADD, _upload(SAMPLE.name, SAMPLE.read_bytes()), follow=True)
    assert "5 fact-checks imported" in response.content.decode()
    assert ExternalFactCheck.objects.count() == 5
    assert (
        "Example Fact Desk"
        in client.get("/admin/claims/externalfactcheck/").content.decode()
    )
    event = AuditEvent.objects.get(action="external_factchecks.imported")
    assert event.actor == editor


def test_a_bad_file_is_refused_with_the_item_named(client, editor):
    client.force_login(editor)
    data = b'{"@type": "DataFeed", "dataFeedElement": [{"@type": "Article"}]}'
    html = client.post(ADD, _upload("bad.json", data)).content.decode()
    assert "dataFeedElement[0]: expected a DataFeedItem or a ClaimReview" in html
    assert not ExternalFactCheck.objects.exists()


def test_a_researcher_may_not_upload(client, researcher):
    client.force_login(researcher)
    response = client.post(ADD, _upload(SAMPLE.name, SAMPLE.read_bytes()))
    assert response.status_code in (302, 403)
    assert not ExternalFactCheck.objects.exists()

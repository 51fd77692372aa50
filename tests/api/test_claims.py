"""Claims through the API: scoped lists with the shared filters, detail, ETag edits."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from tests.api.conftest import read_etag, token_client
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    EvidenceFactory,
    ReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_list_uses_the_shared_filters(as_researcher):
    report = ReportFactory()
    in_report = ClaimFactory(text="Chip exports fell by half.", kind="statistic")
    AppearanceFactory(claim=in_report, report=report)
    ClaimFactory(text="Chip imports rose.", kind="event")
    ClaimFactory(text="Something else entirely.", kind="statistic")

    by_search = as_researcher.get("/api/v1/claims/", {"q": "chip"}).json()
    by_kind = as_researcher.get("/api/v1/claims/", {"kind": "event"}).json()
    by_report = as_researcher.get("/api/v1/claims/", {"report": report.pk}).json()

    assert len(by_search["results"]) == 2
    assert [c["text"] for c in by_kind["results"]] == ["Chip imports rose."]
    assert [c["id"] for c in by_report["results"]] == [in_report.pk]


def test_an_invalid_filter_is_a_400_with_the_field_named(as_researcher):
    response = as_researcher.get("/api/v1/claims/", {"status": "bogus"})

    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_page_size_is_bounded(as_researcher, settings):
    settings.LIST_MAX_PAGE_SIZE = 2
    ClaimFactory.create_batch(3)

    response = as_researcher.get("/api/v1/claims/", {"page_size": 10_000})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 2


def test_claim_pages_follow_next_and_previous_without_a_count(as_researcher):
    claims = ClaimFactory.create_batch(5)
    ids = [c.pk for c in claims]

    first = as_researcher.get("/api/v1/claims/", {"page_size": 2, "sort": "-id"})
    body = first.json()
    assert "count" not in body and body["previous"] is None
    assert [c["id"] for c in body["results"]] == ids[::-1][:2]
    second = as_researcher.get(body["next"]).json()
    assert [c["id"] for c in second["results"]] == ids[::-1][2:4]
    assert "sort=-id" in second["next"] and "page_size=2" in second["next"]
    last = as_researcher.get(second["next"]).json()
    assert [c["id"] for c in last["results"]] == [ids[0]]
    assert last["next"] is None
    back = as_researcher.get(last["previous"]).json()
    assert [c["id"] for c in back["results"]] == ids[::-1][2:4]


def test_users_without_a_role_see_no_claims(db):
    ClaimFactory()
    client = token_client(UserFactory(username="reader"))

    assert client.get("/api/v1/claims/").json()["results"] == []


def test_detail_has_appearances_evidence_and_an_etag(as_researcher, researcher):
    claim = ClaimFactory()
    AppearanceFactory(claim=claim, section="Training")
    EvidenceFactory(claim=claim, added_by=researcher)

    response = as_researcher.get(f"/api/v1/claims/{claim.pk}/")

    assert response.status_code == 200
    assert response["ETag"].startswith('"1-')
    body = response.json()
    assert body["appearances"][0]["section"] == "Training"
    assert body["evidence"][0]["stance"] == "supports"
    assert body["available_actions"] == ["start_research"]


def test_unknown_claim_is_a_json_404(as_researcher):
    response = as_researcher.get("/api/v1/claims/987654/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_edit_without_if_match_is_428(as_editor):
    claim = ClaimFactory()

    response = as_editor.patch(
        f"/api/v1/claims/{claim.pk}/", {"topic": "Chips"}, format="json"
    )

    assert response.status_code == 428
    assert response.json()["code"] == "precondition_required"
    claim.refresh_from_db()
    assert claim.topic == ""


def test_edit_with_the_current_etag_changes_the_claim(as_editor, editor):
    claim = ClaimFactory()
    url = f"/api/v1/claims/{claim.pk}/"

    response = as_editor.patch(
        url,
        {"topic": "Chips", "kind": "comparison"},
        format="json",
        HTTP_IF_MATCH=read_etag(as_editor, url),
    )

    assert response.status_code == 200
    assert response["ETag"].startswith('"2-')
    assert response["ETag"] == read_etag(as_editor, url)
    assert response.json()["topic"] == "Chips"
    event = AuditEvent.objects.get(action="claim.changed")
    assert event.actor == editor
    assert event.data["changes"]["topic"] == {"old": "", "new": "Chips"}


def test_edit_with_a_stale_etag_is_412_with_the_current_version(as_editor):
    claim = ClaimFactory(version=3)

    response = as_editor.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"text": "An overwrite."},
        format="json",
        HTTP_IF_MATCH='"2-0123456789abcdef0123"',
    )

    assert response.status_code == 412
    assert response.json()["code"] == "stale"
    assert response.json()["current_version"] == 3
    # No tag to retry with blindly: the client reads the claim again.
    assert not response.has_header("ETag")
    claim.refresh_from_db()
    assert claim.text != "An overwrite."


def test_status_cannot_be_patched(as_editor):
    claim = ClaimFactory()

    response = as_editor.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"status": "published"},
        format="json",
        HTTP_IF_MATCH="*",
    )

    assert response.status_code == 400
    assert "workflow actions" in response.json()["errors"]["status"][0]
    claim.refresh_from_db()
    assert claim.status == "new"


def test_put_is_not_offered(as_editor):
    claim = ClaimFactory()

    response = as_editor.put(
        f"/api/v1/claims/{claim.pk}/", {"text": "x"}, format="json"
    )

    assert response.status_code == 405


def test_a_claim_in_review_is_returned_before_it_is_edited(as_editor):
    claim = ClaimFactory(status="in_review")

    response = as_editor.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"topic": "Chips"},
        format="json",
        HTTP_IF_MATCH=read_etag(as_editor, f"/api/v1/claims/{claim.pk}/"),
    )

    assert response.status_code == 409
    assert "return or reopen it first" in response.json()["detail"]


def test_editor_assigns_an_open_claim(as_editor, researcher):
    claim = ClaimFactory()

    response = as_editor.post(
        f"/api/v1/claims/{claim.pk}/assign/", {"assignee": researcher.pk}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["assignee"]["username"] == "researcher"


@pytest.mark.parametrize(
    "url", ["/api/v1/claims/", "/api/v1/evidence/", "/api/v1/sources/"]
)
def test_list_queries_do_not_grow_with_the_page(as_researcher, researcher, url):
    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert as_researcher.get(url).status_code == 200
        return len(captured)

    EvidenceFactory(added_by=researcher, claim=ClaimFactory(assignee=researcher))
    few = queries_for_page()
    for _ in range(10):
        EvidenceFactory(added_by=researcher, claim=ClaimFactory(assignee=researcher))

    assert queries_for_page() == few

"""One rule for query parameters: bad values 400 (with the allowed ones), unknown
parameters ignored, ids that match nothing an empty list."""

import pytest
from django.test import Client

from tests.factories import ClaimFactory, EvidenceFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_status_lists_the_allowed_values(as_editor):
    response = as_editor.get("/api/v1/claims/", {"status": "bogus"})

    assert response.status_code == 400
    (message,) = response.json()["errors"]["status"]
    assert "researching" in message and "published" in message


def test_an_unknown_sort_lists_the_allowed_values(as_editor):
    response = as_editor.get("/api/v1/claims/", {"sort": "sideways"})

    assert response.status_code == 400
    assert "-updated" in response.json()["errors"]["sort"][0]


def test_an_unknown_stance_lists_the_allowed_values(as_editor):
    response = as_editor.get("/api/v1/evidence/", {"stance": "maybe"})

    assert response.status_code == 400
    assert "supports" in response.json()["errors"]["stance"][0]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/claims/?report=0",
        "/api/v1/claims/?report=999999",
        "/api/v1/claims/?assignee=0",
        "/api/v1/evidence/?claim=0",
        "/api/v1/evidence/?claim=999999",
    ],
)
def test_an_id_that_matches_nothing_is_an_empty_list(as_editor, path):
    # ?report=0 was a 400.
    EvidenceFactory(claim=ClaimFactory())

    response = as_editor.get(path)

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_an_id_that_is_not_a_number_is_a_400(as_editor):
    assert as_editor.get("/api/v1/claims/", {"report": "abc"}).status_code == 400


def test_unknown_parameters_are_ignored(as_editor):
    ClaimFactory()

    response = as_editor.get("/api/v1/claims/", {"colour": "blue"})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/claims/?page_size=null",
        "/api/v1/claims/?before=1.5",
        "/api/v1/claims/?after=x",
        "/api/v1/sources/?page_size=null",
        "/api/v1/evidence/?page_size=1.5",
    ],
)
def test_a_paging_parameter_that_is_not_a_number_is_a_400(as_editor, path):
    # page_size=null and before=<float> were silently ignored.
    response = as_editor.get(path)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_the_feeds_cursor_must_be_a_number():
    response = Client().get("/verdicts/feed.json", {"before": "1.5"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "before" in response.json()["errors"]


def test_an_empty_value_of_a_typed_filter_is_a_400(as_editor):
    # ?sort= and ?until= were silently ignored.
    assert as_editor.get("/api/v1/claims/", {"sort": ""}).status_code == 400
    response = as_editor.get("/api/v1/audit/events/", {"until": ""})
    assert response.status_code == 400
    assert "until" in response.json()["errors"]


def test_an_empty_search_is_no_filter(as_editor):
    ClaimFactory()

    response = as_editor.get("/api/v1/claims/", {"q": ""})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_a_yes_no_filter_takes_true_or_false_only(as_editor):
    # ?unassigned=null was read as "no filter".
    response = as_editor.get("/api/v1/claims/", {"unassigned": "null"})

    assert response.status_code == 400
    assert "true, false" in response.json()["errors"]["unassigned"][0]


# Schemathesis sent integers as arrays and objects, which reach the server as a
# repeated or an empty parameter; each was read as absent or as its last value.
@pytest.mark.parametrize(
    "path, name",
    [
        ("/api/v1/import-jobs/?after=&page_size=5", "after"),
        ("/api/v1/import-jobs/?page=", "page"),
        ("/api/v1/notifications/?page=x&page=", "page"),
        ("/api/v1/notifications/?page_size=", "page_size"),
        ("/api/v1/audit/events/?page_size=5&page_size=", "page_size"),
        ("/api/v1/claims/?after=1&after=2", "after"),
        ("/api/v1/verdicts/?page_size=&before=0", "before"),
        ("/api/v1/verdicts/?page_size=", "page_size"),
    ],
)
def test_an_empty_or_repeated_paging_parameter_is_a_400(as_editor, path, name):
    response = as_editor.get(path)

    assert response.status_code == 400
    assert name in response.json()["errors"]


@pytest.mark.parametrize(
    "path", ["/api/v1/notifications/", "/api/v1/evidence/", "/api/v1/claims/"]
)
def test_a_page_number_is_refused_where_lists_are_keyset_pages(as_editor, path):
    # Ignored, ?page=2 would answer the first page and a client counting pages
    # would loop for ever.
    response = as_editor.get(path, {"page": 2})

    assert response.status_code == 400
    assert "page" in response.json()["errors"]


def test_an_empty_or_repeated_audit_cursor_is_refused(as_editor):
    assert as_editor.get("/api/v1/audit/events/?cursor=").status_code == 404
    response = as_editor.get("/api/v1/audit/events/?cursor=a&cursor=b")
    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]

"""Signed-in pages carry ``Cache-Control: private, no-store``; public ones keep theirs.

Issue 18: with DEBUG off, the pages of the desk (unpublished claims, reviews,
the audit trail) had no Cache-Control, so a shared proxy or the browser's cache
could keep them after sign-out.
"""

import pytest

from tests.api.conftest import token_client
from tests.factories import AppearanceFactory, SourceFactory
from tests.reviews.publishing import publish

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"


@pytest.fixture
def records(researcher, editor):
    claim = AppearanceFactory().claim
    source = SourceFactory()
    published = publish(AppearanceFactory().claim, researcher=researcher, editor=editor)
    return {"claim": claim, "source": source, "published": published}


def _signed_in_pages(records) -> list[str]:
    claim, source = records["claim"], records["source"]
    return [
        "/",
        "/claims/",
        f"/claims/{claim.pk}/",
        "/queue/",
        "/review-queue/",
        "/reports/",
        "/sources/",
        f"/sources/{source.pk}/",
        "/audit/",
        f"/audit/claims/{claim.pk}/",
        "/audit/users/editor/",
    ]


def test_every_signed_in_page_is_private_and_not_stored(client, editor, records):
    client.force_login(editor)
    for path in _signed_in_pages(records):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"].startswith("text/html"), path
        assert response["Cache-Control"] == PRIVATE, path


def test_the_api_answers_a_token_client_privately(editor, records):
    response = token_client(editor).get(f"/api/v1/claims/{records['claim'].pk}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


def test_public_verdict_pages_keep_their_own_caching(client, editor, records):
    pk = records["published"].pk
    # The pages carry the language switcher's CSRF token and its cookie: each
    # visitor's own (the browser keeps them; a shared cache must not).
    pages = ["/verdicts/", f"/verdicts/{pk}/"]
    for signed_in in (False, True):
        if signed_in:
            client.force_login(editor)
        for path in pages:
            response = client.get(path)
            assert response["Cache-Control"] == "private, max-age=60", path
            assert "Cookie" in response["Vary"], path
        assert client.get("/verdicts/feed.json")["Cache-Control"] == (
            "public, max-age=60"
        )


def test_static_files_keep_their_own_caching(client, editor):
    client.force_login(editor)
    response = client.get("/static/css/claimtrail.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_sign_in_page_is_not_marked_private_for_anonymous_visitors(
    client, login_page
):
    assert client.get(login_page).get("Cache-Control") != PRIVATE

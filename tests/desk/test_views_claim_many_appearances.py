"""A claim found thousands of times: its page and API detail show a page of them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.context import audit_context
from claims.models import Appearance, Claim
from claims.services.imports import report_import
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db
LINE = "The grid operator reported output of 12.5% in 2024."
TIMES = 3_000


@pytest.fixture
def claim(editor) -> Claim:
    text = "# Big list\n\n" + f"- {LINE}\n" * TIMES
    with audit_context():
        report_import(actor=editor, text=text)
    claim = Claim.objects.get()
    assert claim.appearances.count() == TIMES
    return claim


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(ctx.captured_queries)


def test_the_claim_page_shows_a_page_of_appearances(client, editor, claim, settings):
    client.force_login(editor)
    response, first = _get(client, f"/claims/{claim.pk}/")
    html = response.content.decode()
    assert f"Where it appears ({TIMES:,})" in html  # a count, grouped (intcomma)
    assert len(response.context["appearances"]) == settings.LIST_PAGE_SIZE
    assert html.count('class="appearance"') == settings.LIST_PAGE_SIZE
    assert 'rel="next"' in html
    # The timeline is cut to the newest events, with a link to them all.
    assert len(response.context["timeline"]) == 200
    assert f"/audit/claims/{claim.pk}/" in html
    # The last page, as its pager reaches it: after the row before it.
    before_last = (
        Appearance.objects.filter(claim=claim)
        .order_by("report_id", "start", "id")
        .values_list("id", flat=True)[TIMES - settings.LIST_PAGE_SIZE - 1]
    )
    response, deep = _get(client, f"/claims/{claim.pk}/?after={before_last}")
    rows = response.context["appearances"]
    assert [a.line for a in rows][-1] == TIMES + 2
    assert deep == first <= 24


def test_the_api_detail_pages_the_appearances(editor, claim, settings):
    as_editor = token_client(editor)
    response, first = _get(as_editor, f"/api/v1/claims/{claim.pk}/")
    body = response.json()
    assert body["appearance_count"] == TIMES
    assert len(body["appearances"]) == settings.LIST_PAGE_SIZE
    assert body["appearances_next"].endswith(
        f"/api/v1/claims/{claim.pk}/?appearances_page=2"
    )
    second, again = _get(as_editor, body["appearances_next"])
    page_two = second.json()["appearances"]
    assert (
        page_two[0]["id"]
        == (
            Appearance.objects.filter(claim=claim)
            .order_by("report_id", "start", "id")
            .values_list("id", flat=True)[settings.LIST_PAGE_SIZE]
        )
    )
    assert again == first


def test_the_page_costs_the_same_with_few_appearances(client, editor, settings):
    with audit_context():
        report_import(actor=editor, text=f"# Small\n\n- {LINE}\n- {LINE}\n")
    small_claim = Claim.objects.get()
    client.force_login(editor)
    _response, few = _get(client, f"/claims/{small_claim.pk}/")
    with audit_context():
        report_import(actor=editor, text="# Big list\n\n" + f"- {LINE}\n" * 500)
    _response, many = _get(client, f"/claims/{small_claim.pk}/")
    assert many == few

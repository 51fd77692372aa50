"""In a real browser: sources add/edit and conflicts, the audit log, 403 and XSS."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from audit.models import AuditEvent
from sources.models import Source
from sources.services import source_create
from tests.e2e.conftest import login, screenshot
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _is_post(response) -> bool:
    """The answer to the form's POST (waiting for it, not for a page load event)."""
    return response.request.method == "POST"


def test_researcher_adds_and_edits_a_source(page, live_server, researcher):
    login(page, researcher, live_server.url)
    page.goto(f"{live_server.url}/sources/")
    page.get_by_role("link", name="Add a source").click()

    page.get_by_label("Address (URL)").fill(
        "https://stats.example.gov/ai-survey?utm_source=mail"
    )
    page.get_by_label("Title").fill("AI adoption survey 2025")
    page.get_by_label("Publisher").fill("National Statistics Office")
    page.get_by_label("Kind").select_option(label="Official statistics")
    page.get_by_label("Published on").fill("2025-03-01")
    page.get_by_role("button", name="Add source").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("AI adoption survey 2025")
    expect(
        page.get_by_text("https://stats.example.gov/ai-survey").first
    ).to_be_visible()

    page.get_by_role("link", name="Edit source").click()
    page.get_by_label("Publisher").fill("NSO")
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_text("Source saved.")).to_be_visible()
    source = Source.objects.get()
    assert (source.publisher, source.version) == ("NSO", 2)
    screenshot(page, "e2e-source-detail")


def test_a_javascript_address_is_refused_with_a_clear_error(
    page, live_server, researcher
):
    login(page, researcher, live_server.url)
    page.goto(f"{live_server.url}/sources/new/")
    page.get_by_label("Address (URL)").fill("javascript:alert(document.cookie)")
    page.get_by_label("Title").fill("Trap")
    page.get_by_role("button", name="Add source").click()

    expect(page.get_by_role("alert")).to_contain_text("The source was not saved")
    expect(
        page.get_by_text("Only http and https addresses are accepted")
    ).to_be_visible()
    expect(page.get_by_label("Address (URL)")).to_have_attribute("aria-invalid", "true")
    assert not Source.objects.exists()
    screenshot(page, "source-add-error")


def test_stale_edit_in_two_browsers_keeps_both_peoples_work(
    new_context, live_server, researcher, editor
):
    source = source_create(
        actor=editor, url="https://example.org/report", title="Original title"
    )
    rosa, edith = new_context().new_page(), new_context().new_page()
    login(rosa, researcher, live_server.url)
    login(edith, editor, live_server.url)
    edit_url = f"{live_server.url}/sources/{source.pk}/edit/"
    rosa.goto(edit_url)
    edith.goto(edit_url)

    edith.get_by_label("Publisher").fill("Edith's publisher")
    edith.get_by_role("button", name="Save changes").click()
    expect(edith.get_by_text("Source saved.")).to_be_visible()

    rosa.get_by_label("Title").fill("Rosa's better title")
    rosa.get_by_role("button", name="Save changes").click()

    conflict = rosa.locator("#conflict")
    expect(conflict).to_contain_text("Someone else changed this source")
    expect(conflict).to_contain_text("Edith's publisher")
    expect(rosa.get_by_label("Title")).to_have_value("Rosa's better title")
    expect(rosa.get_by_label("Publisher")).to_have_value("Edith's publisher")
    screenshot(rosa, "e2e-source-conflict")

    rosa.get_by_role("button", name="Save changes").click()
    expect(rosa.get_by_text("Source saved.")).to_be_visible()
    source.refresh_from_db()
    assert (source.title, source.publisher) == (
        "Rosa's better title",
        "Edith's publisher",
    )


def test_audit_log_filters_and_exports_csv(page, live_server, researcher, editor):
    for n in range(3):
        source_create(actor=researcher, url=f"https://example.org/{n}", title=f"S{n}")
    login(page, editor, live_server.url)
    page.goto(f"{live_server.url}/audit/")

    page.get_by_label("Action").select_option("source.created")
    page.get_by_label("Actor").select_option("researcher")
    page.get_by_role("button", name="Filter").click()

    rows = page.locator("table.audit-log tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("researcher added source S2")
    screenshot(page, "e2e-audit-filtered")

    with page.expect_download() as info:
        page.get_by_role("link", name="Export CSV (filtered)").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8")
    exported = list(csv.DictReader(io.StringIO(text)))
    assert [r["subject_label"] for r in exported] == ["S0", "S1", "S2"]
    assert {r["action"] for r in exported} == {"source.created"}


def test_a_forged_cross_site_post_gets_the_403_page(page, live_server, researcher):
    login(page, researcher, live_server.url)
    # A page elsewhere that posts to ClaimTrail without its CSRF token.
    page.set_content(
        f'<form method="post" action="{live_server.url}/sources/new/">'
        '<input name="url" value="https://evil.example/"><input name="title" '
        'value="Forged"><button type="submit">Go</button></form>'
    )
    with page.expect_response(_is_post) as nav:
        page.get_by_role("button", name="Go").click()

    assert nav.value.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This form could not be accepted"
    )
    assert not Source.objects.exists()
    screenshot(page, "e2e-403-forged-post")


XSS_TITLE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


def test_script_in_a_source_title_is_shown_as_text_and_never_runs(
    page, live_server, researcher
):
    login(page, researcher, live_server.url)
    page.goto(f"{live_server.url}/sources/new/")
    page.get_by_label("Address (URL)").fill("https://example.org/xss")
    page.get_by_label("Title").fill(XSS_TITLE)
    page.get_by_role("button", name="Add source").click()

    for url in ("", "/sources/", "/audit/"):
        if url:
            page.goto(f"{live_server.url}{url}")
        expect(page.get_by_text(XSS_TITLE).first).to_be_visible()
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.locator("img[src=x]").count() == 0
    assert AuditEvent.objects.filter(subject_label=XSS_TITLE).exists()


def test_error_pages_for_a_missing_page_and_a_refused_user(page, live_server):
    outsider = UserFactory(username="outsider")
    login(page, outsider, live_server.url)

    response = page.goto(f"{live_server.url}/sources/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You are not allowed to do that"
    )

    response = page.goto(f"{live_server.url}/no/such/page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "We cannot find that page"
    )

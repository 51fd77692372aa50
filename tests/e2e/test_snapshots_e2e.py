"""In Chromium: a PDF uploaded as a source, its excerpts checked; archived HTML inert."""

import pytest
from playwright.sync_api import expect

from sources.models import Source
from sources.snapshots import snapshot_fetch
from tests.e2e.conftest import login, screenshot
from tests.factories import SourceFactory
from tests.sources.webserver import Route, WebServer
from tests.states import researching_claim

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGE_TWO = (
    "The ministry counted 4,812 licensed battery recyclers at the end of 2025, "
    "up from 3,977 a year earlier."
)
TWO_PAGES = f"""<!doctype html><html><head><style>
  body {{ font: 14pt serif; }} .page {{ break-after: page; }}
</style></head><body>
<div class="page"><h1>Battery recycling in 2025</h1>
<p>This report reviews the licensing of battery recyclers by the ministry.</p></div>
<div class="page"><h2>Licences</h2><p>{PAGE_TWO}</p></div>
</body></html>"""


def _two_page_pdf(browser, path):
    """A two-page PDF made by Chromium's own printer; page 2 holds PAGE_TWO."""
    context = browser.new_context()
    try:
        printer = context.new_page()
        printer.set_content(TWO_PAGES)
        path.write_bytes(printer.pdf(format="A5"))
    finally:
        context.close()
    return path


def _add_evidence(page, source_title: str, excerpt: str) -> None:
    page.locator("summary", has_text="Add evidence").click()
    # The menu offers a few sources: a search of the library puts this one in it.
    page.get_by_label("Find a known source").fill(source_title)
    page.get_by_role("button", name="Search sources").click()
    page.get_by_role("combobox", name="A known source").select_option(
        label=source_title
    )
    page.get_by_role("radio", name="Supports").check()
    page.get_by_label("Excerpt").fill(excerpt)
    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_text("Evidence from").first).to_be_visible()


def test_a_pdf_uploaded_as_a_source_checks_excerpts_from_its_pages(
    browser, page, live_server, researcher, tmp_path
):
    pdf = _two_page_pdf(browser, tmp_path / "recycling-2025.pdf")
    assert b"/Count 2" in pdf.read_bytes()  # two pages
    claim = researching_claim(researcher)
    login(page, researcher, live_server.url)

    page.goto(f"{live_server.url}/sources/")
    page.get_by_role("link", name="Upload a document").click()
    page.get_by_label("Document").set_input_files(str(pdf))
    page.get_by_label("Title").fill("Battery recycling in 2025")
    page.get_by_label("Kind").select_option(label="Government document")
    page.get_by_role("button", name="Upload").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Battery recycling in 2025"
    )
    expect(page.get_by_text("application/pdf")).to_be_visible()
    expect(page.get_by_text("Uploaded document").first).to_be_visible()
    screenshot(page, "source-uploaded-pdf")
    source = Source.objects.get(title="Battery recycling in 2025")
    assert "4,812 licensed battery recyclers" in source.snapshots.get().text

    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    # From page 2, with the quotes and the line break a researcher might type.
    _add_evidence(
        page,
        "Battery recycling in 2025",
        "counted 4,812 licensed battery\nrecyclers at the end of 2025",
    )
    _add_evidence(
        page,
        "Battery recycling in 2025",
        "The ministry licensed 9,000 recyclers in 2025.",
    )

    found = page.locator(".evidence", has_text="counted 4,812 licensed")
    missing = page.locator(".evidence", has_text="9,000 recyclers")
    expect(found.locator(".quote-found")).to_contain_text(
        "Quote found in the archived copy of"
    )
    expect(missing.locator(".quote-missing")).to_contain_text(
        "Not found in the archived copy"
    )
    page.locator("#evidence").scroll_into_view_if_needed()
    screenshot(page, "claim-quote-check")


def test_archived_html_with_script_cannot_run_when_opened(
    browser, live_server, researcher, settings
):
    hostile = (
        b"<!doctype html><html><head><title>Archived</title></head><body>"
        b"<p id='text'>The harvest was the largest on record.</p>"
        b"<script>document.title = 'ran'; window.__ran = 1;"
        b"document.body.insertAdjacentHTML('beforeend', '<p id=ran>ran</p>');"
        b"fetch('/api/v1/sources/');</script>"
        b"<img src=x onerror=\"document.title='ran'\"></body></html>"
    )
    settings.SOURCE_FETCH_ALLOW_PRIVATE = True
    with WebServer(8156) as web:
        web.routes["/harvest"] = Route(body=hostile)
        source = SourceFactory(url=web.url("/harvest"), title="Harvest page")
        snapshot = snapshot_fetch(source_id=source.pk)
    assert snapshot.sha256

    # A context of its own: the refused script is logged as a CSP refusal, which
    # the shared fixture treats as a fault of the app's own pages.
    context = browser.new_context()
    try:
        desk = context.new_page()
        login(desk, researcher, live_server.url)
        desk.goto(f"{live_server.url}/sources/{source.pk}/")
        screenshot(desk, "source-snapshots")
        with context.expect_page() as opened:
            desk.get_by_role("link", name="Open archived copy").click()
        copy = opened.value
        copy.wait_for_load_state()

        expect(copy.locator("#text")).to_have_text(
            "The harvest was the largest on record."
        )
        assert copy.title() == "Archived"
        assert copy.locator("#ran").count() == 0
        assert copy.evaluate("() => window.__ran") is None
        assert copy.evaluate("() => window.origin") == "null"  # an opaque origin
        screenshot(copy, "archived-copy-sandboxed")
    finally:
        context.close()

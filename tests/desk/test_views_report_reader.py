"""The report reader: the Markdown rendered safely, every claim highlighted and linked."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from claims.models import Report
from claims.reader import render_report
from claims.services.imports import report_import
from tests.factories import AppearanceFactory, ClaimFactory, ReportFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "# AI report\n\n"
    "Intro. **Chips:** Huawei trained a model on **domestic chips** in 2025. "
    "Another sentence.\n\n"
    "## Health\n\n"
    "- The market passed 106 billion yuan.\n"
    "<script>alert(1)</script> [bad](javascript:alert(1))\n"
)


def appear(report, quote, **claim_fields):
    start = report.text.index(quote)
    return AppearanceFactory(
        report=report,
        claim=ClaimFactory(text=quote, **claim_fields),
        quote=quote,
        start=start,
        end=start + len(quote),
    )


@pytest.fixture
def report(db):
    return ReportFactory(text=TEXT, title="AI report")


def test_every_claim_is_highlighted_by_status_and_linked(client, researcher, report):
    chips = appear(
        report, "Huawei trained a model on **domestic chips** in 2025.", status="new"
    )
    market = appear(
        report,
        "The market passed 106 billion yuan.",
        status="published",
        verdict="mostly_true",
    )
    client.force_login(researcher)
    response = client.get(reverse("desk:report_detail", args=[report.pk]))
    html = response.content.decode()
    assert f'id="appearance-{chips.pk}"' in html
    assert f'id="appearance-{market.pk}"' in html
    assert '<mark class="hl status-new"' in html
    assert '<mark class="hl verdict-mostly_true"' in html
    assert f'href="{reverse("desk:claim_detail", args=[chips.claim_id])}"' in html
    assert "New</a>" in html  # the chip says the status in words
    assert "Published: Mostly true</a>" in html
    assert "Legend" in html
    assert "<h2>AI report</h2>" in html  # the report's headings sit below the h1


def test_the_report_is_rendered_without_its_raw_html(client, researcher, report):
    client.force_login(researcher)
    html = client.get(reverse("desk:report_detail", args=[report.pk])).content
    assert b"<script>alert(1)</script>" not in html
    assert b"&lt;script&gt;" in html
    assert b'href="javascript:' not in html


def test_highlights_stay_well_nested_across_bold_text(report):
    quote = "Huawei trained a model on **domestic chips** in 2025."
    start = report.text.index(quote)
    appearance = SimpleNamespace(
        pk=7,
        start=start,
        end=start + len(quote),
        claim_id=3,
        line=3,
        claim=SimpleNamespace(status="researching", verdict=""),
    )
    rendered = render_report(report.text, [appearance], claim_url=lambda pk: f"/c/{pk}")
    html = str(rendered.html)
    assert (
        '<mark class="hl status-researching" id="appearance-7" data-claim="3" '
        'data-appearance="7">'
        "Huawei trained a model on </mark><strong>"
        '<mark class="hl status-researching" data-claim="3" data-appearance="7">'
        "domestic chips</mark>"
        "</strong>"
    ) in html
    assert html.count("<mark") == html.count("</mark>") == 3
    assert rendered.placed == [appearance]


def test_overlapping_or_out_of_range_offsets_are_listed_not_drawn(report):
    def fake(pk, start, end):
        return SimpleNamespace(
            pk=pk,
            start=start,
            end=end,
            claim_id=pk,
            line=1,
            claim=SimpleNamespace(status="new", verdict=""),
        )

    first, overlapping, outside = fake(1, 20, 40), fake(2, 30, 50), fake(3, 10, 10**6)
    rendered = render_report(
        report.text, [first, overlapping, outside], claim_url=lambda pk: f"/c/{pk}"
    )
    assert rendered.placed == [first]
    reasons = {s.appearance.pk: s.reason for s in rendered.skipped}
    assert reasons == {
        2: "it overlaps another highlight",
        3: "its position is outside the text",
    }


def test_a_quote_ending_inside_a_link_gets_its_claim_link_after_the_link():
    text = "See [the bureau's table](https://example.org/t) for details.\n"
    start = text.index("See")
    end = text.index("table") + len("table")
    appearance = SimpleNamespace(
        pk=1,
        start=start,
        end=end,
        claim_id=1,
        line=1,
        claim=SimpleNamespace(status="new", verdict=""),
    )
    html = str(render_report(text, [appearance], claim_url=lambda pk: "/c/1").html)
    assert (
        "<a" not in html.split('<a href="https://example.org/t">')[1].split("</a>")[0]
    )
    assert html.index('class="claim-chip') > html.index("</a>")


def test_unknown_report_is_404(client, researcher):
    client.force_login(researcher)
    assert client.get("/reports/999999/").status_code == 404


def _reader_html(client, report) -> str:
    """The report as the reader draws it (the page around it has a fresh CSRF token)."""
    response = client.get(reverse("desk:report_detail", args=[report.pk]))
    assert response.status_code == 200
    return str(response.context["rendered"].html)


def test_the_reader_shows_the_rendering_kept_at_import(client, researcher, editor):
    result = report_import(actor=editor, text=TEXT.encode(), filename="ai.md")
    report = Report.objects.get(pk=result.report.pk)
    assert report.html_key and "<h2>AI report</h2>" in report.html
    client.force_login(researcher)
    kept = _reader_html(client, report)
    assert "<mark" in kept  # the claims the import found are highlighted
    # The same page when the Markdown is parsed afresh.
    Report.objects.filter(pk=report.pk).update(html="", html_key="")
    assert _reader_html(client, report) == kept
    # The kept rendering is what is shown, not parsed again...
    Report.objects.filter(pk=report.pk).update(
        html=report.html.replace("<h2>AI report</h2>", "<h2>Kept copy</h2>"),
        html_key=report.html_key,
    )
    assert "Kept copy" in _reader_html(client, report)
    # ...unless it was made from other text or other highlights than the report's.
    Report.objects.filter(pk=report.pk).update(html_key="0" * 64)
    assert "Kept copy" not in _reader_html(client, report)


def test_the_reader_lists_the_passages_that_are_not_claims(client, editor):
    result = report_import(
        actor=editor,
        text=(
            "# Budget\n\n*By Ellie Marsh, 26 February 2026*\n\n"
            "What happens now?\n\nThe council cut 8 bus routes.\n"
        ),
    )
    client.force_login(editor)
    html = client.get(
        reverse("desk:report_detail", args=[result.report.pk])
    ).content.decode()
    assert "Not taken as claims" in html
    assert "3 passages: headings, bylines, lead-ins, questions" in html
    assert "line 3, byline or boilerplate:</span> *By Ellie Marsh" in html
    assert "question:</span> What happens now?" in html
    assert "1 claim in 1 place" in html

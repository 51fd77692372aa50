"""The reports list and the import form (the importer itself is patched here)."""

from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.services.tallies import claim_tallies_rebuild
from tests.factories import AppearanceFactory, ReportFactory
from tests.lists import header
from tests.paging import walk, walk_back

pytestmark = pytest.mark.django_db
IMPORT = "/reports/import/"


def test_report_list_shows_claim_counts_and_import_for_editors(client, editor):
    report = ReportFactory(title="AI in 2026", publisher="Think tank")
    AppearanceFactory(report=report)
    AppearanceFactory(report=report)
    claim_tallies_rebuild()  # the factories write past the services
    client.force_login(editor)
    response = client.get(reverse("desk:report_list"))
    html = response.content.decode()
    assert "AI in 2026" in html and "Think tank" in html
    assert response.context["reports"][0].claim_count == 2
    assert IMPORT in html


def test_researchers_cannot_import(client, researcher):
    client.force_login(researcher)
    assert IMPORT not in client.get(reverse("desk:report_list")).content.decode()
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"text": "# R\n\nA claim."}).status_code == 403


def test_import_form_has_labelled_fields(client, editor):
    client.force_login(editor)
    html = client.get(IMPORT).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert '<label for="id_file">Report file:</label>' in html


def fake_result(report, created=True):
    return SimpleNamespace(
        report=report,
        created=created,
        claims_created=12,
        appearances_added=14,
        matches_suggested=1,
        verdict_matches=(),
    )


@pytest.mark.parametrize(
    ("counts", "said"),
    [
        ((1, 1, 0), "1 new claim, 1 appearance, 0 matches suggested."),
        ((2, 3, 2), "2 new claims, 3 appearances, 2 matches suggested."),
    ],
)
def test_the_import_summary_says_each_count_in_singular_or_plural(
    rf, editor, counts, said
):
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    from desk.views.reports import import_result_announce

    request = rf.post(IMPORT)
    request.session = {}
    request._messages = FallbackStorage(request)
    claims, appearances, matches = counts
    import_result_announce(
        request,
        SimpleNamespace(
            report=ReportFactory(title="R"),
            created=True,
            claims_created=claims,
            appearances_added=appearances,
            matches_suggested=matches,
            verdict_matches=(),
        ),
    )
    assert [str(m) for m in get_messages(request)] == [f"Imported “R”: {said}"]


def test_uploading_a_file_calls_the_importer_and_opens_the_report(client, editor):
    report = ReportFactory(title="Uploaded")
    client.force_login(editor)
    with mock.patch(
        "claims.tasks.report_import", return_value=fake_result(report)
    ) as importer:
        response = client.post(
            IMPORT,
            {
                "file": SimpleUploadedFile("r.md", b"# R\n\nIt grew 5%."),
                "title": "Given title",
                "publisher": "Pub",
                "url": "https://example.org/r",
                "published_on": "2026-01-31",
            },
            follow=True,
        )
    kwargs = importer.call_args.kwargs
    assert kwargs["actor"] == editor
    assert kwargs["text"] == b"# R\n\nIt grew 5%."
    assert kwargs["filename"] == "r.md"
    assert (kwargs["title"], kwargs["publisher"]) == ("Given title", "Pub")
    assert str(kwargs["published_on"]) == "2026-01-31"
    assert response.redirect_chain[-1][0] == reverse(
        "desk:report_detail", args=[report.pk]
    )
    html = response.content.decode()
    assert "12 new claims, 14 appearances, 1 match suggested." in html


def test_pasting_text_that_was_imported_before(client, editor):
    report = ReportFactory()
    client.force_login(editor)
    with mock.patch(
        "claims.tasks.report_import",
        return_value=fake_result(report, created=False),
    ) as importer:
        response = client.post(IMPORT, {"text": "# Same\n"}, follow=True)
    assert importer.call_args.kwargs["text"] == b"# Same\n"
    assert "was imported before; nothing new was created" in response.content.decode()


def test_importer_errors_are_shown_on_the_form(client, editor):
    client.force_login(editor)
    with mock.patch(
        "claims.tasks.report_import",
        side_effect=ValidationError("The file is not UTF-8 text."),
    ):
        response = client.post(IMPORT, {"text": "x"})
    assert response.status_code == 400
    assert "The file is not UTF-8 text." in response.content.decode()


def test_import_needs_a_file_or_text(client, editor):
    client.force_login(editor)
    with mock.patch("claims.tasks.report_import", create=True) as importer:
        response = client.post(IMPORT, {"title": "Nothing"})
    assert response.status_code == 400
    assert (
        "Upload a report file or paste its Markdown text." in response.content.decode()
    )
    importer.assert_not_called()


def test_a_pdf_uploaded_as_md_is_imported_as_a_pdf(client, editor):
    from pathlib import Path

    from claims.models import Report

    pdf = Path(__file__).resolve().parents[2] / "fixtures"
    pdf = (pdf / "china-ai-2024-2026-report.pdf").read_bytes()
    client.force_login(editor)
    response = client.post(IMPORT, {"file": SimpleUploadedFile("report.md", pdf)})
    report = Report.objects.get()
    assert response.status_code == 302
    assert report.format == "pdf" and report.page_count == 5


def test_a_broken_docx_is_refused_with_one_line(client, editor):
    from claims.models import Report

    client.force_login(editor)
    response = client.post(
        IMPORT, {"file": SimpleUploadedFile("r.docx", b"PK\x03\x04 not a zip")}
    )
    assert response.status_code == 400
    assert "damaged ZIP archive" in response.content.decode()
    assert not Report.objects.exists()


# --- sortable column headers ----------------------------------------------------

LIST = reverse("desk:report_list")


def with_claims(title: str, claims: int):
    report = ReportFactory(title=title)
    for _ in range(claims):
        AppearanceFactory(report=report)
    return report


def test_clicking_a_header_sorts_and_a_second_click_reverses(client, researcher):
    few, many = with_claims("Alpha", 1), with_claims("Beta", 3)
    claim_tallies_rebuild()  # the factories write past the services
    client.force_login(researcher)
    page = client.get(LIST).content.decode()
    assert header(page, "Imported")[1] == "descending"  # the default: newest first
    link, aria = header(page, "Claims")
    assert aria is None

    response = client.get(LIST + link)

    assert [r.pk for r in response.context["reports"]] == [many.pk, few.pk]
    page = response.content.decode()
    assert header(page, "Claims")[1] == "descending"
    assert header(page, "Imported")[1] is None
    again = client.get(LIST + header(page, "Claims")[0])
    assert [r.pk for r in again.context["reports"]] == [few.pk, many.pk]
    assert header(again.content.decode(), "Claims")[1] == "ascending"
    by_title = client.get(LIST + header(page, "Title")[0])
    assert [r.pk for r in by_title.context["reports"]] == [few.pk, many.pk]
    assert header(by_title.content.decode(), "Title")[1] == "ascending"


def test_pages_of_a_sort_by_claims_hold_every_report_once(client, researcher):
    # Ties in the sort (equal counts): the id decides, so no row is lost or repeated.
    reports = [
        with_claims(f"R{n}", claims) for n, claims in enumerate((2, 0, 2, 1, 0, 1, 2))
    ]
    claim_tallies_rebuild()
    client.force_login(researcher)
    counts = {r.pk: r.appearances.count() for r in reports}
    expected = sorted(counts, key=lambda pk: (-counts[pk], pk))

    pages = walk(client, LIST, {"sort": "-claims", "page_size": 2})

    assert sum(pages, []) == expected
    assert walk_back(client, LIST, {"sort": "-claims", "page_size": 2}) == pages[::-1]


def test_an_unknown_sort_is_named_and_the_list_still_shows(client, researcher):
    ReportFactory()
    client.force_login(researcher)
    response = client.get(LIST, {"sort": "colour"})
    assert "Sort “colour” was ignored" in response.content.decode()
    assert len(response.context["reports"]) == 1

"""report_import: claims, appearances, the audit trail, refusals, atomicity."""

import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from audit.chain import verify_chain
from audit.context import audit_context, system_context
from audit.models import AuditEvent
from claims.importer import ReportImportError
from claims.models import Appearance, Claim, ClaimMatch, Report
from claims.services.imports import report_import

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "china-ai-2024-2026-report.md"

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Report.objects.count(),
        Claim.objects.count(),
        Appearance.objects.count(),
        ClaimMatch.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def seeded(editor):
    with audit_context():
        return report_import(actor=editor, text=SEED.read_bytes(), filename=SEED.name)


def test_seed_import_creates_claims_with_exact_provenance(seeded, editor):
    report = seeded.report
    assert seeded.created
    assert report.title.startswith("How China Is Scaling")
    assert report.imported_by == editor
    claim_appearances = Appearance.objects.filter(report=report, claim__isnull=False)
    assert seeded.appearances_added == claim_appearances.count()
    assert (
        seeded.not_claims
        == Appearance.objects.filter(report=report, claim__isnull=True).count()
    )
    assert seeded.claims_created == Claim.objects.count()
    for appearance in Appearance.objects.filter(report=report):
        assert report.text[appearance.start : appearance.end] == appearance.quote
    battery = Claim.objects.get(text__contains="up to 95%")
    appearance = battery.appearances.get()
    assert appearance.section_path[-1] == (
        "Strengthening Hardware Sovereignty and Pioneering Chip Innovation"
    )
    assert appearance.section.endswith("Pioneering Chip Innovation")
    assert appearance.line == 9
    assert battery.topic == "AI-Accelerated Validation and Scientific Research"
    assert battery.status == "new"
    for needle in ("50 cycles", "106 billion yuan", "YOLOv11n", "Sinong"):
        assert Claim.objects.filter(text__contains=needle).exists(), needle


def test_dual_frequency_branch_assertion_is_one_claim_with_two_appearances(seeded):
    claim = Claim.objects.get(
        text='A work titled "Dual Frequency Branch Framework with Reconstructed '
        'Sliding" exists.'
    )
    sections = [a.section_path[-1] for a in claim.appearances.order_by("start")]
    assert sections == [
        "Speech, Audio, and Deepfake Detection",
        "Deepfake and Out-of-Distribution (OOD) Detection",
    ]


def test_audit_trail_groups_the_import_under_one_request(seeded):
    report = seeded.report
    imported = AuditEvent.objects.get(action="report.imported")
    assert imported.subject_id == str(report.pk)
    assert imported.data["claims_created"] == seeded.claims_created
    assert imported.data["appearances_added"] == seeded.appearances_added
    events = AuditEvent.objects.filter(request_id=imported.request_id)
    created = events.filter(action="claim.created")
    assert created.count() == seeded.claims_created
    assert events.filter(action="claim.appeared").count() == (
        seeded.appearances_added - seeded.claims_created
    )
    first = created.first()
    assert first.scope_type == "claims.claim"
    assert first.scope_id == first.subject_id
    assert {e.actor_id for e in events} == {seeded.report.imported_by_id}
    assert verify_chain().ok


def test_reimporting_the_same_text_creates_nothing(seeded, editor):
    before = _counts()
    again = report_import(actor=editor, text=SEED.read_text(encoding="utf-8"))
    assert not again.created
    assert again.report == seeded.report
    assert (again.claims_created, again.appearances_added) == (0, 0)
    assert _counts() == before


def test_a_new_report_with_known_assertions_adds_appearances(seeded, editor):
    text = (
        "# Follow-up\n\n## Markets\n\n"
        "The Chinese healthcare AI market has surpassed **106 billion yuan "
        "(≈US$15 billion)**, reflecting **broad adoption and public trust**.\n\n"
        "A brand new assertion says 12 provinces joined in 2025.\n"
    )
    existing = Claim.objects.get(text__contains="106 billion yuan")
    with audit_context():
        result = report_import(actor=editor, text=text)
    assert (result.claims_created, result.appearances_added) == (1, 2)
    assert existing.appearances.count() == 2
    appeared = AuditEvent.objects.get(action="claim.appeared", subject_id=existing.pk)
    assert appeared.data["report_id"] == result.report.pk


def test_an_assertion_repeated_in_one_report_is_one_claim(editor):
    text = "# R\n\n## A\n\nThe dam is 50 m tall.\n\n## B\n\nThe **dam** is 50 m tall.\n"
    result = report_import(actor=editor, text=text)
    assert (result.claims_created, result.appearances_added) == (1, 2)
    assert Claim.objects.get().appearances.count() == 2


def test_metadata_is_stored(editor):
    from datetime import date

    result = report_import(
        actor=editor,
        text=b"No heading here, but 3 claims are made.\n",
        publisher="Example Institute",
        url="https://example.org/report",
        published_on=date(2025, 3, 1),
        filename="march-brief.md",
    )
    report = result.report
    assert report.title == "march-brief"
    assert (report.publisher, report.url) == (
        "Example Institute",
        "https://example.org/report",
    )
    assert report.published_on == date(2025, 3, 1)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01binary", "binary"),
        (b"\xff\xfe\x00h", "binary"),
        (b"caf\xe9 claims 5% growth.", "UTF-8"),
        (b"# Only a heading\n\n```\ncode 5%\n```\n", "no assertions"),
        (b"x" * 2048, "limit"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(editor, settings, data, message):
    settings.IMPORT_MAX_BYTES = 1024
    before = _counts()
    with pytest.raises(ReportImportError) as info:
        report_import(actor=editor, text=data)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert _counts() == before


def test_bad_url_is_refused(editor):
    with pytest.raises(ReportImportError, match="not a valid http"):
        report_import(actor=editor, text="A sentence says 5 things.", url="ftp://x")
    assert not Report.objects.exists()


def test_a_failure_midway_rolls_everything_back(editor, monkeypatch):
    import claims.services.imports as imports

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "claims_match", broken)
    before = _counts()
    with pytest.raises(RuntimeError):
        report_import(actor=editor, text=SEED.read_bytes())
    assert _counts() == before


def test_researchers_may_not_import_and_the_refusal_is_recorded(researcher):
    with pytest.raises(PermissionDenied):
        report_import(actor=researcher, text="A sentence says 5 things.")
    assert not Report.objects.exists()
    refusal = AuditEvent.objects.get(action="access.refused")
    assert refusal.actor == researcher
    assert refusal.data["attempted"] == "report.import"


def test_superusers_may_import(admin):
    assert report_import(actor=admin, text="A sentence says 5 things.").created


def test_no_actor_outside_a_command_is_refused():
    with pytest.raises(PermissionDenied):
        report_import(actor=None, text="A sentence says 5 things.")


def test_a_command_imports_as_the_system():
    with system_context("manage.py import_report"):
        result = report_import(actor=None, text="A sentence says 5 things.")
    event = AuditEvent.objects.get(action="report.imported")
    assert result.report.imported_by is None
    assert event.actor is None
    assert event.data["via"] == "manage.py import_report"


# --- PDF, HTML and Word reports (issue 19) -------------------------------------------


@pytest.mark.parametrize("suffix", [".pdf", ".html", ".docx"])
def test_other_formats_import_every_claim_of_the_markdown(editor, suffix):
    markdown = report_import(actor=editor, text=SEED.read_bytes(), filename=SEED.name)
    wanted = sorted(
        " ".join(a.claim.text.split())
        for a in markdown.report.appearances.exclude(claim=None)
    )
    original = SEED.with_suffix(suffix).read_bytes()
    result = report_import(actor=editor, text=original, filename="report.md")
    assert result.created and result.claims_created == 0  # all known already
    report = result.report
    assert report.format == suffix[1:]
    got = sorted(
        " ".join(a.claim.text.split()) for a in report.appearances.exclude(claim=None)
    )
    assert got == wanted
    assert report.sha256 == hashlib.sha256(original).hexdigest()
    with report.original.open("rb") as stored:
        assert stored.read() == original
    for appearance in report.appearances.all():
        assert report.text[appearance.start : appearance.end] == appearance.quote


def test_pdf_appearances_keep_their_page(editor):
    result = report_import(
        actor=editor, text=SEED.with_suffix(".pdf").read_bytes(), filename="r.pdf"
    )
    report = result.report
    assert report.page_count == 5
    pages = [a.page for a in report.appearances.order_by("start")]
    assert None not in pages and pages == sorted(pages)
    assert set(pages) == {1, 2, 3, 4, 5}
    # Cited in the speech section on page 3, and again among the notable
    # developments on page 4.
    dual = report.appearances.filter(quote__contains="Dual Frequency Branch")
    assert {appearance.page for appearance in dual} == {3, 4}
    dual = dual.order_by("start")
    event = AuditEvent.objects.get(
        action="claim.created", data__appearance_id=dual[0].pk
    )
    assert event.data["page"] == 3


def test_importing_the_same_file_twice_creates_nothing(editor):
    data = SEED.with_suffix(".docx").read_bytes()
    report_import(actor=editor, text=data, filename="a.docx")
    before = _counts()
    again = report_import(actor=editor, text=data, filename="b.docx")
    assert not again.created and _counts() == before


def test_html_import_takes_author_and_date_from_the_page(editor):
    report = report_import(
        actor=editor, text=SEED.with_suffix(".html").read_bytes(), filename="p.html"
    ).report
    assert report.author == "ClaimTrail Seed Desk"
    assert str(report.published_on) == "2026-01-15"


def test_a_broken_pdf_is_refused_and_nothing_is_stored(editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    before = _counts()
    data = SEED.with_suffix(".pdf").read_bytes()[:5000]
    with pytest.raises(ReportImportError, match="PDF"):
        report_import(actor=editor, text=data, filename="broken.pdf")
    assert _counts()[:4] == before[:4]
    assert not list(Path(settings.MEDIA_ROOT).glob("reports/*"))


def test_a_failed_write_removes_the_stored_original(
    editor, settings, monkeypatch, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    import claims.services.imports as imports

    def fail(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "report_store_html", fail)
    data = SEED.with_suffix(".html").read_bytes()
    with pytest.raises(RuntimeError):
        report_import(actor=editor, text=data, filename="p.html")
    assert not Report.objects.exists()
    digest = hashlib.sha256(data).hexdigest()
    assert not (Path(settings.MEDIA_ROOT) / "reports" / digest).exists()

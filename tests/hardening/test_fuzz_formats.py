"""Broken PDF, Word and HTML files (mutations of the seed fixtures) through the import
page: never a 500; a refusal writes nothing (no rows, no stored file)."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import event, given, settings
from hypothesis import strategies as st

from claims.models import Appearance, Claim, Report
from tests.hardening import fuzz

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "china-ai-2024-2026-report"
ORIGINALS = {
    suffix: SEED.with_suffix(suffix).read_bytes()
    for suffix in (".pdf", ".docx", ".html")
}

pytestmark = pytest.mark.django_db

FUZZ = settings(fuzz.FUZZ, max_examples=20)


@st.composite
def mutated(draw, suffix: str) -> bytes:
    data = bytearray(ORIGINALS[suffix])
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "splice", "zero"]))
        at = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 4096))]
        elif kind == "splice":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        else:
            length = draw(st.integers(1, 512))
            data[at : at + length] = bytes(min(length, len(data) - at))
        if not data:
            data = bytearray(b"%PDF-")
    return bytes(data)


def _counts():
    return tuple(model.objects.count() for model in (Report, Claim, Appearance))


def _post_broken(client, editor, settings_, data: bytes, name: str) -> dict:
    """Post one broken file and say what it did; every write is rolled back."""
    client.force_login(editor)
    with transaction.atomic():
        before = _counts()
        response = client.post(
            "/reports/import/", {"file": SimpleUploadedFile(name, data)}
        )
        seen = {
            "status": response.status_code,
            "rows_added": _counts() != before,
            "stored": list(Path(settings_.MEDIA_ROOT).glob("reports/*")),
            "misplaced_quotes": [],
        }
        if response.status_code == 302:
            report = Report.objects.get()
            seen["misplaced_quotes"] = [
                appearance.quote
                for appearance in report.appearances.all()
                if report.text[appearance.start : appearance.end] != appearance.quote
            ]
            report.original.delete(save=False)
        transaction.set_rollback(True)
    return seen


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".html"])
def test_mutated_files_never_500_and_refusals_write_nothing(
    client, editor, settings, tmp_path, suffix
):
    settings.MEDIA_ROOT = tmp_path

    @FUZZ
    @given(data=mutated(suffix))
    def run(data):
        seen = _post_broken(client, editor, settings, data, f"fuzz{suffix}")
        assert seen["status"] in (302, 400), seen["status"]
        if seen["status"] == 400:
            event("refused")
            assert not seen["rows_added"]
            assert seen["stored"] == []
        else:
            event("imported")
            assert seen["misplaced_quotes"] == []

    run()

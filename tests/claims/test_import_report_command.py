"""manage.py import_report: summary on success, one-line errors and nothing written."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from claims.models import Appearance, Claim, Report

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "fixtures" / "china-ai-2024-2026-report.md"

pytestmark = pytest.mark.django_db


def _run(*args):
    out = StringIO()
    call_command("import_report", *map(str, args), stdout=out)
    return out.getvalue()


def _counts():
    return tuple(
        model.objects.count() for model in (Report, Claim, Appearance, AuditEvent)
    )


def test_imports_and_summarises(tmp_path):
    path = tmp_path / "brief.md"
    path.write_text("# Brief\n\nOutput rose 4% in May. Exports fell 2% in June.\n")
    output = _run(
        path,
        "--publisher",
        "Example Institute",
        "--url",
        "https://example.org/brief",
        "--published-on",
        "2025-06-30",
    )
    report = Report.objects.get()
    assert output.strip() == (
        f"Imported {path} as report #{report.pk} (Brief): 2 claims, "
        "2 appearances, 0 matches suggested."
    )
    assert report.publisher == "Example Institute"
    assert str(report.published_on) == "2025-06-30"
    event = AuditEvent.objects.get(action="report.imported")
    assert event.data["via"] == "manage.py import_report"
    assert event.data["filename"] == "brief.md"


def test_title_option_overrides_the_heading(tmp_path):
    path = tmp_path / "brief.md"
    path.write_text("# Brief\n\nOutput rose 4% in May.\n")
    _run(path, "--title", "June brief")
    assert Report.objects.get().title == "June brief"


def test_reimport_says_nothing_was_created():
    _run(SEED)
    before = _counts()
    report = Report.objects.get()
    assert _run(SEED).strip() == (
        f"Already imported as report #{report.pk} ({report.title}); nothing created."
    )
    assert _counts() == before


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, [], "no such file"),
        (b"", [], "empty"),
        (b"\x00\x01\x02", [], "binary"),
        (b"caf\xe9 rose 5%", [], "not UTF-8"),
        (b"# Heading only\n\n<!-- 5% -->\n", [], "no assertions"),
        (b"Output rose 4%.", ["--published-on", "30/06/2025"], "not a date"),
        (b"Output rose 4%.", ["--url", "javascript:alert(1)"], "not a valid http"),
    ],
)
def test_errors_are_one_line_and_write_nothing(tmp_path, content, args, message):
    path = tmp_path / "report.md"
    if content is not None:
        path.write_bytes(content)
    before = _counts()
    with pytest.raises(CommandError) as info:
        _run(path, *args)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert _counts() == before


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 1000
    path = tmp_path / "big.md"
    path.write_text("Output rose 4% in May.\n" * 100)
    with pytest.raises(CommandError, match="limit is 1000 bytes"):
        _run(path)
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), (b"\x00\x01", "binary"), (b"\xff\xfe", "not UTF-8")],
)
def test_the_real_command_exits_non_zero_without_a_traceback(
    tmp_path, content, message
):
    path = tmp_path / "report.md"
    if content is not None:
        path.write_bytes(content)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "import_report", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    errors = [line for line in done.stderr.splitlines() if not line.startswith("AXES")]
    assert len(errors) == 1, done.stderr
    assert message in errors[0]
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_imports_a_saved_web_page(tmp_path):
    page = tmp_path / "page.txt"  # the name says nothing; the content says HTML
    page.write_bytes(SEED.with_suffix(".html").read_bytes())
    assert "Imported" in _run(page)
    assert Report.objects.get().format == "html"


def test_a_broken_word_file_is_one_line_and_writes_nothing(tmp_path):
    broken = tmp_path / "r.docx"
    broken.write_bytes(SEED.with_suffix(".docx").read_bytes()[:2000])
    before = _counts()
    with pytest.raises(CommandError) as info:
        _run(broken)
    assert "Word" in str(info.value) or "ZIP" in str(info.value)
    assert "\n" not in str(info.value)
    assert _counts()[:3] == before[:3]

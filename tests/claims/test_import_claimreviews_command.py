"""manage.py import_claimreviews: a summary on success, a one-line error and nothing written."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from claims.models import ExternalFactCheck

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "external-claimreviews.json"

pytestmark = pytest.mark.django_db


def _run(path) -> str:
    out = StringIO()
    call_command("import_claimreviews", str(path), stdout=out)
    return out.getvalue()


def test_imports_the_sample_and_records_it():
    output = _run(SAMPLE)
    assert "5 fact-checks imported, 0 already known" in output
    assert ExternalFactCheck.objects.count() == 5
    event = AuditEvent.objects.get(action="external_factchecks.imported")
    assert event.data["via"] == "manage.py import_claimreviews"
    assert event.data["filename"] == "external-claimreviews.json"


def test_a_bad_file_is_one_line_and_writes_nothing(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[{"@type": "ClaimReview", "url": "https://x.example/1"}]')
    with pytest.raises(CommandError, match=r"bad.json: item 1: no claimReviewed"):
        _run(path)
    assert not ExternalFactCheck.objects.exists()
    assert AuditEvent.objects.filter(
        action="external_factchecks.import_refused"
    ).exists()


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        _run(tmp_path / "nope.json")

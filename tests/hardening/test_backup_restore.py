"""export_data then import_data into an empty database: every record back, chain intact."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from knox.models import AuthToken

from audit.chain import verify_chain
from audit.context import system_context
from audit.management.commands.export_data import exported_models
from audit.models import AuditEvent
from claims.models import Claim
from claims.services.evidence import evidence_add
from claims.services.workflow import claim_mark_not_checkable, claim_start_research
from reviews.models import Decision, Review
from reviews.services import claim_approve
from sources.services import source_create
from tests.factories import ClaimFactory, UserFactory
from tests.reviews.publishing import review_and_submit

BASE_DIR = Path(__file__).resolve().parents[2]


def _build_desk(researcher, editor) -> Claim:
    """A little of everything, written through the services so it is all audited."""
    source = source_create(
        actor=researcher,
        url="https://stats.example.org/table-2?utm_source=x",
        title="Table 2 — 统计",
    )
    claim = claim_start_research(claim=ClaimFactory(), actor=researcher)
    evidence = evidence_add(
        claim=claim, actor=researcher, source=source, stance="supports", excerpt="42%"
    )
    review_and_submit(
        claim,
        researcher=researcher,
        rating="mostly_true",
        rationale="Matches table 2.",
        evidence=evidence,
    )
    claim_approve(claim=claim, actor=editor, note="Checked.")
    claim_mark_not_checkable(claim=ClaimFactory(), actor=editor, reason="Opinion.")
    AuthToken.objects.create(user=editor)
    Group.objects.create(name="Night desk").user_set.add(researcher)
    with system_context("tests"):
        import audit

        audit.record(action="record.changed", data={"note": "system event"})
    return Claim.objects.get(pk=claim.pk)


def _snapshot() -> dict:
    counts = {
        m._meta.label_lower: m._default_manager.count() for m in exported_models()
    }
    events = list(AuditEvent.objects.order_by("seq").values_list("seq", "at", "hash"))
    return {"counts": counts, "events": events}


def _empty_the_database() -> None:
    # flush drops every row (the test conftest lets it past the audit triggers) and
    # re-creates what migrate would: content types and permissions.
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    assert not get_user_model().objects.exists()


@pytest.mark.django_db(transaction=True)
def test_export_then_import_into_an_empty_database_restores_everything(
    researcher, editor, tmp_path, password
):
    claim = _build_desk(researcher, editor)
    before = _snapshot()
    assert before["counts"]["audit.auditevent"] >= 8
    backup = tmp_path / "backup.json"
    call_command("export_data", str(backup), verbosity=0)

    _empty_the_database()
    call_command("import_data", str(backup), verbosity=0)

    assert _snapshot() == before
    report = verify_chain()
    assert report.ok and report.checked == before["counts"]["audit.auditevent"]
    restored = Claim.objects.get(pk=claim.pk)
    assert (restored.status, restored.verdict, restored.version) == (
        "published",
        "mostly_true",
        claim.version,
    )
    assert Decision.objects.get(claim=restored).editor.username == "editor"
    assert Review.objects.get(claim=restored).cited_evidence.count() == 1
    user = get_user_model().objects.get(username="researcher")
    assert user.check_password(password)
    assert {g.name for g in user.groups.all()} == {"Researchers", "Night desk"}
    assert AuthToken.objects.get().user.username == "editor"
    # New records continue after the restored ones (sequences were moved on).
    ClaimFactory()
    UserFactory(username="new_colleague")


@pytest.mark.django_db
def test_import_refuses_a_database_that_holds_records(researcher, editor, tmp_path):
    _build_desk(researcher, editor)
    backup = tmp_path / "backup.json"
    call_command("export_data", str(backup), verbosity=0)
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="empty database"):
        call_command("import_data", str(backup), verbosity=0)
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db(transaction=True)
def test_a_tampered_backup_is_refused_whole(researcher, editor, tmp_path):
    _build_desk(researcher, editor)
    backup = tmp_path / "backup.json"
    call_command("export_data", str(backup), verbosity=0)
    data = json.loads(backup.read_text())
    event = next(o for o in data["objects"] if o["model"] == "audit.auditevent")
    event["fields"]["comment"] = "forged"
    backup.write_text(json.dumps(data))

    _empty_the_database()
    with pytest.raises(CommandError, match=r"broken at event #\d+"):
        call_command("import_data", str(backup), verbosity=0)
    assert not AuditEvent.objects.exists()
    assert not Claim.objects.exists()


def test_a_file_that_is_not_an_export_is_refused(tmp_path, db):
    path = tmp_path / "other.json"
    path.write_text('[{"model": "auth.user", "pk": 1, "fields": {}}]')
    with pytest.raises(CommandError, match="not a ClaimTrail export"):
        call_command("import_data", str(path), verbosity=0)


@pytest.mark.django_db
def test_the_documented_command_pair_restores_into_a_new_sqlite_file(
    researcher, editor, tmp_path
):
    """As docs/reliability.md says: export, migrate a new database, import, verify."""
    _build_desk(researcher, editor)
    backup = tmp_path / "backup.json"
    call_command("export_data", str(backup), verbosity=0)
    expected = json.loads(backup.read_text())["audit"]["events"]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.test_settings",
        SQLITE_PATH=str(tmp_path / "restored.sqlite3"),
    )

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )

    for step in (["migrate", "--noinput"], ["import_data", str(backup)]):
        result = manage(*step)
        assert result.returncode == 0, result.stderr[-3000:]
    result = manage("verify_audit")
    assert result.returncode == 0, result.stderr
    assert f"intact: {expected} events" in result.stdout

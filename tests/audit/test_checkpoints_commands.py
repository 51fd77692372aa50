"""manage.py audit_checkpoint signs the head; verify_audit --checkpoints checks it.

The scenario of issue 18: the newest events are deleted (triggers dropped
first). The chain still verifies; the checkpoints name what was lost, from the
database's own table or from a copy of /audit/checkpoints.json a reader kept.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from rest_framework.test import APIClient

import audit
from audit import triggers
from audit.checkpoints.signing import (
    generate_private_key,
    load_private_key,
    public_key_b64,
)
from audit.context import system_context
from audit.models import AuditCheckpoint, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(settings):
    settings.AUDIT_CHECKPOINT_KEY = generate_private_key()
    settings.AUDIT_CHECKPOINT_TRUSTED_KEYS = []
    return settings.AUDIT_CHECKPOINT_KEY


def record_events(n: int) -> None:
    with system_context("tests"):
        for i in range(n):
            audit.record(action="record.changed", data={"n": i})


def delete_events_after(seq: int, *, checkpoints: bool = True) -> None:
    """The newest events deleted past the triggers (and the stored checkpoints with
    them, unless ``checkpoints`` is false)."""
    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE seq > %s", [seq])
            if checkpoints:
                cursor.execute("DELETE FROM audit_auditcheckpoint")
    finally:
        triggers.install(connection)


def run(*args: str) -> tuple[int, str, str]:
    """Exit code, output and error of ``manage.py *args``."""
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as exc:
        return 1, out.getvalue(), str(exc)
    return 0, out.getvalue(), err.getvalue()


def test_audit_checkpoint_signs_and_prints_the_head(key):
    record_events(3)
    code, out, _ = run("audit_checkpoint")
    checkpoint = AuditCheckpoint.objects.get()
    assert code == 0
    assert f"Checkpoint #{checkpoint.pk} signed at" in out
    assert f"3 events, head #3 {checkpoint.head_hash}" in out
    assert checkpoint.public_key == public_key_b64(load_private_key(key))


def test_verify_audit_checkpoints_passes_on_an_intact_trail(key):
    record_events(3)
    run("audit_checkpoint")
    record_events(2)
    code, out, _ = run("verify_audit", "--checkpoints")
    assert code == 0, out
    assert "Checkpoints hold: 1 from the database" in out
    assert "Audit chain intact: 6 events." in out  # 3, the checkpoint's, 2


def test_each_run_is_in_the_audit_trail(key):
    record_events(2)
    run("audit_checkpoint")
    signed = AuditEvent.objects.get(action="checkpoint.signed")
    assert signed.data["via"] == "manage.py audit_checkpoint"
    assert signed.actor is None
    delete_events_after(1, checkpoints=False)
    assert run("audit_checkpoint")[0] == 1
    refused = AuditEvent.objects.get(action="checkpoint.refused")
    assert refused.data["via"] == "manage.py audit_checkpoint"


def test_truncation_is_named_by_the_stored_checkpoint(key):
    record_events(5)
    run("audit_checkpoint")
    delete_events_after(3, checkpoints=False)
    code, _, _ = run("verify_audit")
    assert code == 0  # the shorter chain verifies on its own
    code, _, err = run("verify_audit", "--checkpoints")
    assert code == 1
    checkpoint = AuditCheckpoint.objects.get()
    assert f"checkpoint #{checkpoint.pk} (" in err
    assert "event #5 is gone (the trail was truncated after it was signed)" in err


def test_a_kept_copy_names_truncation_after_the_table_is_emptied_too(key, tmp_path):
    record_events(4)
    run("audit_checkpoint")
    kept = tmp_path / "checkpoints.json"
    kept.write_bytes(APIClient().get("/audit/checkpoints.json").content)
    delete_events_after(2)
    code, out, _ = run("verify_audit", "--checkpoints")
    assert code == 0  # nothing left in the database to contradict
    assert "Checkpoints hold: 0 from the database" in out
    code, _, err = run("verify_audit", "--checkpoints", str(kept))
    assert code == 1
    assert f"1 of 1 checkpoints from {kept} do not hold" in err
    assert "event #4 is gone" in err


def test_a_kept_copy_is_checked_against_a_key_the_reader_names(key, tmp_path, settings):
    record_events(2)
    run("audit_checkpoint")
    kept = tmp_path / "checkpoints.json"
    kept.write_bytes(APIClient().get("/audit/checkpoints.json").content)
    # A reader without the server's settings pins the key it trusts.
    settings.AUDIT_CHECKPOINT_KEY = ""
    settings.DEBUG = False
    public = public_key_b64(load_private_key(key))
    code, out, _ = run(
        "verify_audit", "--checkpoints", str(kept), "--public-key", public
    )
    assert code == 0, out
    other = public_key_b64(load_private_key(generate_private_key()))
    code, _, err = run(
        "verify_audit", "--checkpoints", str(kept), "--public-key", other
    )
    assert code == 1
    assert "signed by a key that is not trusted" in err


def test_a_kept_copy_that_is_not_checkpoints_is_refused(key, tmp_path):
    kept = tmp_path / "checkpoints.json"
    kept.write_text('{"checkpoints": [{"at": "yesterday"}]}')
    code, _, err = run("verify_audit", "--checkpoints", str(kept))
    assert code == 1
    assert "entry 0 is not a checkpoint" in err


def test_audit_checkpoint_refuses_to_sign_over_a_truncation(key):
    record_events(5)
    run("audit_checkpoint")
    delete_events_after(3, checkpoints=False)
    code, _, err = run("audit_checkpoint")
    assert code == 1
    assert "No checkpoint written" in err and "event #5 is gone" in err
    assert AuditCheckpoint.objects.count() == 1


def test_without_a_key_and_with_debug_off_nothing_is_signed(settings):
    settings.AUDIT_CHECKPOINT_KEY = ""
    settings.DEBUG = False
    code, _, err = run("audit_checkpoint")
    assert code == 1
    assert "Set AUDIT_CHECKPOINT_KEY" in err
    assert not AuditCheckpoint.objects.exists()


def test_with_debug_on_a_development_key_is_derived(settings):
    settings.AUDIT_CHECKPOINT_KEY = ""
    settings.DEBUG = True
    assert run("audit_checkpoint")[0] == 0
    assert run("audit_checkpoint")[0] == 0  # the same key the second time
    keys = set(AuditCheckpoint.objects.values_list("public_key", flat=True))
    assert len(keys) == 1
    settings.SECRET_KEY = "another-development-secret-key-of-fifty-characters!"
    assert run("audit_checkpoint")[0] == 1  # untrusted last checkpoint


def test_generate_key_prints_a_usable_key_and_signs_nothing():
    code, out, _ = run("audit_checkpoint", "--generate-key")
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("AUDIT_CHECKPOINT_KEY="))
    private = load_private_key(line.split("=", 1)[1])
    assert f"public key: {public_key_b64(private)}" in out
    assert not AuditCheckpoint.objects.exists()


def test_a_retired_key_stays_trusted_when_listed(key, settings):
    record_events(2)
    run("audit_checkpoint")
    old_public = public_key_b64(load_private_key(key))
    settings.AUDIT_CHECKPOINT_KEY = generate_private_key()  # the key is rotated
    code, _, err = run("verify_audit", "--checkpoints")
    assert code == 1 and "not trusted" in err
    settings.AUDIT_CHECKPOINT_TRUSTED_KEYS = [old_public]
    assert run("verify_audit", "--checkpoints")[0] == 0
    assert run("audit_checkpoint")[0] == 0


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_the_checkpoints_and_they_still_hold(key, tmp_path):
    record_events(3)
    run("audit_checkpoint")
    before = list(AuditCheckpoint.objects.values().order_by("pk"))
    backup = tmp_path / "backup.json"
    assert run("export_data", str(backup))[0] == 0
    assert run("flush", "--no-input")[0] == 0
    assert not AuditCheckpoint.objects.exists()
    code, _, err = run("import_data", str(backup))
    assert code == 0, err
    assert list(AuditCheckpoint.objects.values().order_by("pk")) == before
    code, out, _ = run("verify_audit", "--checkpoints")
    assert code == 0, out
    assert "Checkpoints hold: 1 from the database" in out

"""manage.py verify_audit: passes on an intact trail, names the first broken event."""

import pytest
from django.core.management import execute_from_command_line
from django.db import connection

import audit
from audit import triggers
from audit.context import system_context


def _record(n: int) -> None:
    with system_context("tests"):
        for i in range(n):
            audit.record(action="record.changed", data={"n": i})


def _tamper(sql: str, params: list) -> None:
    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    finally:
        triggers.install(connection)


def _run(capsys) -> tuple[int, str, str]:
    try:
        execute_from_command_line(["manage.py", "verify_audit"])
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.django_db
def test_an_intact_trail_passes(capsys):
    _record(3)
    code, out, _ = _run(capsys)
    assert code == 0
    assert "intact: 3 events" in out


@pytest.mark.django_db
def test_an_event_altered_after_dropping_the_trigger_is_named(capsys):
    _record(5)
    _tamper("UPDATE audit_auditevent SET action = %s WHERE seq = %s", ["x.y", 4])
    code, _, err = _run(capsys)
    assert code == 1
    assert "event #4" in err
    assert "3 events before it verified" in err


@pytest.mark.django_db
def test_a_deleted_event_is_named(capsys):
    _record(5)
    _tamper("DELETE FROM audit_auditevent WHERE seq = %s", [2])
    code, _, err = _run(capsys)
    assert code == 1
    assert "event #2" in err
    assert "missing" in err


@pytest.mark.django_db
def test_the_triggers_are_back_after_the_tamper_helper(capsys):
    # Guards the helper above: a test that left the table open would hide bugs.
    _record(1)
    with pytest.raises(Exception, match="append-only"), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET comment = 'x'")


def _anchor_of_last_event():
    from audit.models import AuditEvent

    event = AuditEvent.objects.order_by("-seq").first()
    return f"{event.seq}:{event.hash}"


@pytest.mark.django_db(transaction=True)
def test_an_anchor_kept_elsewhere_detects_removed_newest_events(researcher):
    from io import StringIO

    from django.core.management import CommandError, call_command

    from audit.models import AuditEvent
    from claims.services.workflow import claim_start_research
    from tests.factories import ClaimFactory

    claim_start_research(claim=ClaimFactory(), actor=researcher)
    claim_start_research(claim=ClaimFactory(), actor=researcher)
    out = StringIO()
    call_command("verify_audit", stdout=out)
    anchor = _anchor_of_last_event()
    assert f"head #{anchor.replace(':', ' ')}" in out.getvalue()
    call_command("verify_audit", "--expect-head", anchor, stdout=StringIO())

    # Someone with database rights drops the newest event: the chain alone still
    # verifies, the anchor does not.
    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM audit_auditevent WHERE seq = %s",
                [int(anchor.split(":")[0])],
            )
    finally:
        triggers.install(connection)
    call_command("verify_audit", stdout=StringIO())
    with pytest.raises(CommandError, match="is gone"):
        call_command("verify_audit", "--expect-head", anchor, stdout=StringIO())
    assert AuditEvent.objects.count() == 1

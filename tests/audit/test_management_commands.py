"""Every management command that can write records an event; the rest are listed."""

import io

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command, get_commands

from audit.models import AuditEvent
from tests.factories import UserFactory

# Commands that change records, each with the events a run must leave.
AUDITED = {
    "createsuperuser",
    "changepassword",
    "axes_reset",
    "axes_reset_ip",
    "axes_reset_username",
    "axes_reset_ip_username",
    "axes_reset_failure_logs",
    "axes_reset_logs",
    "loaddata",
    "remove_stale_contenttypes",
    "import_report",
    "import_claimreviews",
    "import_data",
    "seed_demo",
    "audit_checkpoint",
    "train_triage",
}
# Commands that read, write files, or only touch data that is not a record
# (sessions, the cache table, derived tallies, the schema).
NOT_RECORDS = {
    "check",
    "collectstatic",
    "compilemessages",
    "createcachetable",
    "clearsessions",
    # Deletes expired stored answers of idempotent POSTs: a cache, not records.
    "prune_idempotency_keys",
    "dbshell",
    "diffsettings",
    "dumpdata",
    "evaluate_triage",
    "export_data",
    "findstatic",
    "generateschema",
    "inspectdb",
    "makemessages",
    "makemigrations",
    "migrate",
    "optimizemigration",
    "axes_list_attempts",
    "rebuild_tallies",
    "runserver",
    "sendtestemail",
    "shell",
    "showmigrations",
    "spectacular",
    "sqlflush",
    "sqlmigrate",
    "sqlsequencereset",
    "squashmigrations",
    "startapp",
    "startproject",
    "test",
    "testserver",
    "verify_audit",
    "workflow_diagram",
}
# The background workers and their queue's tools: queue rows are not records, and
# the tasks they run write through the services, which record their events.
WORKERS = {
    "db_worker",
    "prune_db_task_results",
    "rqcron",
    "rqenqueue",
    "rqresume",
    "rqscheduler",
    "rqstats",
    "rqsuspend",
    "rqworker",
    "rqworker-pool",
}
# Refused by the audit table's triggers: it cannot empty the trail.
REFUSED = {"flush"}


def _events(action: str):
    return AuditEvent.objects.filter(action=action)


def test_every_command_is_classified():
    unknown = set(get_commands()) - AUDITED - NOT_RECORDS - WORKERS - REFUSED
    assert not unknown, (
        f"Classify these commands in {__name__}: if they write records, they must "
        f"record events: {sorted(unknown)}"
    )


def test_every_audited_command_runs_through_our_override():
    commands = get_commands()
    overridden = {
        "createsuperuser",
        "changepassword",
        "loaddata",
        "remove_stale_contenttypes",
    } | {name for name in AUDITED if name.startswith("axes_reset")}
    assert {name: commands[name] for name in overridden} == dict.fromkeys(
        overridden, "audit"
    )


@pytest.mark.django_db
def test_createsuperuser_records_the_new_account(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-enough-password-1")
    call_command(
        "createsuperuser",
        interactive=False,
        username="boss",
        email="boss@example.org",
        stdout=io.StringIO(),
    )
    event = _events("user.created").get()
    assert event.subject_label == "boss"
    assert event.data["via"] == "manage.py createsuperuser"
    assert event.data["changes"]["is_superuser"] == {"old": None, "new": True}
    assert "password" not in str(event.data)


@pytest.mark.django_db
def test_changepassword_records_the_change_without_the_password(monkeypatch):
    UserFactory(username="rosa")
    monkeypatch.setattr(
        "django.contrib.auth.management.commands.changepassword.getpass.getpass",
        lambda prompt="": "a-new-long-password-2",
    )
    call_command("changepassword", "rosa", stdout=io.StringIO())
    event = _events("user.changed").get()
    assert event.subject_label == "rosa"
    assert event.data["changes"] == {
        "password": {"old": "(hidden)", "new": "(changed)"}
    }
    assert event.data["via"] == "manage.py changepassword"
    assert (
        get_user_model()
        .objects.get(username="rosa")
        .check_password("a-new-long-password-2")
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("command", "args", "scope"),
    [
        ("axes_reset", [], {}),
        ("axes_reset_ip", ["10.0.0.9"], {"ip": ["10.0.0.9"]}),
        ("axes_reset_username", ["rosa"], {"username": ["rosa"]}),
        (
            "axes_reset_ip_username",
            ["10.0.0.9", "rosa"],
            {"ip": "10.0.0.9", "username": "rosa"},
        ),
    ],
)
def test_axes_resets_are_recorded(command, args, scope):
    AccessAttempt.objects.create(
        username="rosa",
        ip_address="10.0.0.9",
        user_agent="test",
        failures_since_start=9,
    )
    call_command(command, *args, stdout=io.StringIO())
    event = _events("auth.lockouts_reset").get()
    assert event.data["via"] == f"manage.py {command}"
    for key, value in scope.items():
        assert event.data[key] == value
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["axes_reset_failure_logs", "axes_reset_logs"])
def test_axes_log_resets_are_recorded(command):
    call_command(command, stdout=io.StringIO())
    assert _events("auth.lockouts_reset").get().data["via"] == f"manage.py {command}"


@pytest.mark.django_db
def test_loaddata_records_the_fixture_and_its_object_count(tmp_path):
    fixture = tmp_path / "people.json"
    fixture.write_text(
        '[{"model": "auth.group", "fields": {"name": "Fact checkers"}},'
        ' {"model": "auth.group", "fields": {"name": "Translators"}}]'
    )
    call_command("loaddata", str(fixture), stdout=io.StringIO())
    event = _events("data.loaded").get()
    assert event.data["objects"] == 2
    assert event.data["fixtures"] == [str(fixture)]


@pytest.mark.django_db
def test_remove_stale_contenttypes_names_what_it_removed():
    ContentType.objects.create(app_label="claims", model="retiredthing")
    call_command("remove_stale_contenttypes", interactive=False, stdout=io.StringIO())
    event = _events("data.content_types_removed").get()
    assert event.data["content_types"] == ["claims.retiredthing"]


@pytest.mark.django_db
def test_unlocking_a_user_in_the_admin_is_recorded(client, admin_user):
    attempt = AccessAttempt.objects.create(
        username="rosa",
        ip_address="10.0.0.9",
        user_agent="test",
        failures_since_start=9,
    )
    client.force_login(admin_user)
    response = client.post(
        f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    event = _events("auth.lockouts_reset").get()
    assert event.actor == admin_user
    assert (event.data["username"], event.data["ip"]) == ("rosa", "10.0.0.9")

"""manage.py seed_demo: demo roles and users, never by accident in production."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from audit.models import AuditEvent
from config.roles import is_editor, is_researcher

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_refuses_with_debug_off():
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not get_user_model().objects.exists()


@override_settings(DEBUG=True)
def test_creates_the_demo_desk_once(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    users = {u.username: u for u in get_user_model().objects.all()}
    assert {"rosa", "ravi", "edith", "admin"} <= set(users)
    assert is_researcher(users["rosa"]) and is_researcher(users["ravi"])
    assert is_editor(users["edith"]) and not is_researcher(users["edith"])
    assert users["admin"].is_superuser
    assert users["edith"].check_password("claimtrail-demo")
    created = AuditEvent.objects.filter(action="user.created")
    assert created.count() == 4
    assert all(
        e.actor is None and e.data["via"] == "manage.py seed_demo" for e in created
    )
    assert "claimtrail-demo" in capsys.readouterr().out


def test_allow_production_overrides_the_guard():
    call_command(
        "seed_demo", "--allow-production", "--password", "a-long-local-password"
    )
    assert (
        get_user_model()
        .objects.get(username="edith")
        .check_password("a-long-local-password")
    )


@override_settings(DEBUG=True)
def test_gives_the_demo_users_their_roles_when_the_role_groups_are_gone():
    # A flushed database (or one restored without the migrations' rows) has no
    # role groups; the demo users must still get theirs.
    from django.contrib.auth.models import Group

    Group.objects.all().delete()
    call_command("seed_demo")
    users = {u.username: u for u in get_user_model().objects.all()}
    assert is_researcher(users["rosa"])
    assert is_editor(users["edith"])

"""SQLite is hardened however it is named: SQLITE_PATH or DATABASE_URL=sqlite:///….

Issue 18: with ``DATABASE_URL=sqlite:///…`` the WAL journal, ``BEGIN IMMEDIATE``
and the busy timeout were silently dropped, and 37 of 40 concurrent approvals
failed with "database is locked". Each spelling is started here as a server
would start it (a subprocess with production settings) and its connection is
asked what it really does.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

# Runs inside the subprocess: open the configured database, report its pragmas,
# then hold an empty transaction open and see whether a second writer is locked
# out (IMMEDIATE takes the write lock at BEGIN; DEFERRED takes none until a write).
PROBE = """
import json, sqlite3, django
django.setup()
from django.db import connection, transaction
with connection.cursor() as cursor:
    pragmas = {
        name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "busy_timeout", "foreign_keys", "synchronous")
    }
with transaction.atomic():
    other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.rollback()
        second_writer = "got the lock"
    except sqlite3.OperationalError as exc:
        second_writer = str(exc)
    finally:
        other.close()
print(json.dumps({
    "vendor": connection.vendor,
    "name": str(connection.settings_dict["NAME"]),
    "pragmas": pragmas,
    "second_writer": second_writer,
}))
"""


def _probe(tmp_path: Path, **database_env: str) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SQLITE_PATH", "SQLITE_BUSY_TIMEOUT"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY="k3J9#xQ!vB2m@Lp7$Wn4&Zr8*Tc6^Yh1%Ds5(Fg0)Ae-Uo-Pq2+Rs",
        ALLOWED_HOSTS="claims.example.org",
        **database_env,
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "spelling",
    ["SQLITE_PATH", "DATABASE_URL=sqlite:////abs", "DATABASE_URL=sqlite:///rel"],
)
def test_sqlite_is_hardened_however_it_is_named(tmp_path, spelling):
    path = tmp_path / "claimtrail.sqlite3"
    if spelling == "SQLITE_PATH":
        env = {"SQLITE_PATH": str(path)}
    elif spelling.endswith("abs"):
        env = {"DATABASE_URL": f"sqlite:///{path}"}  # sqlite:////tmp/… absolute
    else:
        env = {"DATABASE_URL": f"sqlite:///{os.path.relpath(path, BASE_DIR)}"}
    outcome = _probe(tmp_path, **env)
    assert outcome["vendor"] == "sqlite"
    assert Path(BASE_DIR, outcome["name"]).resolve() == path.resolve()
    assert outcome["pragmas"] == {
        "journal_mode": "wal",
        "busy_timeout": 20_000,
        "foreign_keys": 1,
        "synchronous": 1,  # NORMAL
    }
    # BEGIN IMMEDIATE: an open transaction holds the write lock before any write.
    assert outcome["second_writer"] == "database is locked"


def test_the_busy_timeout_is_read_from_the_environment_for_a_url_too(tmp_path):
    outcome = _probe(
        tmp_path,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        SQLITE_BUSY_TIMEOUT="7",
    )
    assert outcome["pragmas"]["busy_timeout"] == 7_000

"""Production settings, as a server would load them, pass Django's deploy checks."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "0",
    "SECRET_KEY": "k3J9#xQ!vB2m@Lp7$Wn4&Zr8*Tc6^Yh1%Ds5(Fg0)Ae-Uo-Pq2+Rs",
    "ALLOWED_HOSTS": "claims.example.org",
    # The public identity (config/checks.py warns while these are the defaults).
    "CLAIMTRAIL_SITE_URL": "https://verdicts.example.org",
    "CLAIMTRAIL_ORGANISATION": "Example Fact Check",
    "CLAIMTRAIL_ORGANISATION_URL": "https://factcheck.example.org/",
    "CLAIMTRAIL_ORGANISATION_LOGO": "https://factcheck.example.org/logo.png",
}
IDENTITY = [
    "CLAIMTRAIL_SITE_URL",
    "CLAIMTRAIL_ORGANISATION",
    "CLAIMTRAIL_ORGANISATION_URL",
    "CLAIMTRAIL_ORGANISATION_LOGO",
]


def _run(args: list[str], tmp_path, **extra_env) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into "production".
        if k not in {"DATABASE_URL", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        and k not in IDENTITY
    }
    env.update(PRODUCTION_ENV, SQLITE_PATH=str(tmp_path / "db.sqlite3"), **extra_env)
    for name in [k for k, v in extra_env.items() if v is None]:
        env.pop(name)
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_while_the_public_identity_is_the_default(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        **dict.fromkeys(IDENTITY),
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for number, name in enumerate(IDENTITY, start=1):
        assert f"claimtrail.W00{number}" in output
        assert name in output


def test_a_short_secret_key_stops_the_server_from_starting(tmp_path):
    result = _run(["manage.py", "check"], tmp_path, SECRET_KEY="x" * 40)
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 characters" in result.stderr


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    code = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps({k: getattr(s, k, None) for k in ["
        "'DEBUG','SESSION_COOKIE_SECURE','SESSION_COOKIE_HTTPONLY',"
        "'SESSION_COOKIE_SAMESITE','CSRF_COOKIE_SECURE','CSRF_COOKIE_HTTPONLY',"
        "'CSRF_COOKIE_SAMESITE','SECURE_SSL_REDIRECT','SECURE_HSTS_SECONDS',"
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS','SECURE_HSTS_PRELOAD','SESSION_COOKIE_AGE',"
        "'SESSION_RENEW_INTERVAL','SESSION_ABSOLUTE_TIMEOUT','X_FRAME_OPTIONS',"
        "'AXES_FAILURE_LIMIT','MIDDLEWARE']}, default=str))"
    )
    result = _run(["-c", code], tmp_path_factory.mktemp("prod"))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure_httponly_and_samesite(production):
    assert production["DEBUG"] is False
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_HTTPONLY"] is True
    assert production["CSRF_COOKIE_SAMESITE"] == "Lax"


def test_production_forces_https_with_a_year_of_hsts(production):
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["X_FRAME_OPTIONS"] == "DENY"


def test_production_sessions_have_idle_and_absolute_timeouts(production):
    assert 0 < production["SESSION_COOKIE_AGE"] <= 8 * 3600
    assert 0 < production["SESSION_RENEW_INTERVAL"] <= 300
    assert production["SESSION_COOKIE_AGE"] < production["SESSION_ABSOLUTE_TIMEOUT"]
    assert production["SESSION_ABSOLUTE_TIMEOUT"] <= 24 * 3600
    assert (
        "config.session_middleware.SessionTimeoutMiddleware" in production["MIDDLEWARE"]
    )

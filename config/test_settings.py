"""Settings for the test suite: production-like (DEBUG off) with fixed test secrets."""

import os
import tempfile

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault(
    "SECRET_KEY", "test-secret-key-that-is-long-enough-for-django-checks"
)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# High enough never to refuse a test; the throttling tests lower them.
os.environ.setdefault("API_RATE_USER", "100000/min")
os.environ.setdefault("API_RATE_ANON", "100000/min")

from config.settings import *  # noqa: E402,F403

# Live-server and browser tests talk plain HTTP to localhost.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each test process keeps imported originals in its own scratch directory.
MEDIA_ROOT = tempfile.mkdtemp(prefix="claimtrail-media-")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_VERBOSE = False
# Tests serve static files from the finders; there is no collectstatic output.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

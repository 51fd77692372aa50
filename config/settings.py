"""Django settings for ClaimTrail, read from the environment (docs/configuration.md)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
if DEBUG:
    SECRET_KEY = env_str(
        "SECRET_KEY", "insecure-development-key-do-not-use-in-production"
    )
else:
    SECRET_KEY = env_str("SECRET_KEY")
    # The same bar as Django's deploy check (security.W009), enforced at start-up.
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY must be at least 50 characters long and random."
        )

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # First, so that its audited versions of Django's, DRF's and axes' management
    # commands (createsuperuser, changepassword, axes_reset, ...) take precedence.
    "audit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's widget templates, found by the project's engine (FORM_RENDERER).
    "django.forms",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "corsheaders",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_tasks_rq",
    "sources",
    "claims",
    "reviews",
    "collab",
    "desk",
    "config.apps.ClaimTrailConfig",
]

# Forged or stale forms are refused and recorded like any other 403.
CSRF_FAILURE_VIEW = "config.error_views.csrf_failure"

MIDDLEWARE = [
    # First: everything after it runs on one reserved chunk of the frame stack.
    "config.datastack.DataStackReserveMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that may answer: a preflight or an error needs its headers.
    "corsheaders.middleware.CorsMiddleware",
    # Outermost of the rest, so that it compresses their final answer.
    "config.compression.ScopedGZipMiddleware",
    # Inside gzip: it hashes the body as the view made it, and a 304 has none.
    "config.conditional.ConditionalGetMiddleware",
    "config.throttling.RateLimitHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session (a language chosen with the switcher is kept in a cookie,
    # read here), before CommonMiddleware; it answers in the request's language.
    "django.middleware.locale.LocaleMiddleware",
    "config.common_middleware.SafeCommonMiddleware",
    "config.error_views.ApiNotFoundMiddleware",
    "config.input_guard_middleware.InputGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.cache_middleware.PrivateCacheMiddleware",
    "audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.session_middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "config.middleware.WorkflowErrorMiddleware",
    # Last: it sees the final answer of the view it may replay.
    "config.idempotency.IdempotencyMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                # LANGUAGES as settings name them (each in itself), for the switcher.
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Widgets render through the project's engine, so that templates/django/forms/
# may replace one of Django's (select.html: its options in one loop).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "config.wsgi.application"

# One path for every database. DATABASE_URL names it (postgres://… or
# sqlite:///…); without it, SQLite at SQLITE_PATH. SQLite gets the same hardening
# however it is named: a sqlite:/// URL once silently lost it, and 37 of 40
# concurrent approvals then failed with "database is locked".
DATABASE_URL = env_str("DATABASE_URL", "")
SQLITE_ENGINE = "django.db.backends.sqlite3"
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": SQLITE_ENGINE,
            "NAME": Path(env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))),
        }
    }
if DATABASES["default"]["ENGINE"] == SQLITE_ENGINE:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 0)
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of
        # failing with "database is locked" when a reader upgrades to a writer.
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
        ),
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)
    # PostgreSQL's default (4) prices a random read as on a spinning disk, and then
    # reads every evidence row to find one report's (27 ms at 100,000 claims)
    # rather than follow the claim index (4 ms). 0 leaves the server's setting.
    if random_page_cost := env_float("DB_RANDOM_PAGE_COST", 1.1):
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = (
            f"{options.get('options', '')} -c random_page_cost={random_page_cost:g}"
        ).strip()
DATABASES["default"].setdefault("TEST", {})
if test_name := env_str("TEST_DATABASE_NAME", ""):
    DATABASES["default"]["TEST"]["NAME"] = test_name

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# The languages of the pages (Accept-Language, or the switcher's choice in a
# cookie); each named in itself, as the switcher shows it.
LANGUAGES = [("en-gb", "English"), ("de", "Deutsch"), ("zh-hans", "简体中文")]
# The templates' catalog, then config's (not an installed app, so found only here);
# the apps' own catalogs are found in their locale/ directories.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "config" / "locale"]
# Dates are written with named formats (DATE_FORMAT, ...), localised per language;
# English keeps the desk's own (config/formats/en_GB).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded originals of imported reports (the default FileSystemStorage).
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Sessions: idle timeout (renewed on each request) capped by an absolute lifetime.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_TIMEOUT", 60 * 60 * 2)
# Renewed by config.session_middleware at most once a minute, not on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_INTERVAL = env_int("SESSION_RENEW_INTERVAL", 60)
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT", 60 * 60 * 12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Transport security is on whenever DEBUG is off; a TLS terminating proxy is assumed.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies of ours append to X-Forwarded-For; the client's address is the
# entry the nearest of them added. 0 means clients connect directly.
TRUSTED_PROXY_COUNT = env_int(
    "TRUSTED_PROXY_COUNT", 1 if env_bool("BEHIND_TLS_PROXY", False) else 0
)
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling: a finite cool-off after repeated failures per user and address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Throttle by the same client address the audit trail records, not the proxy's.
AXES_CLIENT_IP_CALLABLE = "audit.middleware.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

REST_FRAMEWORK = {
    # Token first, so that a request without credentials gets 401 and a
    # WWW-Authenticate header; session requests still need their CSRF token.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "config.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON with a size cap and a nesting limit: deep [[[… was a 500 (RecursionError).
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.GuardedJSONParser",
        "rest_framework.parsers.FormParser",
        "config.parsers.GuardedMultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["config.filtering.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "config.pagination.KeysetPagination",
    "PAGE_SIZE": env_int("LIST_PAGE_SIZE", 50),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.api_exception_handler",
    # Accept: application/problem+json is served (errors are problem details).
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "config.api.ProblemNegotiation",
    # Per user, or per address without one; RateLimit headers (config/throttling).
    "DEFAULT_THROTTLE_CLASSES": [
        "config.throttling.UserThrottle",
        "config.throttling.AnonThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env_str("API_RATE_USER", "600/min"),
        "anon": env_str("API_RATE_ANON", "60/min"),
    },
    # The address the audit trail records, not the proxy's (TRUSTED_PROXY_COUNT).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}

# API tokens (django-rest-knox): stored as digests, shown once, expiring.
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env_int("API_TOKEN_TTL_DAYS", 90)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "ClaimTrail API",
    "DESCRIPTION": "Claims, sources, evidence, reviews, decisions and the audit trail.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ClaimKindEnum": "claims.models.ClaimKind",
        "SourceKindEnum": "sources.models.SourceKind",
        "VerdictEnum": "claims.models.Verdict",
        "DecisionKindEnum": "reviews.models.DecisionKind",
        "MatchResolutionEnum": ["same", "distinct"],
        "ClaimStatusEnum": "claims.models.ClaimStatus",
    },
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api.document_problems",
    ],
    "TAGS": [
        {"name": "auth", "description": "Tokens and the current user."},
        {"name": "reports", "description": "Imported reports."},
        {"name": "claims", "description": "Claims: read, filter, edit, assign."},
        {"name": "workflow", "description": "One POST endpoint per workflow action."},
        {"name": "reviews", "description": "Reviewers' verdicts (blind until yours)."},
        {
            "name": "matches",
            "description": "Same or similar claims, and resolving them.",
        },
        {"name": "evidence", "description": "Claim-source links."},
        {"name": "sources", "description": "Documents and pages cited as evidence."},
        {"name": "audit", "description": "The append-only audit trail (read-only)."},
        {"name": "notifications", "description": "Your own notifications."},
        {
            "name": "verdicts",
            "description": "Published verdicts, public: search as ClaimReview.",
        },
    ],
}

# CORS: the public read endpoints only (the feed, the exports, the verdict
# search), for any origin, without credentials. Nothing else sends CORS headers.
CORS_URLS_REGEX = (
    r"^/(verdicts/(feed\.json|export\.json|export\.csv)|api/v1/verdicts/.*)$"
)
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Last-Modified",
    "Link",
    "RateLimit",
    "RateLimit-Policy",
    "Retry-After",
]

# ClaimTrail's own settings.
# The public identity: the address of the public pages (canonical links, JSON-LD,
# the feed, the exports) and the publisher ClaimReview names. `check --deploy`
# warns while they are the defaults (config/checks.py).
CLAIMTRAIL_SITE_URL = env_str("CLAIMTRAIL_SITE_URL", "http://127.0.0.1:8000")
CLAIMTRAIL_ORGANISATION = env_str("CLAIMTRAIL_ORGANISATION", "ClaimTrail Fact Check")
CLAIMTRAIL_ORGANISATION_URL = env_str(
    "CLAIMTRAIL_ORGANISATION_URL", "https://example.org/"
)
CLAIMTRAIL_ORGANISATION_LOGO = env_str("CLAIMTRAIL_ORGANISATION_LOGO", "")
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# A file larger than this is imported in the background (an ImportJob run by the
# task worker): the web page and the API answer at once with the job to follow.
IMPORT_BACKGROUND_BYTES = env_int("IMPORT_BACKGROUND_BYTES", 256 * 1024)
# The score (0-100, claims.matching) from which two claims are suggested as one.
MATCH_THRESHOLD = env_float("MATCH_THRESHOLD", 50.0)
IMPORT_MAX_PAGES = env_int("IMPORT_MAX_PAGES", 300)
# Fewer desk decisions than this and train_triage keeps the current model; the
# hour (local time) from which the schedule retrains it, once a day.
TRIAGE_MIN_DECISIONS = env_int("TRIAGE_MIN_DECISIONS", 50)
TRIAGE_TRAIN_HOUR = env_int("TRIAGE_TRAIN_HOUR", 3)
LIST_PAGE_SIZE = env_int("LIST_PAGE_SIZE", 50)
# How long the first answer to a POST with an Idempotency-Key is replayed.
IDEMPOTENCY_TTL_HOURS = env_int("IDEMPOTENCY_TTL_HOURS", 24)
LIST_MAX_PAGE_SIZE = env_int("LIST_MAX_PAGE_SIZE", 200)
# Beyond this many rows (by the planner's estimate, PostgreSQL) a list says "about".
LIST_COUNT_EXACT_UP_TO = env_int("LIST_COUNT_EXACT_UP_TO", 10_000)
# Signs the audit checkpoints (Ed25519, base64 of the 32-byte private key or a
# PEM); without it only DEBUG signs, with a key derived from SECRET_KEY.
AUDIT_CHECKPOINT_KEY = env_str("AUDIT_CHECKPOINT_KEY", "")
# Public keys (base64) of retired checkpoint keys whose checkpoints still count.
AUDIT_CHECKPOINT_TRUSTED_KEYS = env_list("AUDIT_CHECKPOINT_TRUSTED_KEYS", [])

# Background work: Django's Tasks API. The database backend needs nothing more than
# the database (its worker is `manage.py db_worker`); RQ on Redis serves several
# machines (its worker is `manage.py rqworker --job-class django_tasks_rq.Job`).
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    # Runs each task at once in the process that enqueues it: for trying things out.
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND={TASKS_BACKEND!r}: use one of {', '.join(_TASK_BACKENDS)}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 300}}
# Retries of a failing task (a delivery): attempts, and the first wait, doubled
# each time up to the ceiling.
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 6)
TASK_RETRY_BASE_SECONDS = env_float("TASK_RETRY_BASE_SECONDS", 10.0)
TASK_RETRY_MAX_SECONDS = env_float("TASK_RETRY_MAX_SECONDS", 3600.0)

# The schedule's tick (deadlines, the daily digest, stalled e-mails) and the hour
# (local time) from which the daily digest goes out.
COLLAB_TICK_SECONDS = env_int("COLLAB_TICK_SECONDS", 300)
DIGEST_HOUR = env_int("DIGEST_HOUR", 7)
# How many days before its due date an assignee is told a claim is due soon.
DUE_SOON_DAYS = env_int("DUE_SOON_DAYS", 2)

# Webhooks: networks that deliveries may reach although they are private or
# loopback (none by default), the time allowed per request, and how many failed
# attempts in a row pause a subscription (its owner is told).
WEBHOOK_ALLOWED_NETWORKS = env_list("WEBHOOK_ALLOWED_NETWORKS", [])
WEBHOOK_TIMEOUT_SECONDS = env_float("WEBHOOK_TIMEOUT_SECONDS", 10.0)
WEBHOOK_PAUSE_AFTER_FAILURES = env_int("WEBHOOK_PAUSE_AFTER_FAILURES", 10)

# Source snapshots (sources.fetch): the time allowed per fetch in all, the size
# at which a body is cut, redirects followed, whether private, loopback and
# link-local addresses may be fetched (only for tests and closed networks), how
# often the schedule re-checks a source, and the size cap of an uploaded document.
SOURCE_FETCH_TIMEOUT_SECONDS = env_float("SOURCE_FETCH_TIMEOUT_SECONDS", 20.0)
SOURCE_FETCH_MAX_BYTES = env_int("SOURCE_FETCH_MAX_BYTES", 20 * 1024 * 1024)
SOURCE_FETCH_MAX_REDIRECTS = env_int("SOURCE_FETCH_MAX_REDIRECTS", 5)
SOURCE_FETCH_ALLOW_PRIVATE = env_bool("SOURCE_FETCH_ALLOW_PRIVATE", False)
SOURCE_FETCH_USER_AGENT = env_str(
    "SOURCE_FETCH_USER_AGENT", "ClaimTrail source archiver (+https://example.org/)"
)
SOURCE_RECHECK_SECONDS = env_int("SOURCE_RECHECK_SECONDS", 7 * 24 * 3600)
SOURCE_UPLOAD_MAX_BYTES = env_int("SOURCE_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)

# E-mail: printed on the console by default; SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ClaimTrail <claimtrail@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
else:
    EMAIL_BACKEND = env_str(
        "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

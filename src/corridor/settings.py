"""Corridor settings, driven by environment variables.

Settings fail closed: ``DEBUG`` is off unless the environment turns it on (``make demo``,
``make test`` and ``make bench`` set ``DEBUG=1``), and with ``DEBUG`` off a missing ``SECRET_KEY``
or ``ALLOWED_HOSTS`` stops start-up with one line naming the variable. With ``DEBUG=1`` the
defaults suit a laptop: SQLite under ``var/``, eager Celery tasks, mail to the console.
Production sets ``DEBUG=0``, ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL`` and ``REDIS_URL``;
with those, ``corridor check --deploy`` is clean. Importing this module creates nothing on disk:
``var/`` directories are made where they are needed (the ``corridor`` command, the trade store).

Every variable read here is listed in the README's configuration table (a test compares them).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("CORRIDOR_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def require(name: str, value):
    """Stop start-up with one line naming the missing variable (only ever called with DEBUG off)."""
    if not value:
        sys.exit(f"corridor: set {name} (required when DEBUG is off; DEBUG=1 for a laptop)")
    return value


DEBUG = env_bool("DEBUG", False)
# A fixed development key only when DEBUG is on; production must provide its own.
SECRET_KEY = os.environ.get("SECRET_KEY") or ("dev-only-insecure-key-change-me" if DEBUG else "")
require("SECRET_KEY", SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
require("ALLOWED_HOSTS", ALLOWED_HOSTS)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "auditlog",
    "axes",
    "csp",
    "django_htmx",
    "template_partials",
    "corridor.core",
    "corridor.orgs",
    "corridor.trade",
    "corridor.council",
    "corridor.grants",
    "corridor.exchange",
    "corridor.matchmaking",
    "corridor.standards",
    "corridor.datahub",
    "corridor.talent",
    "corridor.ventures",
    "corridor.news",
    "corridor.messaging",
    "corridor.portal",
    "corridor.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corridor.core.middleware.RequestLimitsMiddleware",
    "corridor.core.middleware.RejectNullCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # after the session, the language and the CSRF cookie are known, before the user is loaded
    "corridor.core.pagecache.PageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "corridor.core.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Axes last: it inspects the response of failed logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "corridor.urls"
WSGI_APPLICATION = "corridor.wsgi.application"

# Selects render their options in Python (same markup as Django's templates, ~20x faster).
FORM_RENDERER = "corridor.core.form_renderer.FastSelectRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "corridor.core.context_processors.corridor",
                "corridor.messaging.context_processors.messaging",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'corridor.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # IMMEDIATE: a write transaction takes the lock when it begins, so concurrent writers wait
    # (up to the busy timeout) instead of failing with "database is locked" when they upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Prepared statements: parameters are bound by the server and a statement a connection has
    # run DB_PREPARE_THRESHOLD times is prepared, so PostgreSQL stops planning it again (a page's
    # many-join queries spent more time being planned than run). "off" for a pooler that hands
    # a connection to another client after each transaction (PgBouncer's transaction mode).
    _prepare = os.environ.get("DB_PREPARE_THRESHOLD", "2").strip().lower()
    if _prepare != "off":
        if not _prepare.isdigit():
            sys.exit(f"corridor: DB_PREPARE_THRESHOLD must be a number of runs or 'off', not {_prepare!r}")
        DATABASES["default"]["OPTIONS"] = {
            **DATABASES["default"].get("OPTIONS", {}),
            "server_side_binding": True,
            "prepare_threshold": int(_prepare),
        }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# Login rate limiting: after 5 failures for one account from one address, lock for 15 minutes.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Our login form and authenticate() pass the address as "username" (axes would default to USERNAME_FIELD,
# "email"); lower-case it so "Alice@X" and "alice@x" share one lock.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "corridor.core.auth.axes_username"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ms", _("Bahasa Malaysia")), ("sw", _("Kiswahili"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Formats Django lacks (Swahili as written in Kenya); other languages use Django's own.
FORMAT_MODULE_PATH = ["corridor.formats"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Front-end packages come from the npm registry at set-up time (`npm ci`), never from the repo.
NODE_MODULES = PROJECT_DIR / "node_modules"
if (NODE_MODULES / "htmx.org" / "dist").is_dir():
    STATICFILES_DIRS.append(("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"))
# User media: served by core.media under this path, or from another origin when it is an
# absolute URL (e.g. https://media.corridor.example/media/), so uploads never share our origin.
MEDIA_URL = os.environ.get("CORRIDOR_MEDIA_URL") or "/media/"
if not MEDIA_URL.endswith("/"):
    MEDIA_URL += "/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded files on any S3-compatible object store (django-storages; needs boto3 installed) when
# CORRIDOR_S3_BUCKET is set; otherwise on the local disk under MEDIA_ROOT.
if os.environ.get("CORRIDOR_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["CORRIDOR_S3_BUCKET"],
            "endpoint_url": os.environ.get("CORRIDOR_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("CORRIDOR_S3_REGION") or None,
            "access_key": os.environ.get("CORRIDOR_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("CORRIDOR_S3_SECRET_ACCESS_KEY") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# Largest file a publisher may upload to the data hub.
DATAHUB_MAX_UPLOAD_BYTES = int(os.environ.get("DATAHUB_MAX_UPLOAD_BYTES", str(500 * 1024 * 1024)))
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
LOGO_MAX_BYTES = 2 * 1024 * 1024

# E-mail: console by default; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Corridor <noreply@corridor.localhost>")

# Background work: Redis broker when REDIS_URL is set, otherwise tasks run eagerly in-process.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Pages kept in the cache until a table they were made from is written (core.pagecache), for
# anonymous visitors and, under their own session, for signed-in people. Only with a cache every
# process shares: with a per-process cache one worker's write would leave another worker's pages
# stale.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60" if (REDIS_URL and not DEBUG) else "0"))
# Sessions read from the shared cache, written through to the database (a page served from the
# page cache still loads its session: one cache round trip instead of a query). A per-process
# cache keeps the database engine: a session signed out in one process must end in all of them.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "corridor.core.tokens.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "corridor.core.pagination.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "corridor.core.throttling.AnonRateThrottle",
        "corridor.core.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "120/min", "user": "600/min", "auth-token": "20/min"},
    # Throttles tell anonymous clients apart by address: REMOTE_ADDR, or behind the one proxy that
    # SECURE_PROXY_SSL_HEADER=1 announces, the address it appends to X-Forwarded-For (a client's
    # own X-Forwarded-For never buys a fresh budget).
    "NUM_PROXIES": 1 if env_bool("SECURE_PROXY_SSL_HEADER", False) else 0,
    "EXCEPTION_HANDLER": "corridor.api.errors.exception_handler",
}
# API tokens expire this many days after they are issued (core.tokens).
API_TOKEN_TTL_DAYS = int(os.environ.get("API_TOKEN_TTL_DAYS", "30"))
SPECTACULAR_SETTINGS = {
    "TITLE": "Corridor API",
    "DESCRIPTION": "The Malaysia–Kenya digital trade partnership platform.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every 400/403/404 answers {"errors": [{"code", "field", "message"}]} (components Error, ErrorItem).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "corridor.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "corridor.orgs.enums.OrgKind",
        "OrganisationStatusEnum": "corridor.orgs.enums.OrgStatus",
        "PostingKindEnum": "corridor.orgs.enums.PostingKind",
        "PostingStatusEnum": "corridor.orgs.enums.PostingStatus",
        "PostingTypeEnum": "corridor.orgs.enums.PostingType",
        "MemberRoleEnum": "corridor.orgs.enums.MemberRole",
        "VerificationStatusEnum": "corridor.orgs.enums.VerificationStatus",
        "IndicatorDirectionEnum": "corridor.council.enums.Direction",
        "RunStatusEnum": "corridor.core.runs.RunStatus",
    },
}

# Security. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=1; SECURE_SSL_REDIRECT
# can be switched off where the proxy already redirects.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

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
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

AUDITLOG_INCLUDE_ALL_MODELS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The partner countries of the agreement.
PARTNER_COUNTRIES = ("MY", "KE")
RECOMMENDATIONS_REFRESH_ON_CHANGE = env_bool("RECOMMENDATIONS_REFRESH_ON_CHANGE", True)
# Messages older than this many months are deleted by `corridor purge-messages` (stated on the pages).
MESSAGING_RETENTION_MONTHS = int(os.environ.get("MESSAGING_RETENTION_MONTHS", "24"))
# Trade: an import still running after this many seconds is stopped and marked failed; the
# dashboard's figures are computed into the cache when an import or a publication finishes.
TRADE_IMPORT_TIMEOUT = int(os.environ.get("TRADE_IMPORT_TIMEOUT", "3600"))
TRADE_WARM_DASHBOARD = env_bool("TRADE_WARM_DASHBOARD", True)

# `corridor backup` writes times with their microseconds (see core.exact_json).
SERIALIZATION_MODULES = {"exact-json": "corridor.core.exact_json"}

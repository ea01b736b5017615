"""BRM Portal settings.

One settings module; every deploy-specific value comes from the environment (see
`.env.example`). With nothing set, the portal runs on an embedded default: a SQLite file and
Celery in eager mode, which is what `make run` uses on a fresh machine. Production behaviour
(secure cookies, HSTS, HTTPS redirect) switches on with DEBUG=false.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from brmportal.lib.env import envbool, envint, envlist, envsecret

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", True)

SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")
    # Development only: a fixed key so sessions survive restarts of `make run`.
    SECRET_KEY = "django-insecure-development-key-only-for-local-use-0123456789"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "accounts",
    "assessments",
    "respondent",
    "workspace",
    "relationships",
    "behaviours",
    "practices",
    "trust",
    "reports",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "auditlog",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication: records the signed-in user as the actor of every audit log entry.
    "auditlog.middleware.AuditlogMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "brmportal.lib.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "brmportal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.workspace",
            ],
        },
    },
]

WSGI_APPLICATION = "brmportal.wsgi.application"

# Database: DATABASE_URL (PostgreSQL in tests, CI and production); SQLite file otherwise.
DATABASES = {
    # An empty DATABASE_URL counts as unset.
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login rate limiting (django-axes, issue #8.6): 5 failed logins for the same username from
# the same address lock that pair for 15 minutes (429, templates/accounts/locked_out.html).
# Locking the pair, not the user or the address: a stranger cannot lock a user out from
# elsewhere, and colleagues behind one office NAT do not lock each other out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out pair before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = envbool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# Failed attempts are kept (they are the counter); a log of every successful login with its
# address and browser is personal data the portal has no use for.
AXES_DISABLE_ACCESS_LOG = True
# Behind a load balancer REMOTE_ADDR is the balancer: with TRUSTED_PROXY_COUNT=n the client is
# the n-th address from the right of X-Forwarded-For (what our own proxies appended).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "brmportal.lib.client_ip.client_ip_address"
# The lowest anonymity threshold a campaign may have (issue #13): set at create, edit and
# duplicate, and a threshold is never lowered once anyone has answered.
ANONYMITY_MIN_THRESHOLD = envint("ANONYMITY_MIN_THRESHOLD", 3)
if ANONYMITY_MIN_THRESHOLD < 1:
    raise ImproperlyConfigured("ANONYMITY_MIN_THRESHOLD must be at least 1")

# Audit log (django-auditlog, issue #13): changes to these models are recorded with old and new
# values; exports, imports, link reveals, reports and uploads are recorded by assessments.audit.
# Only the fields named here: never a link token. The models' `get_additional_data` adds their
# organisation, which the workspace's audit page filters on.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {
        "model": "assessments.campaign",
        "include_fields": [
            "name",
            "status",
            "instrument",
            "opens_at",
            "closes_at",
            "anonymity_threshold",
            "departments",
            "practice_form",
            "language",
            "languages",
            "show_summary",
        ],
    },
    {"model": "assessments.openlink", "include_fields": ["side", "active", "cap"]},
    {"model": "accounts.membership", "include_fields": ["user", "organisation", "role"]},
)
# The address would come from X-Forwarded-For as the client sent it (auditlog does not apply
# TRUSTED_PROXY_COUNT), and the middleware also runs on respondent pages: record none.
AUDITLOG_DISABLE_REMOTE_ADDR = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
# Each language is named in itself: the switcher is read by someone who may not know English.
LANGUAGES = [("en", "English"), ("nb", "Norsk (bokmål)"), ("nl", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["brmportal.formats"]
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = os.getenv("TIME_ZONE", "Europe/Oslo")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "var" / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "var" / "media"))
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
# Optional S3 (or S3-compatible) media storage for the PDF reports, off by default: web and
# workers then share a bucket instead of the `media` volume. Once on, the bucket must be named.
USE_S3 = envbool("USE_S3", False)
if USE_S3:
    AWS_STORAGE_BUCKET_NAME = os.getenv("AWS_STORAGE_BUCKET_NAME", "")
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("USE_S3 is on: set AWS_STORAGE_BUCKET_NAME")
    # Credentials may also come from the instance role; only pass them on when given.
    AWS_ACCESS_KEY_ID = envsecret("AWS_ACCESS_KEY_ID")
    AWS_SECRET_ACCESS_KEY = envsecret("AWS_SECRET_ACCESS_KEY")
    AWS_S3_REGION_NAME = os.getenv("AWS_S3_REGION_NAME") or None
    AWS_S3_ENDPOINT_URL = os.getenv("AWS_S3_ENDPOINT_URL") or None
    AWS_LOCATION = os.getenv("AWS_LOCATION", "")
    # Reports are private: no public ACL, and downloads go through the permission-checked view.
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_FILE_OVERWRITE = True
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console by default, SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "BRM Portal <noreply@localhost>")
if os.getenv("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.getenv("EMAIL_HOST")
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD", "") or ""
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Respondents (issue #13): how long the one-time "continue on this device" link e-mailed to an
# invitation's address works, and how many questionnaires one address (and all addresses
# together) may start through one open link per hour. Counted in the default cache (per process).
RESUME_LINK_MINUTES = envint("RESUME_LINK_MINUTES", 60)
# Per client address: colleagues behind one office gateway share an address, so this is a brake on
# one person starting many responses, not a headcount; the link's cap is the hard limit.
OPEN_LINK_STARTS_PER_ADDRESS_PER_HOUR = envint("OPEN_LINK_STARTS_PER_ADDRESS_PER_HOUR", 20)
OPEN_LINK_STARTS_PER_LINK_PER_HOUR = envint("OPEN_LINK_STARTS_PER_LINK_PER_HOUR", 300)

# Celery: the real broker when CELERY_BROKER_URL is set; otherwise tasks run in-process.
CELERY_BROKER_URL = os.getenv("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
# The cache (computed scores, rate limits, the API's throttle counts): Redis when REDIS_URL is set,
# or else when the broker is Redis, so every web worker shares one cache and one limit;
# in-process memory for the embedded default of `make run`. django-redis rather than Django's
# own RedisCache for IGNORE_EXCEPTIONS: with Redis down, pages are computed afresh instead of
# failing (the cache only ever saves work).
REDIS_URL = os.getenv("REDIS_URL", "") or (
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) else ""
)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Parallel test processes (pytest-xdist names them gw0, gw1...) share one Redis
            # database: each keeps its keys apart and clears only its own.
            "KEY_PREFIX": "brmportal" + os.getenv("PYTEST_XDIST_WORKER", ""),
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# A worker that dies mid-task leaves the message unacknowledged, so another worker re-runs it;
# tasks are written to be safe to run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 120)
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 180)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", 600),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# PDF reports: an optional queue of their own (e.g. "reports", served by `celery worker -Q reports`)
# so long renders never hold up other tasks; empty = Celery's default queue.
REPORTS_TASK_QUEUE = os.getenv("REPORTS_TASK_QUEUE", "")
# A report RENDERING this long past the hard time limit lost its worker and may be taken again.
REPORTS_STALE_MARGIN_SECONDS = envint("REPORTS_STALE_MARGIN_SECONDS", 30)
# Reports still queued this long after being asked for (broker down, message lost) are queued again.
REPORTS_REQUEUE_AFTER_SECONDS = envint("REPORTS_REQUEUE_AFTER_SECONDS", 300)
CELERY_BEAT_SCHEDULE = {
    "reports-requeue-stale": {
        "task": "reports.tasks.reports_requeue_stale",
        # https://crontab.guru/#*/5_*_*_*_* : every 5 minutes
        "schedule": crontab(minute="*/5"),
    },
}

# JSON API (/api/v1/): read-only, authenticated by organisation tokens only (no sessions, so no
# CSRF), JSON in and out (no browsable API). Throttling counts in the default cache, which is
# per process (LocMemCache): with N gunicorn workers a token gets up to N x the rate.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.authentication.HasApiToken"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.authentication.ApiRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": f"{envint('API_THROTTLE_PER_MINUTE', 120)}/minute"},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # GET only: no OPTIONS metadata either (405), the OpenAPI schema describes every endpoint.
    "DEFAULT_METADATA_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "BRM Portal API",
    "DESCRIPTION": (
        "Read-only access to one organisation's campaigns and scores. Authenticate with "
        "`Authorization: Bearer <key>` (an organisation token from `manage.py api_token_create`)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs page describe the API, not tenant data: served to anyone.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    # Swagger UI from the drf-spectacular-sidecar package's static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CampaignStatusEnum": "assessments.models.Campaign.Status",
        "PracticeFormEnum": "assessments.models.Campaign.PracticeForm",
    },
}

# Production hardening, on whenever DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# /healthz is polled over plain HTTP by load balancers inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every layout step at INFO; keep its warnings (refused URLs, bad CSS).
        "weasyprint.progress": {"level": "WARNING"},
    },
}

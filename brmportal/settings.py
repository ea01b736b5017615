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
from django.core.exceptions import ImproperlyConfigured

from brmportal.conf.api import REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: F401 - the JSON API's settings
from brmportal.conf.auditlog import AUDITLOG_INCLUDE_TRACKING_MODELS  # noqa: F401 - what the audit log records
from brmportal.conf.beat import CELERY_BEAT_SCHEDULE  # noqa: F401 - the periodic tasks
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
# The public address links in pages and e-mails start with ("https://brm.example.com"). Unset,
# links use the address of the request (brmportal/lib/urls.py), so they are right wherever the
# portal runs; set it when the address people use is not the one requests arrive at.
SITE_URL = os.getenv("SITE_URL", "").rstrip("/")

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
    # Early, so that every response gets the Content-Security-Policy header, the 503 page included.
    "csp.middleware.CSPMiddleware",
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default must work like the real one for a small team: `manage.py migrate` on
    # a fresh clone creates the file's folder, and respondents answering at once wait their turn
    # instead of failing with "database is locked". WAL lets readers and the one writer work side
    # by side; IMMEDIATE takes the write lock at BEGIN, so a transaction that reads and then
    # writes waits out the busy timeout rather than failing at once (a deferred one cannot wait:
    # SQLite would deadlock). https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-notes
    _sqlite_name = str(DATABASES["default"]["NAME"])
    if _sqlite_name and _sqlite_name != ":memory:" and not _sqlite_name.startswith("file:"):
        Path(_sqlite_name).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        # Seconds a writer waits for the lock (sqlite3.connect's busy timeout; its default is 5).
        "timeout": envint("SQLITE_TIMEOUT", 20),
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
# Password reset requests per hour (cache counters), per client address and per account: then 429.
PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = envint("PASSWORD_RESETS_PER_ADDRESS_PER_HOUR", 10)
PASSWORD_RESETS_PER_ACCOUNT_PER_HOUR = envint("PASSWORD_RESETS_PER_ACCOUNT_PER_HOUR", 3)
# The lowest anonymity threshold a campaign may have (issue #13): set at create, edit and
# duplicate, and a threshold is never lowered once anyone has answered.
ANONYMITY_MIN_THRESHOLD = envint("ANONYMITY_MIN_THRESHOLD", 3)
if ANONYMITY_MIN_THRESHOLD < 1:
    raise ImproperlyConfigured("ANONYMITY_MIN_THRESHOLD must be at least 1")

# Audit log (the models it tracks: brmportal/conf/auditlog.py). The address would come from
# X-Forwarded-For as the client sent it (auditlog does not apply TRUSTED_PROXY_COUNT), and the
# middleware also runs on respondent pages: record none.
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
# Request bodies (issue #15). Form fields past DATA_UPLOAD_MAX_MEMORY_SIZE are refused (400);
# an uploaded file past FILE_UPLOAD_MAX_MEMORY_SIZE goes to a temporary file, not to memory;
# upload forms accept files up to MAX_UPLOAD_BYTES (brmportal.lib.tabular reads at most 20 MB).
# The body as a whole is capped in front of Django: see the proxy note in docker-compose.yml.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = envint("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FILES = envint("DATA_UPLOAD_MAX_NUMBER_FILES", 10)
MAX_UPLOAD_BYTES = envint("MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
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
    # A mail server that accepts the connection and then hangs must not hold a worker forever.
    EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20)
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
# Personal data (GDPR storage limitation, issue #15): respondents' e-mail addresses are erased this
# many days after their campaign closed, by the daily "personal-data-erase" beat task below. Scores
# and counts stay; addresses are needed only to invite, remind and resume while a campaign runs.
PERSONAL_DATA_RETENTION_DAYS = envint("PERSONAL_DATA_RETENTION_DAYS", 90)
if PERSONAL_DATA_RETENTION_DAYS < 0:
    raise ImproperlyConfigured("PERSONAL_DATA_RETENTION_DAYS must be 0 or more")

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
# A report handed to the broker and not picked up by a worker this long: its page says so.
REPORTS_NO_WORKER_WARNING_SECONDS = envint("REPORTS_NO_WORKER_WARNING_SECONDS", 60)
# E-mail (assessments.services.mail): sent by workers, never inside a request. A task takes up
# to MAIL_BATCH_SIZE messages (one SMTP session); MAIL_TASK_QUEUE is an optional queue of their
# own ("" = Celery's default). Mail still waiting this long (broker down, mail server down past
# the task's own retries, worker killed) is queued again by the "mail-requeue-stale" beat task.
MAIL_TASK_QUEUE = os.getenv("MAIL_TASK_QUEUE", "")
MAIL_BATCH_SIZE = envint("MAIL_BATCH_SIZE", 25)
MAIL_REQUEUE_AFTER_SECONDS = envint("MAIL_REQUEUE_AFTER_SECONDS", 900)
# First wait before a task retries a mail server that failed; doubled each retry (up to 10 min).
MAIL_RETRY_BACKOFF_SECONDS = envint("MAIL_RETRY_BACKOFF_SECONDS", 30)
# Answers files uploaded in the workspace (assessments.services.import_jobs) are read and stored
# by a worker: an optional queue of their own, and a time limit of their own, as 20,000 rows take
# minutes (the hard limit is a minute more).
IMPORTS_TASK_QUEUE = os.getenv("IMPORTS_TASK_QUEUE", "")
IMPORTS_TASK_SOFT_TIME_LIMIT = envint("IMPORTS_TASK_SOFT_TIME_LIMIT", 1800)

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
# Content-Security-Policy (django-csp): everything from the portal itself, nothing inline (sizes
# from data are data attributes set by static/js/portal.js through the CSSOM), so an injected tag
# or attribute does nothing. data: images are Bootstrap's form-control icons (in its CSS).
_CSP_SELF = ["default-src", "script-src", "style-src", "font-src", "connect-src", "form-action"]
_CSP_NONE = ["object-src", "base-uri", "frame-ancestors"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {name: ["'self'"] for name in _CSP_SELF}
    | {name: ["'none'"] for name in _CSP_NONE}
    | {"img-src": ["'self'", "data:"]}
}
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

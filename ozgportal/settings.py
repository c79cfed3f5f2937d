"""Settings of the OZG-Portal, read from environment variables (see README, "Konfiguration").

Safe defaults for development; a missing SECRET_KEY outside DEBUG is a loud error.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "ja", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()):
        raise ImproperlyConfigured(f"{name} muss eine ganze Zahl ab 0 sein, nicht „{value}“.")
    return int(value)


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY ist nicht gesetzt. Im Betrieb (DEBUG aus) muss SECRET_KEY als Umgebungsvariable "
            "gesetzt sein; für die Entwicklung DEBUG=1 setzen."
        )
    SECRET_KEY = "unsicherer-entwicklungsschluessel-nur-mit-debug"  # noqa: S105 - only ever used with DEBUG

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tables2",
    "django_filters",
    "simple_history",
    "axes",
    "django_tasks_db",  # background tasks in the database, run by `manage.py db_worker`
    "toolkit",  # below every app: lists, numbers, charts, exports (imports no app of the portal)
    "jobs",  # background jobs with progress, uploads waiting for a confirmation (imports only the toolkit)
    "catalog",
    "scorecard",
    "servicestandard",
    "planung",
    "erhebungsrunde",  # the survey round: above catalog, below dashboard
    "dashboard",
]

MIDDLEWARE = [
    # /healthz for the load balancer: answered first, before the host check and the HTTPS redirect
    "ozgportal.healthz.HealthzMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Serves the static files (KERN UX, plotly.js, the portal's CSS) under gunicorn, compressed and cached.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Nothing without signing in, and nothing of the portal without the permission to read it.
    "ozgportal.middleware.PortalZugangMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "ozgportal.middleware.SessionMaxAgeMiddleware",
    # SQLite: a write that waited too long for another is a German "bitte erneut versuchen" (503), not a 500.
    "ozgportal.middleware.DatenbankBeschaeftigtMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ozgportal.urls"
WSGI_APPLICATION = "ozgportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default copes with a handful of concurrent users: WAL lets pages be read while someone writes;
    # every transaction takes the write lock when it begins (IMMEDIATE), so two writers queue instead of one
    # failing with "database is locked" when it upgrades a read; the queue waits up to 20 seconds (busy timeout).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "de"
FORMAT_MODULE_PATH = ["ozgportal.formats"]  # dates as 28.11.2026 everywhere, the admin included
LANGUAGES = [("de", "Deutsch")]
# German for the texts Django 6.1 ships untranslated ("Run", "- Select an option -" …); before Django's own.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Vendor files are served straight from the installed packages, nothing from a CDN: the KERN UX design system
# from node_modules (`make` runs `npm ci`) and plotly.js from the plotly Python package's own package_data (only
# that one file, see ozgportal/finders.py).
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("kern", BASE_DIR / "node_modules" / "@kern-ux" / "native" / "dist"),
]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "ozgportal.finders.PaketdateienFinder",
]

# --- Several app servers on one database (README "Betrieb mit mehreren Servern") -------------------------------
# No state on a node: sessions, sign-in lockouts (django-axes' database handler), jobs and their progress live in
# the database; uploads waiting for a confirmation in STORAGES["default"], which every app server and the worker
# must see (MEDIA_ROOT on a shared volume, or object storage). Nothing uses the cache for something that must
# agree between nodes (tests/ops/test_mehrere_server.py checks it).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))  # never served: read by the portal's code only
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Long work runs in Django's tasks framework: in production stored in the database (django-tasks-db) and run by
# `manage.py db_worker` on any machine; "immediate" runs a task inside the request (development, tests).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate" if DEBUG else "database").strip().lower()
if TASKS_BACKEND not in {"database", "immediate"}:
    raise ImproperlyConfigured(f"TASKS_BACKEND muss „database“ oder „immediate“ sein, nicht „{TASKS_BACKEND}“.")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASKS_BACKEND == "database"
        else "django.tasks.backends.immediate.ImmediateBackend"
    }
}

# In production `manage.py collectstatic` gathers the files with hashed names for whitenoise (long caching).
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "file_permissions_mode": 0o600, "directory_permissions_mode": 0o700},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Sign-in, sessions and security headers (BSI IT-Grundschutz APP.3.1) -------------------------------------
AUTHENTICATION_BACKENDS = [
    # django-axes first: ten wrong passwords lock that username from that address for a while, not the whole
    # Amt behind the city's proxy, and not the user everywhere.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/gesperrt.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
# Behind the reverse proxies the client address is the PROXY_COUNT-th entry from the right of X-Forwarded-For
# (ozgportal/clientadresse.py); without proxies the header is ignored.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "ozgportal.clientadresse.client_adresse"

# Sessions end after 30 minutes idle (the cookie age is renewed on every request) and 10 hours at most.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_MAX_AGE = 10 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_NAME = "ozgportal_sitzung"

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", not DEBUG):
    # The city's reverse proxy terminates TLS and says so in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Django's built-in Content-Security-Policy: scripts and styles only from the portal itself, never inline or
# eval'd. plotly.js needs no 'unsafe-inline': its style rules are served as static/css/plotly.css (see
# dashboard/plotly_css.py) and it sets element styles through the CSSOM, which a CSP does not restrict; the
# templates and the admin use classes, no style attributes (tests/browser run under exactly this policy).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Single sign-on later, without code changes: the reverse proxy authenticates and passes the user name in a
# header; users are created on first sign-in (rights still come from the groups assigned in the admin).
REMOTE_USER_HEADER = os.environ.get("REMOTE_USER_HEADER", "")
if REMOTE_USER_HEADER:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "ozgportal.middleware.ProxyRemoteUserMiddleware",
    )
    AUTHENTICATION_BACKENDS.append("django.contrib.auth.backends.RemoteUserBackend")

# --- E-mail (the reminders of an Erhebungsrunde) ---------------------------------------------------------------
# Django's mailers (MAILERS, Django 6.1), configured from the environment (README, "Konfiguration"). With EMAIL_HOST
# set, mail goes out by SMTP; without it, under DEBUG (development, the demo) it is printed to the console, and in
# production it goes to the SMTP server on localhost:25. The tests replace every mailer by the in-memory one.
EMAIL_SMTP = "django.core.mail.backends.smtp.EmailBackend"
_mail_host = os.environ.get("EMAIL_HOST", "").strip()
_mail_backend = os.environ.get("EMAIL_BACKEND", "").strip() or (
    "django.core.mail.backends.console.EmailBackend" if DEBUG and not _mail_host else EMAIL_SMTP
)
_mail_optionen = {}
if _mail_backend == EMAIL_SMTP:
    if env_bool("EMAIL_USE_TLS") and env_bool("EMAIL_USE_SSL"):
        raise ImproperlyConfigured("EMAIL_USE_TLS und EMAIL_USE_SSL schließen einander aus; bitte nur eines setzen.")
    _mail_optionen = {
        "host": _mail_host or "localhost",
        "port": env_int("EMAIL_PORT", 465 if env_bool("EMAIL_USE_SSL") else 587 if env_bool("EMAIL_USE_TLS") else 25),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS"),
        "use_ssl": env_bool("EMAIL_USE_SSL"),
        # seconds: a silent mail server does not hold up the daily reminder job
        "timeout": env_int("EMAIL_TIMEOUT", 30),
    }
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_optionen}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "OZG-Portal Amt 15 <ozg-portal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's address as the Ämter reach it: the link in a reminder (a command has no request to take it from).
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000" if DEBUG else "").strip().rstrip("/")

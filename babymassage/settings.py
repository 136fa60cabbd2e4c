"""Settings for Baby massage, driven by environment variables with safe development defaults.

DEBUG            "1"/"true" for development (the default when running locally through `make run`)
SECRET_KEY       required when DEBUG is off
ALLOWED_HOSTS    comma-separated host names
DATABASE_URL     e.g. postgres://user:pass@host:5432/babymassage; SQLite in the project folder if unset
(README's Settings table lists the rest.)
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for development).")
    SECRET_KEY = "development-only-not-secret"  # noqa: S105 - only ever used with DEBUG on

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "modeltranslation",  # content in every language: before admin, so its admin classes are in place
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # Django's widget templates, for FORM_RENDERER below
    "django_htmx",
    "template_partials",
    "axes",
    "adminsortable2",  # drag-and-drop order in admin
    "reversion",  # content history with revert
    "safety.apps.SafetyConfig",
    "routines",
    "guide.apps.GuideConfig",
    "family.apps.FamilyConfig",
    "clinics.apps.ClinicsConfig",  # after routines: its admin adds staff to routines' clinic page
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "babymassage.middleware.RequestGuardMiddleware",
    "babymassage.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "babymassage.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "safety.middleware.ParentTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "babymassage.middleware.NoStoreWhenSignedInMiddleware",
    "safety.gate.GateMiddleware",
    # Last, as axes asks: turns a locked-out login into our "Too many tries" page (safety/throttle.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "babymassage.urls"

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
                "safety.context_processors.gate",
            ],
        },
    },
]

# Widgets render with the project's templates too (the admin's age field and diagram picker: templates/admin/routines/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "babymassage.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # A kept connection is tested before each request reuses it, so a database restart fails no page.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite (`make run`, small installs) with several parents at once. WAL lets pages read while one
    # request writes; IMMEDIATE takes the write lock when a transaction begins, so a transaction that read
    # first never fails half-way with "database is locked" when it comes to write; `timeout` (seconds) is
    # how long a writer waits for its turn instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
else:
    # PostgreSQL: parameters are sent apart from the statement, so psycopg prepares a statement a connection
    # has run five times, and PostgreSQL plans it once instead of on every request: the step swap's statements
    # are the same on every tap (issue 19). Needs a direct connection, or a pooler that keeps prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
# Each app process keeps its own cache. Only what stays right without telling other servers goes in it: entries
# keyed by stamps read from the database on the request that uses them (the gate's records under the ids of the
# newest check and clearance, safety/services.py; the content library under its newest revision,
# routines/selectors.py), so there is nothing to invalidate and nothing to share between servers.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "babymassage",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The languages the app speaks (DESIGN.md "Languages"). English is the default and has no URL prefix;
# /ru/... and /es/... carry the others. Content is translated in the database (django-modeltranslation), the
# interface through gettext: the compiled catalogues in locale/ are committed (README.md "Languages").
LANGUAGE_CODE = "en"
LANGUAGES = [("en", gettext_lazy("English")), ("ru", gettext_lazy("Russian")), ("es", gettext_lazy("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)  # a missing translation shows the English, never an empty box
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)
# A request body bigger than this is refused (413) before any of it is read (babymassage/middleware.py).
# The largest thing anyone sends is an editor's image of at most 5 MB with its form; up to 10 MB the
# image checks still get to say exactly what is wrong with a photo that is too big.
MAX_REQUEST_BYTES = 10 * 1024 * 1024
# Uploaded files under that limit stay in memory, so no upload is ever written to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
# Form fields other than files: Django's default, far above any form of ours (400 beyond it).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Login throttling: django-axes on the parents' login and the admin's, with the changes in safety/throttle.py.
# An account is locked for 15 minutes after 5 wrong passwords from one address (the pair: nobody elsewhere
# can lock a parent out), an address after 30 wrong passwords across all accounts.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the signed-in person faster. Not listed beside it: every wrong password would be
    # checked twice. A login made before it (its cookie names ModelBackend) has to log in again, once.
    "safety.backends.AccountBackend",
]
AXES_HANDLER = "safety.throttle.LoginThrottle"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = 5
LOGIN_ADDRESS_FAILURE_LIMIT = 30
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the 15 minutes start at the lock, not at the last try
AXES_CLIENT_IP_CALLABLE = "safety.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "safety.throttle.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # no record of every successful login: personal data we have no use for
# How many proxies of ours (HAProxy, a TLS terminator) stand in front of the app and append to
# X-Forwarded-For. 0: the client is the connection's own address (REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

LOGIN_URL = "safety:login"
LOGIN_REDIRECT_URL = "safety:baby_list"
LOGOUT_REDIRECT_URL = "/"

# Mail (password resets, invitations, email changes): one EMAIL_URL, e.g. submission://user:pass@smtp.example.org:587
# (STARTTLS) or smtps://…:465 (TLS), or the EMAIL_HOST/EMAIL_PORT/EMAIL_HOST_USER/EMAIL_HOST_PASSWORD/EMAIL_USE_TLS
# variables one by one. With neither, development prints mail to the console.
_email = dj_email_url.parse(os.environ["EMAIL_URL"]) if os.environ.get("EMAIL_URL") else {}
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or _email.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if os.environ.get("EMAIL_HOST") or not DEBUG
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = _email.get("EMAIL_HOST") or os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(_email.get("EMAIL_PORT") or os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS")) or env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL")) or env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))  # a mail server that hangs must not hang the page
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Baby massage <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Off DEBUG the defaults are strict (HTTPS only); behind a proxy that ends TLS, set
# SECURE_PROXY_SSL_HEADER=1 so Django trusts its X-Forwarded-Proto header.
# Login sessions live in a signed cookie (django.contrib.sessions.backends.signed_cookies), not in a table: every
# signed-in request is a query cheaper, and any server can read one (perf/README.md, "Sessions", weighs it: a
# stolen cookie stays good until it expires even after its owner logs out; "sign out everywhere" still ends every
# session at once, because each one carries a hash of the stored password hash).
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(14 * 24 * 3600)))
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers check health over plain HTTP
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600)))
# Both bind more than this app (every subdomain; browsers' built-in list, hard to leave), so only on request.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# `check --deploy` warns about each one left off; leaving them off is the decision above, not an oversight.
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No inline scripts or styles anywhere: everything comes from /static/ (see babymassage/middleware.py).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The service worker's release stamp; by default a hash of the static files it keeps (babymassage/offline.py).
SERVICE_WORKER_VERSION = os.environ.get("SERVICE_WORKER_VERSION", "")

# The baby's own page (status, resume, start, journal) lives in the guide app; safety links to it by this name.
SAFETY_BABY_PAGE = "guide:baby_detail"
# Pages about the whole family's records (they need the sessions too, so they live in the family app); safety's
# account and "remove baby" pages link to them by these names.
SAFETY_DATA_PAGES = {
    "download": "family:download", "delete_account": "family:delete_account", "erase_baby": "family:baby_erase",
    "privacy": "family:privacy",
}

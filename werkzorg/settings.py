"""Settings for Werkzorg, read from the environment.

SQLite is the embedded default so that `make run` needs nothing installed; set DATABASE_URL to a
PostgreSQL URL for CI and production. Without CELERY_BROKER_URL tasks run eagerly in-process.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import pghistory
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", False)
#: A production deployment (settings_production sets it whatever the environment says): the
#: demo commands refuse to run, the deploy checks ask for production services.
WERKZORG_PRODUCTIE = os.environ.get("DJANGO_ENV") == "production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("DJANGO_ENV") == "production":
        raise RuntimeError("DJANGO_SECRET_KEY is verplicht in productie")
    SECRET_KEY = "dev-only-insecure-key-werkzorg"  # noqa: S105 - development default only
ALLOWED_HOSTS = [
    h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "accounts",
    "referentie",
    "organisaties",
    "deelnemers",
    "trajectories",
    "ladder",
    "reporting",
    "bundle",
    "api",
    "audit",
    "privacy",
    "netwerk",
    "dossier",
    "csp",
    "axes",
    # Login, logout, password and re-authentication pages; TOTP + recovery codes (accounts/).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Change history: statement-level triggers (PostgreSQL) write every insert, update and delete of the
    # tracked models to their event tables; see audit/geschiedenis.py.
    "pgtrigger",
    "pghistory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "audit.middleware.RequestIdMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files keep their caching): `no-store` on every other response.
    "accounts.middleware.GeenCacheMiddleware",
    # Work a view defers until the response was sent (the password-reset mail).
    "accounts.middleware.NaHetAntwoordMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionPolicyMiddleware",
    # After authentication: the history context names the acting user, channel and request id.
    "audit.geschiedenis.GeschiedenisMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # allauth's request context; turns ReauthenticationRequired into the re-authentication page.
    "allauth.account.middleware.AccountMiddleware",
    # Admins and coordinators without an authenticator app are sent to set one up.
    "accounts.middleware.MfaVerplichtMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "werkzorg.urls"
# Django's form templates, with every <select> written in Python (decision 520).
FORM_RENDERER = "werkzorg.domein.weergave.Weergave"
WSGI_APPLICATION = "werkzorg.wsgi.application"

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
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 30
elif "postgresql" in DATABASES["default"]["ENGINE"]:
    # A parallel plan only for queries worth its start: with the default (1000) PostgreSQL
    # started workers for page queries of a few milliseconds and waited ~6 ms for them
    # (measured on *Aandacht nodig* at 1 M participants); reports still go parallel
    # (decision 531). `WERKZORG_PG_OPTIONS` replaces it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = os.environ.get(
        "WERKZORG_PG_OPTIONS",
        "-c parallel_setup_cost=10000 -c jit=off -c random_page_cost=1.1",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses locked-out username+IP pairs before any password is checked.
    "accounts.backends.LockoutBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, loading the user with its organisation (sessions name their
    # backend: sessions made with "django.contrib.auth.backends.ModelBackend" end at upgrade).
    "accounts.backends.GebruikerBackend",
]
# Lockout after repeated failed logins (django-axes; attempts and failures are kept in its
# tables and logged by it).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_VERBOSE = False
# Every failed login is also kept as a row (username, address, time) for investigation.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Behind a reverse proxy: the number of proxies in front of the application that append to
# X-Forwarded-For (0: no proxy, the client address is REMOTE_ADDR and X-Forwarded-For is
# ignored). One function, `accounts.ip.client_ip`, answers "which address is the client?" for
# axes and allauth's rate limits. (axes' AXES_IPWARE_* settings need django-ipware, which is
# not installed; without it axes reads REMOTE_ADDR only, hence the callable.)
WERKZORG_PROXY_AANTAL = int(os.environ.get("WERKZORG_PROXY_AANTAL", "0"))
AXES_CLIENT_IP_CALLABLE = "accounts.ip.client_ip"

# Sessions: 30 minutes idle, 10 hours at most (enforced by accounts.middleware).
SESSION_IDLE_TIMEOUT = 30 * 60
SESSION_ABSOLUTE_LIFETIME = 10 * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# A refused form token (expired page, blocked cookies): the Dutch page of werkzorg/foutpaginas.py.
CSRF_FAILURE_VIEW = "werkzorg.foutpaginas.csrf_fout"

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: username + password, then the authenticator code for users who have one. No
# signup and no e-mail verification: accounts are made by an admin (accounts/adapter.py).
ACCOUNT_ADAPTER = "accounts.adapter.WerkzorgAccountAdapter"
# The reset mail is sent after the response: the same answer time for known/unknown addresses.
ACCOUNT_FORMS = {"reset_password": "accounts.adapter.WachtwoordHerstelForm"}
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
# No "remember me": the session cookie ends with the browser (and after 10 hours at most).
ACCOUNT_SESSION_REMEMBER = False
# A password-reset request for an unknown address sends nothing (there is no signup to offer).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Werkzorg] "
# A password or authenticator code confirmed for a sensitive step (exports of personal data,
# managing the authenticator) holds for 5 minutes (accounts.decorators.herauthenticatie_vereist).
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60
MFA_ADAPTER = "accounts.adapter.WerkzorgMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Werkzorg"
# One 30-second step of clock drift either way (RFC 6238 §5.2); a used code is refused again.
MFA_TOTP_TOLERANCE = 1
# Admins, coordinators and network coordinators must use an authenticator app
# (accounts.permissions.mfa_verplicht); off only for a local setup, forced on in production.
WERKZORG_MFA_VERPLICHT = env_bool("WERKZORG_MFA_VERPLICHT", True)

LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["werkzorg.formats"]
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "werkzorg@localhost")

# Celery: a real broker (Redis) when configured, else tasks run eagerly in the web process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Retention wipes history, which only the owner role may (docs/operations.md, Database roles):
# its task goes to the queue `eigenaar`, served by one worker connected as the owner.
CELERY_TASK_ROUTES = {"privacy.pas_bewaartermijn_toe": {"queue": "eigenaar"}}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Werkzorg API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Privacy (privacy/): the secret from which each research purpose's pseudonymisation key is
# derived (required in production, see settings_production.py; empty here means a fixed
# development key, with a warning), and the retention period in years after a dossier's last
# activity before it is pseudonymised.
WERKZORG_PSEUDONIEM_SLEUTEL = os.environ.get("WERKZORG_PSEUDONIEM_SLEUTEL", "")
WERKZORG_BEWAARTERMIJN_JAREN = int(os.environ.get("WERKZORG_BEWAARTERMIJN_JAREN", "10"))

# Absolute base URL for links in emails (the daily worklist summary).
WERKZORG_BASIS_URL = os.environ.get("WERKZORG_BASIS_URL", "http://localhost:8000")

# A shared cache (rate limits across gunicorn workers) when Redis is configured.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Content Security Policy (django-csp 4): no inline script or style anywhere, so no
# 'unsafe-inline'/'unsafe-eval'; a per-request nonce is available for a script that needs one.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
    }
}

# Static files are served by WhiteNoise; in development and tests straight from the finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG or not STATIC_ROOT.exists()

# Change history (django-pghistory, audit/geschiedenis.py). Event tables are append-only (a
# database trigger refuses UPDATE/DELETE; only `wis_geschiedenis` opens it, for retention);
# copied foreign keys are not indexed (a 1M-row import pays for every index), except the
# object, the context and the columns the dossier history reads by (see `gevolgd(index=...)`).
PGHISTORY_APPEND_ONLY = True
# Statement-level triggers: one INSERT … SELECT from the statement's transition table, so a
# bulk write (COPY, INSERT … SELECT, queryset.update) records its events set-based by itself.
# A row-level trigger costs two subtransactions per row (measured 28-37× a bare bulk write).
PGHISTORY_LEVEL = pghistory.Statement  # type: ignore[has-type]  # pgtrigger's level: untyped at its source
# The time of the change itself, not of its transaction start: orders a transaction's events.
PGHISTORY_CREATED_AT_FUNCTION = "clock_timestamp()"
PGHISTORY_FOREIGN_KEY_FIELD = pghistory.ForeignKey(db_index=False)
# No reverse accessor on the tracked models (`Deelnemer.events` is the trajectory event log).
PGHISTORY_OBJ_FIELD = pghistory.ObjForeignKey(db_index=False, related_name="+")
PGHISTORY_CONTEXT_FIELD = pghistory.ContextForeignKey(db_index=True)

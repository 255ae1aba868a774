"""One settings file, read from the environment (see README: Configuration)."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    """Strict, so that a typo (`SECURE=ture`) stops the start instead of quietly meaning off."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value: use 1/0, true/false, yes/no or on/off."
    )


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# pytest (8.2+) exports PYTEST_VERSION; tests run with production-like settings otherwise.
TESTING = "PYTEST_VERSION" in os.environ
DEBUG = env_bool("DEBUG", default=False)
# HTTPS-only cookies and redirects, unless developing or testing over plain http.
SECURE = env_bool("SECURE", default=not (DEBUG or TESTING))

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "stressprogram.error_views.csrf_failure"
SITE_URL = env("SITE_URL", "http://localhost:8000").rstrip("/")
# The right-hand side of the sender's address and of Message-IDs.
SITE_DOMAIN = urlsplit(SITE_URL).hostname or "localhost"
MUNICIPALITY_NAME = env("MUNICIPALITY_NAME", "Demo Kommune")
# Where the accessibility statement sends feedback; `check --deploy` warns while it is empty.
ACCESSIBILITY_CONTACT_EMAIL = env("ACCESSIBILITY_CONTACT_EMAIL")
ACCESSIBILITY_CONTACT_PHONE = env("ACCESSIBILITY_CONTACT_PHONE")

INSTALLED_APPS = [
    "stressprogram.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "csp",
    "stressprogram",
    "workplaces",
    "guidelines",
    "conversations",
    "iglo",
    "riskmapping",
    # Above the annexes: they look across all of them (docs/architecture.md).
    "oversight",
    "privacy",
]

MIDDLEWARE = [
    # Drop links and kiosks take the shorter chain below (stressprogram/lean.py).
    "stressprogram.lean.SecretLinkMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A proxy missing from TRUSTED_PROXIES is logged and shown in the admin.
    "stressprogram.middleware.UntrustedForwardingMiddleware",
    # django-csp's, with the header built once (stressprogram/middleware.py).
    "stressprogram.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Posted fields lose their control characters (names their invisible characters too)
    # before any form sees them; an address with control characters is a 400.
    "stressprogram.middleware.StripControlCharactersMiddleware",
    # Idle and absolute session timeouts; no-store on personal pages (workplaces/middleware.py).
    "workplaces.middleware.SessionTimeoutMiddleware",
    "workplaces.middleware.NoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

# In tests every request fails on an N+1 query (django-zeal): pages stay constant in
# their number of queries whatever the data size.
if TESTING:
    INSTALLED_APPS.append("zeal")
    MIDDLEWARE.append("zeal.middleware.zeal_middleware")
    ZEAL_ALLOWLIST = [
        # A refused stale save reads the action again to show the newer version: twice
        # from one place by design, not a loop.
        {"model": "iglo.IgloAction", "field": "get()"},
        # The OIDC callback reloads the session after the provider's round trip (so tabs
        # do not overwrite each other), and logout reads it before flushing it.
        {"model": "sessions.Session", "field": "get()"},
        # A form with several person pickers (the dialogue meeting's four roles) resolves
        # each with one query: a fixed number per form, whatever the data size.
        {"model": "workplaces.User", "field": "get()"},
    ]

# Pages whose secret link is the visitor's identity (a drop link, a kiosk) take the chain
# above without what needs a session or a login, or serves static files
# (stressprogram/lean.py); the kiosk's thanks go in a cookie. Derived, so a middleware added
# above applies to them too unless it is named here.
SECRET_LINK_PREFIXES = ["/b/", "/k/"]
NOT_ON_SECRET_LINKS = {
    "stressprogram.lean.SecretLinkMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "workplaces.middleware.SessionTimeoutMiddleware",
    "axes.middleware.AxesMiddleware",
}
SECRET_LINK_MIDDLEWARE = [
    "stressprogram.lean.CookieMessageMiddleware"
    if name == "django.contrib.messages.middleware.MessageMiddleware"
    else name
    for name in MIDDLEWARE
    if name not in NOT_ON_SECRET_LINKS
]

ROOT_URLCONF = "stressprogram.urls"
WSGI_APPLICATION = "stressprogram.wsgi.application"
ASGI_APPLICATION = "stressprogram.asgi.application"

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
                "stressprogram.context_processors.site",
            ],
            "libraries": {"once": "stressprogram.once"},
        },
    },
]

# Embedded mode (no DATABASE_URL): a SQLite file under var/, so `make run` needs no server.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'stressprogram.sqlite3'}"),
        # Tests close connections at once, so the test database can always be dropped.
        conn_max_age=0 if TESTING else int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's, but checking a kept connection without a round trip (its module says how).
    DATABASES["default"]["ENGINE"] = "stressprogram.postgresql"
    # PostgreSQL's JIT compiles the oversight's correlated subqueries for ~0.9 s on every
    # request, far more than running them takes; short OLTP queries never gain from it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # Parameters bound by the server, so that psycopg prepares a query the fifth time a
    # connection runs it: PostgreSQL then plans it once, not on every request. Planning
    # was most of the database's CPU for a drop link's lookup (0.38 ms; 0.07 prepared).
    # Behind a PgBouncer in transaction mode without max_prepared_statements, set
    # DATABASE_PREPARE_THRESHOLD to "" (off).
    threshold = env("DATABASE_PREPARE_THRESHOLD", "5")
    DATABASES["default"]["OPTIONS"].update(
        server_side_binding=True, prepare_threshold=int(threshold) if threshold else None
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file (not memory) so that a real Celery worker in the tests sees the test data.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
# Seconds to wait for Redis (connect or reply) before carrying on without it: pages keep
# working while it is down (stressprogram/cache.py, stressprogram/outbox.py).
REDIS_TIMEOUT = 0.25
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "stressprogram.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "stressprogram"),
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        },
    }
    CACHES["figures"] = CACHES["default"]
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        },
        # HR's dashboard keeps each workplace's figures under its stamp (a column), so any
        # cache serves them right; in a database table it would cost a query a workplace.
        "figures": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    }
# Sessions live in the database, so any web process can serve any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# A session ends after 30 minutes without activity and 12 hours after login
# (workplaces/middleware.py); the page warns two minutes before (static/js/session.js).
SESSION_IDLE_TIMEOUT = int(env("SESSION_IDLE_TIMEOUT", str(30 * 60)))
SESSION_ABSOLUTE_TIMEOUT = int(env("SESSION_ABSOLUTE_TIMEOUT", str(12 * 60 * 60)))
SESSION_IDLE_WARNING = 2 * 60
# Activity is written to the session at most once a minute, not on every request.
SESSION_ACTIVITY_RESOLUTION = 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT

AUTH_USER_MODEL = "workplaces.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "workplaces.access.HRAdminBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Each test makes its cast of users; real hashing would take most of the suite's time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

# Sign-in through the municipality's identity provider (OpenID Connect, e.g. Entra ID)
# beside passwords, when a client is configured (README: "Log ind med kommunens login").
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET")
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False  # people come from the organisation import or an invitation
OIDC_TIMEOUT = 10
OIDC_EMPLOYEE_NUMBER_CLAIM = env("OIDC_EMPLOYEE_NUMBER_CLAIM", "employeeid")
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/?oidc=failed"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.insert(1, "workplaces.oidc.MunicipalOIDCBackend")
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # invitations use the same link: three days

# Failed logins: 5 per user name and address, then 15 minutes' pause.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Lockouts count per client address as stressprogram/ratelimit.py reads it (behind a proxy).
AXES_CLIENT_IP_CALLABLE = "stressprogram.ratelimit.client_address"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("Engelsk"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["stressprogram.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# Without collectstatic (development, tests) WhiteNoise serves straight from the finders.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG or TESTING

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", f"Stressprogram <stressprogram@{SITE_DOMAIN}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis with REDIS_URL; otherwise kombu's filesystem transport (no server needed).
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
if not REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
else:
    # A dead or hung Redis fails a publish fast; the outbox keeps the task (outbox.py).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": REDIS_TIMEOUT,
        "socket_timeout": REDIS_TIMEOUT,
    }
# One immediate retry (for a pooled connection gone stale when Redis restarted), not
# Celery's default three with pauses, which would hold the request. (Without retries,
# kombu falls back to reconnecting for broker_connection_timeout: seconds.)
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=TESTING)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_WORKER_REDIRECT_STDOUTS_LEVEL = "INFO"  # console e-mails are not warnings
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# One hourly entry drives every reminder (workplaces/reminders.py).
CELERY_BEAT_SCHEDULE = {
    "reminders": {"task": "workplaces.tasks.tick_reminders", "schedule": 60 * 60},
    # Tasks kept while the broker was unreachable go out once it is back (outbox.py).
    "outbox": {"task": "stressprogram.tasks.drain_outbox", "schedule": 60},
    # Bilag 5: a day's balls leave the mailbox together once the day is over.
    "ball-mailbox": {"task": "riskmapping.tasks.empty_mailbox", "schedule": crontab(minute=5)},
    # Key conversations past the retention period HR has set are deleted every night.
    "key-conversation-retention": {
        "task": "conversations.tasks.delete_expired_conversations",
        "schedule": crontab(hour=2, minute=30),
    },
    # The audit log keeps AUDIT_RETENTION_DAYS (two years).
    "audit-retention": {
        "task": "workplaces.tasks.delete_old_audit_events",
        "schedule": crontab(hour=3, minute=30),
    },
    # Privacy (docs/record-of-processing.md): the other retention jobs, one entry each.
    "ball-note-retention": {
        "task": "riskmapping.tasks.blank_expired_ball_notes",
        "schedule": crontab(hour=2, minute=40),
    },
    "meeting-note-retention": {
        "task": "riskmapping.tasks.blank_expired_meeting_notes",
        "schedule": crontab(hour=2, minute=45),
    },
    "inactive-account-retention": {
        "task": "stressprogram.tasks.anonymise_inactive_accounts",
        "schedule": crontab(hour=2, minute=50),
    },
    "history-retention": {
        "task": "stressprogram.tasks.clear_personal_history",
        "schedule": crontab(hour=3, minute=0),
    },
}
# Retention (months): ball notes after their round is done; accounts without access and
# login; names of people in the history of plans.
BALL_NOTE_RETENTION_MONTHS = int(env("BALL_NOTE_RETENTION_MONTHS", "12"))
INACTIVE_ACCOUNT_MONTHS = int(env("INACTIVE_ACCOUNT_MONTHS", "24"))
HISTORY_NAME_RETENTION_MONTHS = int(env("HISTORY_NAME_RETENTION_MONTHS", "24"))
# The organisation system's nightly export (the four SafetyNet CSV reports), if delivered.
OS2MO_IMPORT_FOLDER = env("OS2MO_IMPORT_FOLDER")
# Key of the hash that recognises a person by CPR number (default: derived from SECRET_KEY).
OS2MO_PERSON_KEY = env("OS2MO_PERSON_KEY")
if OS2MO_IMPORT_FOLDER:
    CELERY_BEAT_SCHEDULE["organisation-import"] = {
        "task": "workplaces.tasks.import_organisation_folder",
        "schedule": crontab(hour=3, minute=15),
    }

# Security: `manage.py check --deploy` is clean with DEBUG=0, a real key and hosts.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Addresses (or networks) of the municipality's own reverse proxies / load balancers: only
# from these is X-Forwarded-For believed, for rate limits, login lockouts and the audit log.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=SECURE)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000" if SECURE else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): no inline script or style anywhere, nothing from
# other hosts; tests/test_security.py walks every page for inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# The audit log (workplaces.AuditEvent) keeps two years; a nightly task deletes the rest.
AUDIT_RETENTION_DAYS = int(env("AUDIT_RETENTION_DAYS", str(2 * 365)))
# Error reports (e-mails to ADMINS, error trackers) never carry form input or variables:
# they may hold health data (stressprogram/errors.py).
DEFAULT_EXCEPTION_REPORTER_FILTER = "stressprogram.errors.PersonalDataReporterFilter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Secret links (drop, kiosk, join code, calendar, password reset) are written with the
    # secret taken out, here and in gunicorn's access log (gunicorn.conf.py).
    "filters": {
        "secret_links": {"()": "stressprogram.redact.RedactSecretLinks"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["secret_links"],
        },
        # Django's error report to ADMINS, as Django's own logging config sends it.
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "secret_links"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        # Django's loggers (requests, runserver's request lines) through the same filter,
        # in place of Django's own console handler.
        "django": {"handlers": ["console", "mail_admins"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

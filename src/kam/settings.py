"""Settings for kam, read from environment variables (see the README's configuration table).

One module for every deployment: SQLite under the data folder by default, PostgreSQL when
``DATABASE_URL`` is set, in-process jobs by default and Celery when ``KAM_BROKER_URL`` is set.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext

django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


TESTING = "pytest" in sys.modules or env_bool("KAM_TESTING")
if env("KAM_DATA_DIR"):
    DATA_DIR = Path(env("KAM_DATA_DIR")).resolve()
elif TESTING:
    DATA_DIR = Path(tempfile.mkdtemp(prefix="kam-test-"))
else:
    DATA_DIR = (Path.cwd() / "data").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
(DATA_DIR / "static").mkdir(exist_ok=True)


def _secret_key() -> str:
    """Return KAM_SECRET_KEY, or a key generated once and kept in the data folder."""
    if key := env("KAM_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("KAM_DEBUG")
ALLOWED_HOSTS = [h.strip() for h in env("KAM_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("KAM_CSRF_TRUSTED_ORIGINS").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    "django_htmx",
    "bootstrap",
    "ninja",
    "kam.core",
    "kam.org",
    "kam.notify",
    "kam.accounts",
    "kam.plans",
    "kam.playbook",
    "kam.approvals",
    "kam.tours",
    "kam.service",
    "kam.visits",
    "kam.relations",
    "kam.hospitality",
    "kam.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kam.core.middleware.BodySizeLimitMiddleware",
    "kam.core.middleware.RequestMemoMiddleware",
    "kam.core.middleware.SignInRateLimitMiddleware",
    "kam.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kam.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "kam.core.middleware.PermissionTrailMiddleware",
]

ROOT_URLCONF = "kam.urls"
WSGI_APPLICATION = "kam.wsgi.application"
AUTH_USER_MODEL = "org.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kam.core.context_processors.navigation",
            ],
        },
    }
]

# Database: SQLite (WAL) under the data folder unless DATABASE_URL names another.
if env("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(env("DATABASE_URL"), conn_max_age=60, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "kam.sqlite3"),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;PRAGMA cache_size=-64000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = env("KAM_CACHE_URL")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("KAM_SESSION_HOURS", 12) * 3600

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout after repeated failed sign-ins (pages and the token endpoint alike).
AXES_FAILURE_LIMIT = env_int("KAM_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("KAM_LOGIN_LOCKOUT_MINUTES", 15))
# Locking by username alone: rotating addresses, browsers or cookies does not get round it.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = [
    "axes.W006",
    # django-ratelimit wants a shared cache: with KAM_CACHE_URL (Redis) it has one; without, each
    # server process counts on its own, which still bounds one address to a few times the rate.
    "django_ratelimit.E003",
    "django_ratelimit.W001",
]
# Sign-in attempts per address (sign-in page and token endpoint); the suite's many sign-ins from
# 127.0.0.1 would trip a production rate, so tests raise it and test the limit on its own.
KAM_SIGNIN_RATE = env("KAM_SIGNIN_RATE", "10000/m" if TESTING else "20/m")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Internationalisation: Chinese by default, English complete.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# The project's catalogue, then each app's in INSTALLED_APPS order: listed here they take precedence over
# Django's own catalogues (whose "Summary" is 概览, for instance), as they would not as app catalogues.
LOCALE_PATHS = [PACKAGE_DIR / "locale"] + [
    PACKAGE_DIR / app.split(".")[1] / "locale"
    for app in INSTALLED_APPS
    if app.startswith("kam.") and (PACKAGE_DIR / app.split(".")[1] / "locale").is_dir()
]
TIME_ZONE = env("KAM_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING or DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "media"
WHITENOISE_USE_FINDERS = TESTING or DEBUG

# Request bodies over this size are refused with 413 before any view runs.
KAM_MAX_BODY_BYTES = env_int("KAM_MAX_BODY_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = KAM_MAX_BODY_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Background work: in-process unless a broker is configured.
KAM_BROKER_URL = env("KAM_BROKER_URL")
CELERY_BROKER_URL = KAM_BROKER_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env("KAM_QUEUE", "kam")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Notifications: email and an enterprise-messenger robot webhook (WeCom, DingTalk, Feishu).
EMAIL_HOST = env("KAM_EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("KAM_EMAIL_PORT", 25)
    EMAIL_HOST_USER = env("KAM_EMAIL_USER")
    EMAIL_HOST_PASSWORD = env("KAM_EMAIL_PASSWORD")
    EMAIL_USE_TLS = env_bool("KAM_EMAIL_USE_TLS")
    EMAIL_USE_SSL = env_bool("KAM_EMAIL_USE_SSL")
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = env("KAM_EMAIL_FROM", "kam@localhost")
KAM_WEBHOOK_URL = env("KAM_WEBHOOK_URL")
KAM_WEBHOOK_TIMEOUT = env_int("KAM_WEBHOOK_TIMEOUT", 5)

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

# Production hardening; `kam check --deploy` is clean when KAM_DEBUG is off and TLS is on.
KAM_HTTPS = env_bool("KAM_HTTPS")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE = KAM_HTTPS
SECURE_SSL_REDIRECT = KAM_HTTPS
SECURE_HSTS_SECONDS = 31536000 if KAM_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = KAM_HTTPS
SECURE_HSTS_PRELOAD = KAM_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if KAM_HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("KAM_LOG_LEVEL", "WARNING")},
}

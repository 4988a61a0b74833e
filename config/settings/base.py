"""Settings shared by every environment.

Everything configurable is read once through ``env`` (django-environ). Values that are rules of
the domain (member limit, rotation eligibility) are defaults a district may change later.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-development-only")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "accounts.admin_config.ScopedAdminConfig",  # django.contrib.admin, scoped site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "accounts",
    "schools",
    "communities",
    "exchanges",
    "spreadsheets",
    "compliance",
    "balance",
    "activities",
    "governance",
    "surveys",
    "assessment",
    "overview",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Idle and absolute session limits, then the second factor (django-otp), then the access
    # log of refused requests (accounts.middleware).
    "accounts.middleware.SessionLimitsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "accounts.middleware.AccessLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # axes must be last: it turns lockouts into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "accounts.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Failed logins are limited per username + IP: schools share NAT addresses, so an IP alone
# would lock out a whole school because one teacher mistyped.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# One i18n approach: the UI has one language. Our own strings are written in Chinese in code and
# templates; Django's and the libraries' messages come from their zh_Hans catalogues.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# No inline script or style anywhere: every page works under this policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Sessions live in the database (stateless web processes). A session ends after
# JGT_SESSION_IDLE_SECONDS without a request and JGT_SESSION_MAX_SECONDS after login at most,
# whatever the activity (accounts.middleware.SessionLimitsMiddleware); the cookie lasts no longer.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
JGT_SESSION_IDLE_SECONDS = env.int("JGT_SESSION_IDLE_SECONDS", default=30 * 60)
JGT_SESSION_MAX_SECONDS = env.int("JGT_SESSION_MAX_SECONDS", default=10 * 3600)
SESSION_COOKIE_AGE = JGT_SESSION_MAX_SECONDS
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Second factor (django-otp TOTP + recovery codes) for bureau administrators and platform
# operators; production turns it on by default, the demo and development leave it off.
REQUIRE_2FA = env.bool("REQUIRE_2FA", default=False)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="教共体管理平台")

# Caches: CACHE_URL (django-environ), e.g. rediscache://127.0.0.1:6379/1 or dbcache://jgt_cache
# (run `manage.py createcachetable`). Nothing the app needs between requests lives only in a
# process, so any number of web processes can serve one database.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# simple-history stores who made each change (HistoryRequestMiddleware) and why, when given.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Spreadsheet imports (spreadsheets.reader / importers). Large files are previewed and applied
# by a background job (core.jobs): django-tasks with its database backend (run
# `manage.py db_worker`); set TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend to run them inline.
JGT_IMPORT_MAX_BYTES = env.int("JGT_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
JGT_IMPORT_MAX_ROWS = env.int("JGT_IMPORT_MAX_ROWS", default=100_000)
JGT_IMPORT_BACKGROUND_ROWS = env.int("JGT_IMPORT_BACKGROUND_ROWS", default=5_000)
# Reading stops after this many empty rows in a row (a 5 KB file may declare a million rows).
JGT_IMPORT_MAX_EMPTY_ROWS = env.int("JGT_IMPORT_MAX_EMPTY_ROWS", default=1_000)
# Cells that merged ranges may fill over the rows and columns read (more: the file is refused).
JGT_IMPORT_MAX_MERGED_CELLS = env.int("JGT_IMPORT_MAX_MERGED_CELLS", default=1_000_000)
# An .xlsx list export of more rows than this runs as a background job (core.jobs) and the user
# downloads the file from the job's page; CSV exports always stream inside the request.
JGT_EXPORT_BACKGROUND_ROWS = env.int("JGT_EXPORT_BACKGROUND_ROWS", default=20_000)
TASKS = {
    "default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")},
}

# Uploaded files (core.files): the default size limit of an upload, and the internal nginx
# location that serves MEDIA_ROOT via X-Accel-Redirect (empty: Django streams the file itself).
JGT_FILES_MAX_BYTES = env.int("JGT_FILES_MAX_BYTES", default=10 * 1024 * 1024)
JGT_FILES_X_ACCEL_PREFIX = env("JGT_FILES_X_ACCEL_PREFIX", default="")

# The site's address as printed on paper (core.links.public_url): QR codes and printed addresses
# (assessment reports' verification, survey answer links) point here, whatever host made the
# page. Empty: the address each request came in on; a background job or command has no request
# and then prints http://127.0.0.1:8000, so set it in production.
JGT_PUBLIC_URL = env("JGT_PUBLIC_URL", default="").rstrip("/")

# Domain defaults (DOMAIN.md §4). A community's charter may change some of them later.
JGT_DEFAULT_MEMBER_LIMIT = env.int("JGT_DEFAULT_MEMBER_LIMIT", default=6)
JGT_ROTATION_ELIGIBLE_YEARS = env.int("JGT_ROTATION_ELIGIBLE_YEARS", default=6)
JGT_PAGE_SIZE = 50

# Satisfaction surveys (surveys/): the default target of a round (rule 19: a rate above it
# meets it), and the rate limit of a per-browser round: at most JGT_SURVEY_RATE_LIMIT answers
# per JGT_SURVEY_RATE_WINDOW seconds from one address to one school's link (a parents' meeting
# on the school's Wi-Fi shares one address: keep it generous).
JGT_SURVEY_TARGET = Decimal(env("JGT_SURVEY_TARGET", default="95"))
JGT_SURVEY_RATE_LIMIT = env.int("JGT_SURVEY_RATE_LIMIT", default=60)
JGT_SURVEY_RATE_WINDOW = env.int("JGT_SURVEY_RATE_WINDOW", default=600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

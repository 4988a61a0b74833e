"""Production: gunicorn behind nginx (docs/deploy.md). Refuses to start without a secret key and
host names; passes `check --deploy` cleanly.

Stateless: sessions in the database, the cache in Redis or the database (CACHE_URL), uploaded
files on a shared MEDIA_ROOT, background jobs in the database (`manage.py db_worker`). Any number
of web processes and workers on any number of machines can serve one PostgreSQL.

Bureau intranets sometimes serve plain HTTP behind a gateway; set SECURE_SSL_REDIRECT=false and
the cookie flags accordingly only when a TLS-terminating proxy is really in front.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")  # no default: ImproperlyConfigured when missing
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# nginx sets X-Forwarded-Proto; with it, Django knows the request came over HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

REQUIRE_2FA = env.bool("REQUIRE_2FA", default=True)

# The cache must be shared by every process: Redis or the database table `jgt_cache`
# (`manage.py createcachetable`), never a process's own memory.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://jgt_cache")}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# nginx serves protected files from this internal location after the app's check
# (core/files.py); empty: Django streams them itself.
JGT_FILES_X_ACCEL_PREFIX = env("JGT_FILES_X_ACCEL_PREFIX", default="/protected-media/")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405
# A connection killed by the database (restart, pg_terminate_backend) is noticed before use.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

"""Production keeps nothing in a process: sessions in the database, a shared cache (the
database table by default, Redis with CACHE_URL), protected files through nginx."""

from tests.access.test_security import _manage

PROBE = (
    "from django.conf import settings as s; "
    "print(s.SESSION_ENGINE, s.CACHES['default']['BACKEND'], s.JGT_FILES_X_ACCEL_PREFIX, "
    "s.DATABASES['default']['CONN_HEALTH_CHECKS'])"
)
REQUIRED = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "jgt.example.org"}


def test_production_sessions_and_cache_are_shared():
    result = _manage("shell", "-v", "0", "-c", PROBE, **REQUIRED)

    assert result.stdout.split() == [
        "django.contrib.sessions.backends.db",
        "django.core.cache.backends.db.DatabaseCache",
        "/protected-media/",
        "True",
    ], result.stderr


def test_cache_url_selects_redis():
    result = _manage(
        "shell", "-v", "0", "-c", PROBE, CACHE_URL="rediscache://127.0.0.1:6379/1", **REQUIRED
    )

    assert result.stdout.split()[1] == "django.core.cache.backends.redis.RedisCache", result.stderr

"""Row counts and filter choices of the list pages, kept in Django's cache until the next write.

A list's fixed queries give the same answer on every request until something is written: the
paginator's ``COUNT(*)`` (60,000 teachers: ~2 ms on PostgreSQL), the district's townships and
communities offered by the filter selects (~1.5 ms). :func:`remembered` keeps such a result
under the SQL that computes it, tagged with the current *generation*: a random token that any
INSERT, UPDATE or DELETE of a watched table replaces. Writes are seen by a database execute
wrapper (installed on every connection) that reads the statement's first words, so bulk imports,
``QuerySet.update()``, ``TRUNCATE`` and raw SQL that starts with its verb count as well as
``save()``.

When the token changes:
- a write outside a transaction: right after the statement;
- a write inside a transaction: when it commits. Until then, this connection reads around the
  cache (it sees its own uncommitted rows, which must not be stored for others), and the other
  connections keep the committed figures, which are still right for them.

A missing token or result only costs the query, so a cold, cleared or evicted cache is never
wrong. Results also expire after ``TIMEOUT`` seconds, a bound on anything unforeseen.

Tables that no list reads and that are written on every request (sessions, the access log,
history tables, jobs, the cache table itself) are not watched: writing them would empty the
cache for nothing.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.utils import timezone

T = TypeVar("T")
logger = logging.getLogger(__name__)

# Query-string parameters of a list that choose neither its rows nor its filter values.
NOT_FILTERS = frozenset({"page", "sort"})

TIMEOUT = 600
_GENERATION = "jgt:listcache:generation"
_WRITE = re.compile(
    r'\s*(?:(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)|TRUNCATE\b)', re.I
)
_UNWATCHED_PREFIXES = ("django_session", "axes_", "otp_", "core_job", "accounts_accessevent")


def _cache_tables() -> set[str]:
    return {
        conf["LOCATION"]
        for conf in settings.CACHES.values()
        if conf.get("BACKEND", "").endswith("DatabaseCache")
    }


def watched(table: str) -> bool:
    table = table.lower()
    return not (
        table.startswith(_UNWATCHED_PREFIXES) or "_historical" in table or table in _cache_tables()
    )


# --- noticing writes --------------------------------------------------------------------------


def _renew() -> str | None:
    """A new generation token; None when the cache cannot be written (down, or its database
    table not created yet: ``migrate`` runs before ``createcachetable``). A write must never
    fail for the cache's sake; what was kept then expires within ``TIMEOUT``."""
    token = uuid.uuid4().hex
    try:
        cache.set(_GENERATION, token, None)
    except Exception:  # noqa: BLE001 - any cache backend's failure
        logger.warning("list cache: could not renew the generation", exc_info=True)
        return None
    return token


def _pending(connection) -> bool:
    """Whether this connection has written a watched table in a transaction not yet committed."""
    return any(func is _renew for _, func, _ in connection.run_on_commit)


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    match = _WRITE.match(sql)
    if match and (match.group(1) is None or watched(match.group(1))):  # None: TRUNCATE
        connection = context["connection"]
        if not connection.in_atomic_block:
            _renew()
        elif not _pending(connection):
            connection.on_commit(_renew)
    return result


def install(connection, **kwargs) -> None:
    """Watch the writes of one connection (``connection_created`` and ``CoreConfig.ready``)."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


# --- reading ----------------------------------------------------------------------------------


def remembered(key_parts: tuple, compute: Callable[[], T], using: str = DEFAULT_DB_ALIAS) -> T:
    """``compute()``, or its result kept from an earlier call with the same ``key_parts`` and no
    watched write since."""
    connection = connections[using]
    if _pending(connection):
        return compute()
    key = "jgt:listcache:" + hashlib.sha1(repr(key_parts).encode()).hexdigest()
    try:
        found = cache.get_many([_GENERATION, key])
    except Exception:  # noqa: BLE001 - a cache that cannot be read costs the query
        logger.warning("list cache: could not read", exc_info=True)
        return compute()
    token = found.get(_GENERATION)
    kept = found.get(key)
    if token is not None and kept is not None and kept[0] == token:
        return kept[1]
    if token is None:
        token = _renew()
    value = compute()
    if token is not None:
        cache.set(key, (token, value), TIMEOUT)
    return value


def _query_key(queryset: QuerySet, kind: str) -> tuple:
    sql, params = queryset.query.sql_with_params()
    return (kind, queryset.db, sql, tuple(map(str, params)))


def count(queryset: QuerySet, key: tuple) -> int:
    """``queryset.count()``, kept until the next write under ``key``: what determines the rows
    (:func:`request_key`), not the queryset's SQL, whose compiling costs about as much as the
    count itself."""
    if queryset.query.is_empty():
        return 0
    return remembered(("count", *key), queryset.count, using=queryset.db)


def request_key(request) -> tuple:
    """What determines a list's rows and filter form: the page, the user (whose scope it is:
    any change of it is a write), the query string but the page number and the sort, and the
    date (for rows and defaults that depend on today)."""
    data = request.GET
    values = tuple(
        sorted((key, tuple(data.getlist(key))) for key in data if key not in NOT_FILTERS)
    )
    return (request.path, request.user.pk, timezone.localdate().isoformat(), values)


def rows(queryset: QuerySet) -> list:
    """``list(queryset)`` of plain values (``values_list``/``values``), kept until the next
    write. Not for model instances: a kept instance would be shared between requests."""
    if queryset.query.is_empty():
        return []
    return remembered(_query_key(queryset, "rows"), lambda: list(queryset), using=queryset.db)

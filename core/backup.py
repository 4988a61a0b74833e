"""Backups and the restore drill (``manage.py backup``, ``manage.py restore_drill``).

A backup folder holds:

- ``database.dump`` — PostgreSQL, ``pg_dump`` custom format, taken from an exported snapshot so
  that the dump and the manifest describe the same instant; or ``database.sqlite3`` — SQLite,
  through its online backup API (safe while the app writes);
- ``media/`` — a copy of ``MEDIA_ROOT``;
- ``manifest.json`` — per table its row count and a SHA-256 of its rows in primary-key order;
  per media file its size and SHA-256.

The drill restores into a fresh database and a fresh media folder, recomputes the manifest there
and compares it entry by entry.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from django.conf import settings
from django.db import connections

MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
FETCH = 2000


# --- checksums ----------------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, memoryview | bytes | bytearray):
        return bytes(value).hex()
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _sqlite_tables(cursor) -> list[tuple[str, list[str]]]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    tables = [row[0] for row in cursor.fetchall()]
    result = []
    for table in tables:
        cursor.execute(f'PRAGMA table_info("{table}")')
        pk = [row[1] for row in sorted(cursor.fetchall(), key=lambda r: r[5]) if row[5]]
        result.append((table, pk))
    return result


def _pg_tables(cursor) -> list[tuple[str, list[str]]]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    tables = [row[0] for row in cursor.fetchall()]
    result = []
    for table in tables:
        cursor.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary "
            "ORDER BY array_position(i.indkey, a.attnum)",
            [f'"{table}"'],
        )
        result.append((table, [row[0] for row in cursor.fetchall()]))
    return result


def table_manifest(raw_connection, vendor: str) -> dict[str, dict]:
    """Row count and checksum of every table, read through a DB-API connection.

    PostgreSQL: each row's own text form (``row::text``), independent of the driver's types;
    SQLite: the stored values. Rows in primary-key order (all columns when there is none).
    """
    result = {}
    cursor = raw_connection.cursor()
    try:
        tables = _pg_tables(cursor) if vendor == "postgresql" else _sqlite_tables(cursor)
        for table, pk in tables:
            order = ", ".join(f'"{c}"' for c in pk)
            if vendor == "postgresql":
                order = order or "jgt_row__::text"
                sql = f'SELECT jgt_row__::text FROM "{table}" AS jgt_row__ ORDER BY {order}'
            else:
                order = order or "rowid"
                sql = f'SELECT * FROM "{table}" ORDER BY {order}'
            cursor.execute(sql)
            digest, rows = hashlib.sha256(), 0
            while batch := cursor.fetchmany(FETCH):
                for row in batch:
                    digest.update("\x1f".join(_cell(v) for v in row).encode())
                    digest.update(b"\n")
                    rows += 1
            result[table] = {"rows": rows, "sha256": digest.hexdigest()}
    finally:
        cursor.close()
    return result


def media_manifest(root: Path) -> dict[str, dict]:
    result = {}
    if not root.exists():
        return result
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        result[path.relative_to(root).as_posix()] = {
            "size": path.stat().st_size,
            "sha256": digest.hexdigest(),
        }
    return result


# --- connections ---------------------------------------------------------------------------------


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return args


def _pg_connect(db: dict, name: str):
    return psycopg2.connect(
        dbname=name,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
    )


# --- backup ------------------------------------------------------------------------------------


def backup(output: Path) -> dict:
    """Write the database, the media and the manifest into ``output`` (created, must be empty)."""
    output.mkdir(parents=True, exist_ok=False)
    connection = connections["default"]
    vendor = connection.vendor
    started = datetime.datetime.now(datetime.UTC)
    if vendor == "postgresql":
        tables = _backup_postgresql(connection, output)
    elif vendor == "sqlite":
        tables = _backup_sqlite(connection, output)
    else:
        raise RuntimeError(f"不支持的数据库：{vendor}")
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists():
        shutil.copytree(media_root, output / "media")
    else:
        (output / "media").mkdir()
    return {
        "format": 1,
        "created": started.isoformat(),
        "vendor": vendor,
        "database": PG_DUMP if vendor == "postgresql" else SQLITE_COPY,
        "tables": tables,
        "media": media_manifest(output / "media"),
    }


def _backup_postgresql(connection, output: Path) -> dict:
    """pg_dump from a snapshot exported by the transaction that computes the manifest."""
    db = connection.settings_dict
    connection.ensure_connection()
    raw = connection.connection
    previous = raw.autocommit
    raw.autocommit = False
    try:
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        dump = subprocess.run(
            [
                "pg_dump",
                *_pg_args(db),
                "--format=custom",
                f"--snapshot={snapshot}",
                "--no-owner",
                "-f",
                str(output / PG_DUMP),
                db["NAME"],
            ],
            env=_pg_env(db),
            capture_output=True,
            text=True,
        )
        if dump.returncode != 0:
            raise RuntimeError(f"pg_dump 失败：{dump.stderr.strip()}")
        tables = table_manifest(raw, "postgresql")
    finally:
        raw.rollback()
        raw.autocommit = previous
    return tables


def _backup_sqlite(connection, output: Path) -> dict:
    connection.ensure_connection()
    target = sqlite3.connect(output / SQLITE_COPY)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    copy_connection = sqlite3.connect(output / SQLITE_COPY)
    try:
        return table_manifest(copy_connection, "sqlite")
    finally:
        copy_connection.close()


# --- restore drill ------------------------------------------------------------------------------


@dataclass
class Line:
    name: str
    expected: str
    found: str
    ok: bool


def restore_and_compare(folder: Path, manifest: dict, *, work: Path, keep: bool) -> dict:
    """Restore into a fresh database and media folder; compare with the manifest."""
    stamp = datetime.datetime.now().strftime("%Y%m%d%H%M%S")
    vendor = manifest["vendor"]
    connection = connections["default"]
    if vendor != connection.vendor:
        raise RuntimeError(f"备份来自 {vendor}，当前数据库为 {connection.vendor}。")
    if vendor == "postgresql":
        name = f"jgt_drill_{stamp}"
        db = connection.settings_dict
        _pg_admin(db, f'CREATE DATABASE "{name}"')
        restored = subprocess.run(
            [
                "pg_restore",
                *_pg_args(db),
                "--no-owner",
                "--exit-on-error",
                "-d",
                name,
                str(folder / PG_DUMP),
            ],
            env=_pg_env(db),
            capture_output=True,
            text=True,
        )
        if restored.returncode != 0:
            _pg_admin(db, f'DROP DATABASE IF EXISTS "{name}"')
            raise RuntimeError(f"pg_restore 失败：{restored.stderr.strip()}")
        target = _pg_connect(db, name)
        where = f"PostgreSQL 数据库 {name}"
    else:
        name = str(work / f"drill_{stamp}.sqlite3")
        shutil.copyfile(folder / SQLITE_COPY, name)
        target = sqlite3.connect(name)
        where = f"SQLite 文件 {name}"
    try:
        tables = table_manifest(target, vendor)
    finally:
        target.close()
        if vendor == "postgresql" and not keep:
            _pg_admin(connection.settings_dict, f'DROP DATABASE IF EXISTS "{name}"')
    media_dir = work / f"media_{stamp}"
    shutil.copytree(folder / "media", media_dir)
    media = media_manifest(media_dir)
    if not keep:
        shutil.rmtree(media_dir, ignore_errors=True)
    return {"where": where, "tables": tables, "media": media, "media_dir": str(media_dir)}


def _pg_admin(db: dict, sql: str) -> None:
    result = subprocess.run(
        ["psql", *_pg_args(db), "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql],
        env=_pg_env(db),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{sql} 失败：{result.stderr.strip()}")


def compare(expected: dict, found: dict) -> list[Line]:
    lines = []
    for table in sorted(set(expected) | set(found)):
        want, got = expected.get(table), found.get(table)
        lines.append(
            Line(
                table,
                f"{want['rows']} {want['sha256'][:12]}" if want else "—",
                f"{got['rows']} {got['sha256'][:12]}" if got else "—",
                want == got,
            )
        )
    return lines


def compare_media(expected: dict, found: dict) -> list[Line]:
    lines = []
    for path in sorted(set(expected) | set(found)):
        want, got = expected.get(path), found.get(path)
        lines.append(
            Line(
                path,
                f"{want['size']} {want['sha256'][:12]}" if want else "—",
                f"{got['size']} {got['sha256'][:12]}" if got else "—",
                want == got,
            )
        )
    return lines

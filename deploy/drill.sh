#!/usr/bin/env bash
# make restore-drill: back up the demo county and restore it, on PostgreSQL and on SQLite,
# comparing every table and file (manage.py backup / restore_drill). Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${VENV:-.venv}/bin/python
PG=${JGT_CHECK_PG:-postgres://postgres@127.0.0.1:5432}
DB=jgt_drill_source
WORK=$(mktemp -d /tmp/jgt-drill.XXXXXX)
cleanup() {
  psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
export MEDIA_ROOT="$WORK/media"

echo "== PostgreSQL: demo county → backup → restore drill"
psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
psql "$PG/postgres" -q -c "CREATE DATABASE $DB" >/dev/null
DATABASE_URL="$PG/$DB" "$PY" manage.py migrate --noinput -v 0
DATABASE_URL="$PG/$DB" "$PY" manage.py seed_demo >/dev/null
DATABASE_URL="$PG/$DB" "$PY" manage.py backup --output "$WORK/pg-backup"
DATABASE_URL="$PG/$DB" "$PY" manage.py restore_drill "$WORK/pg-backup" --work "$WORK/pg-restore"

echo "== SQLite: demo county → backup (online backup API) → restore drill"
export DATABASE_URL="sqlite:///$WORK/demo.sqlite3" MEDIA_ROOT="$WORK/media-sqlite"
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py seed_demo >/dev/null
"$PY" manage.py backup --output "$WORK/sqlite-backup"
"$PY" manage.py restore_drill "$WORK/sqlite-backup" --work "$WORK/sqlite-restore" | tail -n 1

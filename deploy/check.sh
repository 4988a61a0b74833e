#!/usr/bin/env bash
# make deploy-check: the production setup, really running, checked from outside.
#
# Installs nginx from Debian if missing; builds a fresh PostgreSQL database (jgt_deploycheck)
# with the demo county and an out-of-scope user; starts gunicorn with config.settings.production
# on a unix socket and nginx on a loopback port from the repository's site template
# (deploy/nginx/jgt.conf.in); then deploy/check_client.py logs in over HTTP and checks a page, a
# static file, a protected file (served by nginx via X-Accel-Redirect), its refusal to an
# outsider and to anonymous requests (nginx's internal path included) and the security headers.
# Everything it started is stopped on exit (trap), the database dropped.
#
# Plain HTTP on loopback: nginx sends `X-Forwarded-Proto: https` (FORWARDED_PROTO=https), as a
# TLS gateway in front would, so the production settings (HTTPS redirect, Secure cookies, HSTS)
# stay exactly as in production.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${VENV:-$ROOT/.venv}
PY=$VENV/bin/python
PORT=${JGT_CHECK_PORT:-8180}
PG=${JGT_CHECK_PG:-postgres://postgres@127.0.0.1:5432}
DB=${JGT_CHECK_DB:-jgt_deploycheck}

command -v nginx >/dev/null || bash scripts/apt-ensure.sh nginx-light
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

WORK=$(mktemp -d /tmp/jgt-deploycheck.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$WORK/media" "$WORK/static" "$WORK/nginx-tmp"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=config.settings.production
SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(60))')"
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export JGT_PUBLIC_URL=http://127.0.0.1:8000
export DATABASE_URL="$PG/$DB"
export MEDIA_ROOT="$WORK/media" STATIC_ROOT="$WORK/static"
export JGT_FILES_X_ACCEL_PREFIX=/protected-media/
export TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend
export LOG_LEVEL=WARNING

echo "== database $DB: migrate, cache table, static files, demo county, outsider"
psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
psql "$PG/postgres" -q -c "CREATE DATABASE $DB" >/dev/null
"$PY" manage.py check --deploy --fail-level WARNING
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py createcachetable
"$PY" manage.py collectstatic --noinput -v 0
"$PY" manage.py seed_demo >/dev/null
FILE_PATH=$("$PY" manage.py shell -v 0 -c "
from accounts.models import User
from communities.models import Community
from schools.models import District
other = District.objects.create(name='外县（部署检查）', code='888888')
u = User(username='check_outsider', role='bureau_staff', district=other, is_staff=True)
u.set_password('jgt-demo-2025'); u.save()
c = Community.objects.exclude(charter=None).get()
print(f'/files/communities.community/{c.pk}/charter/ {c.charter.file.name}')
" | tail -n 1)

echo "== gunicorn (production settings) on $WORK/gunicorn.sock"
JGT_BIND="unix:$WORK/gunicorn.sock" JGT_WEB_WORKERS=2 \
  "$VENV/bin/gunicorn" --config deploy/gunicorn.conf.py --access-logfile "$WORK/gunicorn-access.log" \
  --error-logfile "$WORK/gunicorn.log" config.wsgi:application &
pids+=($!)

echo "== nginx on 127.0.0.1:$PORT from deploy/nginx/jgt.conf.in"
"$PY" deploy/render.py deploy/nginx/jgt.conf.in "$WORK/site.conf" \
  LISTEN="127.0.0.1:$PORT" SERVER_NAME=127.0.0.1 UPSTREAM="unix:$WORK/gunicorn.sock" \
  STATIC_ROOT="$WORK/static" MEDIA_ROOT="$WORK/media" FORWARDED_PROTO=https TLS=""
cat > "$WORK/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $WORK/nginx-access.log;
    client_body_temp_path $WORK/nginx-tmp/body;
    proxy_temp_path $WORK/nginx-tmp/proxy;
    fastcgi_temp_path $WORK/nginx-tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx-tmp/uwsgi;
    scgi_temp_path $WORK/nginx-tmp/scgi;
    sendfile on;
    include $WORK/site.conf;
}
CONF
"$NGINX" -t -q -c "$WORK/nginx.conf" -p "$WORK"
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" &
pids+=($!)

for _ in $(seq 1 60); do
  [ -S "$WORK/gunicorn.sock" ] && curl -s -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break
  sleep 0.5
done

echo "== checks through nginx (http://127.0.0.1:$PORT)"
status=0
"$PY" deploy/check_client.py "http://127.0.0.1:$PORT" $FILE_PATH || status=$?
if [ "$status" -ne 0 ]; then
  echo "-- gunicorn log"; tail -n 40 "$WORK/gunicorn.log" || true
  echo "-- nginx error log"; tail -n 20 "$WORK/nginx-error.log" || true
fi
exit "$status"

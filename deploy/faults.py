"""Fault drill against gunicorn + PostgreSQL on this machine; stops by itself.

    .venv/bin/python deploy/faults.py [--requests 240] [--kills 12] [--restart-postgres]

Builds its own database (jgt_faults: migrated, the demo county), starts gunicorn with the
production settings on 127.0.0.1:8190 (no nginx, plain HTTP: SECURE_SSL_REDIRECT and the
Secure cookie flags off for the drill) and a `manage.py db_worker`, then:

1. **Connections killed during a burst.** Four clients send a bounded burst of requests (pages
   and school edits) while another thread runs `pg_terminate_backend` on every connection to
   the database, a dozen times. Each answer must be a success or the Chinese 500 page; every
   school edit answered as saved must be in the history, and the school row must equal its
   latest history record (nothing half-written). Then 20 requests in a row must succeed, with no
   restart.
2. **PostgreSQL restarted during a background import** (`--restart-postgres` only: it restarts
   the machine's server with `pg_ctlcluster … restart`). A teacher import of several thousand
   rows is applied by the worker; PostgreSQL restarts while it writes. The job must end failed
   with a message, or done with every row; never done with rows missing. Then the same file is
   imported again and must complete.
3. The full disk during an upload is tested in the suite (tests/core/test_disk_full.py): an
   injected OSError from the storage.

Prints a report and exits 1 if any expectation failed. Everything started is stopped.
"""

from __future__ import annotations

import argparse
import datetime
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "deploy")]
PG = os.environ.get("JGT_CHECK_PG", "postgres://postgres@127.0.0.1:5432")
DB = "jgt_faults"
PORT = int(os.environ.get("JGT_FAULTS_PORT", "8190"))
BASE = f"http://127.0.0.1:{PORT}"
VENV_BIN = Path(sys.executable).parent
WORK = Path(tempfile.mkdtemp(prefix="jgt-faults-"))

os.environ.update(
    DJANGO_SETTINGS_MODULE="config.settings.production",
    SECRET_KEY=secrets.token_urlsafe(50),
    ALLOWED_HOSTS="127.0.0.1,localhost",
    DATABASE_URL=f"{PG}/{DB}",
    MEDIA_ROOT=str(WORK / "media"),
    STATIC_ROOT=str(WORK / "static"),
    SECURE_SSL_REDIRECT="false",
    SESSION_COOKIE_SECURE="false",
    CSRF_COOKIE_SECURE="false",
    JGT_FILES_X_ACCEL_PREFIX="",
    REQUIRE_2FA="false",
    LOG_LEVEL="CRITICAL",
)

import django  # noqa: E402

django.setup()

import psycopg2  # noqa: E402
from check_client import Browser  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

from accounts.models import User  # noqa: E402
from core.enums import JobStatus  # noqa: E402
from core.jobs import job_start  # noqa: E402
from core.models import Job  # noqa: E402
from schools.forms import SchoolForm  # noqa: E402
from schools.models import School, Teacher  # noqa: E402
from schools.sheets.samples import sample_teacher, teacher_header, teacher_row  # noqa: E402
from spreadsheets.jobs import import_job_create  # noqa: E402

failures: list[str] = []
processes: list[subprocess.Popen] = []


def say(line: str) -> None:
    print(line, flush=True)


def expect(label: str, ok: bool, detail: str = "") -> None:
    say(f"{'ok  ' if ok else 'FAIL'} {label}{f' — {detail}' if detail else ''}")
    if not ok:
        failures.append(label)


def admin_sql(sql: str, dbname: str = "postgres") -> list:
    conn = psycopg2.connect(f"{PG}/{dbname}")
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall() if cursor.description else []
    finally:
        conn.close()


def reconnect() -> None:
    for conn in connections.all():
        conn.close()


def retry_db(fn, seconds: float = 60):
    """Run ``fn`` against the database, reconnecting while PostgreSQL comes back."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return fn()
        except django.db.Error:
            if time.monotonic() > deadline:
                raise
            reconnect()
            time.sleep(0.5)


def start(args: list[str], log: str) -> subprocess.Popen:
    handle = open(WORK / log, "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(args, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT)
    processes.append(process)
    return process


def stop_all() -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


# --- setup -------------------------------------------------------------------------------------


def setup() -> None:
    say(f"== database {DB}: migrate, demo county")
    admin_sql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    admin_sql(f"CREATE DATABASE {DB}")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    reconnect()
    say(f"== gunicorn (production settings, 3 workers) on {BASE}, one db_worker")
    start(
        [
            str(VENV_BIN / "gunicorn"),
            "--config",
            "deploy/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "3",
            "config.wsgi:application",
        ],
        "gunicorn.log",
    )
    start([str(VENV_BIN / "python"), "manage.py", "db_worker", "--interval", "0.5"], "worker.log")
    for _ in range(60):
        try:
            if Browser(BASE).request("GET", "/accounts/login/")[0].status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not start")


# --- fault 1: connections killed during a burst ---------------------------------------------


def school_form_data(school: School) -> dict:
    form = SchoolForm(
        instance=school,
        parent_choices=School.objects.filter(district_id=school.district_id),
        can_set_parent=True,
    )
    data = {}
    for name in form.fields:
        if name == "version":
            continue
        value = form[name].value()
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    return data


def classify(response, body: bytes) -> str:
    if response.status == 500:
        return "500 中文错误页" if "系统出错了".encode() in body else "500 other"
    if response.status < 400:
        return "ok"
    return f"{response.status}"


def burst(requests: int, kills: int) -> None:
    say(f"== fault 1: pg_terminate_backend ×{kills} during a burst of {requests} requests")
    school = School.objects.filter(parent=None).order_by("pk").first()
    base_data = school_form_data(school)
    history_before = school.history.count()
    edit = f"/schools/{school.pk}/edit/"
    import_rows = 3000
    import_job = launch_import(
        User.objects.get(username="demo_bureau"), teachers_file(import_rows, prefix="K")
    )
    clients = []
    for _ in range(4):
        browser = Browser(BASE)
        assert browser.login("demo_bureau"), "login failed"
        clients.append(browser)
    outcomes: Counter = Counter()
    post_outcomes: Counter = Counter()
    lock = threading.Lock()
    pages = ["/", "/schools/", "/schools/teachers/", "/communities/"]
    done = threading.Event()

    def client(index: int) -> None:
        browser = clients[index]
        for i in range(requests // len(clients)):
            is_post = i % 3 == 0
            try:
                if is_post:
                    data = {
                        **base_data,
                        "principal": f"故障{index}-{i}",
                        "csrfmiddlewaretoken": browser.cookies.get("csrftoken", ""),
                    }
                    response, body = browser.request("POST", edit, data)
                else:
                    response, body = browser.request("GET", pages[i % len(pages)])
                result = classify(response, body)
            except OSError as error:
                result = f"connection error ({type(error).__name__})"
            with lock:
                outcomes[result] += 1
                if is_post:
                    post_outcomes[result] += 1

    def killer() -> None:
        for _ in range(kills):
            time.sleep(0.25)
            rows = admin_sql(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                f"WHERE datname = '{DB}' AND pid <> pg_backend_pid()"
            )
            with lock:
                outcomes["(connections terminated)"] += rows[0][0]
            if done.is_set():
                break

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(len(clients))]
    kill_thread = threading.Thread(target=killer)
    for thread in [*threads, kill_thread]:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    kill_thread.join()
    elapsed = time.monotonic() - started
    terminated = outcomes.pop("(connections terminated)", 0)
    say(f"   {sum(outcomes.values())} requests in {elapsed:.1f} s, {terminated} connections killed")
    for result, count in sorted(outcomes.items()):
        say(f"   {result:<28} {count}")
    unclean = {k: v for k, v in outcomes.items() if k not in ("ok", "500 中文错误页")}
    expect("every answer is a success or the Chinese 500 page", not unclean, str(unclean))
    expect(
        "some requests were hit by a killed connection",
        outcomes["500 中文错误页"] > 0 or terminated > 0,
    )

    reconnect()
    school.refresh_from_db()
    records = list(school.history.order_by("-history_id"))
    committed = len(records) - history_before
    saved = post_outcomes["ok"]
    expect(
        "every edit answered as saved is in the history",
        committed >= saved,
        f"{saved} answered saved, {committed} history records",
    )
    expect(
        "no edit beyond those sent was written",
        committed <= sum(post_outcomes.values()),
    )
    expect(
        "the school row equals its latest history record (nothing half-written)",
        records and records[0].principal == school.principal,
        f"row {school.principal!r}, history {records[0].principal!r}",
    )
    job = wait_for_end(import_job.pk)
    written = Teacher.objects.filter(staff_number__startswith="K").count()
    say(f"   import during the burst: {job.get_status_display()} — {job.message!r}; {written} rows")
    expect(
        "the import during the burst is all or nothing, and ended",
        (job.status == JobStatus.DONE and written == import_rows)
        or (job.status == JobStatus.FAILED and written == 0),
        f"{job.status}, {written} of {import_rows}",
    )
    browser = clients[0]
    recovered = [browser.request("GET", "/schools/")[0].status for _ in range(20)]
    expect(
        "service recovers without restart: 20 requests in a row succeed",
        recovered == [200] * 20,
        str(Counter(recovered)),
    )


# --- fault 2: PostgreSQL restarted during a background import -------------------------------


def teachers_file(rows: int, prefix: str = "F") -> bytes:
    import openpyxl  # noqa: PLC0415 - heavy, only here

    schools = list(School.objects.filter(parent=None).order_by("pk"))
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("教师")
    ws.append(teacher_header())
    for n in range(rows):
        teacher = sample_teacher(schools[n % len(schools)], 900_000 + n)
        teacher.staff_number = f"{prefix}{n:07d}"
        ws.append(teacher_row(teacher))
    path = WORK / f"teachers-{prefix}.xlsx"
    wb.save(path)
    return path.read_bytes()


def wait_for_end(job_pk: int, seconds: float = 240) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = retry_db(lambda: Job.objects.get(pk=job_pk))
        if job.status in (JobStatus.DONE, JobStatus.FAILED):
            return job
        time.sleep(0.5)
    return job


def launch_import(user, data: bytes) -> Job:
    """A teacher import applied by the background worker (as after the user's confirmation)."""
    job = import_job_create(kind="teachers", user=user, data=data, filename="教师.xlsx")
    job.background = True
    job.save(update_fields=["background"])
    return job_start(job, status=JobStatus.APPLYING)


def restart_during_import(rows: int, *, dry: bool = False) -> None:
    say(f"== fault 2: PostgreSQL restarted while the worker imports {rows} teachers")
    user = User.objects.get(username="demo_bureau")
    data = teachers_file(rows)
    imported = Teacher.objects.filter(staff_number__startswith="F")
    before = imported.count()

    def launch() -> Job:
        return launch_import(user, data)

    job = launch()
    # The import writes in one transaction, so its progress is invisible until it commits:
    # watch PostgreSQL for the worker's open write transaction on the teachers table instead.
    writing = None
    started = time.monotonic()
    while time.monotonic() - started < 120:
        rows_ = admin_sql(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = "
            f"'{DB}' AND backend_xid IS NOT NULL AND query ILIKE '%schools_%teacher%'"
        )
        if rows_[0][0]:
            writing = time.monotonic() - started
            break
        if Job.objects.get(pk=job.pk).status in (JobStatus.DONE, JobStatus.FAILED):
            break
        time.sleep(0.05)
    if writing is None:
        expect("the restart hit the import while it wrote", False, "no write transaction seen")
        return
    restarted_at = f"{writing:.1f} s after the start, while writing teachers"
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    t0 = time.monotonic()
    if not dry:
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True
        )
    say(f"   PostgreSQL restarted {restarted_at} (restart took {time.monotonic() - t0:.1f} s)")
    reconnect()
    job = wait_for_end(job.pk)
    created = retry_db(lambda: imported.count()) - before
    say(f"   job ended: {job.get_status_display()} — {job.message!r}; rows written: {created}")
    expect("the job ended (not left running)", job.status in (JobStatus.DONE, JobStatus.FAILED))
    expect(
        "never done with rows missing; failed means nothing written",
        (job.status == JobStatus.DONE and created == rows)
        or (job.status == JobStatus.FAILED and created == 0),
        f"{job.status}, {created} of {rows}",
    )
    expect("a failed job says why", job.status != JobStatus.FAILED or bool(job.message))
    worker_alive = processes[1].poll() is None
    say(f"   db_worker still running after the restart: {'yes' if worker_alive else 'no'}")
    if not worker_alive:
        start(
            [str(VENV_BIN / "python"), "manage.py", "db_worker", "--interval", "0.5"], "worker2.log"
        )
    again = wait_for_end(launch().pk)
    total = retry_db(lambda: imported.count()) - before
    say(f"   rerun: {again.get_status_display()} — {again.message!r}; rows now: {total}")
    expect(
        "the import can be rerun and completes", again.status == JobStatus.DONE and total == rows
    )
    recovered = Browser(BASE)
    expect("the web answers after the restart", recovered.login("demo_bureau"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=240)
    parser.add_argument("--kills", type=int, default=12)
    parser.add_argument("--restart-postgres", action="store_true")
    parser.add_argument("--import-rows", type=int, default=8000)
    parser.add_argument(
        "--dry-restart", action="store_true", help="fault 2 without restarting (checks the drill)"
    )
    options = parser.parse_args()
    say(f"fault drill {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC")
    try:
        setup()
        burst(options.requests, options.kills)
        if options.restart_postgres or options.dry_restart:
            restart_during_import(options.import_rows, dry=options.dry_restart)
        else:
            say("== fault 2 skipped (--restart-postgres restarts the machine's PostgreSQL)")
    finally:
        stop_all()
        reconnect()
        try:
            admin_sql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        except psycopg2.Error:
            pass
        shutil.rmtree(WORK, ignore_errors=True)
    say(f"fault drill: {len(failures)} failed" if failures else "fault drill: all expectations met")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

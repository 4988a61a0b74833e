"""The generic job: registry, progress, inline and background runs, its page, JSON and file."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from core import scoping
from core.enums import JobStatus
from core.job_handlers import JobFailed, handler_of, job_handler
from core.jobs import job_create, job_progress, job_run, job_start, run_job
from core.models import Job
from tests.conftest import CANARY

ECHO = "tests.echo"
BROKEN = "tests.broken"
REFUSING = "tests.refusing"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@job_handler(ECHO, offers_file=True)
def run_echo(job, progress):
    """Writes params["text"] to a file; records the statuses it saw."""
    progress(50, "写了一半")
    job.summary = {"seen_status": job.status, "percent_half": Job.objects.get(pk=job.pk).percent}
    job.file.save("echo.txt", ContentFile(job.params["text"].encode()), save=False)
    job.file_name = "回声.txt"


@job_handler(BROKEN, error_message="坏掉了，请联系管理员。")
def run_broken(job, progress):
    raise RuntimeError("boom")


@job_handler(REFUSING)
def run_refusing(job, progress):
    raise JobFailed("参数不对：缺少学校。")


def _echo(user, *, background=False, text="你好"):
    return job_create(
        kind=ECHO, title="回声任务", user=user, params={"text": text}, background=background
    )


# --- registry and runner ---------------------------------------------------------------------


def test_a_kind_has_one_handler():
    assert handler_of(ECHO).run is run_echo
    job_handler(ECHO, offers_file=True)(run_echo)  # registering the same function again is fine
    with pytest.raises(ValueError, match="already has a handler"):
        job_handler(ECHO)(run_broken)


@pytest.mark.django_db
def test_job_create_refuses_an_unknown_kind(world):
    with pytest.raises(ValueError, match="no job handler"):
        job_create(kind="tests.nothing", title="x", user=world.users["bureau_staff"])
    assert Job.objects.count() == 0


@pytest.mark.django_db
def test_inline_job_runs_its_handler_and_finishes(world):
    user = world.users["bureau_staff"]
    job = job_start(_echo(user))

    job.refresh_from_db()
    assert (job.status, job.percent, job.message, job.district, job.user) == (
        JobStatus.DONE,
        100,
        "已完成。",
        world.district,
        user,
    )
    assert job.summary == {"seen_status": "running", "percent_half": 50}
    assert job.finished_at is not None
    assert job.file.name.startswith("jobs/") and job.file.name.endswith(".txt")
    assert "回声" not in job.file.name  # stored under a generated name
    assert job.file.read() == "你好".encode()


@pytest.mark.django_db
def test_progress_writer_skips_a_repeated_percent(world, django_assert_num_queries):
    job = _echo(world.users["bureau_staff"])
    progress = job_progress(job)
    with django_assert_num_queries(1):
        progress(30, "第一步")
        progress(30, "还是第一步")
    job.refresh_from_db()
    assert (job.percent, job.message) == (30, "第一步")


@pytest.mark.django_db
def test_job_failed_shows_its_message(world):
    job = job_create(kind=REFUSING, title="拒绝", user=world.users["bureau_staff"])
    job = job_start(job)
    job.refresh_from_db()
    assert (job.status, job.percent, job.message) == (JobStatus.FAILED, 100, "参数不对：缺少学校。")


@pytest.mark.django_db
def test_unexpected_error_ends_failed_with_the_handlers_message(world):
    job = job_create(kind=BROKEN, title="坏", user=world.users["bureau_staff"])
    job_run(job)
    job.refresh_from_db()
    assert (job.status, job.message) == (JobStatus.FAILED, "坏掉了，请联系管理员。")


@pytest.mark.django_db
def test_background_job_runs_in_the_immediate_backend(world, settings):
    settings.TASKS = IMMEDIATE
    job = job_start(_echo(world.users["bureau_staff"], background=True))
    assert (job.status, job.background) == (JobStatus.DONE, True)


@pytest.mark.django_db
def test_background_job_waits_queued_until_the_worker_runs_it(world, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE
    job = job_start(_echo(world.users["bureau_staff"], background=True))
    assert (job.status, job.percent, job.message) == (JobStatus.QUEUED, 0, "排队等待处理……")
    assert DBTaskResult.objects.count() == 1

    run_job.call(job.pk)  # what `manage.py db_worker` does

    job.refresh_from_db()
    assert (job.status, job.summary["seen_status"], job.message) == (
        JobStatus.DONE,
        "running",
        "已完成。",
    )


# --- visibility ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_jobs_are_seen_by_their_districts_bureau_and_their_own_user(world):
    staff_job = _echo(world.users["bureau_staff"])
    leader_job = _echo(world.users["school_leader"])
    other_job = _echo(world.users["other_staff"])

    def seen(actor):
        return set(scoping.visible(world.users[actor], Job).values_list("pk", flat=True))

    assert seen("bureau_admin") == {staff_job.pk, leader_job.pk}
    assert seen("bureau_staff") == {staff_job.pk, leader_job.pk}
    assert seen("community_leader") == set()
    assert seen("school_leader") == {leader_job.pk}
    assert seen("other_staff") == {other_job.pk}


# --- pages -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_status_json_is_exact(bureau_client, world):
    job = job_start(_echo(world.users["bureau_staff"]))
    response = bureau_client.get(reverse("core:job_status", args=[job.pk]))
    assert response.json() == {
        "status": "done",
        "status_label": "已完成",
        "percent": 100,
        "message": "已完成。",
        "running": False,
        "url": reverse("core:job_detail", args=[job.pk]),
    }


@pytest.mark.django_db
def test_queued_job_page_polls_its_status(bureau_client, world, settings):
    settings.TASKS = DATABASE
    job = job_start(_echo(world.users["bureau_staff"], background=True))
    body = bureau_client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    status_url = reverse("core:job_status", args=[job.pk])
    assert f'class="panel job-progress" data-status-url="{status_url}"' in body
    assert "/static/js/job_progress.js" in body
    assert "<script>" not in body  # no inline script (strict CSP)
    assert bureau_client.get(status_url).json()["running"] is True


@pytest.mark.django_db
def test_done_job_page_offers_its_file(bureau_client, world):
    job = job_start(_echo(world.users["bureau_staff"]))
    page = bureau_client.get(reverse("core:job_detail", args=[job.pk]))
    file_url = reverse("core:job_file", args=[job.pk])
    assert page.context["file_url"] == file_url
    assert f'href="{file_url}">下载 回声.txt</a>' in page.content.decode()

    response = bureau_client.get(file_url)
    assert b"".join(response.streaming_content) == "你好".encode()
    assert (
        response["Content-Disposition"],
        response["X-Content-Type-Options"],
        response["Cache-Control"],
    ) == ("attachment; filename*=utf-8''%E5%9B%9E%E5%A3%B0.txt", "nosniff", "private, no-cache")


@pytest.mark.django_db
def test_a_purged_file_is_no_longer_offered(bureau_client, world):
    job = job_start(_echo(world.users["bureau_staff"]))
    job.file.delete(save=True)
    page = bureau_client.get(reverse("core:job_detail", args=[job.pk]))
    assert page.context["file_url"] is None
    assert "文件已过期清理，请重新生成。" in page.content.decode()
    assert bureau_client.get(reverse("core:job_file", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_failed_job_offers_no_file(bureau_client, world):
    job = job_start(job_create(kind=REFUSING, title="拒绝", user=world.users["bureau_staff"]))
    assert bureau_client.get(reverse("core:job_file", args=[job.pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["core:job_detail", "core:job_status", "core:job_file"])
def test_other_districts_job_is_404(client, world, name):
    job = job_start(_echo(world.users["other_staff"], text=CANARY))
    client.force_login(world.users["bureau_staff"])
    response = client.get(reverse(name, args=[job.pk]))
    assert response.status_code == 404
    assert CANARY not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["core:job_detail", "core:job_status", "core:job_file"])
def test_a_leader_cannot_open_a_bureau_job_but_opens_its_own(client, world, name):
    bureau_job = job_start(_echo(world.users["bureau_staff"]))
    own_job = job_start(_echo(world.users["school_leader"]))
    client.force_login(world.users["school_leader"])
    assert client.get(reverse(name, args=[bureau_job.pk])).status_code == 404
    assert client.get(reverse(name, args=[own_job.pk])).status_code == 200


@pytest.mark.django_db
def test_purge_job_files_removes_old_results_and_keeps_the_job(bureau_client, world):
    import datetime
    import io

    from django.core.files.storage import default_storage
    from django.core.management import call_command
    from django.utils import timezone

    old = job_start(_echo(world.users["bureau_staff"]))
    recent = job_start(_echo(world.users["bureau_staff"]))
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=91))
    path = old.file.name
    out = io.StringIO()

    call_command("purge_job_files", "--days", "90", stdout=out)

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (bool(old.file), old.status, bool(recent.file)) == (False, JobStatus.DONE, True)
    assert not default_storage.exists(path)
    assert out.getvalue() == "已清理 1 个任务的文件（90 天以前）。\n"
    page = bureau_client.get(reverse("core:job_detail", args=[old.pk]))
    assert "文件已过期清理，请重新生成。" in page.content.decode()


@pytest.mark.django_db
def test_in_production_nginx_sends_the_job_file(bureau_client, world, settings):
    settings.JGT_FILES_X_ACCEL_PREFIX = "/protected-media/"
    job = job_start(_echo(world.users["bureau_staff"]))

    response = bureau_client.get(reverse("core:job_file", args=[job.pk]))

    assert (response.status_code, response["X-Accel-Redirect"], response.content) == (
        200,
        f"/protected-media/{job.file.name}",
        b"",
    )
    assert response["Content-Type"] == "text/plain"


@pytest.mark.django_db(transaction=True)
def test_a_job_waits_for_the_database_to_store_how_it_ended(world, monkeypatch):
    """PostgreSQL restarting while a job ends: the end state is stored once it is back."""
    from django.db import OperationalError

    from core import jobs as core_jobs
    from core.enums import JobStatus
    from core.job_handlers import job_handler
    from core.models import Job

    @job_handler("tests.flaky_end")
    def run(job, progress):
        raise OperationalError("server closed the connection unexpectedly")

    job = Job.objects.create(
        kind="tests.flaky_end", title="t", user=world.users["bureau_staff"], status="running"
    )
    real_save = Job.save
    calls = {"n": 0}

    def flaky_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] <= 2:
            raise OperationalError("the database system is starting up")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Job, "save", flaky_save)
    monkeypatch.setattr(core_jobs.time, "sleep", lambda s: None)

    core_jobs.job_run(job)

    job.refresh_from_db()
    assert calls["n"] == 3
    assert job.status == JobStatus.FAILED
    assert job.message == "处理时发生意外错误，请联系管理员。"

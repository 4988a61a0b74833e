"""The import pages: upload → preview (nothing written) → confirm (written); access and scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communities.models import Community, Membership
from core.enums import JobStatus
from core.models import Job
from schools.models import School
from spreadsheets.jobs import IMPORT

from ..conftest import CANARY
from .importfiles import ISSUE_MEMBERS, ROSTER_HEADER, xlsx

ROSTER = xlsx(
    [ROSTER_HEADER, [1, "城南教共体", "城南镇第一中学", ISSUE_MEMBERS, "小学"]],
    title="附件：示范县教共体名单",
    blank_rows=1,
)


def upload(client, kind="roster", data=ROSTER, name="名单.xlsx"):
    return client.post(
        reverse("spreadsheets:import_upload", args=[kind]),
        {f"{kind}-file": SimpleUploadedFile(name, data)},
    )


def snapshot():
    return School.objects.count(), Community.objects.count(), Membership.objects.count()


def test_import_list_shows_every_kind_and_template_links(bureau_client):
    kinds = (
        "schools",
        "teachers",
        "roster",
        "exchanges",
        "schedule",
        "remote_sessions",
        "assessment_scores",
    )
    response = bureau_client.get(reverse("spreadsheets:import_list"))
    assert response.status_code == 200
    assert [k["kind"] for k in response.context["kinds"]] == list(kinds)
    assert [k["template_url"] for k in response.context["kinds"]] == [
        reverse("spreadsheets:template", args=[k]) for k in kinds
    ]
    assert CANARY not in response.content.decode()


def test_upload_preview_then_confirm(bureau_client, world):
    before = snapshot()
    response = upload(bureau_client)
    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("spreadsheets:import_job", args=[job.pk])
    assert (job.status, job.kind, job.params, job.district, job.user) == (
        JobStatus.PREVIEWED,
        IMPORT,
        {"kind": "roster"},
        world.district,
        world.users["bureau_staff"],
    )
    assert snapshot() == before  # preview wrote nothing

    page = bureau_client.get(response.url)
    assert page.status_code == 200
    assert page.context["can_confirm"] is True
    preview = page.context["preview"]
    assert (
        preview["created"],
        preview["updated"],
        preview["unchanged"],
        preview["error_count"],
    ) == (1, 0, 0, 0)
    assert "新建学校：城南镇第一中学、城南镇中心小学" in page.content.decode()

    response = bureau_client.post(reverse("spreadsheets:import_confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.summary["result"]["written"] is True
    assert Membership.objects.current().filter(community__name="城南教共体").count() == 4
    assert School.objects.get(name="城南镇河口教学点").parent.name == "城南镇中心小学"

    # confirming twice does nothing more
    after = snapshot()
    bureau_client.post(reverse("spreadsheets:import_confirm", args=[job.pk]))
    assert snapshot() == after


def test_preview_with_problems_cannot_be_confirmed(bureau_client, world):
    data = xlsx([ROSTER_HEADER, [1, "甲", "甲小学", "乙小学、甲小学", "小学"]])
    upload(bureau_client, data=data)
    job = Job.objects.get()
    page = bureau_client.get(job.get_absolute_url())
    assert page.context["can_confirm"] is False
    assert page.context["preview"]["problems"] == [
        {
            "row": 2,
            "column": "成员校",
            "message": "「甲小学」是本教共体的核心校，不能同时列为成员校。",
        }
    ]
    assert '<dd class="job-status">检查未通过</dd>' in page.content.decode()
    before = snapshot()
    bureau_client.post(reverse("spreadsheets:import_confirm", args=[job.pk]))
    assert snapshot() == before
    job.refresh_from_db()
    assert job.status == JobStatus.PREVIEWED


def test_broken_file_shows_chinese_message(bureau_client):
    upload(bureau_client, data=b"not a zip at all" * 10, name="名单.xlsx")
    job = Job.objects.get()
    page = bureau_client.get(job.get_absolute_url())
    assert page.context["preview"]["problems"] == [
        {
            "row": None,
            "column": "文件",
            "message": "文件扩展名是 .xlsx，但内容是纯文本而不是 Excel 工作簿，请用 Excel 或 WPS 另存为 .xlsx 后重新上传。",
        }
    ]


def test_upload_form_rejects_wrong_extension(bureau_client):
    response = upload(bureau_client, name="名单.pdf")
    assert response.status_code == 400
    form = response.context["kinds"][2]["form"]
    assert form.errors == {"file": ["只能导入 .xlsx、.xls、.csv 或 .txt 文件。"]}
    assert Job.objects.count() == 0


def test_unknown_kind_is_404(bureau_client):
    assert upload(bureau_client, kind="exams").status_code == 404


@pytest.mark.parametrize("who", ["community_leader", "school_leader"])
def test_non_bureau_users_get_403(client, world, who):
    client.force_login(world.users[who])
    assert client.get(reverse("spreadsheets:import_list")).status_code == 403
    assert upload(client).status_code == 403
    assert Job.objects.count() == 0


def test_other_district_job_is_404(client, world):
    client.force_login(world.users["other_staff"])
    upload(client)
    job = Job.objects.get()
    assert job.district == world.other_school.district
    client.force_login(world.users["bureau_staff"])
    for name in ("import_job", "import_job_status"):
        assert client.get(reverse(f"spreadsheets:{name}", args=[job.pk])).status_code == 404
    assert client.post(reverse("spreadsheets:import_confirm", args=[job.pk])).status_code == 404
    listing = client.get(reverse("spreadsheets:import_list"))
    assert list(listing.context["jobs"]) == []


def test_anonymous_redirected_to_login(client, world):
    response = client.get(reverse("spreadsheets:import_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_large_file_runs_as_background_job(bureau_client, world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.JGT_IMPORT_BACKGROUND_ROWS = 1
    rows = [
        ROSTER_HEADER,
        [1, "城南教共体", "城南镇第一中学", ISSUE_MEMBERS, "小学"],
        [2, "江南教共体", "江南中学", "江南小学", "初中"],
    ]
    upload(bureau_client, data=xlsx(rows))
    job = Job.objects.get()
    assert job.background is True
    assert job.status == JobStatus.PREVIEWED
    status = bureau_client.get(reverse("spreadsheets:import_job_status", args=[job.pk])).json()
    assert status == {
        "status": "previewed",
        "status_label": "待确认",
        "percent": 100,
        "message": "检查完成，请核对后确认导入。",
        "running": False,
        "url": job.get_absolute_url(),
    }
    bureau_client.post(reverse("spreadsheets:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert Community.objects.filter(name__in=["城南教共体", "江南教共体"]).count() == 2


def test_background_job_queued_on_database_backend_shows_progress_page(
    bureau_client, world, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JGT_IMPORT_BACKGROUND_ROWS = 1
    rows = [
        ROSTER_HEADER,
        [1, "城南教共体", "城南镇第一中学", ISSUE_MEMBERS, "小学"],
        [2, "江南教共体", "江南中学", "江南小学", "初中"],
    ]
    upload(bureau_client, data=xlsx(rows))
    job = Job.objects.get()
    assert job.status == JobStatus.PREVIEWING
    page = bureau_client.get(job.get_absolute_url())
    body = page.content.decode()
    status_url = reverse("spreadsheets:import_job_status", args=[job.pk])
    assert f'data-status-url="{status_url}"' in body
    assert "js/job_progress.js" in body
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.count() == 1
    from core.jobs import run_job

    run_job.call(job.pk)  # what the worker does
    job.refresh_from_db()
    assert (job.status, job.percent) == (JobStatus.PREVIEWED, 100)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 60])
def test_import_list_query_count_does_not_grow_with_jobs(
    bureau_client, world, django_assert_num_queries, count
):
    Job.objects.bulk_create(
        Job(
            kind=IMPORT,
            title="学校名单导入",
            params={"kind": "schools"},
            district=world.district,
            user=world.users["bureau_admin" if n % 2 else "bureau_staff"],
            status=JobStatus.PREVIEWED,
            summary={"preview": {"error_count": n % 3}},
            file_name=f"学校{n}.xlsx",
        )
        for n in range(count)
    )
    Job.objects.create(  # another kind of job is not an import: not listed
        kind="spreadsheets.export", title="教师名单导出", district=world.district
    )

    # session, user, the user's district (page header), the jobs with their users
    with django_assert_num_queries(4):
        response = bureau_client.get(reverse("spreadsheets:import_list"))

    jobs = list(response.context["jobs"])
    assert len(jobs) == min(count, 20)
    assert {job.kind for job in jobs} == {IMPORT}
    assert sorted({job.status_label for job in jobs}) == ["待确认", "检查未通过"]


def test_a_task_queued_under_the_old_name_still_runs(bureau_client, world, settings):
    """Tasks queued as spreadsheets.jobs.run_import_job before the upgrade still finish."""
    from spreadsheets.jobs import run_import_job

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JGT_IMPORT_BACKGROUND_ROWS = 0
    upload(bureau_client)
    job = Job.objects.get()
    assert job.status == JobStatus.PREVIEWING

    run_import_job.call(job.pk, "preview")

    job.refresh_from_db()
    assert (job.status, job.message) == (JobStatus.PREVIEWED, "检查完成，请核对后确认导入。")

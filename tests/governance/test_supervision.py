"""The supervision list (督办清单): tasks, reports from responsible units, overdue and missing
reports, the printable .xlsx, and the leaders' to-do items."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.todos import todos_for
from governance import selectors, services
from governance.models import SupervisionTask

TODAY = datetime.date.today()


def task(world, deadline, **units):
    return services.supervision_task_create(
        actor=world.users["bureau_staff"],
        description="推进教师交流轮岗",
        lead_department="人事股",
        supervisor="王副局长",
        deadline=deadline,
        **units,
    )


@pytest.mark.django_db
def test_overdue_and_missing_units(world):
    late = task(
        world,
        TODAY - datetime.timedelta(days=1),
        schools=[world.member_school],
        communities=[world.community],
    )
    today = task(world, TODAY, schools=[world.member_school])
    services.progress_report_add(
        actor=world.users["school_leader"],
        task=late,
        text="已完成方案",
        upload=SimpleUploadedFile("进展.pdf", b"%PDF-1.4 x"),
    )
    rows = {r.task.pk: r for r in selectors.supervision_rows(SupervisionTask.objects.all(), TODAY)}
    assert (rows[late.pk].overdue, rows[late.pk].missing) == (True, ["城关教共体"])
    assert (rows[today.pk].overdue, rows[today.pk].missing) == (False, ["河口小学"])


@pytest.mark.django_db
def test_only_responsible_units_report(world):
    item = task(world, TODAY, communities=[world.community])
    with pytest.raises(PermissionDenied):
        services.progress_report_add(actor=world.users["school_leader"], task=item, text="x")
    with pytest.raises(PermissionDenied):
        services.progress_report_add(actor=world.users["bureau_staff"], task=item, text="x")
    report = services.progress_report_add(
        actor=world.users["community_leader"], task=item, text="推进中"
    )
    assert report.community == world.community


@pytest.mark.django_db
def test_task_needs_a_unit_of_the_district(world):
    with pytest.raises(ValidationError):
        task(world, TODAY)
    with pytest.raises(ValidationError):
        task(world, TODAY, schools=[world.other_school])


@pytest.mark.django_db
def test_leaders_see_their_own_tasks_as_todos(world):
    item = task(world, TODAY, schools=[world.member_school], communities=[world.community])
    task(world, TODAY, schools=[world.core_school])  # not the school leader's
    labels = {t.label: t.count for t in todos_for(world.users["school_leader"])}
    assert labels["待报送进展的督办任务"] == 1
    services.progress_report_add(actor=world.users["school_leader"], task=item, text="已推进")
    labels = {t.label: t.count for t in todos_for(world.users["school_leader"])}
    assert "待报送进展的督办任务" not in labels
    leader = {t.label: t.count for t in todos_for(world.users["community_leader"])}
    assert leader["待报送进展的督办任务"] == 1


@pytest.mark.django_db
def test_school_leader_sees_only_its_tasks(client, world):
    mine = task(world, TODAY, schools=[world.member_school])
    other = task(world, TODAY, schools=[world.core_school])
    client.force_login(world.users["school_leader"])
    assert client.get(reverse("governance:task_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("governance:task_detail", args=[other.pk])).status_code == 404


@pytest.mark.django_db
def test_export_in_the_printed_layout(client, world):
    task(world, TODAY - datetime.timedelta(days=3), schools=[world.member_school])
    client.force_login(world.users["bureau_staff"])
    response = client.get(reverse("governance:task_export"))
    sheet = load_workbook(io.BytesIO(response.content))["督办清单"]
    assert "督办清单" in sheet["A1"].value
    assert [c.value for c in sheet[2]][:6] == [
        "序号",
        "工作任务",
        "牵头部门",
        "责任单位",
        "督办领导",
        "完成时限",
    ]
    row = [c.value for c in sheet[3]]
    assert row[3] == "河口小学" and row[7] == "河口小学" and row[6].startswith("逾期")
    assert sheet["B3"].font.color.rgb.endswith("C0392B")
    assert sheet.page_setup.orientation == "landscape"

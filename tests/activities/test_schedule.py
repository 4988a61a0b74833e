"""The work schedule: plan against actual with overdue flags; Excel import (row/column named
on errors, idempotent) and export."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from activities.models import PlanItem
from activities.selectors import schedule
from spreadsheets import registry
from spreadsheets.reader import read_sheet
from spreadsheets.report import Report
from tests.factories import WorkGroupFactory

from .conftest import make_activity


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2025—2026学年教共体工作安排"])
    sheet.append(["教共体", "学年", "月份", "工作内容", "责任小组", "备注"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_plan_against_actual(world):
    october = PlanItem.objects.create(
        community=world.community, school_year=2025, month=10, content="同课异构"
    )
    november = PlanItem.objects.create(
        community=world.community, school_year=2025, month=11, content="班主任论坛"
    )
    march = PlanItem.objects.create(
        community=world.community, school_year=2025, month=3, content="送教下乡"
    )
    make_activity(world, on=datetime.date(2025, 10, 16), plan_item=october)
    rows = schedule(community=world.community, school_year=2025, today=datetime.date(2025, 12, 1))
    assert [r["item"] for r in rows] == [october, november, march]  # school-year order
    assert [r["overdue"] for r in rows] == [False, True, False]
    assert rows[0]["held"] == 1


def _run(world, content: bytes, write: bool) -> Report:
    importer = registry.importer("schedule")
    sheet = read_sheet(content, "安排.xlsx", importer.columns.reader_columns())
    report = Report(kind="schedule")
    importer.run(
        sheet,
        report=report,
        district=world.district,
        actor=world.users["bureau_staff"],
        progress=lambda *a: None,
        write=write,
    )
    return report


def test_import_creates_then_changes_nothing(world):
    WorkGroupFactory(community=world.community, name="教学联络组")
    content = _xlsx(
        [
            ["城关教共体", "2025-2026", "9月", "召开联席会", "", ""],
            ["城关教共体", "2025—2026", "十月", "同课异构", "教学联络组", "数学"],
        ]
    )
    report = _run(world, content, write=True)
    assert report.ok, report.to_dict()
    items = list(
        PlanItem.objects.order_by("month").values_list("month", "content", "group__name", "note")
    )
    assert items == [(9, "召开联席会", None, ""), (10, "同课异构", "教学联络组", "数学")]
    again = _run(world, content, write=True)
    assert again.ok and PlanItem.objects.count() == 2
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_import_names_row_and_column(world):
    content = _xlsx(
        [
            ["外县教共体", "2025-2026", "9", "联席会", "", ""],
            ["城关教共体", "2025-2026", "13", "联席会", "", ""],
            ["城关教共体", "2025-2026", "9", "联席会", "不存在小组", ""],
        ]
    )
    report = _run(world, content, write=True)
    assert not report.ok
    text = str(report.to_dict())
    assert "外县教共体" in text and "1–12" in text and "不存在小组" in text
    assert PlanItem.objects.count() == 0


@pytest.mark.parametrize("role", ["bureau_staff", "community_leader"])
def test_export(client, world, role):
    PlanItem.objects.create(
        community=world.community, school_year=2025, month=10, content="同课异构"
    )
    PlanItem.objects.create(
        community=world.other_community, school_year=2025, month=10, content="外县"
    )
    client.force_login(world.users[role])
    url = reverse("spreadsheets:export", args=["schedule"])
    response = client.get(
        url, {"format": "xlsx", "community": world.community.pk, "school_year": "2025-2026"}
    )
    content = b"".join(response.streaming_content) if response.streaming else response.content
    cells = [
        c
        for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
        for c in row
    ]
    assert "同课异构" in cells and "外县" not in cells and "2025-2026" in cells

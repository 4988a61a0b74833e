"""The exchange plan import: teacher found by name and home school, row/column messages, all or
nothing, the same file twice changes nothing; in the browser (preview → confirm) and as
``import_exchanges``."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.enums import JobStatus
from core.models import Job
from exchanges.enums import Direction, ExchangeKind, ExchangeStatus
from exchanges.models import Exchange
from spreadsheets.importers import import_apply, import_preview
from tests.factories import TeacherFactory
from tests.spreadsheets.importfiles import xlsx

pytestmark = pytest.mark.django_db

HEADER = [
    "序号",
    "姓名",
    "派出学校",
    "接收学校",
    "交流方式",
    "开始学年",
    "开始学期",
    "结束学年",
    "结束学期",
    "目标任务",
    "交通补贴",
]


def plan(*rows) -> bytes:
    return xlsx([HEADER, *rows], title="2025-2026学年教师交流计划")


def row(n, name, home, hosts, kind="交流轮岗", start="2025-2026", end="2025-2026", **kw):
    return [
        n,
        name,
        home,
        hosts,
        kind,
        start,
        kw.get("start_semester", "秋季"),
        end,
        kw.get("end_semester", "春季"),
        kw.get("tasks", "上好示范课"),
        kw.get("money", 200),
    ]


def problems(report):
    return [(p.row, p.column, p.message) for p in report.problems]


def test_a_plan_imports_as_drafts_and_twice_changes_nothing(world):
    walker = TeacherFactory(school=world.core_school, name="周走教")
    data = plan(
        row(1, "王骨干", "城关第一小学", "河口小学"),
        row(2, "李老师", "河口小学", "城关第一小学", kind="跟岗"),
        row(3, "周走教", "3510000001", "河口小学、孤岛小学", kind="走教", end="2026-2027"),
    )
    report = import_apply(
        kind="exchanges", data=data, filename="计划.xlsx", district=world.district
    )
    assert problems(report) == []
    assert (report.created, report.unchanged) == (3, 0)
    rows = {e.teacher.name: e for e in Exchange.objects.all()}
    assert {name: (e.status, e.direction) for name, e in rows.items()} == {
        "王骨干": (ExchangeStatus.DRAFT, Direction.CORE_TO_MEMBER),
        "李老师": (ExchangeStatus.DRAFT, Direction.MEMBER_TO_CORE),
        "周走教": (ExchangeStatus.DRAFT, Direction.MIXED),
    }
    assert rows["李老师"].kind == ExchangeKind.SHADOW
    assert rows["周走教"].semesters == 4
    assert [h.school.name for h in rows["周走教"].host_links.all()] == ["河口小学", "孤岛小学"]
    assert walker.school_id == world.core_school.pk

    again = import_apply(kind="exchanges", data=data, filename="计划.xlsx", district=world.district)
    assert (again.created, again.unchanged, problems(again)) == (0, 3, [])
    assert Exchange.objects.count() == 3


def test_every_bad_row_is_named_and_nothing_is_written(world):
    data = plan(
        row(1, "王骨干", "城关第一小学", "河口小学"),
        row(2, "无此人", "河口小学", "城关第一小学"),
        row(3, "李老师", "河口小学", "城关第一小学、孤岛小学"),
        row(4, "赵老师", "孤岛小学", "不存在小学"),
        row(5, "王骨干", "城关第一小学", "孤岛小学", start="2025-2026", start_semester="春季"),
        row(6, "赵老师", "孤岛小学", "河口小学", start="2025", end="2024-2025"),
        row(7, "李老师", "河口小学", "城关第一小学", start="25-26"),
    )
    report = import_apply(
        kind="exchanges", data=data, filename="计划.xlsx", district=world.district
    )
    assert problems(report) == [
        (4, "姓名", "「河口小学」没有名为「无此人」的教师，请先导入教师名单。"),
        (5, "接收学校", "只有走教可以填写多个接收学校。"),
        (6, "接收学校", "学校「不存在小学」在本教育局不存在。"),
        (7, "开始学期", "与第 3 行是同一教师，交流时间重叠。"),
        (8, "结束学期", "结束学期不能早于开始学期。"),
        (9, "开始学年", "学年「25-26」格式不对，应写作 2025-2026。"),
    ]
    assert Exchange.objects.count() == 0


def test_a_row_overlapping_an_exchange_in_the_system_is_refused(world):
    import_apply(
        kind="exchanges",
        data=plan(row(1, "王骨干", "城关第一小学", "河口小学")),
        filename="a.xlsx",
        district=world.district,
    )
    report = import_preview(
        kind="exchanges",
        data=plan(row(1, "王骨干", "城关第一小学", "孤岛小学", end="2026-2027")),
        filename="b.xlsx",
        district=world.district,
    )
    assert problems(report) == [
        (
            3,
            "开始学期",
            "王骨干在2025-2026学年秋季学期至2025-2026学年春季学期已有交流安排（草稿），时间不能重叠。",
        )
    ]


def test_command_dry_run_then_import(world, tmp_path, capsys):
    path = tmp_path / "计划.xlsx"
    path.write_bytes(plan(row(1, "王骨干", "城关第一小学", "河口小学")))
    call_command("import_exchanges", str(path), "--district", "999999", "--dry-run")
    assert Exchange.objects.count() == 0
    call_command("import_exchanges", str(path), "--district", "999999")
    assert Exchange.objects.get().teacher == world.core_teacher
    out = capsys.readouterr().out
    assert "新建 1" in out and "导入完成" in out

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(plan(row(1, "无此人", "城关第一小学", "河口小学")))
    with pytest.raises(CommandError, match="有 1 个错误"):
        call_command("import_exchanges", str(bad), "--district", "999999")
    assert "第 3 行「姓名」：「城关第一小学」没有名为「无此人」的教师" in capsys.readouterr().err


def test_browser_upload_previews_then_confirms(bureau_client, world):
    data = plan(row(1, "王骨干", "城关第一小学", "河口小学"))
    response = bureau_client.post(
        reverse("spreadsheets:import_upload", args=["exchanges"]),
        {"exchanges-file": SimpleUploadedFile("计划.xlsx", data)},
    )
    job = Job.objects.get()
    assert response.status_code == 302 and job.status == JobStatus.PREVIEWED
    assert Exchange.objects.count() == 0
    page = bureau_client.get(response.url).content.decode()
    assert "城关第一小学 · 王骨干" in page
    bureau_client.post(reverse("spreadsheets:import_confirm", args=[job.pk]))
    assert Exchange.objects.get().status == ExchangeStatus.DRAFT


def test_template_and_export_share_the_declared_columns(bureau_client, world):
    template = bureau_client.get(reverse("spreadsheets:template", args=["exchanges"]))
    assert template.status_code == 200
    import_apply(
        kind="exchanges",
        data=plan(row(1, "王骨干", "城关第一小学", "河口小学")),
        filename="a.xlsx",
        district=world.district,
    )
    export = bureau_client.get(reverse("spreadsheets:export", args=["exchanges"]) + "?format=csv")
    text = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert text[0].startswith(
        "姓名,性别,学科,职称,骨干级别,派出学校,接收学校,交流方式,开始学年,开始学期"
    )
    assert text[1].startswith(
        "王骨干,女,语文,未定级,无,城关第一小学,河口小学,交流轮岗,2025-2026,秋季学期"
    )

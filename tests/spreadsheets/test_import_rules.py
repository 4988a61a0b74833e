"""Importer rules of issue 6: unrecognised columns are named, --district-name on every import
command, no silent wrong dates or years, the same teacher twice in one file, one identity rule
per entity (the importer, the admin's Resource and the model agree)."""

import datetime
from io import StringIO

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from communities import services as community_services
from communities.models import Community
from core.models import Job
from schools.models import District, School, Teacher
from schools.sheets.resources import TeacherResource
from spreadsheets.importers import import_apply, import_preview

from .importfiles import ROSTER_HEADER, xlsx
from .test_import_views import upload

TEACHER_HEADER = ["学校", "姓名", "性别", "最高学历", "出生年份", "到校日期", "工号"]


def preview(world, kind, data):
    return import_preview(kind=kind, data=data, filename="表.xlsx", district=world.district)


def problems(report):
    return [(p.row, p.column, p.message) for p in report.problems]


def teacher_file(*rows):
    return xlsx([TEACHER_HEADER, *[list(r) for r in rows]])


# --- unrecognised columns ----------------------------------------------------------------


SCHOOLS_WITH_EXTRA = xlsx(
    [["学校名称", "学段", "备注", "城乡类别", "籍贯"], ["新建小学", "小学", "x", "乡村", "y"]]
)
IGNORED = "未识别的列：备注、籍贯 已忽略"


def test_preview_names_unrecognised_columns(world):
    report = preview(world, "schools", SCHOOLS_WITH_EXTRA)
    assert report.ignored_columns == ["备注", "籍贯"]
    assert report.notes == [IGNORED]
    assert (report.ok, report.created) == (True, 1)


def test_job_report_and_page_name_unrecognised_columns(bureau_client, world):
    response = upload(bureau_client, "schools", SCHOOLS_WITH_EXTRA, "学校.xlsx")
    job = Job.objects.get()
    assert job.summary["preview"]["notes"] == [IGNORED]
    assert job.summary["preview"]["ignored_columns"] == ["备注", "籍贯"]
    page = bureau_client.get(response.url).content.decode()
    assert page.count(IGNORED) == 1
    bureau_client.post(reverse("spreadsheets:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.summary["result"]["notes"] == [IGNORED]


def test_command_output_names_unrecognised_columns(world, tmp_path):
    path = tmp_path / "学校.xlsx"
    path.write_bytes(SCHOOLS_WITH_EXTRA)
    out = StringIO()
    call_command("import_schools", str(path), "--district", world.district.code, stdout=out)
    assert IGNORED in out.getvalue().splitlines()


def test_a_file_with_only_known_columns_has_no_note(world):
    report = preview(
        world, "schools", xlsx([["学校名称", "学段", "城乡类别"], ["新小学", "小学", "乡村"]])
    )
    assert (report.notes, report.ignored_columns) == ([], [])


# --- --district-name ---------------------------------------------------------------------


def test_import_schools_creates_a_named_district(db, tmp_path):
    path = tmp_path / "学校.xlsx"
    path.write_bytes(xlsx([["学校名称", "学段", "城乡类别"], ["新县一小", "小学", "城区"]]))
    out = StringIO()
    call_command(
        "import_schools", str(path), "--district", "654321", "--district-name", "新县", stdout=out
    )
    district = District.objects.get(code="654321")
    assert district.name == "新县"
    assert list(School.objects.filter(district=district).values_list("name", flat=True)) == [
        "新县一小"
    ]
    assert "已新建教育局：新县（654321）" in out.getvalue().splitlines()


def test_import_teachers_takes_district_name_and_leaves_nothing_on_error(db, tmp_path):
    path = tmp_path / "教师.xlsx"
    path.write_bytes(teacher_file(["没有的学校", "张三", "男", "本科", "", "", ""]))
    with pytest.raises(CommandError) as exc:
        call_command(
            "import_teachers",
            str(path),
            "--district",
            "654322",
            "--district-name",
            "新县",
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert str(exc.value) == "有 1 个错误，未写入任何数据。"
    assert not District.objects.filter(code="654322").exists()


def test_import_teachers_unknown_district_names_the_option(db, tmp_path):
    path = tmp_path / "教师.xlsx"
    path.write_bytes(teacher_file(["某校", "张三", "男", "本科", "", "", ""]))
    with pytest.raises(CommandError) as exc:
        call_command("import_teachers", str(path), "--district", "654323")
    assert str(exc.value) == "教育局 654323 不存在（如需新建，请同时给出 --district-name）。"


# --- dates and years ---------------------------------------------------------------------


def test_year_dot_month_number_is_not_a_date(world):
    # Excel stores a typed 2015.10 as the number 2015.1.
    report = preview(
        world,
        "teachers",
        teacher_file([world.core_school.name, "新老师", "女", "本科", "", 2015.1, ""]),
    )
    assert problems(report) == [
        (
            2,
            "到校日期",
            "「2015.1」是数字而不是日期（Excel 会把 2015.10 存成 2015.1），"
            "请写成 2015-10-01 这样的日期，或把该列设为文本后重新填写。",
        )
    ]


def test_excel_date_serial_and_text_dates_are_read(world):
    report = import_apply(
        kind="teachers",
        data=teacher_file(
            [world.core_school.name, "甲老师", "女", "本科", "", 42248, "A1"],
            [world.core_school.name, "乙老师", "女", "本科", "", "2015.10", "A2"],
        ),
        filename="表.xlsx",
        district=world.district,
    )
    assert problems(report) == []
    joined = dict(
        Teacher.objects.filter(staff_number__in=["A1", "A2"]).values_list(
            "staff_number", "joined_school_on"
        )
    )
    assert joined == {"A1": datetime.date(2015, 9, 1), "A2": datetime.date(2015, 10, 1)}


def test_joined_date_outside_1950_to_today_is_refused(world):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    report = preview(
        world,
        "teachers",
        teacher_file(
            [world.core_school.name, "甲老师", "女", "本科", "", datetime.date(1949, 12, 31), "A1"],
            [world.core_school.name, "乙老师", "女", "本科", "", tomorrow, "A2"],
            [world.core_school.name, "丙老师", "女", "本科", "", datetime.date(1950, 1, 1), "A3"],
        ),
    )
    assert problems(report) == [
        (2, "到校日期", "到本校工作日期不能早于 1950 年。"),
        (3, "到校日期", f"日期 {tomorrow:%Y-%m-%d} 晚于今天。"),
    ]


def test_joined_date_rule_is_the_models(world):
    teacher = world.core_teacher
    teacher.joined_school_on = datetime.date(1949, 1, 1)
    with pytest.raises(ValidationError) as exc:
        teacher.full_clean()
    assert exc.value.message_dict == {"joined_school_on": ["到本校工作日期不能早于 1950 年。"]}


@pytest.mark.parametrize(
    ("year", "message"),
    [(1939, "出生年份不能早于 1940 年。"), (2011, "出生年份不能晚于 2010 年。")],
)
def test_birth_year_outside_the_models_range_is_refused(world, year, message):
    report = preview(
        world,
        "teachers",
        teacher_file([world.core_school.name, "新老师", "女", "本科", year, "", ""]),
    )
    assert problems(report) == [(2, "出生年份", message)]


# --- the same teacher twice in one file ------------------------------------------------


def test_same_teacher_with_and_without_staff_number_names_both_rows(world):
    school = world.core_school.name
    report = preview(
        world,
        "teachers",
        teacher_file(
            [school, "张 三", "男", "本科", "", "", "T9"],
            [school, "张三", "男", "本科", "", "", ""],
        ),
    )
    assert problems(report) == [
        (
            3,
            "姓名",
            "与第 2 行同名，一行有工号、一行没有，无法确定是否为同一位教师；"
            "请为两行都填写工号，或删除重复的一行。",
        )
    ]


def test_same_staff_number_with_contradicting_values_names_both_rows(world):
    school = world.core_school.name
    report = preview(
        world,
        "teachers",
        teacher_file(
            [school, "张三", "男", "本科", 1980, "", "T9"],
            [school, "张三", "男", "本科", 1981, "", "T9"],
        ),
    )
    assert problems(report) == [
        (3, "工号", "与第 2 行是同一位教师，但两行填写的内容不一致，请只保留正确的一行。")
    ]


def test_namesakes_with_different_staff_numbers_are_two_teachers(world):
    school = world.core_school.name
    report = preview(
        world,
        "teachers",
        teacher_file(
            [school, "张三", "男", "本科", "", "", "T8"],
            [school, "张三", "男", "本科", "", "", "T9"],
        ),
    )
    assert (problems(report), report.created) == ([], 2)


# --- identities ----------------------------------------------------------------------------


def test_teacher_identity_is_the_same_in_importer_and_admin_resource(world):
    world.core_teacher.name = "王　骨干"  # an ideographic space inside the name
    world.core_teacher.save()
    report = preview(
        world, "teachers", teacher_file([world.core_school.name, "王骨干", "", "", 1980, "", ""])
    )
    assert (problems(report), report.created, report.updated) == ([], 0, 1)

    data = tablib.Dataset(headers=["学校", "姓名", "出生年份", "工号"])
    data.append([world.core_school.name, "王骨干", 1980, ""])
    result = TeacherResource(district=world.district).import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert (result.totals["new"], result.totals["update"]) == (0, 1)
    world.core_teacher.refresh_from_db()
    assert world.core_teacher.birth_year == 1980
    assert Teacher.objects.filter(school=world.core_school).count() == 1


def test_community_names_are_unique_by_normalised_key(world):
    twin = Community(district=world.district, name="城关 教共体", stage=world.community.stage)
    with pytest.raises(ValidationError) as exc:
        community_services.community_create(
            community=twin, core_school=world.lone_school, start_on=datetime.date(2024, 9, 1)
        )
    assert exc.value.message_dict == {"name": ["本教育局已有同名教共体。"]}
    assert world.community.name_key == "城关教共体"


def test_roster_import_matches_a_community_by_the_same_key(world):
    data = xlsx([ROSTER_HEADER, [1, "城关　教共体", world.core_school.name, "河口小学", ""]])
    report = preview(world, "roster", data)
    assert problems(report) == []
    assert (report.created, report.updated + report.unchanged) == (0, 1)

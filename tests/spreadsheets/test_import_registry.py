"""Importing schools and teachers: create, update, unchanged, parents, matching rules."""

import datetime

from schools.enums import BackboneLevel, Education, Gender, Locale, Stage, Title
from schools.models import School, Teacher
from spreadsheets.importers import import_apply, import_preview

from .importfiles import csv_bytes, xls, xlsx

SCHOOL_HEADER = [
    "学校名称",
    "学校标识码",
    "学段",
    "城乡类别",
    "乡镇/街道",
    "上级学校",
    "独立法人",
    "校长",
    "联系电话",
    "在校学生数",
    "班级数",
]
TEACHER_HEADER = [
    "学校",
    "姓名",
    "性别",
    "出生年份",
    "任教学科",
    "最高学历",
    "职称",
    "骨干级别",
    "职务",
    "班主任",
    "到校日期",
    "工号",
]


def apply(world, kind, data, filename="表.xlsx"):
    report = import_apply(
        kind=kind,
        data=data,
        filename=filename,
        district=world.district,
        actor=world.users["bureau_staff"],
    )
    assert [(p.row, p.column, p.message) for p in report.problems] == []
    assert report.written is True
    return report


def test_schools_created_with_parents_and_choice_labels(world):
    rows = [
        SCHOOL_HEADER,
        ["新村教学点", "", "小学", "乡村", "新镇", "新镇中心小学", "否", "", "", "２４", 3],
        [
            "新镇中心小学",
            "３５１０００９９０１",
            "小学",
            "镇区",
            "新镇",
            "",
            "是",
            "张明",
            "0591-1234",
            860,
            18,
        ],
    ]
    report = apply(world, "schools", xlsx(rows, title="附件：学校名单"))
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    central = School.objects.get(name="新镇中心小学")
    point = School.objects.get(name="新村教学点")
    assert (central.code, central.stage, central.locale, central.students, central.classes) == (
        "3510009901",
        Stage.PRIMARY,
        Locale.TOWN,
        860,
        18,
    )
    assert (point.parent, point.is_legal_entity, point.students, point.locale) == (
        central,
        False,
        24,
        Locale.RURAL,
    )
    assert central.name_key == "新镇中心小学"
    assert [h.history_user for h in central.history.all()] == [world.users["bureau_staff"]]


def test_schools_second_import_unchanged_and_update_detected(world):
    rows = [
        SCHOOL_HEADER,
        ["新镇中心小学", "", "小学", "镇区", "新镇", "", "是", "", "", 100, 5],
        ["新村教学点", "", "小学", "乡村", "新镇", "新镇中心小学", "否", "", "", 20, 2],
    ]
    apply(world, "schools", xlsx(rows))
    report = apply(world, "schools", xlsx(rows))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    rows[1][9] = 120
    report = apply(world, "schools", xlsx(rows))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert report.changes[0].detail == "在校学生数"
    assert School.objects.get(name="新镇中心小学").students == 120


def test_existing_school_matched_by_code_and_reparented(world):
    rows = [
        ["学校名称", "学校标识码", "上级学校"],
        ["孤岛小学", "", "城关第一小学"],
        ["城关第一小学", "3510000001", ""],
    ]
    report = apply(world, "schools", xlsx(rows))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert School.objects.get(pk=world.lone_school.pk).parent == world.core_school


def test_schools_from_gb18030_csv(world):
    rows = [SCHOOL_HEADER, ["新镇中心小学", "", "九年一贯制", "镇区", "", "", "", "", "", "", ""]]
    apply(world, "schools", csv_bytes(rows, "gb18030"), "学校.csv")
    assert School.objects.get(name="新镇中心小学").stage == Stage.NINE_YEAR


def test_teachers_created_updated_and_matched(world):
    rows = [
        TEACHER_HEADER,
        [
            "城关第一小学",
            "张丽",
            "女",
            1986,
            "语文、道德与法治",
            "本科",
            "一级",
            "县级骨干",
            "教师",
            "是",
            datetime.date(2015, 9, 1),
            "T0001",
        ],
        [
            "3510000001",
            "王骨干",
            "男",
            "1979",
            "数学",
            "硕士研究生",
            "高级",
            "市级骨干",
            "中层",
            "否",
            "2010/9/1",
            "",
        ],
    ]
    report = apply(world, "teachers", xlsx(rows))
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    zhang = Teacher.objects.get(name="张丽")
    assert (
        zhang.school,
        zhang.gender,
        zhang.birth_year,
        zhang.subjects,
        zhang.education,
        zhang.title,
        zhang.backbone_level,
        zhang.is_head_teacher,
        zhang.joined_school_on,
        zhang.staff_number,
    ) == (
        world.core_school,
        Gender.FEMALE,
        1986,
        "语文、道德与法治",
        Education.BACHELOR,
        Title.FIRST,
        BackboneLevel.COUNTY,
        True,
        datetime.date(2015, 9, 1),
        "T0001",
    )
    wang = Teacher.objects.get(pk=world.core_teacher.pk)
    assert (wang.education, wang.backbone_level, wang.joined_school_on) == (
        Education.MASTER,
        BackboneLevel.CITY,
        datetime.date(2010, 9, 1),
    )
    assert [h.history_user for h in zhang.history.all()] == [world.users["bureau_staff"]]
    report = apply(world, "teachers", xlsx(rows))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)


def test_teacher_matched_by_staff_number_even_when_renamed(world):
    world.member_teacher.staff_number = "H-7"
    world.member_teacher.save()
    rows = [["学校", "姓名", "工号"], ["河口小学", "李老师（改名）", "H-7"]]
    report = apply(world, "teachers", xlsx(rows))
    assert (report.created, report.updated) == (0, 1)
    assert Teacher.objects.get(pk=world.member_teacher.pk).name == "李老师(改名)"


def test_teachers_from_xls(world):
    rows = [["学校", "姓名", "性别", "最高学历"], ["孤岛小学", "新老师", "女", "大专"]]
    apply(world, "teachers", xls(rows, title="教师名单"), "教师.xls")
    assert Teacher.objects.get(name="新老师").education == Education.JUNIOR_COLLEGE


def test_new_teacher_needs_gender_and_education(world):
    rows = [["学校", "姓名"], ["孤岛小学", "新老师"]]
    report = import_preview(
        kind="teachers", data=xlsx(rows), filename="t.xlsx", district=world.district
    )
    assert [(p.row, p.column) for p in report.problems] == [(2, "性别"), (2, "最高学历")]

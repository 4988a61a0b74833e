"""Students per part (小学部/初中部/高中部) and teachers' 任教学段: the model rule, the forms, the
imports (with synonyms) and their messages naming row and column."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from schools.enums import Stage, TeachingStage
from schools.models import School, Teacher, stage_students_errors, teacher_part
from spreadsheets.importers import import_apply, import_preview
from tests.factories import SchoolFactory
from tests.spreadsheets.importfiles import xlsx


def problems(report):
    return [(p.row, p.column, p.message) for p in report.problems]


def test_rule_for_students_per_part():
    parts = {"primary_students": 100, "junior_students": 200, "senior_students": 0}

    assert stage_students_errors(Stage.NINE_YEAR, 300, parts) == {}
    assert stage_students_errors(Stage.NINE_YEAR, 320, parts) == {
        "students": "小学部与初中部学生数之和（300）与在校学生数（320）不一致。"
    }
    assert stage_students_errors(Stage.PRIMARY, 300, parts) == {
        "primary_students": "只有九年一贯制、完全中学按学部填写学生数。",
        "junior_students": "只有九年一贯制、完全中学按学部填写学生数。",
    }
    assert stage_students_errors(Stage.COMPLETE_SECONDARY, 300, parts) == {
        "primary_students": "完全中学学校没有小学部。"
    }
    assert stage_students_errors(Stage.NINE_YEAR, 300, dict.fromkeys(parts, 0)) == {}


def test_teacher_part():
    assert teacher_part(Stage.PRIMARY, "") == TeachingStage.PRIMARY
    assert teacher_part(Stage.NINE_YEAR, TeachingStage.JUNIOR) == TeachingStage.JUNIOR
    assert teacher_part(Stage.NINE_YEAR, "") is None
    assert teacher_part(Stage.NINE_YEAR, TeachingStage.SENIOR) is None


@pytest.mark.django_db
def test_model_refuses_a_teaching_stage_the_school_lacks(world):
    teacher = Teacher(
        school=world.core_school,
        name="错学段",
        gender="female",
        education="bachelor",
        teaching_stage=TeachingStage.JUNIOR,
    )

    with pytest.raises(ValidationError) as error:
        teacher.full_clean()

    assert error.value.message_dict == {"teaching_stage": ["小学学校没有初中学段。"]}


SCHOOLS = [
    ["学校名称", "学段", "城乡类别", "在校生数", "小学部", "初中部在校生数"],
    ["新九年一贯制学校", "九年一贯制", "镇区", 500, 200, 300],
    ["坏九年一贯制学校", "九年一贯制", "镇区", 500, 200, 200],
]


@pytest.mark.django_db
def test_school_import_reads_parts_with_synonyms_and_checks_the_sum(world):
    report = import_preview(
        kind="schools", data=xlsx(SCHOOLS), filename="学校.xlsx", district=world.district
    )

    assert problems(report) == [
        (3, "在校学生数", "小学部与初中部学生数之和（400）与在校学生数（500）不一致。")
    ]
    applied = import_apply(
        kind="schools", data=xlsx(SCHOOLS[:2]), filename="学校.xlsx", district=world.district
    )
    assert applied.ok
    school = School.objects.get(name="新九年一贯制学校")
    assert (school.students, school.primary_students, school.junior_students) == (500, 200, 300)


@pytest.mark.django_db
def test_teacher_import_reads_the_teaching_stage(world):
    SchoolFactory(
        district=world.district,
        name="九年制学校",
        stage=Stage.NINE_YEAR,
        students=300,
        primary_students=100,
        junior_students=200,
    )
    rows = [
        ["学校", "姓名", "性别", "最高学历", "学部"],
        ["九年制学校", "初中老师", "女", "本科", "初中部"],
        ["城关第一小学", "错老师", "女", "本科", "初中"],
    ]

    report = import_preview(
        kind="teachers", data=xlsx(rows), filename="教师.xlsx", district=world.district
    )

    assert problems(report) == [(3, "任教学段", "小学学校没有初中学段。")]
    import_apply(
        kind="teachers", data=xlsx(rows[:2]), filename="教师.xlsx", district=world.district
    )
    assert Teacher.objects.get(name="初中老师").teaching_stage == TeachingStage.JUNIOR


@pytest.mark.django_db
def test_school_form_checks_the_parts_sum(bureau_client, world):
    response = bureau_client.post(
        reverse("schools:school_create"),
        {"name": "表单九年制", "stage": "nine_year", "locale": "town", "students": 90,
         "primary_students": 50, "junior_students": 30, "classes": 3},
    )  # fmt: skip

    assert response.status_code == 200
    assert response.context["form"].errors["students"] == [
        "小学部与初中部学生数之和（80）与在校学生数（90）不一致。"
    ]

"""Generated teachers for the benchmarks (``bench_imports``, ``bench_exports``).

A sheet row is made from the same column declaration as the template and the export
(``TEACHER_COLUMNS``), so the benchmark's file always has the columns the importer reads.
"""

from __future__ import annotations

import datetime

from ..enums import BackboneLevel, Education, Gender, StaffPosition, Title
from ..models import School, Teacher
from .columns import TEACHER_COLUMNS, TEACHER_SCHOOL

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
SUBJECTS = ("语文", "数学", "英语", "科学、信息技术", "体育", "音乐", "美术", "道德与法治")


def sample_teacher(school: School, n: int) -> Teacher:
    """The n-th generated teacher of a school (unsaved)."""
    return Teacher(
        school=school,
        name=SURNAMES[n % len(SURNAMES)]
        + GIVEN[(n // 7) % len(GIVEN)]
        + GIVEN[(n // 3) % len(GIVEN)],
        gender=Gender.FEMALE if n % 2 else Gender.MALE,
        birth_year=1965 + n % 40,
        subjects=SUBJECTS[n % len(SUBJECTS)],
        education=Education.BACHELOR if n % 3 else Education.MASTER,
        title=(Title.FIRST, Title.SECOND, Title.SENIOR)[n % 3],
        backbone_level=BackboneLevel.COUNTY if n % 10 == 0 else BackboneLevel.NONE,
        position=StaffPosition.TEACHER,
        is_head_teacher=bool(n % 4 == 0),
        joined_school_on=datetime.date(2000 + n % 25, 9, 1),
        staff_number=f"T{n:07d}",
    )


_IMPORTED = TEACHER_COLUMNS.imported


def teacher_header() -> list[str]:
    return [column.label for column in _IMPORTED]


def teacher_row(teacher: Teacher) -> list:
    """The teacher as a row of the import sheet, each cell in its column's form."""
    row = []
    for column in _IMPORTED:
        if column is TEACHER_SCHOOL:
            row.append(teacher.school.name)
        else:
            row.append(column.cell(getattr(teacher, column.field)))
    return row

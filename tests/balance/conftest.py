"""均衡县 (666666), built by hand for the balance figures; the arithmetic is in the tests."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from schools.enums import BackboneLevel, Education, Stage, TeachingStage
from tests.factories import DistrictFactory, SchoolFactory, TeacherFactory

JC, BA, SN = Education.JUNIOR_COLLEGE, Education.BACHELOR, Education.SECONDARY_NORMAL
COUNTY, CITY, SCHOOL = BackboneLevel.COUNTY, BackboneLevel.CITY, BackboneLevel.SCHOOL


def staff(school, specs, **common):
    """specs: (how many, education, subjects, backbone level)."""
    made = []
    for count, education, subjects, level in specs:
        for _ in range(count):
            made.append(
                TeacherFactory(
                    school=school,
                    education=education,
                    subjects=subjects,
                    backbone_level=level,
                    **common,
                )
            )
    return made


@pytest.fixture
def county(db):
    c = SimpleNamespace()
    c.district = DistrictFactory(name="均衡县", code="666666")

    def school(name, stage, students, **kw):
        return SchoolFactory(district=c.district, name=name, stage=stage, students=students, **kw)

    c.a = school("甲小学", Stage.PRIMARY, 200)
    c.b = school("乙小学", Stage.PRIMARY, 100)
    c.c = school(
        "丙九年一贯制学校",
        Stage.NINE_YEAR,
        300,
        primary_students=100,
        junior_students=200,
    )
    c.d = school("丁中学", Stage.JUNIOR, 100)
    c.point = school("乙小学教学点", Stage.PRIMARY, 30, parent=c.b)
    c.special = school("特殊教育学校", Stage.SPECIAL, 80)

    c.a_plain = staff(c.a, [(6, BA, "语文", "none")])
    c.a_backbone = staff(c.a, [(2, BA, "数学", COUNTY)])
    c.a_pe = staff(c.a, [(1, BA, "体育", "none")])[0]
    c.a_music = staff(c.a, [(1, BA, "音乐", "none")])[0]
    staff(c.b, [(2, JC, "语文", "none"), (1, JC, "音乐", "none"), (1, SN, "语文", "none")])
    staff(
        c.c,
        [(3, JC, "语文", "none"), (1, JC, "数学", COUNTY), (1, SN, "体育", "none")],
        teaching_stage=TeachingStage.PRIMARY,
    )
    staff(
        c.c,
        [(4, BA, "语文", "none"), (2, BA, "数学", COUNTY), (2, BA, "美术", "none")]
        + [(2, JC, "语文", SCHOOL)],
        teaching_stage=TeachingStage.JUNIOR,
    )
    c.c_unassigned = staff(c.c, [(1, BA, "体育", COUNTY)])[0]
    staff(c.d, [(5, BA, "语文", "none"), (1, BA, "数学", CITY)])
    staff(c.point, [(1, BA, "体育", COUNTY)])
    staff(c.special, [(3, BA, "体育", COUNTY)])
    return c

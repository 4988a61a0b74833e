"""The downloadable templates (export side) import cleanly through the import services."""

import io

import pytest

from schools.models import District, School, Teacher
from spreadsheets import registry
from spreadsheets.importers import import_apply
from spreadsheets.templates_xlsx import write_template


def template_bytes(kind, **kwargs):
    buf = io.BytesIO()
    write_template(registry.template(kind), buf, **kwargs)
    return buf.getvalue()


@pytest.fixture
def fresh_district(db):
    return District.objects.create(code="700001", name="模板县")


def test_school_then_teacher_templates_import(fresh_district):
    report = import_apply(
        kind="schools",
        data=template_bytes("schools"),
        filename="学校.xlsx",
        district=fresh_district,
    )
    assert (report.problems, report.created) == ([], 2)
    assert School.objects.get(name="城南镇河口教学点").parent.name == "城南镇中心小学"
    report = import_apply(
        kind="teachers",
        data=template_bytes("teachers", choices={"学校": ["城南镇中心小学"]}),
        filename="教师.xlsx",
        district=fresh_district,
    )
    assert (report.problems, report.created) == ([], 1)
    assert Teacher.objects.get(name="张丽").school.name == "城南镇中心小学"


def test_roster_template_imports(fresh_district):
    report = import_apply(
        kind="roster", data=template_bytes("roster"), filename="名单.xlsx", district=fresh_district
    )
    assert (report.problems, report.created) == ([], 1)
    assert School.objects.get(name="城南镇石门小学").parent.name == "城南镇中心小学"

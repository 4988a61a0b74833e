"""Each entity's columns are declared once (schools/sheets, communities/sheets); the import
template, the list export, the reader's header plan and the admin Resource all come from it."""

import csv
import dataclasses
import io

import openpyxl
import pytest
from django.urls import reverse

from schools.models import Teacher
from schools.sheets.columns import SCHOOL_COLUMNS, TEACHER_COLUMNS, TEACHER_NAME
from schools.sheets.resources import SchoolResource, TeacherResource, _TeacherResource
from spreadsheets import registry
from spreadsheets.columns import ColumnSet
from spreadsheets.exports import ExportSpec, export_to_file
from spreadsheets.resources import model_resource
from spreadsheets.templates_xlsx import ImportTemplate, write_template


def _template_headers(client, kind) -> list:
    response = client.get(reverse("spreadsheets:template", args=[kind]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(next(workbook.worksheets[0].iter_rows(values_only=True)))


def _export_headers(client, name) -> list:
    response = client.get(reverse("spreadsheets:export", args=[name]), {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return next(csv.reader(io.StringIO(text)))


def _import_page_columns(client, kind) -> list:
    kinds = client.get(reverse("spreadsheets:import_list")).context["kinds"]
    return next(k["columns"] for k in kinds if k["kind"] == kind)


@pytest.mark.parametrize(
    ("kind", "resource", "columns"),
    [("schools", SchoolResource, SCHOOL_COLUMNS), ("teachers", TeacherResource, TEACHER_COLUMNS)],
)
def test_template_export_reader_and_resource_share_the_headers(
    bureau_client, world, kind, resource, columns
):
    declared = [c.label for c in columns.imported]

    assert _template_headers(bureau_client, kind) == declared
    assert _import_page_columns(bureau_client, kind) == declared
    assert [c.label for c in registry.importer(kind).columns.reader_columns()] == declared
    assert resource(district=world.district).export().headers == declared
    exported = _export_headers(bureau_client, kind)
    assert exported[: len(declared)] == declared
    assert exported[len(declared) :] == [c.label for c in columns if not c.imported]


def test_roster_template_is_the_roster_import(bureau_client, world):
    declared = [c.label for c in registry.importer("roster").columns.reader_columns()]
    assert (
        _template_headers(bureau_client, "roster")
        == declared
        == ["序号", "教共体名称", "核心校", "成员校", "学段"]
    )


def test_choice_labels_of_template_and_export_are_the_declarations(bureau_client, world):
    response = bureau_client.get(reverse("spreadsheets:template", args=["schools"]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    options = {
        column[0].value: [c.value for c in column[1:] if c.value is not None]
        for column in workbook["选项"].iter_cols()
    }
    assert options["学段"] == list(SCHOOL_COLUMNS["学段"].choices)
    text = b"".join(
        bureau_client.get(
            reverse("spreadsheets:export", args=["schools"]), {"format": "csv"}
        ).streaming_content
    ).decode("utf-8-sig")
    stages = {row["学段"] for row in csv.DictReader(io.StringIO(text))}
    assert stages and stages <= set(SCHOOL_COLUMNS["学段"].choices)


def test_a_label_changed_in_the_declaration_changes_every_artefact(world):
    renamed = dataclasses.replace(TEACHER_NAME, label="教职工姓名")
    columns = ColumnSet(tuple(renamed if c is TEACHER_NAME else c for c in TEACHER_COLUMNS))
    expected = ["学校", "教职工姓名", "性别"]

    template = ImportTemplate("teachers", "教师导入模板", columns)
    buffer = io.BytesIO()
    write_template(template, buffer)
    sheet = openpyxl.load_workbook(buffer).worksheets[0]
    assert list(next(sheet.iter_rows(values_only=True)))[:3] == expected

    assert [c.label for c in columns.reader_columns()][:3] == expected

    resource = model_resource("Renamed", _TeacherResource, columns)
    assert resource(district=world.district).export().headers[:3] == expected

    spec = ExportSpec("teachers", "教师名单", columns, lambda **kw: Teacher.objects.all())
    out = io.BytesIO()
    export_to_file(spec, Teacher.objects.filter(school__district=world.district), out, "csv")
    assert next(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))[:3] == expected


def test_template_ranges_come_from_the_model():
    birth_year = TEACHER_COLUMNS["出生年份"]
    validators = Teacher._meta.get_field("birth_year").validators
    assert birth_year.whole == tuple(v.limit_value for v in validators) == (1940, 2010)

"""Import templates: /data/templates/<kind>/."""

import io

import openpyxl
import pytest
from django.urls import reverse

from communities.enums import CommunityStage
from schools.enums import Locale, Stage
from tests.conftest import CANARY

SCHOOL_HEADERS = (
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
    "小学部学生数",
    "初中部学生数",
    "高中部学生数",
    "班级数",
)
TEACHER_HEADERS = (
    "学校",
    "姓名",
    "性别",
    "出生年份",
    "任教学科",
    "最高学历",
    "职称",
    "骨干级别",
    "职务",
    "任教学段",
    "班主任",
    "到校日期",
    "工号",
)
ROSTER_HEADERS = ("序号", "教共体名称", "核心校", "成员校", "学段")


def template(client, kind):
    response = client.get(reverse("spreadsheets:template", args=[kind]))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def validations(sheet) -> dict[str, tuple]:
    return {
        str(v.sqref): (v.type, v.formula1, v.formula2)
        for v in sheet.data_validations.dataValidation
    }


def option_column(workbook, letter) -> list:
    return [cell.value for cell in workbook["选项"][letter] if cell.value is not None]


def notes_by_column(workbook) -> dict[str, tuple]:
    return {row[0]: row for row in workbook["说明"].iter_rows(values_only=True) if row[0]}


@pytest.mark.django_db
def test_school_template(bureau_client, world):
    workbook = template(bureau_client, "schools")

    assert workbook.sheetnames == ["学校导入", "选项", "说明"]
    assert workbook["选项"].sheet_state == "hidden"
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == SCHOOL_HEADERS
    assert rows[1] == (
        "城南镇中心小学",
        "3501000001",
        "小学",
        "镇区",
        "城南镇",
        None,
        "是",
        "张明",
        "0591-12345678",
        860,
        None,
        None,
        None,
        18,
    )
    assert sheet.freeze_panes == "A2"
    assert validations(sheet) == {
        "C2:C20001": ("list", "'选项'!$A$2:$A$9", None),
        "D2:D20001": ("list", "'选项'!$B$2:$B$4", None),
        "G2:G20001": ("list", "'选项'!$C$2:$C$3", None),
        "J2:J20001": ("whole", "0", "100000"),
        "K2:K20001": ("whole", "0", "100000"),
        "L2:L20001": ("whole", "0", "100000"),
        "M2:M20001": ("whole", "0", "100000"),
        "N2:N20001": ("whole", "0", "2000"),
    }
    assert option_column(workbook, "A") == ["学段", *Stage.labels]
    assert option_column(workbook, "B") == ["城乡类别", *Locale.labels]
    assert option_column(workbook, "C") == ["独立法人", "是", "否"]


@pytest.mark.django_db
def test_school_template_explains_every_column(bureau_client, world):
    notes = notes_by_column(template(bureau_client, "schools"))

    assert set(SCHOOL_HEADERS) <= set(notes)
    assert notes["学段"][1:3] == ("必填", "、".join(Stage.labels))
    assert notes["上级学校"][1] == "选填"
    assert notes["学校导入模板填写说明"] == ("学校导入模板填写说明", None, None, None)


@pytest.mark.django_db
def test_teacher_template_lists_only_the_users_schools(school_client, world):
    workbook = template(school_client, "teachers")

    sheet = workbook.worksheets[0]
    assert next(sheet.iter_rows(values_only=True)) == TEACHER_HEADERS
    schools = option_column(workbook, "A")
    assert schools[0] == "学校"
    assert sorted(schools[1:]) == sorted(["城关第一小学", "河口小学", "河口教学点"])
    assert validations(sheet)["A2:A20001"] == ("list", "'选项'!$A$2:$A$4", None)
    assert [
        v.errorStyle for v in sheet.data_validations.dataValidation if str(v.sqref) == "A2:A20001"
    ] == ["warning"]
    assert set(validations(sheet)) == {f"{c}2:{c}20001" for c in "ACDEFGHIJK"}
    assert CANARY not in " ".join(str(v) for v in schools)


@pytest.mark.django_db
def test_teacher_template_example_has_a_real_date(bureau_client, world):
    sheet = template(bureau_client, "teachers").worksheets[0]

    example = list(sheet.iter_rows(min_row=2, max_row=2, values_only=True))[0]
    assert example[11].date().isoformat() == "2015-09-01"
    assert example[3] == 1986


@pytest.mark.django_db
def test_roster_template(leader_client, world):
    workbook = template(leader_client, "roster")

    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows == [
        ROSTER_HEADERS,
        (
            1,
            "城南教共体",
            "城关第一小学",
            "城南镇中心小学(城南镇河口教学点、城南镇石门小学)、江北镇中心小学",
            "小学",
        ),
    ]
    assert validations(sheet) == {
        "A2:A20001": ("whole", "1", "100000"),
        "E2:E20001": ("list", "'选项'!$A$2:$A$7", None),
    }
    assert option_column(workbook, "A") == ["学段", *CommunityStage.labels]
    assert notes_by_column(workbook)["成员校"][1] == "选填"


@pytest.mark.django_db
def test_template_file_name(bureau_client, world):
    response = bureau_client.get(reverse("spreadsheets:template", args=["teachers"]))

    assert response["Content-Disposition"] == (
        'attachment; filename="teachers-template.xlsx"; '
        "filename*=UTF-8''%E6%95%99%E5%B8%88%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )


@pytest.mark.django_db
def test_unknown_template_is_404(bureau_client, world):
    assert bureau_client.get(reverse("spreadsheets:template", args=["users"])).status_code == 404


@pytest.mark.django_db
def test_template_requires_login(client, world):
    assert client.get(reverse("spreadsheets:template", args=["schools"])).status_code == 302


@pytest.mark.parametrize("kind", ["schools", "teachers", "roster"])
def test_template_columns_are_the_importers_columns(kind):
    """A column added to an importer but not to its template (or the reverse) fails here."""
    from spreadsheets import registry

    template_headers = registry.template(kind).headers
    importer_labels = [column.label for column in registry.importer(kind).columns.reader_columns()]

    assert template_headers == importer_labels

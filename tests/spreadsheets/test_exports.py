"""List exports: /data/exports/<name>/?<list filters>&format=xlsx|csv."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from core.text import name_key
from schools.enums import Locale, Stage
from schools.models import School, Teacher
from tests.conftest import CANARY
from tests.factories import SchoolFactory, TeacherFactory, UserFactory

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
    "所属教共体",
    "教师数",
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
    "本校年限",
    "可交流轮岗",
)
# 李老师 joined on 2015-09-01: years at the school and rotation eligibility on the day the
# tests run (DOMAIN rule 6, the rule of the list's column).
LI_JOINED = datetime.date(2015, 9, 1)
LI_YEARS = Teacher(joined_school_on=LI_JOINED).years_at_school()
LI_ELIGIBLE = "是" if Teacher(joined_school_on=LI_JOINED).is_rotation_eligible() else "否"
COMMUNITY_HEADERS = (
    "教共体名称",
    "类型",
    "紧密程度",
    "模式",
    "学段",
    "核心校",
    "成员校数",
    "成员校上限",
    "成立日期",
    "撤销日期",
)


def export_url(name, query=""):
    return reverse("spreadsheets:export", args=[name]) + (f"?{query}" if query else "")


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def sheet_rows(response) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(content(response)))
    return list(workbook.worksheets[0].iter_rows(values_only=True))


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))


def by_first_column(rows):
    return {row[0]: row for row in rows}


@pytest.mark.django_db
def test_school_export_contains_exactly_the_filtered_rows(bureau_client, world):
    response = bureau_client.get(export_url("schools", "q=河口&format=xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(content(response)))
    sheet = workbook.worksheets[0]
    assert sheet.title == "学校名单"
    assert sheet.freeze_panes == "A2"
    assert round(sheet.column_dimensions["A"].width) in (28, 29)  # XlsxWriter adds cell padding
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == SCHOOL_HEADERS
    assert len(rows) == 3
    assert by_first_column(rows[1:]) == {
        "河口小学": (
            "河口小学",
            None,
            "小学",
            "乡村",
            "城关镇",
            None,
            "是",
            None,
            None,
            300,
            None,
            None,
            None,
            12,
            "城关教共体",
            1,
        ),
        "河口教学点": (
            "河口教学点",
            None,
            "小学",
            "乡村",
            "城关镇",
            "河口小学",
            "是",
            None,
            None,
            20,
            None,
            None,
            None,
            12,
            "城关教共体",
            0,
        ),
    }
    assert sheet.auto_filter.ref == "A1:P3"


@pytest.mark.django_db
def test_choice_filter_applies_to_the_export(bureau_client, world):
    rows = sheet_rows(bureau_client.get(export_url("schools", "locale=urban&format=xlsx")))

    assert rows[1:] == [
        (
            "城关第一小学",
            "3510000001",
            "小学",
            "城区",
            "城关镇",
            None,
            "是",
            None,
            None,
            300,
            None,
            None,
            None,
            12,
            "城关教共体",
            1,
        )
    ]


@pytest.mark.django_db
def test_xlsx_is_the_default_format_and_file_name_is_chinese(bureau_client, world):
    response = bureau_client.get(export_url("schools"))

    today = timezone.localdate().strftime("%Y%m%d")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"schools-{today}.xlsx\"; filename*=UTF-8''"
        f"%E5%AD%A6%E6%A0%A1%E5%90%8D%E5%8D%95-{today}.xlsx"
    )  # 学校名单-YYYYMMDD.xlsx
    assert len(sheet_rows(response)) == 5  # header + the four home-district schools


@pytest.mark.django_db
def test_csv_starts_with_bom_and_decodes(bureau_client, world):
    response = bureau_client.get(export_url("teachers", "format=csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = content(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == list(TEACHER_HEADERS)
    assert by_first_column([r[1:] + [r[0]] for r in rows[1:]]).keys() == {
        "王骨干",
        "李老师",
        "赵老师",
    }
    li = next(r for r in rows if r[1] == "李老师")
    assert li == [
        "河口小学",
        "李老师",
        "女",
        "1985",
        "语文",
        "本科",
        "未定级",
        "无",
        "教师",
        "",
        "否",
        "2015-09-01",
        "",
        str(LI_YEARS),
        LI_ELIGIBLE,
    ]


@pytest.mark.django_db
def test_teacher_xlsx_keeps_numbers_and_dates_typed(bureau_client, world):
    rows = sheet_rows(bureau_client.get(export_url("teachers", "q=李老师")))

    assert rows[0] == TEACHER_HEADERS
    assert rows[1:] == [
        (
            "河口小学",
            "李老师",
            "女",
            1985,
            "语文",
            "本科",
            "未定级",
            "无",
            "教师",
            None,
            "否",
            datetime.datetime(2015, 9, 1),
            None,
            LI_YEARS,
            LI_ELIGIBLE,
        )
    ]


@pytest.mark.django_db
def test_formula_text_is_escaped_and_numbers_stay_numbers(bureau_client, world):
    link = '=HYPERLINK("http://evil.example","点我")'
    SchoolFactory(district=world.district, name=link, township="@城关", students=5)
    SchoolFactory(district=world.district, name="+1", township="", phone="-3", students=0)

    xlsx = by_first_column(sheet_rows(bureau_client.get(export_url("schools", "format=xlsx")))[1:])
    text = by_first_column(csv_rows(bureau_client.get(export_url("schools", "format=csv")))[1:])

    assert xlsx["'" + link][4] == "'@城关"
    assert xlsx["'" + link][9] == 5
    assert xlsx["'+1"][8] == "'-3"
    assert xlsx["'+1"][9] == 0
    assert set(xlsx) == {"'" + link, "'+1", "城关第一小学", "孤岛小学", "河口小学", "河口教学点"}
    assert set(text) == set(xlsx)
    assert text["'+1"][8] == "'-3"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["schools", "teachers", "communities"])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_other_district_rows_are_never_exported(bureau_client, world, name, fmt):
    response = bureau_client.get(export_url(name, f"format={fmt}"))

    rows = sheet_rows(response) if fmt == "xlsx" else csv_rows(response)
    assert [cell for row in rows for cell in row if CANARY in str(cell)] == []
    assert len(rows) == {"schools": 5, "teachers": 4, "communities": 2}[name]


@pytest.mark.django_db
def test_other_district_user_exports_only_its_own_rows(client, world):
    client.force_login(world.users["other_staff"])

    rows = sheet_rows(client.get(export_url("schools")))

    assert sorted(row[0] for row in rows[1:]) == sorted([f"{CANARY}中心小学", f"{CANARY}教学点"])


@pytest.mark.django_db
def test_school_leader_exports_only_its_own_schools_teachers(school_client, world):
    TeacherFactory(school=world.teaching_point, name="钱老师")

    rows = sheet_rows(school_client.get(export_url("teachers")))

    assert sorted((row[0], row[1]) for row in rows[1:]) == [
        ("河口小学", "李老师"),
        ("河口教学点", "钱老师"),
    ]


@pytest.mark.django_db
def test_school_leader_cannot_widen_the_export_with_a_filter(school_client, world):
    """The core school is visible to the member's leader, its teachers are not: the filter does
    not offer it (a value that is not offered is ignored, as on the page), and the export still
    holds only the leader's own teachers."""
    rows = sheet_rows(school_client.get(export_url("teachers", f"school={world.core_school.pk}")))

    assert rows[0] == TEACHER_HEADERS
    assert [(row[0], row[1]) for row in rows[1:]] == [("河口小学", "李老师")]


@pytest.mark.django_db
def test_community_export(leader_client, world):
    rows = sheet_rows(leader_client.get(export_url("communities")))

    assert rows == [
        COMMUNITY_HEADERS,
        (
            "城关教共体",
            "教共体",
            "紧密型",
            "城乡共建型",
            "小学",
            "城关第一小学",
            1,
            6,
            datetime.datetime(2023, 9, 1),
            None,
        ),
    ]


@pytest.mark.django_db
def test_unknown_format_is_a_chinese_400(bureau_client, world):
    response = bureau_client.get(export_url("schools", "format=pdf"))

    assert response.status_code == 400
    assert response.content.decode() == "导出格式（format）只能是 xlsx 或 csv。"


@pytest.mark.django_db
def test_unknown_export_is_404(bureau_client, world):
    assert bureau_client.get(export_url("users")).status_code == 404


@pytest.mark.django_db
def test_export_requires_login(client, world):
    response = client.get(export_url("schools"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_invalid_filter_values_are_ignored_not_500(bureau_client, world):
    response = bureau_client.get(export_url("schools", "stage=bogus&community=x&format=csv"))

    assert response.status_code == 200
    assert len(csv_rows(response)) >= 1


def _add_schools(district, count):
    School.objects.bulk_create(
        [
            School(
                district=district,
                name=f"批量学校{n:04d}",
                name_key=name_key(f"批量学校{n:04d}"),
                stage=Stage.PRIMARY,
                locale=Locale.RURAL,
            )
            for n in range(count)
        ]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [3, 300])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_query_count_does_not_grow_with_rows(
    client, world, django_assert_num_queries, extra, fmt
):
    _add_schools(world.district, extra)
    user = UserFactory(username="t_counting", role=Role.BUREAU_STAFF, district=world.district)
    client.force_login(user)

    # xlsx counts the rows first (over JGT_EXPORT_BACKGROUND_ROWS it becomes a job).
    with django_assert_num_queries({"xlsx": 4, "csv": 3}[fmt]):
        response = client.get(export_url("schools", f"format={fmt}"))
        rows = sheet_rows(response) if fmt == "xlsx" else csv_rows(response)

    assert len([row for row in rows if row[0].startswith("批量学校")]) == extra


def test_export_buttons_carry_the_list_filters_without_the_page(rf):
    import re

    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    request = rf.get("/schools/", {"q": "河口", "page": "2", "stage": "primary"})
    request.user = AnonymousUser()

    html = render_to_string(
        "spreadsheets/_export_buttons.html", {"export_name": "schools"}, request=request
    )

    links = re.findall(r'href="([^"]+)">([^<]+)</a>', html)
    assert links == [
        (
            "/data/exports/schools/?q=%E6%B2%B3%E5%8F%A3&amp;stage=primary&amp;format=xlsx",
            "导出 Excel",
        ),
        (
            "/data/exports/schools/?q=%E6%B2%B3%E5%8F%A3&amp;stage=primary&amp;format=csv",
            "导出 CSV",
        ),
    ]


def test_community_list_buttons_add_the_published_roster(rf):
    import re

    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    request = rf.get("/communities/", {"kind": "group"})
    request.user = AnonymousUser()

    html = render_to_string(
        "spreadsheets/_export_buttons.html", {"export_name": "communities"}, request=request
    )

    assert re.findall(r'href="([^"]+)"[^>]*>([^<]+)</a>', html) == [
        ("/data/exports/communities/?kind=group&amp;format=xlsx", "导出 Excel"),
        ("/data/exports/communities/?kind=group&amp;format=csv", "导出 CSV"),
        ("/data/exports/roster/", "导出教共体名单"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "rows"), [("schools", 4), ("teachers", 3)])
def test_list_export_reimports_unchanged(bureau_client, world, name, rows):
    from spreadsheets.importers import import_preview

    data = content(bureau_client.get(export_url(name)))

    report = import_preview(kind=name, data=data, filename=f"{name}.xlsx", district=world.district)

    assert (report.rows, report.created, report.updated, report.unchanged) == (rows, 0, 0, rows)
    assert report.problems == []

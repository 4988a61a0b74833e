"""The county's published roster: /data/exports/roster/ and `manage.py export_roster`."""

import datetime
import io
from urllib.parse import quote

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from communities.enums import CommunityStage, MemberRole
from communities.models import Community
from communities.sheets.roster_export import roster_rows
from tests.conftest import CANARY
from tests.factories import CommunityFactory, MembershipFactory, SchoolFactory

HEADER = ("序号", "教共体名称", "核心校", "成员校", "学段")
WORLD_ROW = (1, "城关教共体", "城关第一小学", "河口小学(河口教学点)", "小学")
NESTED_ROW = (
    2,
    "城南教共体",
    "城南实验小学(城南实验小学东山教学点)",
    "城南镇中心小学(城南镇河口教学点、城南镇石门小学)、江北镇中心小学",
    "初中",
)


@pytest.fixture
def nested(world):
    """A second community whose core has a nested school and whose first member has two, plus
    rows that must not appear: an ended membership and a dissolved community."""
    district = world.district
    community = CommunityFactory(district=district, name="城南教共体", stage=CommunityStage.JUNIOR)
    core = SchoolFactory(district=district, name="城南实验小学")
    SchoolFactory(district=district, name="城南实验小学东山教学点", parent=core)
    MembershipFactory(community=community, role=MemberRole.CORE, school=core)
    central = SchoolFactory(district=district, name="城南镇中心小学")
    SchoolFactory(district=district, name="城南镇河口教学点", parent=central)
    SchoolFactory(district=district, name="城南镇石门小学", parent=central)
    MembershipFactory(community=community, school=central)
    MembershipFactory(
        community=community, school=SchoolFactory(district=district, name="江北镇中心小学")
    )
    MembershipFactory(
        community=community,
        school=SchoolFactory(district=district, name="已退出小学"),
        end_on=datetime.date(2024, 8, 31),
    )
    dissolved = CommunityFactory(
        district=district, name="已撤销教共体", dissolved_on=datetime.date(2024, 8, 31)
    )
    MembershipFactory(
        community=dissolved,
        role=MemberRole.CORE,
        school=SchoolFactory(district=district, name="撤销核心小学"),
    )
    return community


def workbook_of(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def values(sheet):
    return list(sheet.iter_rows(values_only=True))


@pytest.mark.django_db
def test_roster_of_the_world_cell_by_cell(bureau_client, world):
    response = bureau_client.get(reverse("spreadsheets:roster_export"))

    assert response.status_code == 200
    sheet = workbook_of(response).active
    assert values(sheet) == [
        ("附件：示范县教共体名单", None, None, None, None),
        HEADER,
        WORLD_ROW,
    ]
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:E1"]
    assert sheet.freeze_panes == "A3"
    assert sheet["D3"].alignment.wrap_text is True
    assert sheet.column_dimensions["D"].width == 60


@pytest.mark.django_db
def test_roster_writes_nested_schools_in_parentheses(bureau_client, nested):
    sheet = workbook_of(bureau_client.get(reverse("spreadsheets:roster_export"))).active

    assert values(sheet)[2:] == [WORLD_ROW, NESTED_ROW]


@pytest.mark.django_db
def test_roster_file_name_is_the_districts(bureau_client, world):
    response = bureau_client.get(reverse("spreadsheets:roster_export"))

    today = timezone.localdate().strftime("%Y%m%d")
    assert response["Content-Disposition"] == (
        f'attachment; filename="roster-{today}.xlsx"; '
        f"filename*=UTF-8''{quote(f'示范县教共体名单-{today}.xlsx')}"
    )


@pytest.mark.django_db
def test_community_leader_exports_only_its_community(leader_client, nested):
    sheet = workbook_of(leader_client.get(reverse("spreadsheets:roster_export"))).active

    assert values(sheet)[1:] == [HEADER, WORLD_ROW]


@pytest.mark.django_db
def test_other_district_never_appears(bureau_client, client, world):
    home = values(workbook_of(bureau_client.get(reverse("spreadsheets:roster_export"))).active)
    client.force_login(world.users["other_staff"])
    other = values(workbook_of(client.get(reverse("spreadsheets:roster_export"))).active)

    assert [cell for row in home for cell in row if CANARY in str(cell)] == []
    assert other == [
        (f"附件：{CANARY}县教共体名单", None, None, None, None),
        HEADER,
        (1, f"{CANARY}教共体", f"{CANARY}中心小学({CANARY}教学点)", None, "小学"),
    ]


@pytest.mark.django_db
def test_roster_requires_login(client, world):
    assert client.get(reverse("spreadsheets:roster_export")).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("communities", [1, 15])
def test_roster_rows_use_three_queries_whatever_the_size(
    world, django_assert_num_queries, communities
):
    for n in range(communities):
        community = CommunityFactory(district=world.district, name=f"批量教共体{n:02d}")
        MembershipFactory(
            community=community, role=MemberRole.CORE, school=SchoolFactory(district=world.district)
        )
        member = SchoolFactory(district=world.district)
        SchoolFactory(district=world.district, parent=member)
        MembershipFactory(community=community, school=member)

    with django_assert_num_queries(3):
        rows = roster_rows(Community.objects.in_district(world.district))

    assert len(rows) == communities + 1


@pytest.mark.django_db
def test_export_roster_command_writes_the_file(nested, tmp_path):
    output = tmp_path / "名单.xlsx"

    call_command(
        "export_roster", "--district", "999999", "--output", str(output), stdout=io.StringIO()
    )

    workbook = openpyxl.load_workbook(output)
    assert values(workbook.active) == [
        ("附件：示范县教共体名单", None, None, None, None),
        HEADER,
        WORLD_ROW,
        NESTED_ROW,
    ]


@pytest.mark.django_db
def test_export_roster_command_rejects_unknown_district(world, tmp_path):
    with pytest.raises(CommandError, match="没有行政区划代码为 123456 的教育局"):
        call_command("export_roster", "--district", "123456", "--output", str(tmp_path / "a.xlsx"))


@pytest.mark.django_db
def test_export_roster_command_requires_xlsx_output(world, tmp_path):
    with pytest.raises(CommandError, match=r"须以 \.xlsx 结尾"):
        call_command("export_roster", "--district", "999999", "--output", str(tmp_path / "a.csv"))


@pytest.mark.django_db
def test_exported_roster_reimports_unchanged(bureau_client, nested, world):
    """The fixed point, seen from the export side: reading our file back changes nothing."""
    from spreadsheets.importers import import_preview

    data = b"".join(bureau_client.get(reverse("spreadsheets:roster_export")).streaming_content)

    report = import_preview(
        kind="roster", data=data, filename="roster.xlsx", district=world.district
    )

    assert (report.rows, report.created, report.updated, report.unchanged) == (2, 0, 0, 2)
    assert report.problems == []

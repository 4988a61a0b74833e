"""Importing the county's published roster: every quirk of real sheets, checked school by school."""

import pytest
from django.utils import timezone

from communities.enums import CommunityStage, MemberRole
from communities.models import Community, Membership
from schools.enums import Stage
from schools.models import School
from spreadsheets.importers import import_apply, import_preview

from .importfiles import ISSUE_MEMBERS, ROSTER_HEADER, csv_bytes, xls, xlsx


def school_tree(district):
    """{name: parent name or None} of the district's schools."""
    return {
        s.name: (s.parent.name if s.parent_id else None)
        for s in School.objects.filter(district=district).select_related("parent")
    }


def members(community_name):
    return sorted(
        Membership.objects.current()
        .filter(community__name=community_name)
        .values_list("school__name", "role")
    )


def apply(data, filename, district, actor=None):
    report = import_apply(
        kind="roster", data=data, filename=filename, district=district, actor=actor
    )
    assert report.problems == []
    return report


ROWS = [
    ROSTER_HEADER,
    [1, "城南教共体", "城南镇第一中学（初中部）", ISSUE_MEMBERS, "九年制"],
    [2, "城关教共体", "城关第一小学", "河口小学（河口教学点）、孤岛小学、", "小学"],
]

EXPECTED_NEW = {
    "城南镇第一中学(初中部)": None,
    "城南镇中心小学": None,
    "城南镇河口教学点": "城南镇中心小学",
    "城南镇石门小学": "城南镇中心小学",
    "江北镇中心小学": None,
    "江北镇红岩小学": None,
}


def check_result(world):
    tree = school_tree(world.district)
    for name, parent in EXPECTED_NEW.items():
        assert tree[name] == parent
    assert tree["河口教学点"] == "河口小学"
    assert members("城南教共体") == [
        ("城南镇中心小学", MemberRole.MEMBER),
        ("城南镇第一中学(初中部)", MemberRole.CORE),
        ("江北镇中心小学", MemberRole.MEMBER),
        ("江北镇红岩小学", MemberRole.MEMBER),
    ]
    assert members("城关教共体") == [
        ("城关第一小学", MemberRole.CORE),
        ("孤岛小学", MemberRole.MEMBER),
        ("河口小学", MemberRole.MEMBER),
    ]
    community = Community.objects.get(district=world.district, name="城南教共体")
    assert community.stage == CommunityStage.NINE_YEAR
    assert School.objects.get(name="城南镇河口教学点").stage == Stage.PRIMARY


def test_issue_example_with_title_row_and_blank_rows(world):
    data = xlsx(ROWS, title="附件：示范县教共体名单", blank_rows=2)
    report = apply(data, "名单.xlsx", world.district, actor=world.users["bureau_staff"])
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    check_result(world)
    # the other district is untouched
    assert members(world.other_community.name) == [(world.other_school.name, MemberRole.CORE)]


def test_history_records_the_actor(world):
    apply(xlsx(ROWS), "名单.xlsx", world.district, actor=world.users["bureau_staff"])
    school = School.objects.get(name="城南镇中心小学")
    assert [h.history_user for h in school.history.all()] == [world.users["bureau_staff"]]


def test_second_import_changes_nothing(world):
    data = xlsx(ROWS, title="附件：示范县教共体名单")
    apply(data, "名单.xlsx", world.district)
    counts = (School.objects.count(), Membership.objects.count(), Community.objects.count())
    report = apply(data, "名单.xlsx", world.district)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert (School.objects.count(), Membership.objects.count(), Community.objects.count()) == counts


def test_columns_in_another_order_with_synonyms(world):
    rows = [["学段", "分校", "名称", "序号", "龙头校"]]
    rows += [[r[4], r[3], r[1], r[0], r[2]] for r in ROWS[1:]]
    apply(xlsx(rows), "名单.xlsx", world.district)
    check_result(world)


def test_merged_cells_down_a_column(world):
    rows = [
        ROSTER_HEADER,
        [1, "城南教共体", "城南镇第一中学（初中部）", ISSUE_MEMBERS, "小学"],
        [2, "城关教共体", "城关第一小学", "河口小学（河口教学点）、孤岛小学", None],
    ]
    # 学段 merged over both rows (rows 4–5: title row, blank row, header row above)
    data = xlsx(rows, title="附件：名单", blank_rows=1, merges=["E4:E5"])
    apply(data, "名单.xlsx", world.district)
    assert Community.objects.get(name="城南教共体").stage == CommunityStage.PRIMARY
    assert Community.objects.get(name="城关教共体").stage == CommunityStage.PRIMARY


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_csv_encodings(world, encoding):
    apply(csv_bytes(ROWS, encoding), "名单.csv", world.district)
    check_result(world)


def test_xls_with_title_and_merged_cells(world):
    rows = [
        ROSTER_HEADER,
        [1, "城南教共体", "城南镇第一中学（初中部）", ISSUE_MEMBERS, "九年制"],
        [2, "城关教共体", "城关第一小学", "河口小学（河口教学点）、孤岛小学", "小学"],
    ]
    apply(xls(rows, title="附件：示范县教共体名单"), "名单.xls", world.district)
    check_result(world)


def test_xls_merged_stage_is_filled_down(world):
    rows = [
        ROSTER_HEADER,
        [1, "甲教共体", "甲中心小学", "孤岛小学", "小学"],
        [2, "乙教共体", "乙中心小学", "丙小学", None],
    ]
    apply(xls(rows, merges=[(1, 2, 4, 4)]), "名单.xls", world.district)
    assert Community.objects.get(name="乙教共体").stage == CommunityStage.PRIMARY


def test_full_width_digits_and_extra_spaces(world):
    rows = [ROSTER_HEADER, ["１", " 城关 教共体 ", "城关第一小学", "孤岛小学 ，　河口小学", "小学"]]
    apply(xlsx(rows), "名单.xlsx", world.district)
    assert members("城关教共体") == [
        ("城关第一小学", "core"),
        ("孤岛小学", "member"),
        ("河口小学", "member"),
    ]


def test_existing_schools_matched_by_normalised_name(world):
    before = School.objects.count()
    rows = [
        ROSTER_HEADER,
        [1, "城关教共体", "城关 第一小学", "河口小学（河口教学点）、孤岛小学", "小学"],
    ]
    report = apply(xlsx(rows), "名单.xlsx", world.district)
    assert School.objects.count() == before
    assert report.changes[0].detail == "加入：孤岛小学"


def test_member_left_out_is_ended_and_core_replaced(world):
    rows = [ROSTER_HEADER, [1, "城关教共体", "孤岛小学", "城关第一小学", "小学"]]
    report = apply(xlsx(rows), "名单.xlsx", world.district)
    assert report.updated == 1
    assert members("城关教共体") == [("城关第一小学", "member"), ("孤岛小学", "core")]
    ended = Membership.objects.get(school=world.member_school, community=world.community)
    assert ended.end_on == timezone.localdate()


def test_preview_writes_nothing(world):
    counts = (School.objects.count(), Membership.objects.count(), Community.objects.count())
    report = import_preview(
        kind="roster", data=xlsx(ROWS), filename="名单.xlsx", district=world.district
    )
    assert (report.created, report.updated, report.problems) == (1, 1, [])
    assert report.written is False
    assert (School.objects.count(), Membership.objects.count(), Community.objects.count()) == counts

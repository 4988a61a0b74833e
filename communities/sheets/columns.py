"""The spreadsheet columns of communities, declared once: the county's roster (import, template
and the published roster export) and the community list export."""

from __future__ import annotations

from spreadsheets.columns import (
    ColumnSet,
    SheetColumn,
    choice_column,
    int_column,
    parse_text,
)

from ..enums import Closeness, CommunityKind, CommunityModel, CommunityStage
from .roster_format import format_members

# --- the county's roster ---------------------------------------------------------------------

ROSTER_NUMBER = int_column(
    "序号",
    low=1,
    high=100_000,
    synonyms=("编号", "序"),
    help="行号，可不填。",
    width=6,
    examples=(1,),
)
ROSTER_NAME = SheetColumn(
    "教共体名称",
    ("名称", "集团名称", "教共体", "共同体名称", "教育集团名称", "片区名称"),
    field="name",
    parse=parse_text,
    required=True,
    help="教共体（教育集团、小片区）名称。",
    width=24,
    examples=("城南教共体",),
)
ROSTER_CORE = SheetColumn(
    "核心校",
    ("总校", "龙头校", "核心学校", "集团总校", "牵头学校"),
    required=True,
    help="核心校（总校、龙头校）名称。",
    width=24,
    examples=("城关第一小学",),
)
ROSTER_MEMBERS = SheetColumn(
    "成员校",
    ("分校", "成员学校", "受援学校", "成员单位"),
    multiline=True,
    help="成员校名称，以「、」分隔；中心校所属的村小、教学点写在其后的括号中，"
    "如：城南镇中心小学(城南镇河口教学点、城南镇石门小学)、江北镇中心小学。"
    "系统中没有的学校会被新建。",
    width=60,
    examples=(
        format_members(
            [("城南镇中心小学", ["城南镇河口教学点", "城南镇石门小学"]), ("江北镇中心小学", [])]
        ),
    ),
)
ROSTER_STAGE = choice_column(
    "学段",
    CommunityStage,
    extra={
        "幼儿园": CommunityStage.PRESCHOOL,
        "学前教育": CommunityStage.PRESCHOOL,
        "九年制": CommunityStage.NINE_YEAR,
        "义务教育": CommunityStage.NINE_YEAR,
        "普通高中": CommunityStage.SENIOR,
        "职业教育": CommunityStage.VOCATIONAL,
        "中职": CommunityStage.VOCATIONAL,
    },
    synonyms=("类别", "学段类别"),
    field="stage",
    required_for_new=True,
    help="从下拉列表中选择。",
    width=9,
    examples=("小学",),
)

ROSTER_COLUMNS = ColumnSet((ROSTER_NUMBER, ROSTER_NAME, ROSTER_CORE, ROSTER_MEMBERS, ROSTER_STAGE))

# --- the community list export (annotated by communities.selectors.community_list) -----------

COMMUNITY_COLUMNS = ColumnSet(
    (
        SheetColumn("教共体名称", export="name", imported=False, width=26),
        choice_column("类型", CommunityKind, export="kind", imported=False, width=10),
        choice_column("紧密程度", Closeness, export="closeness", imported=False, width=9),
        choice_column("模式", CommunityModel, export="model", imported=False, width=11),
        choice_column("学段", CommunityStage, export="stage", imported=False, width=8),
        SheetColumn("核心校", export="core_school_name", imported=False, width=26),
        SheetColumn("成员校数", export="member_count", imported=False, width=9),
        SheetColumn("成员校上限", export="member_limit", imported=False, width=10),
        SheetColumn("成立日期", export="founded_on", imported=False, width=12),
        SheetColumn("撤销日期", export="dissolved_on", imported=False, width=12),
    )
)

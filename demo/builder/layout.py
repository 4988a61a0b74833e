"""The fixed shape of the demo county 示范县: its schools, townships and communities.

Everything here is fictional. The layout is data; ``demo.builder.build`` turns it into rows through
the project's services, drawing the details (student numbers, teachers) from a seeded generator.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from communities.enums import Closeness, CommunityKind, CommunityModel, CommunityStage
from schools.enums import Locale, Stage

DISTRICT_NAME = "示范县"
DISTRICT_CODE = "999999"
SEED = 20250901
# Teachers' years at school are counted back from this date, so the county never depends on
# the day it is seeded.
REFERENCE_DATE = datetime.date(2025, 9, 1)

DEMO_PASSWORD = "jgt-demo-2025"


@dataclass(frozen=True)
class SchoolSpec:
    key: str
    name: str
    stage: str
    locale: str
    township: str
    students: tuple[int, int]  # range drawn from
    parent: str | None = None
    is_legal_entity: bool = True
    has_code: bool = True
    kind: str = "school"  # school | village | point | campus | new


def _urban(key, name, stage, township, students, **kw) -> SchoolSpec:
    return SchoolSpec(key, name, stage, Locale.URBAN, township, students, **kw)


URBAN_SCHOOLS: list[SchoolSpec] = [
    _urban("sy_xx", "示范县实验小学", Stage.PRIMARY, "城关街道", (1750, 1850)),
    _urban("sy_ex", "示范县第二实验小学", Stage.PRIMARY, "城北街道", (1450, 1550)),
    _urban("cg_1x", "示范县城关第一小学", Stage.PRIMARY, "城关街道", (1250, 1350)),
    _urban("cg_2x", "示范县城关第二小学", Stage.PRIMARY, "城关街道", (1100, 1200)),
    _urban("cn_xx", "示范县城南小学", Stage.PRIMARY, "城南街道", (950, 1050)),
    _urban("cb_xx", "示范县城北小学", Stage.PRIMARY, "城北街道", (800, 900)),
    _urban("cd_xx", "示范县城东小学", Stage.PRIMARY, "城东街道", (380, 420), kind="new"),
    _urban("yy_xx", "示范县育英学校", Stage.PRIMARY, "城关街道", (1050, 1150)),
    _urban(
        "yy_east",
        "示范县育英学校东校区",
        Stage.PRIMARY,
        "城东街道",
        (650, 750),
        is_legal_entity=False,
        has_code=False,
        kind="campus",
    ),
    _urban(
        "yy_west",
        "示范县育英学校西校区",
        Stage.PRIMARY,
        "城南街道",
        (550, 650),
        is_legal_entity=False,
        has_code=False,
        kind="campus",
    ),
    SchoolSpec(
        "yy_north",
        "示范县育英学校北校区",
        Stage.PRIMARY,
        Locale.TOWN,
        "白沙镇",
        (380, 450),
        is_legal_entity=False,
        has_code=False,
        kind="campus",
    ),
    _urban("yc_xx", "示范县育才学校", Stage.NINE_YEAR, "城南街道", (1150, 1250)),
    _urban("sy_zx", "示范县实验中学", Stage.JUNIOR, "城关街道", (1450, 1550)),
    _urban("d2_zx", "示范县第二中学", Stage.JUNIOR, "城北街道", (1050, 1150)),
    _urban("d1_zx", "示范县第一中学", Stage.SENIOR, "城关街道", (1900, 2100)),
    _urban("zj_xx", "示范县职业技术学校", Stage.VOCATIONAL, "城南街道", (950, 1050)),
    _urban("tj_xx", "示范县特殊教育学校", Stage.SPECIAL, "城东街道", (70, 90)),
    _urban("sy_yey", "示范县实验幼儿园", Stage.PRESCHOOL, "城关街道", (430, 470)),
    _urban("d2_yey", "示范县第二幼儿园", Stage.PRESCHOOL, "城北街道", (300, 340)),
]


@dataclass(frozen=True)
class Township:
    key: str
    name: str  # 河口镇, 龙泉乡
    villages: tuple[str, ...]  # village schools (…小学) and teaching points (…教学点)
    middle: str  # Stage.JUNIOR or Stage.NINE_YEAR

    @property
    def is_town(self) -> bool:
        return self.name.endswith("镇")


TOWNSHIPS: list[Township] = [
    Township("hk", "河口镇", ("新联小学", "石岭教学点", "柳湾教学点"), Stage.JUNIOR),
    Township("sm", "石门镇", ("联合小学", "双河小学", "松林教学点"), Stage.JUNIOR),
    Township("mb", "毛坝镇", ("红岩小学", "观音桥教学点", "青杠教学点"), Stage.JUNIOR),
    Township("gt", "高滩镇", ("绕溪小学", "桂花小学", "水井教学点"), Stage.JUNIOR),
    Township("jb", "江北镇", ("红星小学", "竹园教学点"), Stage.JUNIOR),
    Township("bs", "白沙镇", ("金竹小学", "龙潭小学", "坪上教学点"), Stage.JUNIOR),
    Township("lq", "龙泉乡", ("三合小学", "大湾教学点"), Stage.NINE_YEAR),
    Township("qs", "青山乡", ("茶园小学", "高峰教学点", "岩脚教学点"), Stage.NINE_YEAR),
    Township("ty", "桃源乡", ("杉树小学", "河坝教学点"), Stage.NINE_YEAR),
    Township("lx", "柳溪乡", ("长岭小学", "堰塘教学点", "黄泥教学点"), Stage.NINE_YEAR),
]


def township_schools(t: Township) -> list[SchoolSpec]:
    """A township: central primary school with its village schools and teaching points,
    a junior or nine-year school, and a central kindergarten."""
    seat = Locale.TOWN if t.is_town else Locale.RURAL
    central = f"{t.key}_zx"
    specs = [
        SchoolSpec(
            central,
            f"{t.name}中心小学",
            Stage.PRIMARY,
            seat,
            t.name,
            (520, 820) if t.is_town else (300, 480),
        )
    ]
    for i, village in enumerate(t.villages):
        point = village.endswith("教学点")
        specs.append(
            SchoolSpec(
                f"{t.key}_v{i}",
                f"{t.name}{village}",
                Stage.PRIMARY,
                Locale.RURAL,
                t.name,
                (8, 40) if point else (60, 190),
                parent=central,
                kind="point" if point else "village",
                # A teaching point is part of its central school, not a legal person of its own.
                is_legal_entity=not point,
                # Teaching points often have no national code of their own in the bureau's sheet.
                has_code=not point or i % 2 == 0,
            )
        )
    if t.middle == Stage.JUNIOR:
        specs.append(
            SchoolSpec(f"{t.key}_cz", f"{t.name}初级中学", Stage.JUNIOR, seat, t.name, (380, 680))
        )
    else:
        specs.append(
            SchoolSpec(
                f"{t.key}_jn", f"{t.name}九年一贯制学校", Stage.NINE_YEAR, seat, t.name, (320, 520)
            )
        )
    specs.append(
        SchoolSpec(
            f"{t.key}_yey",
            f"{t.name}中心幼儿园",
            Stage.PRESCHOOL,
            seat,
            t.name,
            (110, 220) if t.is_town else (70, 140),
        )
    )
    return specs


def all_schools() -> list[SchoolSpec]:
    specs = list(URBAN_SCHOOLS)
    for t in TOWNSHIPS:
        specs.extend(township_schools(t))
    return specs


@dataclass(frozen=True)
class Member:
    school: str
    start_on: datetime.date
    end_on: datetime.date | None = None
    note: str = ""


@dataclass(frozen=True)
class CommunitySpec:
    key: str
    name: str
    kind: str
    closeness: str
    model: str
    stage: str
    founded_on: datetime.date
    core: str
    members: tuple[Member, ...]
    member_limit: int = 6
    note: str = ""
    # (school key, date): the core role handed to that school on that date (core_replace).
    core_replaced_by: tuple[str, datetime.date] | None = None
    work_groups: tuple[str, ...] = ("领导小组", "教学联络组")
    extra: dict = field(default_factory=dict)


D = datetime.date
SEPT_2021, SEPT_2022, SEPT_2023 = D(2021, 9, 1), D(2022, 9, 1), D(2023, 9, 1)

COMMUNITIES: list[CommunitySpec] = [
    CommunitySpec(
        "group",
        "示范县实验小学教育集团",
        CommunityKind.GROUP,
        Closeness.TIGHT,
        CommunityModel.URBAN_RURAL,
        CommunityStage.PRIMARY,
        SEPT_2021,
        "sy_xx",
        (
            Member("cn_xx", SEPT_2021),
            Member("cb_xx", SEPT_2021),
            Member("hk_zx", SEPT_2021),
            Member("sm_zx", SEPT_2022),
            Member("lq_zx", SEPT_2023),
        ),
        note="1+N 集团化办学：城区核心校带领城区学校与乡镇中心小学（含所辖村小、教学点）。",
        work_groups=("领导小组", "教学联络组", "德育联络组"),
    ),
    CommunitySpec(
        "community",
        "城西教共体",
        CommunityKind.COMMUNITY,
        Closeness.TIGHT,
        CommunityModel.URBAN_RURAL,
        CommunityStage.PRIMARY,
        SEPT_2021,
        "cg_1x",
        (
            Member("sy_ex", SEPT_2021),
            Member("mb_zx", SEPT_2021),
            Member("gt_zx", SEPT_2021),
            Member("jb_zx", SEPT_2022),
        ),
        note="成员校为乡镇中心小学，所辖村小、教学点随中心校加入。2024 年秋季起核心校调整为第二实验小学。",
        core_replaced_by=("sy_ex", D(2024, 9, 1)),
    ),
    CommunitySpec(
        "binding",
        "城关第二小学—青山乡中心小学捆绑结对",
        CommunityKind.BINDING,
        Closeness.TIGHT,
        CommunityModel.URBAN_RURAL,
        CommunityStage.PRIMARY,
        SEPT_2022,
        "cg_2x",
        (Member("qs_zx", SEPT_2022),),
        member_limit=1,
        note="1+1 半捆绑：两个法人、第一校长负责、财务分开，管理、教学、教研与考核一体推进。",
        work_groups=("领导小组",),
    ),
    CommunitySpec(
        "cluster",
        "白沙小片区",
        CommunityKind.CLUSTER,
        Closeness.LOOSE,
        CommunityModel.URBAN_RURAL,
        CommunityStage.PRIMARY,
        D(2022, 3, 1),
        "bs_zx",
        (Member("ty_zx", D(2022, 3, 1)), Member("lx_zx", D(2022, 3, 1))),
        note="龙头校白沙镇中心小学牵头；每月领导小组会议，每季度管理论坛，每学期学科教研活动不少于 5 次。",
        work_groups=("领导小组", "教学联络组", "德育联络组", "后勤联络组"),
    ),
    CommunitySpec(
        "nine_year",
        "育才学校九年一贯制教共体",
        CommunityKind.COMMUNITY,
        Closeness.TIGHT,
        CommunityModel.THROUGH_STAGE,
        CommunityStage.NINE_YEAR,
        SEPT_2022,
        "yc_xx",
        (
            Member("lq_jn", SEPT_2022),
            Member("qs_jn", SEPT_2022),
            Member("ty_jn", SEPT_2022),
            Member("lx_jn", SEPT_2023),
            Member("jb_cz", SEPT_2022, D(2024, 7, 31), "2024 年秋季调整至实验中学教共体"),
        ),
        note="贯通培养型：小学与初中学段衔接，统一教研、统一质量监测。",
    ),
    CommunitySpec(
        "preschool",
        "示范县实验幼儿园学前教育共同体",
        CommunityKind.COMMUNITY,
        Closeness.LOOSE,
        CommunityModel.URBAN_RURAL,
        CommunityStage.PRESCHOOL,
        D(2023, 3, 1),
        "sy_yey",
        (
            Member("d2_yey", D(2023, 3, 1)),
            *(Member(f"{t.key}_yey", D(2023, 3, 1)) for t in TOWNSHIPS),
        ),
        member_limit=12,
        note="城区示范园带动全县乡镇中心幼儿园。",
        work_groups=("领导小组", "教学联络组"),
    ),
    CommunitySpec(
        "fused",
        "育英教育集团",
        CommunityKind.GROUP,
        Closeness.TIGHT,
        CommunityModel.FUSED,
        CommunityStage.PRIMARY,
        D(2020, 9, 1),
        "yy_xx",
        (
            Member("yy_east", D(2020, 9, 1)),
            Member("yy_west", D(2020, 9, 1)),
            Member("yy_north", D(2023, 9, 1)),
        ),
        note="一个集团、一个法人、四个校区（一长多校）。一校一品：本部科技教育，东校区科技+艺术，"
        "西校区传统文化，北校区劳动教育。",
        work_groups=("领导小组", "后勤联络组"),
    ),
    CommunitySpec(
        "over_limit",
        "实验中学教共体",
        CommunityKind.COMMUNITY,
        Closeness.LOOSE,
        CommunityModel.URBAN_RURAL,
        CommunityStage.JUNIOR,
        SEPT_2021,
        "sy_zx",
        (
            Member("d2_zx", SEPT_2021),
            Member("hk_cz", SEPT_2021),
            Member("sm_cz", SEPT_2021),
            Member("mb_cz", SEPT_2021),
            Member("gt_cz", SEPT_2021),
            Member("bs_cz", SEPT_2022),
            Member("jb_cz", D(2024, 9, 1), note="自育才学校九年一贯制教共体调入"),
        ),
        note="初中教共体。2024 年秋季江北镇初级中学调入后成员校达 7 所，超过 6 所的建议上限，待优化调整。",
    ),
]

# Schools deliberately left in no community (the overview lists them).
UNAFFILIATED = ("cd_xx", "d1_zx", "zj_xx", "tj_xx")

# An invited council member who is not a teacher of the county's schools.
OUTSIDER_NAME = "欧阳明远"
OUTSIDER_NOTE = "县教师发展中心副主任（特邀理事）"

DEMO_USERS = [
    # username, role, first name, last name; bindings are resolved by the builder.
    ("demo_admin", "bureau_admin", "文博", "周"),
    ("demo_bureau", "bureau_staff", "晓燕", "吴"),
    ("demo_leader", "community_leader", None, None),  # the group's core principal
    ("demo_school", "school_leader", None, None),  # principal of 河口镇中心小学
]
DEMO_LEADER_COMMUNITY = "group"
DEMO_SCHOOL = "hk_zx"

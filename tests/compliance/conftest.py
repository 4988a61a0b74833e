"""A small district built by hand for the rule checks (school year 2025-2026).

城关教共体 (kind 教共体): core 城关小学 (urban), members 河口小学 (with its teaching point
河口教学点) and 溪口小学, and 转校小学, which leaves for 江北教共体 on 2026-03-01 (181 days of
the school year here, 184 there: it belongs to 江北 for 2025-2026). 江北教共体: core 江北小学.
结对 (kind 捆绑结对): core 城南小学, member 山村小学.

Teachers of 城关小学: 甲 乙 丙 丁 (joined 2010, eligible for rotation), 戊 (joined 2022, not
yet), 己 (born 1966, male: within 5 years of 60, exempt), 校长 (principal, joined 2021).
甲 is a county-level backbone teacher, 丁 a school-level one.

Exchanges (counting unless said):
- 甲 → 河口小学, 2025 autumn – 2025 spring (rotation), filed on 2025-08-20
- 乙 → 河口教学点, 2024 autumn – 2025 spring (two school years)
- 丙 → 河口小学, 2025, CANCELLED (中止); 己 → 溪口小学, 2025, RETURNED (退回)
- 丁 → 走教 河口小学 and 溪口小学, 2025
- 戊 → 转校小学, 2025 autumn only (one semester)
- 河口 teacher 河甲 → 城关小学, 2025, filed on 2025-09-10 (late)
- 教学点 teacher 点甲 → 城关小学, 2025
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from accounts.enums import Role
from communities.enums import CommunityKind, MemberRole
from core.school_year import Semester
from exchanges import services
from exchanges.enums import ExchangeKind, ExchangeStatus, StepAction
from schools.enums import BackboneLevel, Gender, Locale, StaffPosition
from tests.factories import (
    CommunityFactory,
    DistrictFactory,
    MembershipFactory,
    SchoolFactory,
    TeacherFactory,
    UserFactory,
)

D = datetime.date


def exchange(teacher, hosts, *, start=2025, end=2025, kind=ExchangeKind.ROTATION, **kw):
    return services.exchange_create(
        actor=None,
        teacher=teacher,
        host_schools=list(hosts),
        kind=kind,
        start_year=start,
        start_semester=kw.pop("start_semester", Semester.AUTUMN),
        end_year=end,
        end_semester=kw.pop("end_semester", Semester.SPRING),
        check_access=False,
    )


def file_on(record, day: datetime.date) -> None:
    """局备案 on ``day`` (a FILE step dated then)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    services.exchange_replay(
        exchange=record, steps=[(StepAction.FILE, ExchangeStatus.FILED, moment, None, "")]
    )


@pytest.fixture
def town(db):
    t = SimpleNamespace()
    t.district = DistrictFactory(name="规则县", code="777777")

    def school(name, **kw):
        return SchoolFactory(district=t.district, name=name, **kw)

    t.core = school("城关小学", locale=Locale.URBAN)
    t.hekou = school("河口小学")
    t.point = school("河口教学点", parent=t.hekou, students=30)
    t.xikou = school("溪口小学")
    t.mover = school("转校小学")
    t.north_core = school("江北小学", locale=Locale.URBAN)
    t.lone = school("孤岛小学")
    t.community = CommunityFactory(district=t.district, name="城关教共体")
    t.north = CommunityFactory(district=t.district, name="江北教共体")
    for s, role, start, end, community in [
        (t.core, MemberRole.CORE, D(2023, 9, 1), None, t.community),
        (t.hekou, MemberRole.MEMBER, D(2023, 9, 1), None, t.community),
        (t.xikou, MemberRole.MEMBER, D(2023, 9, 1), None, t.community),
        (t.mover, MemberRole.MEMBER, D(2023, 9, 1), D(2026, 3, 1), t.community),
        (t.mover, MemberRole.MEMBER, D(2026, 3, 1), None, t.north),
        (t.north_core, MemberRole.CORE, D(2023, 9, 1), None, t.north),
    ]:
        MembershipFactory(community=community, school=s, role=role, start_on=start, end_on=end)

    def teacher(name, school, **kw):
        kw.setdefault("joined_school_on", D(2010, 9, 1))
        return TeacherFactory(school=school, name=name, **kw)

    t.jia = teacher("甲", t.core, backbone_level=BackboneLevel.COUNTY)
    t.yi = teacher("乙", t.core)
    t.bing = teacher("丙", t.core)
    t.ding = teacher("丁", t.core, backbone_level=BackboneLevel.SCHOOL)
    t.wu = teacher("戊", t.core, joined_school_on=D(2022, 9, 1))
    t.ji = teacher("己", t.core, birth_year=1966, gender=Gender.MALE)
    t.head = teacher(
        "校长", t.core, position=StaffPosition.PRINCIPAL, joined_school_on=D(2021, 9, 1)
    )
    t.he_jia = teacher("河甲", t.hekou)
    t.he_yi = teacher("河乙", t.hekou)
    t.point_jia = teacher("点甲", t.point)

    t.x_jia = exchange(t.jia, [t.hekou])
    file_on(t.x_jia, D(2025, 8, 20))
    t.x_yi = exchange(t.yi, [t.point], start=2024, end=2025)
    t.x_bing = exchange(t.bing, [t.hekou])
    services.exchange_force_status(exchange=t.x_bing, status=ExchangeStatus.CANCELLED)
    t.x_ji = exchange(t.ji, [t.xikou])
    services.exchange_force_status(exchange=t.x_ji, status=ExchangeStatus.RETURNED)
    t.x_ding = exchange(t.ding, [t.hekou, t.xikou], kind=ExchangeKind.ITINERANT)
    t.x_wu = exchange(t.wu, [t.mover], end_semester=Semester.AUTUMN)
    t.x_he = exchange(t.he_jia, [t.core], kind=ExchangeKind.SHADOW)
    file_on(t.x_he, D(2025, 9, 10))
    t.x_point = exchange(t.point_jia, [t.core], kind=ExchangeKind.SHADOW)
    return t


@pytest.fixture
def binding(db, town):
    """结对 (捆绑结对): 城南小学 with 山村小学; each principal's weeks at the partner."""
    b = SimpleNamespace()
    b.core = SchoolFactory(district=town.district, name="城南小学", locale=Locale.URBAN)
    b.member = SchoolFactory(district=town.district, name="山村小学")
    b.community = CommunityFactory(
        district=town.district, name="城南结对", kind=CommunityKind.BINDING
    )
    MembershipFactory(community=b.community, school=b.core, role=MemberRole.CORE)
    MembershipFactory(community=b.community, school=b.member)
    b.core_head = TeacherFactory(school=b.core, name="城南校长", position=StaffPosition.PRINCIPAL)
    b.member_head = TeacherFactory(
        school=b.member, name="山村校长", position=StaffPosition.PRINCIPAL
    )
    return b


@pytest.fixture
def bureau_user(town):
    return UserFactory(username="rules_staff", role=Role.BUREAU_STAFF, district=town.district)

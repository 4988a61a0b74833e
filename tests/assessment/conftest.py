"""A hand-computed assessment world (see ``test_formulas``): two dimensions, three years."""

import datetime
from decimal import Decimal

import pytest

from assessment import services
from assessment.enums import SATISFACTION_MEASURE, IndicatorKind, Scorer
from assessment.models import Dimension, Indicator, Scheme
from communities.enums import MemberRole
from tests.factories import CommunityFactory, MembershipFactory, SchoolFactory

D = Decimal


def make_scheme(district, year, actor) -> Scheme:
    """Quality (60, watched for rule 18): one scored indicator of 60 points; satisfaction (40):
    the satisfaction rate, full marks at 100 %."""
    scheme = Scheme.objects.create(district=district, school_year=year, name="测试方案")
    quality = Dimension.objects.create(
        scheme=scheme, code="quality", name="教育质量提升度", weight=D(60), decline_watch=True
    )
    satisfaction = Dimension.objects.create(
        scheme=scheme, code="satisfaction", name="办学效果满意度", weight=D(40), order=1
    )
    Indicator.objects.create(dimension=quality, code="q1", name="质量监测", max_score=D(60))
    Indicator.objects.create(
        dimension=satisfaction,
        code="s1",
        name="满意度",
        max_score=D(40),
        kind=IndicatorKind.DERIVED,
        scorer=Scorer.RECORDS,
        measure_code=SATISFACTION_MEASURE,
        full_at=D(100),
    )
    return services.scheme_activate(scheme=scheme, actor=actor)


def enter(scheme, school, quality=None, satisfaction=None, actor=None):
    q1 = Indicator.objects.get(dimension__scheme=scheme, code="q1")
    s1 = Indicator.objects.get(dimension__scheme=scheme, code="s1")
    if quality is not None:
        services.score_set(indicator=q1, school=school, value=D(quality), actor=actor)
    if satisfaction is not None:
        services.score_set(indicator=s1, school=school, value=D(satisfaction), actor=actor)


@pytest.fixture
def assessed(world):
    """城关教共体: core 城关第一小学, members 河口小学, 溪口小学 (joined 2025-11-01) and 半路小学
    (in 东片教共体 until 2026-02-28, then 城关: more days in 城关). 东片教共体: core 东片中心校."""
    w = world
    staff = w.users["bureau_staff"]
    w.xikou = SchoolFactory(district=w.district, name="溪口小学")
    MembershipFactory(community=w.community, school=w.xikou, start_on=datetime.date(2025, 11, 1))
    w.east = CommunityFactory(district=w.district, name="东片教共体")
    w.east_core = SchoolFactory(district=w.district, name="东片中心校")
    MembershipFactory(
        community=w.east,
        school=w.east_core,
        role=MemberRole.CORE,
        start_on=datetime.date(2023, 9, 1),
    )
    w.banlu = SchoolFactory(district=w.district, name="半路小学")
    MembershipFactory(
        community=w.east,
        school=w.banlu,
        start_on=datetime.date(2025, 9, 1),
        end_on=datetime.date(2026, 3, 1),
    )
    MembershipFactory(community=w.community, school=w.banlu, start_on=datetime.date(2026, 3, 1))

    w.s2023 = make_scheme(w.district, 2023, staff)
    enter(w.s2023, w.core_school, 50, 96, staff)
    enter(w.s2023, w.member_school, 50, 95, staff)
    enter(w.s2023, w.east_core, 50, 95, staff)
    w.s2024 = make_scheme(w.district, 2024, staff)
    enter(w.s2024, w.core_school, 50, 96, staff)
    enter(w.s2024, w.member_school, 45, 95, staff)
    enter(w.s2024, w.east_core, 50, 95, staff)
    w.s2025 = make_scheme(w.district, 2025, staff)
    enter(w.s2025, w.core_school, 54, 98, staff)
    enter(w.s2025, w.member_school, 42, 90, staff)
    enter(w.s2025, w.xikou, 30, None, staff)  # satisfaction: no data
    enter(w.s2025, w.banlu, 60, 100, staff)
    enter(w.s2025, w.east_core, 48, 97, staff)
    w.staff = staff
    return w

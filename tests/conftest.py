"""The fixed cast every test module uses.

Home district 示范县 (999999) holds one community: 城关一小 (core) with member 河口小学, whose
teaching point 河口教学点 is nested under it; plus 孤岛小学 in no community. Another district
(外县) holds the same shapes, every name carrying the CANARY string that must never appear in a
response to a home-district user. ``world_with_second_member`` adds a second member school
with its own teaching point (the matrix and the admin walk use it).

The users: one per role of the home district, a superuser bound to the home district
(``district_superuser``, a bureau administrator by role: scoped like one, never the platform),
and bureau staff of the other district (``other_staff``).
"""

import datetime

import pytest

from accounts.enums import Role
from activities.enums import SEEDED_KINDS
from activities.models import ActivityKind
from communities.enums import CommunityKind, MemberRole
from schools.enums import Locale, Stage

from .factories import (
    CommunityFactory,
    DistrictFactory,
    MembershipFactory,
    SchoolFactory,
    TeacherFactory,
    UserFactory,
)

CANARY = "CANARY外县绝密"


@pytest.fixture
def district(db):
    return make_district()


def make_district():
    _seeded_activity_kinds()
    return DistrictFactory(name="示范县", code="999999")


def _seeded_activity_kinds():
    """The catalogue a data migration seeds; a transactional test's flush empties it, so the
    cast puts it back for the tests that run after one in the same worker."""
    if ActivityKind.objects.filter(district=None).exists():
        return
    ActivityKind.objects.bulk_create(
        ActivityKind(district=None, name=name, rule_tag=tag, order=order * 10)
        for order, (name, tag) in enumerate(SEEDED_KINDS, start=1)
    )


@pytest.fixture
def other_district(db):
    return make_other_district()


def make_other_district():
    return DistrictFactory(name=f"{CANARY}县", code="888888")


class World:
    """The cast: a namespace of the home district's objects (and the other district's)."""


@pytest.fixture
def world(district, other_district):
    """Both districts populated. Returns a namespace of the home district's objects."""
    return build_world(district, other_district)


def build_world(district, other_district) -> World:
    w = World()
    w.district = district
    w.core_school = SchoolFactory(
        district=district,
        name="城关第一小学",
        locale=Locale.URBAN,
        code="3510000001",
        stage=Stage.PRIMARY,
    )
    w.member_school = SchoolFactory(district=district, name="河口小学", locale=Locale.RURAL)
    w.teaching_point = SchoolFactory(
        district=district, name="河口教学点", parent=w.member_school, students=20
    )
    w.lone_school = SchoolFactory(district=district, name="孤岛小学")
    w.community = CommunityFactory(
        district=district, name="城关教共体", kind=CommunityKind.COMMUNITY
    )
    w.core_membership = MembershipFactory(
        community=w.community,
        school=w.core_school,
        role=MemberRole.CORE,
        start_on=datetime.date(2023, 9, 1),
    )
    w.membership = MembershipFactory(
        community=w.community, school=w.member_school, start_on=datetime.date(2023, 9, 1)
    )
    w.core_teacher = TeacherFactory(school=w.core_school, name="王骨干")
    w.member_teacher = TeacherFactory(school=w.member_school, name="李老师")
    w.lone_teacher = TeacherFactory(school=w.lone_school, name="赵老师")

    w.other_school = SchoolFactory(district=other_district, name=f"{CANARY}中心小学")
    w.other_child = SchoolFactory(
        district=other_district, name=f"{CANARY}教学点", parent=w.other_school
    )
    w.other_community = CommunityFactory(district=other_district, name=f"{CANARY}教共体")
    w.other_membership = MembershipFactory(
        community=w.other_community, school=w.other_school, role=MemberRole.CORE
    )
    w.other_teacher = TeacherFactory(school=w.other_school, name=f"{CANARY}老师")

    w.users = {
        "bureau_admin": UserFactory(
            username="t_admin", role=Role.BUREAU_ADMIN, district=district, is_staff=True
        ),
        "bureau_staff": UserFactory(username="t_staff", role=Role.BUREAU_STAFF, district=district),
        "community_leader": UserFactory(
            username="t_leader",
            role=Role.COMMUNITY_LEADER,
            district=district,
            community=w.community,
        ),
        "school_leader": UserFactory(
            username="t_school", role=Role.SCHOOL_LEADER, district=district, school=w.member_school
        ),
        "district_superuser": UserFactory(
            username="t_super",
            role=Role.BUREAU_ADMIN,
            district=district,
            is_staff=True,
            is_superuser=True,
        ),
        "other_staff": UserFactory(
            username="t_other",
            role=Role.BUREAU_STAFF,
            district=other_district,
            last_name=CANARY,
        ),
    }
    return w


@pytest.fixture
def world_with_second_member(world):
    """The cast plus a second member school, 溪口小学, with its own teaching point 溪口教学点
    and a teacher there: the school leader of 河口小学 must not reach either."""
    return add_second_member(world)


def add_second_member(world):
    world.second_member = SchoolFactory(
        district=world.district, name="溪口小学", locale=Locale.RURAL
    )
    world.second_point = SchoolFactory(
        district=world.district, name="溪口教学点", parent=world.second_member, students=15
    )
    world.second_membership = MembershipFactory(
        community=world.community, school=world.second_member, start_on=datetime.date(2024, 9, 1)
    )
    world.second_point_teacher = TeacherFactory(school=world.second_point, name="孙老师")
    return world


@pytest.fixture
def bureau_client(client, world):
    client.force_login(world.users["bureau_staff"])
    return client


@pytest.fixture
def admin_client_(client, world):
    client.force_login(world.users["bureau_admin"])
    return client


@pytest.fixture
def leader_client(client, world):
    client.force_login(world.users["community_leader"])
    return client


@pytest.fixture
def school_client(client, world):
    client.force_login(world.users["school_leader"])
    return client

"""The model API other apps build on: derived dates, direction, school-year filters."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.school_year import SchoolYear, Semester
from exchanges.enums import Direction, ExchangeKind, ExchangeStatus
from exchanges.models import Exchange
from tests.factories import CommunityFactory, MembershipFactory, SchoolFactory, TeacherFactory

from .conftest import make_exchange

pytestmark = pytest.mark.django_db


def test_planned_dates_are_derived_from_semesters(outgoing):
    assert outgoing.planned_start == datetime.date(2025, 9, 1)
    assert outgoing.planned_end == datetime.date(2026, 7, 31)
    assert outgoing.semesters == 2
    assert outgoing.home_school == outgoing.teacher.school


def test_direction_core_to_member_and_back(world):
    out = make_exchange(world.core_teacher, [world.member_school])
    back = make_exchange(world.member_teacher, [world.core_school])
    assert (out.direction, out.community) == (Direction.CORE_TO_MEMBER, world.community)
    assert (back.direction, back.community) == (Direction.MEMBER_TO_CORE, world.community)


def test_direction_of_teaching_point_follows_its_parent(world):
    teacher = TeacherFactory(school=world.teaching_point)
    exchange = make_exchange(teacher, [world.core_school])
    assert exchange.direction == Direction.MEMBER_TO_CORE


def test_direction_outside_and_across(world_with_second_member):
    w = world_with_second_member
    assert make_exchange(w.lone_teacher, [w.core_school]).direction == Direction.OUTSIDE
    second_teacher = TeacherFactory(school=w.second_member)
    assert make_exchange(second_teacher, [w.member_school]).direction == Direction.MEMBER_TO_MEMBER
    other = CommunityFactory(district=w.district, name="江北教共体")
    far = MembershipFactory(community=other, school=SchoolFactory(district=w.district)).school
    assert make_exchange(w.member_teacher, [far]).direction == Direction.CROSS_COMMUNITY


def test_itinerant_with_mixed_hosts(world_with_second_member):
    w = world_with_second_member
    exchange = make_exchange(
        w.core_teacher, [w.member_school, w.lone_school], kind=ExchangeKind.ITINERANT
    )
    directions = dict(exchange.host_links.values_list("school_id", "direction"))
    assert directions == {
        w.member_school.pk: Direction.CORE_TO_MEMBER,
        w.lone_school.pk: Direction.OUTSIDE,
    }
    assert exchange.direction == Direction.MIXED


def test_direction_uses_memberships_at_planned_start(world):
    """A school that joined the community after the planned start is not yet a member then."""
    late = SchoolFactory(district=world.district, name="新成员小学")
    MembershipFactory(community=world.community, school=late, start_on=datetime.date(2026, 2, 1))
    autumn = make_exchange(world.core_teacher, [late], end_semester=Semester.AUTUMN)
    spring = make_exchange(
        TeacherFactory(school=world.core_school),
        [late],
        start=2025,
        start_semester=Semester.SPRING,
    )
    assert autumn.direction == Direction.OUTSIDE
    assert spring.direction == Direction.CORE_TO_MEMBER


def test_school_year_filters_and_counting(world):
    two_years = make_exchange(world.core_teacher, [world.member_school], start=2024, end=2025)
    autumn_only = make_exchange(
        world.member_teacher, [world.core_school], end_semester=Semester.AUTUMN
    )
    y2024, y2025 = SchoolYear(2024), SchoolYear(2025)
    assert set(Exchange.objects.in_school_year(y2024)) == {two_years}
    assert set(Exchange.objects.in_school_year(y2025)) == {two_years, autumn_only}
    assert set(Exchange.objects.covering_school_year(y2025)) == {two_years}
    assert set(Exchange.objects.in_semester(y2025, Semester.SPRING)) == {two_years}
    Exchange.objects.filter(pk=autumn_only.pk).update(status=ExchangeStatus.CANCELLED)
    assert set(Exchange.objects.counting().in_school_year(y2025)) == {two_years}


def test_overlapping_exchange_of_one_teacher_refused(world, outgoing):
    with pytest.raises(ValidationError, match="已有交流安排"):
        make_exchange(world.core_teacher, [world.lone_school])


def test_only_itinerant_has_several_hosts(world):
    with pytest.raises(ValidationError, match="只有走教"):
        make_exchange(world.core_teacher, [world.member_school, world.lone_school])

"""The roster invariants, tested on the services every view, import and command calls."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from communities import services
from communities.enums import MemberRole
from communities.models import Community, Membership
from tests.factories import CommunityFactory, SchoolFactory

D = datetime.date


def _messages(exc: ValidationError) -> dict:
    return {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}


@pytest.mark.django_db
def test_community_create_opens_exactly_one_core_membership(world):
    school = SchoolFactory(district=world.district, name="新城小学")
    community = Community(district=world.district, name="新城教共体", stage="primary")

    services.community_create(
        community=community,
        core_school=school,
        start_on=D(2025, 9, 1),
        actor=world.users["bureau_staff"],
    )

    rows = list(
        Membership.objects.filter(community=community).values_list("school__name", "role", "end_on")
    )
    assert rows == [("新城小学", "core", None)]
    assert community.history.first().history_user == world.users["bureau_staff"]


@pytest.mark.django_db
def test_second_current_community_for_a_school_is_refused(world):
    other = CommunityFactory(district=world.district, name="第二教共体")

    with pytest.raises(ValidationError) as exc:
        services.membership_add(community=other, school=world.member_school, start_on=D(2025, 9, 1))

    assert _messages(exc.value) == {
        "school": ["「河口小学」目前已在「城关教共体」中，请先办理退出。"]
    }
    assert Membership.objects.filter(school=world.member_school).count() == 1


@pytest.mark.django_db
def test_second_core_school_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.membership_add(
            community=world.community,
            school=world.lone_school,
            role=MemberRole.CORE,
            start_on=D(2025, 9, 1),
        )

    assert _messages(exc.value) == {
        "role": ["本教共体已有核心校「城关第一小学」，请使用「更换核心校」。"]
    }


@pytest.mark.django_db
def test_database_refuses_second_current_core_even_without_services(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            community=world.community,
            school=world.lone_school,
            role=MemberRole.CORE,
            start_on=D(2025, 9, 1),
        )


@pytest.mark.django_db
def test_nested_school_cannot_be_enrolled_on_its_own(world):
    with pytest.raises(ValidationError) as exc:
        services.membership_add(
            community=world.community, school=world.teaching_point, start_on=D(2025, 9, 1)
        )

    assert _messages(exc.value) == {
        "school": ["「河口教学点」隶属于「河口小学」，随上级学校所在教共体，不能单独加入。"]
    }


@pytest.mark.django_db
def test_end_date_before_start_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.membership_end(membership=world.membership, end_on=D(2020, 1, 1))

    assert _messages(exc.value) == {"end_on": ["退出日期不能早于加入日期。"]}
    world.membership.refresh_from_db()
    assert world.membership.end_on is None


@pytest.mark.django_db
def test_leaving_and_rejoining_keeps_both_rows(world):
    services.membership_end(membership=world.membership, end_on=D(2024, 8, 31))
    other = CommunityFactory(district=world.district, name="江北教共体")
    services.membership_add(community=other, school=world.member_school, start_on=D(2024, 9, 1))

    rows = list(
        Membership.objects.filter(school=world.member_school)
        .order_by("start_on")
        .values_list("community__name", "start_on", "end_on")
    )
    assert rows == [
        ("城关教共体", D(2023, 9, 1), D(2024, 8, 31)),
        ("江北教共体", D(2024, 9, 1), None),
    ]


@pytest.mark.django_db
def test_rejoining_before_the_last_exit_is_refused(world):
    services.membership_end(membership=world.membership, end_on=D(2024, 8, 31))

    with pytest.raises(ValidationError) as exc:
        services.membership_add(
            community=world.community, school=world.member_school, start_on=D(2024, 3, 1)
        )

    assert _messages(exc.value) == {"start_on": ["加入日期不能早于该校上次退出日期 2024-08-31。"]}


@pytest.mark.django_db
def test_core_cannot_simply_leave(world):
    with pytest.raises(ValidationError) as exc:
        services.membership_end(membership=world.core_membership, end_on=D(2025, 1, 1))

    assert _messages(exc.value) == {"end_on": ["核心校不能直接退出，请使用「更换核心校」。"]}


@pytest.mark.django_db
def test_core_replace_promotes_a_member_and_keeps_the_old_core_as_member(world):
    services.core_replace(community=world.community, school=world.member_school, on=D(2025, 9, 1))

    current = dict(
        Membership.objects.current()
        .filter(community=world.community)
        .values_list("school__name", "role")
    )
    assert current == {"河口小学": "core", "城关第一小学": "member"}
    assert Membership.objects.filter(community=world.community).count() == 4


@pytest.mark.django_db
def test_school_from_another_district_cannot_join(world):
    with pytest.raises(ValidationError) as exc:
        services.membership_add(
            community=world.community, school=world.other_school, start_on=D(2025, 9, 1)
        )

    assert list(exc.value.message_dict) == ["school"]

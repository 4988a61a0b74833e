"""Who sees what: the visible querysets of accounts.access for each member of the cast."""

import pytest

from accounts import access
from communities.visibility import communities_visible_to, schools_visible_to, teachers_visible_to


def _names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


HOME_SCHOOLS = {"城关第一小学", "河口小学", "河口教学点", "孤岛小学"}
COMMUNITY_SCHOOLS = {"城关第一小学", "河口小学", "河口教学点"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "schools", "teachers", "communities"),
    [
        ("bureau_admin", HOME_SCHOOLS, {"王骨干", "李老师", "赵老师"}, {"城关教共体"}),
        ("bureau_staff", HOME_SCHOOLS, {"王骨干", "李老师", "赵老师"}, {"城关教共体"}),
        ("community_leader", COMMUNITY_SCHOOLS, {"王骨干", "李老师"}, {"城关教共体"}),
        ("school_leader", COMMUNITY_SCHOOLS, {"李老师"}, {"城关教共体"}),
    ],
)
def test_visible_sets_per_role(world, actor, schools, teachers, communities):
    user = world.users[actor]

    assert _names(schools_visible_to(user)) == schools
    assert _names(teachers_visible_to(user)) == teachers
    assert _names(communities_visible_to(user)) == communities


@pytest.mark.django_db
def test_other_district_staff_sees_only_its_own(world):
    user = world.users["other_staff"]

    assert _names(schools_visible_to(user)) == {
        "CANARY外县绝密中心小学",
        "CANARY外县绝密教学点",
    }
    assert _names(communities_visible_to(user)) == {"CANARY外县绝密教共体"}


@pytest.mark.django_db
def test_school_leader_of_a_school_in_no_community_sees_only_its_school(world):
    user = world.users["school_leader"]
    user.school = world.lone_school

    assert _names(schools_visible_to(user)) == {"孤岛小学"}
    assert _names(communities_visible_to(user)) == set()


@pytest.mark.django_db
def test_edit_rights(world):
    staff, leader, head = (
        world.users[k] for k in ("bureau_staff", "community_leader", "school_leader")
    )

    assert access.can_edit_school(staff, world.core_school)
    assert access.can_edit_school(head, world.member_school)
    assert not access.can_edit_school(head, world.core_school)
    assert not access.can_edit_school(leader, world.member_school)
    assert access.can_edit_teacher(head, world.member_teacher)
    assert not access.can_edit_teacher(head, world.core_teacher)
    assert not access.can_move_teacher(head, world.member_teacher)
    assert access.can_manage_governance(leader, world.community)
    assert not access.can_manage_governance(head, world.community)
    assert not access.can_manage_rosters(leader)

"""A role is bound in the model: every write path (admin, services, demo) gets the same check."""

import pytest
from django.core.exceptions import ValidationError

from accounts import services
from accounts.enums import Role
from accounts.models import User


def _user(**fields) -> User:
    user = User(**fields)
    user.set_unusable_password()
    return user


def _errors(user: User) -> dict:
    with pytest.raises(ValidationError) as caught:
        services.user_save(user=user)
    return caught.value.message_dict


def test_a_role_needs_a_district(world):
    assert _errors(_user(username="u1", role=Role.BUREAU_STAFF)) == {
        "district": ["有角色的用户必须属于一个教育局。"]
    }


def test_a_community_leader_needs_a_community(world):
    user = _user(username="u2", role=Role.COMMUNITY_LEADER, district=world.district)

    assert _errors(user) == {"community": ["教共体负责人必须绑定一个教共体。"]}


def test_a_school_leader_needs_a_school(world):
    user = _user(username="u3", role=Role.SCHOOL_LEADER, district=world.district)

    assert _errors(user) == {"school": ["学校负责人必须绑定一所学校。"]}


def test_the_community_lies_in_the_users_district(world):
    user = _user(
        username="u4",
        role=Role.COMMUNITY_LEADER,
        district=world.district,
        community=world.other_community,
    )

    assert _errors(user) == {"community": ["所选教共体不属于该用户的教育局。"]}


def test_the_school_lies_in_the_users_district(world):
    user = _user(
        username="u6", role=Role.SCHOOL_LEADER, district=world.district, school=world.other_school
    )

    assert _errors(user) == {"school": ["所选学校不属于该用户的教育局。"]}


def test_a_valid_binding_is_saved(world):
    user = services.user_save(
        user=_user(
            username="u5",
            role=Role.SCHOOL_LEADER,
            district=world.district,
            school=world.member_school,
        )
    )

    assert User.objects.get(pk=user.pk).school == world.member_school

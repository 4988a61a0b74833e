import datetime

import pytest

from communities.selectors import community_list
from tests.factories import CommunityFactory, MembershipFactory, SchoolFactory


@pytest.mark.django_db
def test_community_list_annotates_core_and_counts(world):
    rows = list(community_list(user=world.users["bureau_staff"], params={}))

    assert [(c.name, c.core_school_name, c.member_count, c.over_limit) for c in rows] == [
        ("城关教共体", "城关第一小学", 1, False)
    ]


@pytest.mark.django_db
def test_community_list_search_by_nested_school_name(world):
    other = CommunityFactory(district=world.district, name="北片教共体")
    MembershipFactory(
        community=other, school=SchoolFactory(district=world.district, name="北山小学"), role="core"
    )

    found = community_list(user=world.users["bureau_staff"], params={"q": "河口教学点"})

    assert [c.name for c in found] == ["城关教共体"]


@pytest.mark.django_db
def test_community_list_ignores_ended_memberships_in_search(world):
    world.membership.end_on = datetime.date(2024, 7, 1)
    world.membership.save()

    assert list(community_list(user=world.users["bureau_staff"], params={"q": "河口小学"})) == []

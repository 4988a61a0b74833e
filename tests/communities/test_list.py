import datetime

import pytest
from django.urls import reverse

from communities.enums import Closeness, CommunityKind, CommunityModel, CommunityStage, MemberRole
from tests.conftest import CANARY
from tests.factories import CommunityFactory, MembershipFactory, SchoolFactory

URL = reverse("communities:community_list")


def names(response) -> list[str]:
    return [c.name for c in response.context["communities"]]


def make_community(district, name, *, members=0, **fields):
    community = CommunityFactory(district=district, name=name, **fields)
    MembershipFactory(
        community=community,
        role=MemberRole.CORE,
        school=SchoolFactory(district=district, name=f"{name}核心校"),
    )
    for i in range(members):
        MembershipFactory(
            community=community, school=SchoolFactory(district=district, name=f"{name}成员{i}")
        )
    return community


@pytest.mark.django_db
def test_list_shows_columns_of_home_district_only(bureau_client, world):
    response = bureau_client.get(URL)

    body = response.content.decode()
    assert response.status_code == 200
    assert names(response) == ["城关教共体"]
    row = response.context["communities"][0]
    assert (row.core_school_name, row.member_count, row.over_limit) == ("城关第一小学", 1, False)
    assert "城关第一小学" in body
    assert "1 / 6" in body
    assert "2023-09-01" in body
    assert CANARY not in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("param", "value", "expected"),
    [
        ("kind", CommunityKind.GROUP, ["集团"]),
        ("stage", CommunityStage.JUNIOR, ["集团"]),
        ("closeness", Closeness.LOOSE, ["集团"]),
        ("model", CommunityModel.THROUGH_STAGE, ["集团"]),
        ("kind", CommunityKind.COMMUNITY, ["城关教共体"]),
    ],
)
def test_list_filters_by_choice(bureau_client, world, param, value, expected):
    make_community(
        world.district,
        "集团",
        kind=CommunityKind.GROUP,
        stage=CommunityStage.JUNIOR,
        closeness=Closeness.LOOSE,
        model=CommunityModel.THROUGH_STAGE,
    )

    response = bureau_client.get(URL, {param: value})

    assert names(response) == expected


@pytest.mark.django_db
def test_list_search_by_community_name(bureau_client, world):
    make_community(world.district, "北片小片区")

    response = bureau_client.get(URL, {"q": "北片"})

    assert names(response) == ["北片小片区"]


@pytest.mark.django_db
def test_list_search_by_current_member_school_name_finds_its_community(bureau_client, world):
    make_community(world.district, "北片小片区")

    by_member = bureau_client.get(URL, {"q": "河口小学"})
    by_teaching_point = bureau_client.get(URL, {"q": "河口教学点"})
    by_core = bureau_client.get(URL, {"q": "北片小片区核心校"})

    assert names(by_member) == ["城关教共体"]
    assert names(by_teaching_point) == ["城关教共体"]
    assert names(by_core) == ["北片小片区"]


@pytest.mark.django_db
def test_list_search_ignores_former_members(bureau_client, world):
    world.membership.end_on = datetime.date(2024, 7, 1)
    world.membership.save()

    response = bureau_client.get(URL, {"q": "河口小学"})

    assert names(response) == []


@pytest.mark.django_db
def test_list_search_never_finds_other_district(bureau_client, world):
    response = bureau_client.get(URL, {"q": CANARY})

    assert names(response) == []
    assert response.status_code == 200


@pytest.mark.django_db
def test_over_limit_filter_and_badge(bureau_client, world):
    make_community(world.district, "大集团", members=3, member_limit=2)
    make_community(world.district, "小集团", members=2, member_limit=2)

    response = bureau_client.get(URL, {"over_limit": "1"})

    assert names(response) == ["大集团"]
    assert (
        '<span class="badge warn" title="超过成员校上限">3 / 2 超限</span>'
        in response.content.decode()
    )
    dashboard = bureau_client.get(reverse("dashboard"))
    assert [c.name for c in dashboard.context["overview"]["communities_over_limit"]] == ["大集团"]


@pytest.mark.django_db
def test_invalid_filter_value_is_ignored_not_500(bureau_client, world):
    response = bureau_client.get(URL, {"kind": "nonsense", "page": "abc"})

    assert response.status_code == 200
    assert names(response) == ["城关教共体"]


@pytest.mark.django_db
def test_school_leader_lists_only_its_community(school_client, world):
    make_community(world.district, "北片小片区")

    response = school_client.get(URL)

    assert names(response) == ["城关教共体"]
    assert "新建教共体" not in response.content.decode()


@pytest.mark.django_db
def test_list_requires_login(client, world):
    response = client.get(URL)

    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 300])
def test_list_query_count_is_fixed(bureau_client, world, django_assert_num_queries, count):
    for i in range(count - 1):
        make_community(world.district, f"批量教共体{i:03d}", members=1)

    with django_assert_num_queries(5):
        response = bureau_client.get(URL)

    assert response.status_code == 200
    assert len(response.context["communities"]) == min(count, 50)


@pytest.mark.django_db
def test_over_limit_zero_lists_communities_within_limit(bureau_client, world):
    make_community(world.district, "大集团", members=3, member_limit=2)

    response = bureau_client.get(URL, {"over_limit": "0"})

    assert names(response) == ["城关教共体"]

import datetime

import pytest
from django.urls import reverse

from communities import services
from tests.conftest import CANARY
from tests.factories import PositionFactory, SchoolFactory, WorkGroupFactory


def detail_url(community) -> str:
    return reverse("communities:community_detail", args=[community.pk])


@pytest.mark.django_db
def test_detail_shows_core_members_and_nested_teaching_point_under_its_member(bureau_client, world):
    response = bureau_client.get(detail_url(world.community))

    assert response.status_code == 200
    assert response.context["core"].school == world.core_school
    members = response.context["members"]
    assert [m.school.name for m in members] == ["河口小学"]
    assert [c.name for c in members[0].school.children.all()] == ["河口教学点"]
    body = response.content.decode()
    member_row = body[body.index(">河口小学</a>") :]
    member_row = member_row[: member_row.index("</tr>")]
    assert "河口教学点" in member_row
    assert CANARY not in body


@pytest.mark.django_db
def test_detail_membership_history_lists_ended_rows_with_dates(bureau_client, world, district):
    services.membership_end(membership=world.membership, end_on=datetime.date(2024, 7, 1))
    services.membership_add(
        community=world.community,
        school=world.member_school,
        start_on=datetime.date(2025, 9, 1),
        note="重新加入",
    )

    response = bureau_client.get(detail_url(world.community))

    history = [
        (m.school.name, m.role, m.start_on, m.end_on)
        for m in response.context["membership_history"]
    ]
    assert history == [
        ("河口小学", "member", datetime.date(2025, 9, 1), None),
        ("河口小学", "member", datetime.date(2023, 9, 1), datetime.date(2024, 7, 1)),
        ("城关第一小学", "core", datetime.date(2023, 9, 1), None),
    ]
    body = response.content.decode()
    assert "2024-07-01" in body
    assert "重新加入" in body


@pytest.mark.django_db
def test_detail_shows_positions_current_and_past_and_work_groups(bureau_client, world):
    PositionFactory(
        community=world.community, title="chair", teacher=world.core_teacher, person_name=""
    )
    PositionFactory(
        community=world.community,
        title="liaison",
        person_name="外聘专家",
        start_on=datetime.date(2022, 9, 1),
        end_on=datetime.date(2023, 8, 31),
    )
    group = WorkGroupFactory(
        community=world.community,
        name="教学联络组",
        leader=world.core_teacher,
        other_members="张三、李四",
        duties="组织联合教研",
    )
    group.members.set([world.member_teacher])

    response = bureau_client.get(detail_url(world.community))

    assert [p.holder_name for p in response.context["current_positions"]] == ["王骨干"]
    assert [p.holder_name for p in response.context["past_positions"]] == ["外聘专家"]
    body = response.content.decode()
    for text in [
        "理事长",
        "王骨干",
        "外聘专家",
        "2023-08-31",
        "教学联络组",
        "李老师",
        "张三、李四",
        "组织联合教研",
    ]:
        assert text in body


@pytest.mark.django_db
def test_detail_flags_member_count_over_limit(bureau_client, world):
    world.community.member_limit = 1
    world.community.save()
    services.membership_add(
        community=world.community, school=world.lone_school, start_on=datetime.date(2024, 9, 1)
    )

    response = bureau_client.get(detail_url(world.community))

    assert (response.context["member_count"], response.context["over_limit"]) == (2, True)
    assert "成员校 2 所，超过上限 1 所" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "sees_roster_buttons", "sees_governance_buttons"),
    [
        ("bureau_staff", True, True),
        ("community_leader", False, True),
        ("school_leader", False, False),
    ],
)
def test_detail_action_buttons_follow_permissions(
    client, world, role, sees_roster_buttons, sees_governance_buttons
):
    client.force_login(world.users[role])
    pk = world.community.pk

    response = client.get(detail_url(world.community))

    body = response.content.decode()
    assert response.status_code == 200
    assert (reverse("communities:membership_add", args=[pk]) in body) == sees_roster_buttons
    assert (reverse("communities:community_update", args=[pk]) in body) == sees_roster_buttons
    assert (reverse("communities:position_add", args=[pk]) in body) == sees_governance_buttons
    assert (reverse("communities:workgroup_add", args=[pk]) in body) == sees_governance_buttons


@pytest.mark.django_db
def test_detail_of_other_district_is_404(bureau_client, world):
    response = bureau_client.get(detail_url(world.other_community))

    assert response.status_code == 404
    assert CANARY not in response.content.decode()


@pytest.mark.django_db
def test_school_leader_of_school_outside_community_gets_404(client, world):
    from accounts.enums import Role
    from tests.factories import UserFactory

    outsider = UserFactory(
        username="t_lone",
        role=Role.SCHOOL_LEADER,
        district=world.district,
        school=world.lone_school,
    )
    client.force_login(outsider)

    response = client.get(detail_url(world.community))

    assert response.status_code == 404


@pytest.mark.django_db
def test_detail_audit_trail_after_adding_member_names_who_and_what(bureau_client, world):
    school = SchoolFactory(district=world.district, name="新河小学")
    add_url = reverse("communities:membership_add", args=[world.community.pk])
    bureau_client.post(
        add_url, {"school": school.pk, "role": "member", "start_on": "2025-09-01", "note": ""}
    )

    response = bureau_client.get(detail_url(world.community))

    newest = response.context["trail"][0]
    staff = world.users["bureau_staff"]
    assert (newest.who, newest.action) == (str(staff), "创建")
    assert newest.subject == "成员关系「新河小学 · 成员校」"
    assert [(c.label, c.new) for c in newest.changes if c.label in ("学校", "加入日期")] == [
        ("学校", "新河小学"),
        ("加入日期", "2025-09-01"),
    ]
    assert str(staff) in response.content.decode()


def test_detail_query_count_does_not_grow_with_members_and_history(
    bureau_client, world, django_assert_num_queries
):
    # No position or work group: their prefetches do not run (tests/test_query_counts.py
    # counts the page with them, at a few rows and at a few hundred). 18 of the page, 1 of
    # the exchanges panel, 1 of the activities panel; the rule checks, the governance figures
    # and the resource-sharing table are deferred to the panels page (core.panels).
    with django_assert_num_queries(23):
        assert bureau_client.get(detail_url(world.community)).status_code == 200
    add_url = reverse("communities:membership_add", args=[world.community.pk])
    for n in range(8):
        school = SchoolFactory(district=world.district, name=f"新增成员{n}小学")
        SchoolFactory(district=world.district, name=f"新增成员{n}教学点", parent=school)
        bureau_client.post(
            add_url, {"school": school.pk, "role": "member", "start_on": "2025-09-01", "note": ""}
        )

    with django_assert_num_queries(23):
        response = bureau_client.get(detail_url(world.community))

    assert len(response.context["members"]) == 9


def test_membership_changes_show_the_newest_with_a_link_to_the_whole_record(bureau_client, world):
    add_url = reverse("communities:membership_add", args=[world.community.pk])
    for n in range(12):
        school = SchoolFactory(district=world.district, name=f"变动{n:02d}小学")
        bureau_client.post(
            add_url, {"school": school.pk, "role": "member", "start_on": f"2025-09-{n + 1:02d}"}
        )
    response = bureau_client.get(detail_url(world.community))
    shown = response.context["membership_history"]
    assert [m.school.name for m in shown[:2]] == ["变动11小学", "变动10小学"]  # newest first
    assert len(shown) == 10
    history_url = reverse("history", args=["communities.community", world.community.pk])
    assert f'href="{history_url}">查看全部变动记录' in response.content.decode()
    # The whole record holds the oldest change the page leaves out.
    assert "城关第一小学" in bureau_client.get(history_url).content.decode()

"""Positions and work groups: the bureau or the community's own leader."""

import datetime

import pytest
from django.urls import reverse

from communities.models import Position, WorkGroup
from core.widgets import PLAIN_LIMIT
from tests.conftest import CANARY
from tests.factories import PositionFactory, TeacherFactory, WorkGroupFactory


def url(name, *args):
    return reverse(f"communities:{name}", args=args)


def position_data(**overrides):
    data = {
        "title": "chair",
        "teacher": "",
        "person_name": "",
        "school": "",
        "start_on": "2025-09-01",
        "end_on": "",
        "note": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_community_leader_adds_position_with_teacher(leader_client, world):
    assert leader_client.get(url("position_add", world.community.pk)).status_code == 200

    response = leader_client.post(
        url("position_add", world.community.pk),
        position_data(
            teacher=world.core_teacher.pk, school=world.member_school.pk, title="first_principal"
        ),
    )

    assert response.status_code == 302
    position = Position.objects.get(community=world.community)
    assert (position.teacher, position.school, position.title) == (
        world.core_teacher,
        world.member_school,
        "first_principal",
    )
    assert position.history.first().history_user == world.users["community_leader"]


@pytest.mark.django_db
def test_position_for_outsider_by_name(bureau_client, world):
    response = bureau_client.post(
        url("position_add", world.community.pk), position_data(person_name=" 县教研员 张三 ")
    )

    assert response.status_code == 302
    assert Position.objects.get(community=world.community).holder_name == "县教研员 张三"


@pytest.mark.django_db
def test_position_teacher_select_is_limited_to_community_schools(bureau_client, world):
    response = bureau_client.get(url("position_add", world.community.pk))

    offered = [
        label for value, label in response.context["form"].fields["teacher"].choices if value
    ]
    assert offered == ["王骨干（城关第一小学）", "李老师（河口小学）"]


@pytest.mark.django_db
@pytest.mark.parametrize("teacher", ["lone_teacher", "other_teacher"])
def test_position_teacher_outside_community_is_rejected(bureau_client, world, teacher):
    response = bureau_client.post(
        url("position_add", world.community.pk), position_data(teacher=getattr(world, teacher).pk)
    )

    assert response.context["form"].errors["teacher"] == ["请选择本教共体学校的教师。"]
    assert CANARY not in response.content.decode()
    assert not Position.objects.filter(community=world.community).exists()


@pytest.mark.django_db
def test_position_without_person_or_with_end_before_start(bureau_client, world):
    nobody = bureau_client.post(url("position_add", world.community.pk), position_data())
    backwards = bureau_client.post(
        url("position_add", world.community.pk),
        position_data(person_name="张三", start_on="2025-09-01", end_on="2025-01-01"),
    )

    assert nobody.context["form"].errors["teacher"] == ["请选择教师或填写姓名。"]
    assert backwards.context["form"].errors["end_on"] == ["结束日期不能早于任职日期。"]
    assert not Position.objects.filter(community=world.community).exists()


@pytest.mark.django_db
def test_edit_and_end_position(leader_client, world):
    position = PositionFactory(community=world.community, person_name="张理事长")

    edit = leader_client.post(
        url("position_update", world.community.pk, position.pk),
        position_data(person_name="张理事长", title="vice_chair"),
    )
    end = leader_client.post(
        url("position_end", world.community.pk, position.pk), {"end_on": "2025-12-31"}
    )

    assert edit.status_code == 302
    assert end.status_code == 302, end.context["form"].errors
    position.refresh_from_db()
    assert (position.title, position.end_on) == ("vice_chair", datetime.date(2025, 12, 31))
    detail = leader_client.get(url("community_detail", world.community.pk))
    assert [p.pk for p in detail.context["past_positions"]] == [position.pk]


@pytest.mark.django_db
def test_end_position_before_start_is_rejected(bureau_client, world):
    position = PositionFactory(community=world.community)

    response = bureau_client.post(
        url("position_end", world.community.pk, position.pk), {"end_on": "2020-01-01"}
    )

    assert response.context["form"].errors["end_on"] == ["结束日期不能早于任职日期。"]
    position.refresh_from_db()
    assert position.end_on is None


@pytest.mark.django_db
def test_school_leader_cannot_manage_governance(school_client, world):
    position = PositionFactory(community=world.community)
    group = WorkGroupFactory(community=world.community)

    assert school_client.get(url("position_add", world.community.pk)).status_code == 403
    assert (
        school_client.post(
            url("position_add", world.community.pk), position_data(person_name="某人")
        ).status_code
        == 403
    )
    assert (
        school_client.post(
            url("position_end", world.community.pk, position.pk), {"end_on": "2025-01-01"}
        ).status_code
        == 403
    )
    assert (
        school_client.post(url("workgroup_delete", world.community.pk, group.pk)).status_code == 403
    )
    assert WorkGroup.objects.filter(pk=group.pk).exists()


@pytest.mark.django_db
def test_position_of_another_community_is_404(bureau_client, world):
    foreign = PositionFactory(community=world.other_community, person_name=f"{CANARY}理事")

    response = bureau_client.get(url("position_update", world.community.pk, foreign.pk))

    assert response.status_code == 404
    assert CANARY not in response.content.decode()


# --- work groups ---------------------------------------------------------------------------


def group_data(**overrides):
    data = {"name": "教学联络组", "leader": "", "other_members": "", "duties": ""}
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_leader_adds_edits_and_deletes_work_group(leader_client, world):
    add = leader_client.post(
        url("workgroup_add", world.community.pk),
        group_data(
            leader=world.core_teacher.pk,
            members=[world.core_teacher.pk, world.member_teacher.pk],
            other_members="外聘 张三",
            duties="组织联合教研",
        ),
    )
    group = WorkGroup.objects.get(community=world.community)
    assert add.status_code == 302
    assert (group.leader, set(group.members.all()), group.other_members, group.duties) == (
        world.core_teacher,
        {world.core_teacher, world.member_teacher},
        "外聘 张三",
        "组织联合教研",
    )

    edit = leader_client.post(
        url("workgroup_update", world.community.pk, group.pk),
        group_data(name="德育联络组", members=[world.member_teacher.pk]),
    )
    group.refresh_from_db()
    assert edit.status_code == 302
    assert (group.name, list(group.members.all())) == ("德育联络组", [world.member_teacher])

    assert (
        leader_client.get(url("workgroup_delete", world.community.pk, group.pk)).status_code == 405
    )
    delete = leader_client.post(url("workgroup_delete", world.community.pk, group.pk))
    assert delete.status_code == 302
    assert not WorkGroup.objects.filter(pk=group.pk).exists()


@pytest.mark.django_db
def test_work_group_rejects_outside_teachers_and_duplicate_name(bureau_client, world):
    WorkGroupFactory(community=world.community, name="教学联络组")

    duplicate = bureau_client.post(url("workgroup_add", world.community.pk), group_data())
    outsider = bureau_client.post(
        url("workgroup_add", world.community.pk),
        group_data(name="后勤组", members=[world.other_teacher.pk], leader=world.lone_teacher.pk),
    )

    assert duplicate.context["form"].non_field_errors() == ["本教共体已有同名工作小组。"]
    errors = outsider.context["form"].errors
    assert errors["leader"] == ["请选择本教共体学校的教师。"]
    assert errors["members"] == ["请选择本教共体学校的教师。"]
    assert CANARY not in outsider.content.decode()
    assert WorkGroup.objects.filter(community=world.community).count() == 1


@pytest.mark.django_db
def test_work_group_edit_keeps_a_member_who_left_the_community(bureau_client, world):
    moved = TeacherFactory(school=world.lone_school, name="调出老师")
    group = WorkGroupFactory(community=world.community, name="教学联络组")
    group.members.set([moved])

    response = bureau_client.get(url("workgroup_update", world.community.pk, group.pk))

    offered = [label for value, label in response.context["form"].fields["members"].choices]
    assert "调出老师（孤岛小学）" in offered


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "fields"),
    [("workgroup_add", ("leader", "members")), ("position_add", ("teacher", "school"))],
)
def test_teacher_choice_among_many_is_a_searchable_select(bureau_client, world, page, fields):
    """Hundreds of teachers: no column of checkboxes, no dropdown of every name, but search
    inputs narrowed to the community (search_select.js makes them comboboxes)."""
    for n in range(PLAIN_LIMIT + 5):
        TeacherFactory(school=world.core_school, name=f"批量{n:03d}")

    form = bureau_client.get(url(page, world.community.pk)).context["form"]

    teacher, other = (str(form[name]) for name in fields)
    search = f'data-search-url="{reverse("schools:teacher_search")}?community={world.community.pk}"'
    assert teacher.startswith('<input type="text"') and search in teacher
    assert "批量000" not in teacher + other and 'type="checkbox"' not in teacher + other
    if page == "workgroup_add":
        assert search in other and 'data-multiple="1"' in other
    else:  # the position's school: the community's schools, searchable the same way
        assert f"{reverse('schools:school_search')}?community={world.community.pk}" in other

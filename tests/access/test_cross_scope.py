"""Valid-looking POSTs that name an object out of the actor's scope are refused.

The matrix sends empty bodies; these send complete forms whose one foreign reference points to
another district (or, for leaders, to another school of the same district). Nothing is written,
and the re-rendered page does not name the foreign object.
"""

import pytest
from django.urls import reverse

from communities.models import Membership, Position, WorkGroup
from schools.models import School, Teacher, TeacherMove
from tests.conftest import CANARY

pytestmark = pytest.mark.django_db


def assert_refused(response):
    assert response.status_code in (200, 400, 403, 404), response.status_code
    assert CANARY not in response.content.decode()


def test_membership_add_refuses_other_district_school(bureau_client, world):
    url = reverse("communities:membership_add", args=[world.community.pk])

    response = bureau_client.post(
        url,
        {"school": world.other_school.pk, "role": "member", "start_on": "2025-09-01", "note": ""},
    )

    assert_refused(response)
    assert not Membership.objects.filter(
        community=world.community, school=world.other_school
    ).exists()


def test_community_create_refuses_other_district_core_school(bureau_client, world):
    response = bureau_client.post(
        reverse("communities:community_create"),
        {
            "name": "越界教共体",
            "kind": "community",
            "closeness": "tight",
            "model": "urban_rural",
            "stage": "primary",
            "member_limit": "6",
            "core_school": world.other_school.pk,
            "start_on": "2025-09-01",
        },
    )

    assert_refused(response)
    assert not Membership.objects.filter(community__name="越界教共体").exists()


def test_core_replace_refuses_other_district_school(bureau_client, world):
    response = bureau_client.post(
        reverse("communities:core_replace", args=[world.community.pk]),
        {"school": world.other_school.pk, "start_on": "2025-09-01", "keep_old_as_member": "on"},
    )

    assert_refused(response)
    assert (
        Membership.objects.current().get(community=world.community, role="core").school
        == world.core_school
    )


def test_teacher_move_refuses_other_district_school(bureau_client, world):
    response = bureau_client.post(
        reverse("schools:teacher_move", args=[world.member_teacher.pk]),
        {"to_school": world.other_school.pk, "moved_on": "2025-09-01"},
    )

    assert_refused(response)
    assert Teacher.objects.get(pk=world.member_teacher.pk).school == world.member_school
    assert not TeacherMove.objects.exists()


def test_school_update_refuses_other_district_parent(bureau_client, world):
    url = reverse("schools:school_update", args=[world.lone_school.pk])

    response = bureau_client.post(
        url,
        {
            "name": "孤岛小学",
            "code": "",
            "stage": "primary",
            "locale": "rural",
            "township": "",
            "parent": world.other_school.pk,
            "is_legal_entity": "on",
            "principal": "",
            "phone": "",
            "students": "10",
            "classes": "1",
            "address": "",
        },
    )

    assert_refused(response)
    assert School.objects.get(pk=world.lone_school.pk).parent is None


def test_school_leader_cannot_create_teacher_in_another_school(school_client, world):
    response = school_client.post(
        reverse("schools:teacher_create"),
        {
            "school": world.core_school.pk,
            "name": "冒名老师",
            "gender": "female",
            "education": "bachelor",
            "title": "none",
            "backbone_level": "none",
            "position": "teacher",
        },
    )

    assert_refused(response)
    assert not Teacher.objects.filter(name="冒名老师").exists()


@pytest.mark.parametrize("target", ["second_member", "second_point"])
def test_school_leader_cannot_add_teachers_at_another_member_school(
    client, world_with_second_member, target
):
    """溪口小学 and its teaching point are in the leader's community (visible) but not its own
    school: the leader of 河口小学 may read them, never add staff there."""
    world = world_with_second_member
    client.force_login(world.users["school_leader"])
    url = reverse("schools:teacher_create")

    page = client.get(url)
    response = client.post(
        url,
        {
            "school": getattr(world, target).pk,
            "name": "冒名老师",
            "gender": "female",
            "education": "bachelor",
            "title": "none",
            "backbone_level": "none",
            "position": "teacher",
        },
    )

    offered = sorted(s.name for s in page.context["form"].fields["school"].queryset)
    assert offered == ["河口小学", "河口教学点"]
    assert response.status_code == 200
    assert response.context["form"].errors["school"] == ["请选择您有权维护的学校。"]
    assert not Teacher.objects.filter(name="冒名老师").exists()


def test_school_leader_cannot_reparent_own_school(school_client, world):
    url = reverse("schools:school_update", args=[world.member_school.pk])

    school_client.post(
        url,
        {
            "name": "河口小学",
            "code": "",
            "stage": "primary",
            "locale": "rural",
            "township": "",
            "parent": world.core_school.pk,
            "is_legal_entity": "on",
            "principal": "",
            "phone": "",
            "students": "300",
            "classes": "12",
            "address": "",
        },
    )

    assert School.objects.get(pk=world.member_school.pk).parent is None


def test_position_add_refuses_other_district_teacher(leader_client, world):
    url = reverse("communities:position_add", args=[world.community.pk])

    response = leader_client.post(
        url,
        {
            "title": "chair",
            "teacher": world.other_teacher.pk,
            "person_name": "",
            "school": "",
            "start_on": "2025-09-01",
            "end_on": "",
            "note": "",
        },
    )

    assert_refused(response)
    assert not Position.objects.filter(teacher=world.other_teacher).exists()


def test_position_add_refuses_school_outside_the_community(leader_client, world):
    url = reverse("communities:position_add", args=[world.community.pk])

    response = leader_client.post(
        url,
        {
            "title": "executive_principal",
            "teacher": "",
            "person_name": "张校长",
            "school": world.lone_school.pk,
            "start_on": "2025-09-01",
            "end_on": "",
            "note": "",
        },
    )

    assert_refused(response)
    assert not Position.objects.filter(school=world.lone_school).exists()


def test_workgroup_refuses_teachers_outside_the_community(leader_client, world):
    url = reverse("communities:workgroup_add", args=[world.community.pk])

    response = leader_client.post(
        url,
        {
            "name": "越界小组",
            "leader": world.lone_teacher.pk,
            "members": [world.other_teacher.pk],
            "other_members": "",
            "duties": "",
        },
    )

    assert_refused(response)
    assert not WorkGroup.objects.filter(name="越界小组").exists()


def test_list_filters_cannot_reach_other_district(bureau_client, world):
    """A filter value naming another district's row returns nothing of it."""
    for url in (
        f"{reverse('schools:school_list')}?parent={world.other_school.pk}",
        f"{reverse('schools:teacher_list')}?school={world.other_school.pk}",
        f"{reverse('communities:community_list')}?q={CANARY}",
        f"{reverse('schools:school_list')}?q={CANARY}",
    ):
        response = bureau_client.get(url)
        assert response.status_code in (200, 400), url
        assert CANARY.encode() not in response.content.replace(f"q={CANARY}".encode(), b"").replace(
            f'value="{CANARY}"'.encode(), b""
        ), url

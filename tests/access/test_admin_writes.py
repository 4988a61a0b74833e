"""One write path: what the admin writes goes through the services; the rest is read-only."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from communities.models import Community, Membership, Position, WorkGroup
from schools.models import District, School, Teacher, TeacherMove
from schools.services import teacher_move
from tests.factories import MembershipFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db


def admin_url(model, action="changelist", *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=args)


def test_write_rights_of_a_bureau_administrator_per_model(world):
    request = RequestFactory().get("/admin/")
    request.user = world.users["bureau_admin"]

    rights = {
        model._meta.model_name: (
            model_admin.has_add_permission(request),
            model_admin.has_change_permission(request),
            model_admin.has_delete_permission(request),
        )
        for model, model_admin in admin.site._registry.items()
        if model_admin.has_view_permission(request)
    }

    assert rights == {
        "user": (True, True, True),
        "district": (False, False, False),
        "school": (True, True, False),
        "teacher": (True, True, False),
        "teachermove": (False, False, False),
        "community": (True, True, False),
        "membership": (False, False, False),
        "position": (True, True, False),
        "workgroup": (True, True, True),
        "rulesetting": (False, False, False),
        # exchanges: read-only (every write has its page and its service)
        "exchange": (False, False, False),
        "principalpost": (False, False, False),
        "lessonday": (False, False, False),
        "mentorship": (False, False, False),
        "meeting": (False, False, False),
        "decision": (False, False, False),
        "fundreceipt": (False, False, False),
        "expense": (False, False, False),
        "document": (False, False, False),
        "documentversion": (False, False, False),
        "milestone": (False, False, False),
        # the resource library: read-only (its pages and services write)
        "resource": (False, False, False),
        "resourcedownload": (False, False, False),
        # governance steps, phases and the supervision list; remote lessons: read-only
        "expensestep": (False, False, False),
        "planphase": (False, False, False),
        "supervisiontask": (False, False, False),
        "progressreport": (False, False, False),
        "remotepairing": (False, False, False),
        "remotesession": (False, False, False),
        # the bundled assessment: read-only (the lock and the correction trail hold only if
        # every write goes through its services)
        "scheme": (False, False, False),
        "dimension": (False, False, False),
        "indicator": (False, False, False),
        "score": (False, False, False),
        "publication": (False, False, False),
        "correction": (False, False, False),
        "reportcode": (False, False, False),
    }


def _membership_data(world, **overrides):
    data = {
        "community": world.community.pk,
        "school": world.lone_school.pk,
        "role": "member",
        "start_on": "2025-09-01",
        "end_on": "",
        "note": "",
    }
    return {**data, **overrides}


def test_memberships_cannot_be_written_or_deleted_in_the_admin(admin_client_, world):
    membership = world.membership

    add = admin_client_.post(admin_url(Membership, "add"), _membership_data(world))
    change = admin_client_.post(
        admin_url(Membership, "change", membership.pk),
        _membership_data(world, school=world.member_school.pk, end_on="2024-01-01"),
    )
    delete = admin_client_.post(admin_url(Membership, "delete", membership.pk), {"post": "yes"})

    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    membership.refresh_from_db()
    assert membership.end_on is None
    assert Membership.objects.filter(school=world.lone_school).exists() is False


def test_memberships_cannot_be_added_through_the_community_inline(admin_client_, world):
    data = {
        "district": world.district.pk,
        "name": "城关教共体",
        "kind": "community",
        "closeness": "tight",
        "model": "urban_rural",
        "stage": world.community.stage,
        "founded_on": "",
        "dissolved_on": "",
        "member_limit": "6",
        "note": "",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-school": world.lone_school.pk,
        "memberships-0-role": "core",
        "memberships-0-start_on": "2025-09-01",
    }

    response = admin_client_.post(admin_url(Community, "change", world.community.pk), data)

    assert response.status_code == 302
    assert Membership.objects.filter(school=world.lone_school).exists() is False
    assert world.community.memberships.count() == 2


def test_teacher_moves_are_read_only_and_never_deleted(admin_client_, world):
    move = teacher_move(
        teacher=world.lone_teacher, to_school=world.core_school, moved_on=datetime.date(2025, 9, 1)
    )

    page = admin_client_.get(admin_url(TeacherMove, "change", move.pk))
    change = admin_client_.post(
        admin_url(TeacherMove, "change", move.pk),
        {
            "teacher": move.teacher_id,
            "from_school": world.lone_school.pk,
            "to_school": world.member_school.pk,
            "moved_on": "2025-09-01",
        },
    )
    delete = admin_client_.post(admin_url(TeacherMove, "delete", move.pk), {"post": "yes"})

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert (change.status_code, delete.status_code) == (403, 403)
    move.refresh_from_db()
    assert move.to_school == world.core_school


@pytest.mark.parametrize(
    ("model", "attr"),
    [(School, "lone_school"), (Teacher, "lone_teacher"), (Community, "community")],
)
def test_history_bearing_rows_are_not_deleted(admin_client_, world, model, attr):
    obj = getattr(world, attr)

    response = admin_client_.post(admin_url(model, "delete", obj.pk), {"post": "yes"})
    changelist = admin_client_.get(admin_url(model))

    assert response.status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()
    assert changelist.context["action_form"] is None  # no "delete selected" action either


def test_a_history_version_cannot_be_posted_back(admin_client_, world):
    """The revert view would save an old version directly, past the read-only rights."""
    membership = world.membership
    old = membership.history.get()
    url = reverse("admin:communities_membership_simple_history", args=[membership.pk, old.pk])

    page = admin_client_.get(url)
    post = admin_client_.post(url, _membership_data(world, end_on="2024-01-01"))

    assert page.status_code == 200
    assert post.status_code == 403
    membership.refresh_from_db()
    assert membership.end_on is None


def test_a_refusal_of_the_service_is_shown_on_the_admin_form(admin_client_, world):
    MembershipFactory(
        community=world.community,
        school=world.lone_school,
        start_on=datetime.date(2024, 9, 1),
        end_on=datetime.date(2025, 6, 30),
    )
    data = {
        "district": world.district.pk,
        "name": "新教共体",
        "kind": "community",
        "closeness": "tight",
        "model": "urban_rural",
        "stage": "primary",
        "founded_on": "",
        "dissolved_on": "",
        "member_limit": "6",
        "note": "",
        "core_school": world.lone_school.pk,
        "core_start_on": "2025-01-01",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }

    response = admin_client_.post(admin_url(Community, "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "core_start_on": ["加入日期不能早于该校上次退出日期 2025-06-30。"]
    }
    assert Community.objects.filter(name="新教共体").exists() is False


def test_a_teachers_school_is_not_changed_in_the_admin(admin_client_, world):
    teacher = world.member_teacher
    page = admin_client_.get(admin_url(Teacher, "change", teacher.pk))

    assert "school" not in page.context["adminform"].form.fields
    assert page.context["adminform"].readonly_fields == ["school"]


def test_work_group_written_and_deleted_through_the_services(admin_client_, world):
    data = {
        "community": world.community.pk,
        "name": "德育联络组",
        "leader": world.core_teacher.pk,
        "members": [world.core_teacher.pk, world.member_teacher.pk],
        "other_members": "",
        "duties": "",
    }

    added = admin_client_.post(admin_url(WorkGroup, "add"), data)
    group = WorkGroup.objects.get(name="德育联络组")
    deleted = admin_client_.post(admin_url(WorkGroup, "delete", group.pk), {"post": "yes"})

    assert (added.status_code, deleted.status_code) == (302, 302)
    history = list(WorkGroup.history.filter(id=group.pk).order_by("history_date"))
    admin_user = world.users["bureau_admin"]
    assert [(h.history_type, h.history_user) for h in (history[0], history[-1])] == [
        ("+", admin_user),
        ("-", admin_user),
    ]
    assert sorted(m.teacher.name for m in history[-2].members.all()) == ["李老师", "王骨干"]


def test_work_group_of_another_district_teacher_is_refused(admin_client_, world):
    group = WorkGroupFactory(community=world.community, name="教学联络组")
    data = {
        "community": world.community.pk,
        "name": "教学联络组",
        "leader": world.other_teacher.pk,
        "members": [world.other_teacher.pk],
        "other_members": "",
        "duties": "",
    }

    response = admin_client_.post(admin_url(WorkGroup, "change", group.pk), data)

    assert response.status_code == 200
    assert sorted(response.context["adminform"].form.errors) == ["leader", "members"]
    group.refresh_from_db()
    assert (group.leader, list(group.members.all())) == (None, [])


def test_position_added_through_the_service(admin_client_, world):
    data = {
        "community": world.community.pk,
        "title": "chair",
        "teacher": world.core_teacher.pk,
        "person_name": "",
        "school": "",
        "start_on": "2025-09-01",
        "end_on": "",
        "note": "",
    }

    response = admin_client_.post(admin_url(Position, "add"), data)

    assert response.status_code == 302
    position = Position.objects.get(community=world.community, teacher=world.core_teacher)
    assert position.history.get().history_user == world.users["bureau_admin"]


def test_district_is_read_only_for_a_bureau_administrator(admin_client_, world):
    response = admin_client_.post(admin_url(District, "delete", world.district.pk), {"post": "yes"})

    assert response.status_code == 403
    assert District.objects.filter(pk=world.district.pk).exists()

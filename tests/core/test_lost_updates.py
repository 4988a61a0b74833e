"""No lost updates: two people open the same edit form; the first saves; the second is told who
changed the record and when, and nothing of theirs is written. After reloading, the second can
save. One case per edited entity: school, teacher, community, membership, position."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from communities.models import Community, Membership, Position
from core.concurrency import version_of
from schools.models import School, Teacher
from tests.factories import PositionFactory, TeacherFactory

pytestmark = pytest.mark.django_db

STALE = re.compile(
    r"保存失败：您打开此页面后，(.+?)已于 (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) 修改了这条记录"
)


def form_data(response, **changes) -> dict:
    """What a browser would post back: the form as shown, with ``changes``."""
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        if getattr(field.widget, "input_type", "") == "file" or name.endswith("charter"):
            continue
        value = form[name].value()
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    data.update(changes)
    return data


@dataclass
class Case:
    url: Callable[[object], str]
    field: str
    first: str
    second: str
    stored: Callable[[object], str]


def _teacher(world):
    if not hasattr(world, "lu_teacher"):
        world.lu_teacher = TeacherFactory(school=world.core_school, name="王老师")
    return world.lu_teacher


def _position(world):
    if not hasattr(world, "lu_position"):
        world.lu_position = PositionFactory(community=world.community)
    return world.lu_position


def _membership(world):
    return Membership.objects.get(community=world.community, school=world.member_school)


CASES = {
    "school": Case(
        url=lambda w: reverse("schools:school_update", args=[w.lone_school.pk]),
        field="principal",
        first="甲校长",
        second="乙校长",
        stored=lambda w: School.objects.get(pk=w.lone_school.pk).principal,
    ),
    "teacher": Case(
        url=lambda w: reverse("schools:teacher_update", args=[_teacher(w).pk]),
        field="name",
        first="王甲",
        second="王乙",
        stored=lambda w: Teacher.objects.get(pk=_teacher(w).pk).name,
    ),
    "community": Case(
        url=lambda w: reverse("communities:community_update", args=[w.community.pk]),
        field="note",
        first="甲的备注",
        second="乙的备注",
        stored=lambda w: Community.objects.get(pk=w.community.pk).note,
    ),
    "position": Case(
        url=lambda w: reverse(
            "communities:position_update", args=[w.community.pk, _position(w).pk]
        ),
        field="note",
        first="甲的备注",
        second="乙的备注",
        stored=lambda w: Position.objects.get(pk=_position(w).pk).note,
    ),
}


def two_clients(world) -> tuple[Client, Client]:
    first, second = Client(), Client()
    first.force_login(world.users["bureau_admin"])
    second.force_login(world.users["bureau_staff"])
    return first, second


@pytest.mark.parametrize("entity", sorted(CASES))
def test_the_second_writer_is_told_and_nothing_is_overwritten(world, entity):
    case = CASES[entity]
    url = case.url(world)
    first, second = two_clients(world)
    shown_to_first = first.get(url)
    shown_to_second = second.get(url)
    assert shown_to_first.status_code == shown_to_second.status_code == 200
    assert 'name="version"' in shown_to_second.content.decode()

    saved = first.post(url, form_data(shown_to_first, **{case.field: case.first}))
    refused = second.post(url, form_data(shown_to_second, **{case.field: case.second}))

    assert saved.status_code == 302, saved.context["form"].errors if saved.context else saved
    assert refused.status_code == 200
    match = STALE.search(refused.content.decode())
    assert match, refused.content.decode()[:2000]
    assert match.group(1) == str(world.users["bureau_admin"])
    assert case.stored(world) == case.first

    reloaded = second.get(url)
    again = second.post(url, form_data(reloaded, **{case.field: case.second}))
    assert again.status_code == 302
    assert case.stored(world) == case.second


def test_membership_end_refuses_a_stale_form(world):
    membership = _membership(world)
    url = reverse("communities:membership_end", args=[world.community.pk, membership.pk])
    first, second = two_clients(world)
    shown_to_second = second.get(url)
    # meanwhile the membership's note is corrected by someone else (a history record)
    membership.note = "更正的备注"
    membership._history_user = world.users["bureau_admin"]
    membership.save()

    refused = second.post(url, form_data(shown_to_second, end_on="2026-07-31", note="乙的退出说明"))

    assert refused.status_code == 200
    assert STALE.search(refused.content.decode())
    membership.refresh_from_db()
    assert (membership.end_on, membership.note) == (None, "更正的备注")


def test_a_post_without_a_version_is_not_checked(world):
    """Imports and commands call the services without a version: no check."""
    first, _ = two_clients(world)
    url = reverse("schools:school_update", args=[world.lone_school.pk])
    data = form_data(first.get(url), principal="丙校长")
    data.pop("version")

    assert first.post(url, data).status_code == 302


def test_the_version_is_the_latest_history_record(world):
    school = world.lone_school
    before = version_of(school)
    school.principal = "新校长"
    school.save()

    assert int(version_of(school)) > int(before)

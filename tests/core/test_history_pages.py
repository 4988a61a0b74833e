"""History on detail pages: the newest entries, and a link to the full, paginated history page,
which answers through the owner's visibility rule."""

from __future__ import annotations

import pytest
from django.urls import reverse

from communities.models import Community
from core.audit import RECENT_ENTRIES, audit_trail, recent_trail
from schools.models import School
from schools.services import school_save
from tests.conftest import CANARY

pytestmark = pytest.mark.django_db


def _edit(school: School, times: int, actor) -> None:
    for n in range(times):
        school.students = 100 + n
        school_save(school=school, actor=actor)


def history_url(obj) -> str:
    return reverse("history", args=[obj._meta.label_lower, obj.pk])


def test_recent_trail_matches_the_head_of_the_full_trail(world):
    staff = world.users["bureau_staff"]
    _edit(world.core_school, 25, staff)
    sources = [School.history.filter(id=world.core_school.pk)]

    recent = recent_trail(*sources, count=10)
    full = audit_trail(*sources)

    assert recent.more is True
    assert len(full) == 26  # created, then 25 edits
    assert [(e.when, e.changes) for e in recent.entries] == [(e.when, e.changes) for e in full[:10]]
    # The oldest entry shown is still compared with the record before it.
    assert [(c.label, c.old, c.new) for c in recent.entries[-1].changes] == [
        ("在校学生数", "114", "115")
    ]


def test_short_history_has_no_link(bureau_client, world):
    _edit(world.core_school, 2, world.users["bureau_staff"])

    response = bureau_client.get(world.core_school.get_absolute_url())

    assert len(response.context["trail"]) == 3
    assert response.context["history_url"] is None
    assert "查看全部修改记录" not in response.content.decode()


def test_detail_page_shows_the_latest_entries_and_links_to_the_full_history(bureau_client, world):
    _edit(world.core_school, 30, world.users["bureau_staff"])

    response = bureau_client.get(world.core_school.get_absolute_url())

    assert len(response.context["trail"]) == RECENT_ENTRIES
    url = history_url(world.core_school)
    assert response.context["history_url"] == url
    assert f'<a href="{url}">查看全部修改记录</a>' in response.content.decode()

    full = bureau_client.get(url)
    assert full.status_code == 200
    assert full.context["page_obj"].paginator.count == 31


def test_full_history_page_is_paginated(bureau_client, world):
    _edit(world.core_school, 60, world.users["bureau_staff"])
    url = history_url(world.core_school)

    first = bureau_client.get(url)
    second = bureau_client.get(url, {"page": 2})

    assert first.context["page_obj"].paginator.count == 61
    assert (len(first.context["trail"]), len(second.context["trail"])) == (50, 11)
    assert first.context["trail"][0].changes[0].new == "159"  # newest first
    assert "第 1 / 2 页，共 61 条" in first.content.decode()


def test_community_history_includes_its_rows(bureau_client, world):
    response = bureau_client.get(history_url(world.community))

    subjects = [e.subject for e in response.context["trail"]]
    assert "成员关系「河口小学 · 成员校」" in subjects
    assert CANARY not in response.content.decode()


@pytest.mark.parametrize(
    ("role", "lone_school", "community"),
    [
        ("bureau_staff", 200, 200),
        ("community_leader", 404, 200),
        ("school_leader", 404, 200),  # it reads its own community
        ("other_staff", 404, 404),
    ],
)
def test_history_page_follows_the_owners_visibility(client, world, role, lone_school, community):
    client.force_login(world.users[role])
    assert client.get(history_url(world.lone_school)).status_code == lone_school
    assert client.get(history_url(world.community)).status_code == community


def test_model_without_history_page_is_404(bureau_client, world):
    user = world.users["bureau_staff"]
    assert bureau_client.get(reverse("history", args=["accounts.user", user.pk])).status_code == 404
    assert bureau_client.get(reverse("history", args=["nope.nothing", 1])).status_code == 404


@pytest.mark.parametrize("edits", [3, 120])
def test_detail_and_history_pages_run_a_fixed_number_of_queries(
    bureau_client, world, django_assert_num_queries, edits
):
    _edit(world.core_school, edits, world.users["bureau_staff"])
    url = history_url(world.core_school)

    with django_assert_num_queries(6):
        assert bureau_client.get(url).status_code == 200
    with django_assert_num_queries(15):  # +2 the exchanges panel, +2 the activities panel
        assert bureau_client.get(world.core_school.get_absolute_url()).status_code == 200


def test_community_detail_reads_only_the_newest_history(bureau_client, world):
    community = Community.objects.get(pk=world.community.pk)
    for n in range(40):
        community.note = f"备注{n}"
        community.save()

    response = bureau_client.get(community.get_absolute_url())

    assert len(response.context["trail"]) == RECENT_ENTRIES
    assert response.context["trail"][0].changes[0].new == "备注39"
    assert response.context["history_url"] == history_url(community)

"""Meetings and decisions; rule 11's monthly leadership meeting counted through compliance."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communities.enums import CommunityKind
from compliance import selectors as rule_selectors
from core.school_year import SchoolYear, Semester
from governance import rules, services
from governance.enums import MeetingKind
from governance.models import Meeting
from tests.factories import PositionFactory

D = datetime.date


def meeting(world, day, kind=MeetingKind.JOINT, community=None):
    return services.meeting_create(
        actor=world.users["bureau_staff"],
        community=community or world.community,
        kind=kind,
        held_on=day,
    )


def month_figure(community, semester=Semester.AUTUMN):
    results = rule_selectors.evaluate([community], SchoolYear(2025), semester)[community.pk]
    found = [r for r in results if r.rule.code == rules.MEETING_CODE]
    return found[0].figure if found else None


@pytest.fixture
def cluster(world):
    world.community.kind = CommunityKind.CLUSTER
    world.community.save()
    return world.community


@pytest.mark.django_db
def test_a_month_without_a_meeting_is_short(world, cluster, monkeypatch):
    monkeypatch.setattr(rules, "_today", lambda: D(2025, 12, 15))
    for day in (D(2025, 9, 5), D(2025, 10, 9), D(2025, 12, 1)):  # no meeting in November
        meeting(world, day)
    meeting(world, D(2025, 11, 20), kind=MeetingKind.OTHER)  # not a leadership meeting
    meeting(world, D(2025, 11, 21), community=world.other_community)  # another community
    result = month_figure(cluster)
    # September–December have begun; January has not.
    assert (result.required, result.done, result.short) == (4, 3, 1)
    assert "2025年11月" in result.note


@pytest.mark.django_db
def test_every_month_with_a_meeting_is_met(world, cluster, monkeypatch):
    monkeypatch.setattr(rules, "_today", lambda: D(2025, 10, 1))
    meeting(world, D(2025, 9, 30), kind=MeetingKind.PRINCIPALS)
    meeting(world, D(2025, 10, 1), kind=MeetingKind.COUNCIL)
    result = month_figure(cluster)
    assert (result.required, result.done, result.met) == (2, 2, True)


@pytest.mark.django_db
def test_monthly_meeting_rule_applies_to_clusters_only(world):
    assert month_figure(world.community) is None


@pytest.mark.django_db
def test_meeting_with_attendees_minutes_file_and_decisions(world):
    chair = PositionFactory(community=world.community, person_name="张理事长")
    upload = SimpleUploadedFile("纪要.pdf", b"%PDF-1.4 minutes")
    item = services.meeting_create(
        actor=world.users["community_leader"],
        community=world.community,
        kind=MeetingKind.COUNCIL,
        held_on=D(2025, 10, 8),
        place="城关一小会议室",
        attendees=[chair],
        other_attendees="局基教科李科长",
        agenda="审议录播教室采购",
        minutes_upload=upload,
    )
    services.decision_add(
        actor=world.users["community_leader"], meeting=item, text="同意采购", major=True
    )
    assert list(item.attendees.all()) == [chair]
    assert item.minutes_file.original_name == "纪要.pdf"
    assert item.decisions.get().major is True
    assert item.history.count() == 2  # created, then its attendees set (m2m history)


@pytest.mark.django_db
def test_school_leader_reads_but_may_not_add_meetings(client, world):
    with pytest.raises(PermissionDenied):
        meeting_by = services.meeting_create
        meeting_by(
            actor=world.users["school_leader"],
            community=world.community,
            kind=MeetingKind.JOINT,
            held_on=D(2025, 9, 1),
        )
    item = meeting(world, D(2025, 9, 1))
    client.force_login(world.users["school_leader"])
    url = reverse("governance:meeting_detail", args=[world.community.pk, item.pk])
    page = client.get(url).content.decode()
    assert "联席会" in page and "添加决议" not in page


@pytest.mark.django_db
def test_meeting_and_decision_through_the_pages(client, world):
    client.force_login(world.users["community_leader"])
    response = client.post(
        reverse("governance:meeting_add", args=[world.community.pk]),
        {"kind": MeetingKind.JOINT, "held_on": "2025-09-12", "place": "河口小学"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = Meeting.objects.get()
    response = client.post(
        reverse("governance:decision_add", args=[world.community.pk, item.pk]),
        {"text": "开展联合教研", "major": ""},
    )
    assert response.status_code == 302
    assert item.decisions.get().text == "开展联合教研"
    page = client.get(reverse("governance:meeting_list", args=[world.community.pk]))
    assert "2025-09-12" in page.content.decode()

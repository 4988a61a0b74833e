"""Charters and plans: versions (earlier ones stay readable), phases, milestones and what the
community page shows (the current phase, overdue milestones; one due today is not overdue)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from governance import selectors, services
from governance.enums import DocumentKind, MilestoneStatus, VersionStatus
from governance.models import Document, Milestone

D = datetime.date
TODAY = datetime.date.today()


def pdf(name):
    return SimpleUploadedFile(name, b"%PDF-1.4 " + name.encode())


def milestone(world, plan, task, due, **kw):
    return services.milestone_add(
        actor=world.users["community_leader"], document=plan, task=task, due_on=due, **kw
    )


@pytest.mark.django_db
def test_versions_keep_every_earlier_one_readable(client, world):
    actor = world.users["bureau_staff"]
    charter = services.document_create(
        actor=actor, community=world.community, kind=DocumentKind.CHARTER, title="章程"
    )
    first = services.document_version_add(
        actor=actor,
        document=charter,
        dated=D(2023, 9, 1),
        status=VersionStatus.ADOPTED,
        approved_by="理事会",
        upload=pdf("章程2023.pdf"),
    )
    second = services.document_version_add(
        actor=actor,
        document=charter,
        dated=D(2025, 9, 1),
        status=VersionStatus.CONSULTATION,
        upload=pdf("章程2025.pdf"),
    )
    assert (first.number, second.number) == (1, 2)
    client.force_login(world.users["school_leader"])
    page = client.get(reverse("governance:document_detail", args=[world.community.pk, charter.pk]))
    text = page.content.decode()
    assert "章程2023.pdf" in text and "章程2025.pdf" in text and "征求意见" in text
    old = client.get(
        reverse("file_download", args=["governance.documentversion", first.pk, "file"])
    )
    assert old.status_code == 200
    assert b"".join(old.streaming_content).endswith("章程2023.pdf".encode())


@pytest.mark.django_db
def test_milestone_due_today_is_not_overdue(world, plan):
    yesterday = milestone(world, plan, "制定交流方案", TODAY - datetime.timedelta(days=1))
    milestone(world, plan, "召开启动会", TODAY)
    done = milestone(world, plan, "完成调研", TODAY - datetime.timedelta(days=5))
    services.milestone_update(
        actor=world.users["community_leader"],
        milestone=done,
        status=MilestoneStatus.DONE,
        evidence_note="调研报告已提交",
    )
    assert [m.pk for m in selectors.overdue_milestones(world.community, TODAY)] == [yesterday.pk]
    assert [p.name for p in selectors.current_phases(world.community, TODAY)] == ["全面实施"]


@pytest.mark.django_db
def test_community_page_shows_current_phase_and_overdue(client, world, plan):
    milestone(world, plan, "逾期的任务", TODAY - datetime.timedelta(days=3))
    milestone(world, plan, "今天到期的任务", TODAY)
    client.force_login(world.users["school_leader"])
    # The governance panel is one of the community page's deferred panels (core.panels).
    panels_url = reverse("communities:community_panels", args=[world.community.pk])
    text = client.get(panels_url).content.decode()
    assert "当前阶段：<strong>全面实施</strong>" in text
    assert "逾期的任务" in text and "今天到期的任务" not in text


@pytest.mark.django_db
def test_done_needs_evidence_and_the_responsible_school_may_report(world, plan):
    task = milestone(world, plan, "成员校课程建设", TODAY, school=world.member_school)
    with pytest.raises(ValidationError):
        services.milestone_update(
            actor=world.users["school_leader"], milestone=task, status=MilestoneStatus.DONE
        )
    services.milestone_update(
        actor=world.users["school_leader"],
        milestone=task,
        status=MilestoneStatus.DONE,
        upload=pdf("成果.pdf"),
    )
    assert Milestone.objects.get(pk=task.pk).evidence.original_name == "成果.pdf"
    other = milestone(world, plan, "核心校任务", TODAY, school=world.core_school)
    with pytest.raises(PermissionDenied):
        services.milestone_update(
            actor=world.users["school_leader"],
            milestone=other,
            status=MilestoneStatus.DOING,
        )


@pytest.mark.django_db
def test_milestone_school_must_be_of_the_community(world, plan):
    with pytest.raises(ValidationError):
        milestone(world, plan, "外校任务", TODAY, school=world.lone_school)


@pytest.mark.django_db
def test_pages_add_a_document_phase_and_milestone(client, world):
    client.force_login(world.users["community_leader"])
    response = client.post(
        reverse("governance:document_add", args=[world.community.pk]),
        {
            "kind": DocumentKind.PLAN,
            "title": "2025年度工作计划",
            "dated": "2025-09-01",
            "status": VersionStatus.ADOPTED,
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    url = reverse("governance:document_detail", args=[world.community.pk, document.pk])
    response = client.post(
        url,
        {
            "form": "phase",
            "phase-name": "全面实施",
            "phase-start_on": "2025-09-01",
            "phase-end_on": "2025-08-01",
        },
    )
    assert response.status_code == 400
    assert "结束日期不能早于开始日期" in response.content.decode()
    client.post(
        url,
        {
            "form": "phase",
            "phase-name": "全面实施",
            "phase-start_on": "2025-09-01",
            "phase-end_on": "2026-08-31",
        },
    )
    response = client.post(
        url,
        {"form": "milestone", "milestone-task": "开展同课异构", "milestone-due_on": "2025-12-01"},
    )
    assert response.status_code == 302
    assert document.milestones.get().task == "开展同课异构"

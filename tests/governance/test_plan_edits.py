"""A plan's phases and milestones changed after they were added: every field of a milestone
(task, phase, responsible school or group, due date, status, evidence), by the community's
managers only, with no lost update."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.concurrency import version_of
from governance import selectors, services
from governance.enums import MilestoneStatus
from tests.factories import WorkGroupFactory

from .test_plans import TODAY, milestone, pdf

pytestmark = pytest.mark.django_db


def _urls(world, plan, item, name):
    return reverse(f"governance:{name}_edit", args=[world.community.pk, plan.pk, item.pk]), reverse(
        "governance:document_detail", args=[world.community.pk, plan.pk]
    )


def test_milestone_edit_page_changes_every_field(client, world, plan):
    group = WorkGroupFactory(community=world.community, name="课程研发组")
    task = milestone(world, plan, "开展同课异构", TODAY + datetime.timedelta(days=30))
    phase = plan.phases.get(name="成果验收")
    client.force_login(world.users["community_leader"])
    url, back = _urls(world, plan, task, "milestone")
    assert f'href="{url}"' in client.get(back).content.decode()

    form = client.get(url)
    assert form.status_code == 200
    assert form.context["form"]["task"].value() == "开展同课异构"
    data = {
        "task": "开展同课异构（全学段）",
        "phase": phase.pk,
        "school": "",
        "group": group.pk,
        "due_on": TODAY.isoformat(),
        "status": MilestoneStatus.DONE,
        "evidence_note": "",
        "version": form.context["form"]["version"].value(),
    }
    refused = client.post(url, data)  # done without evidence
    assert refused.status_code == 400
    assert "标记为已完成时请填写完成情况或上传佐证材料" in refused.content.decode()

    response = client.post(url, {**data, "evidence": pdf("课例汇编.pdf")})
    assert response.status_code == 302 and response["Location"] == back
    task.refresh_from_db()
    assert (task.task, task.phase, task.school, task.group, task.due_on, task.status) == (
        "开展同课异构（全学段）",
        phase,
        None,
        group,
        TODAY,
        MilestoneStatus.DONE,
    )
    assert task.evidence.original_name == "课例汇编.pdf"
    assert task.responsible == "课程研发组"
    assert task.history.count() == 2

    stale = client.post(url, {**data, "task": "再改一次"})  # the version shown is old now
    assert stale.status_code == 400
    assert "保存失败" in stale.content.decode()


def test_moving_a_milestone_due_date_to_today_is_not_overdue_and_yesterday_is(world, plan):
    task = milestone(world, plan, "提交阶段报告", TODAY + datetime.timedelta(days=5))
    leader = world.users["community_leader"]

    def move(due):
        services.milestone_change(
            actor=leader, milestone=task, task=task.task, due_on=due, status=task.status
        )

    move(TODAY)
    assert selectors.overdue_milestones(world.community, TODAY) == []
    move(TODAY - datetime.timedelta(days=1))
    assert selectors.overdue_milestones(world.community, TODAY) == [task]


def test_milestone_links_stay_in_the_plan_and_the_community(world, plan):
    task = milestone(world, plan, "开展同课异构", TODAY)
    leader = world.users["community_leader"]
    base = {
        "actor": leader,
        "milestone": task,
        "task": task.task,
        "due_on": TODAY,
        "status": "todo",
    }
    with pytest.raises(ValidationError) as caught:
        services.milestone_change(**base, school=world.other_school)
    assert "不是本教共体的学校" in caught.value.message_dict["school"][0]
    other_group = WorkGroupFactory(community=world.other_community, name="外县小组")
    with pytest.raises(ValidationError):
        services.milestone_change(**base, group=other_group)


def test_only_managers_edit_phases_and_milestones(client, world, plan):
    task = milestone(world, plan, "开展同课异构", TODAY, school=world.member_school)
    school_leader = world.users["school_leader"]
    with pytest.raises(PermissionDenied):
        services.milestone_change(
            actor=school_leader, milestone=task, task="改名", due_on=TODAY, status="todo"
        )
    client.force_login(school_leader)
    url, back = _urls(world, plan, task, "milestone")
    assert client.get(url).status_code == 403
    page = client.get(back).content.decode()
    assert f'href="{url}"' not in page
    assert 'name="form" value="progress"' in page  # it still reports its own progress


def test_phase_edit_page(client, world, plan):
    phase = plan.phases.get(name="全面实施")
    client.force_login(world.users["bureau_staff"])
    url, back = _urls(world, plan, phase, "phase")
    form = client.get(url)
    assert form.status_code == 200
    assert f'value="{phase.start_on:%Y-%m-%d}"' in form.content.decode()  # shown in the date input
    version = form.context["form"]["version"].value()
    data = {"name": "全面实施", "start_on": "2026-09-01", "end_on": "2026-08-31"}
    refused = client.post(url, {**data, "version": version})
    assert refused.status_code == 400
    assert "结束日期不能早于开始日期" in refused.content.decode()
    data["end_on"] = "2027-07-31"
    response = client.post(url, {**data, "name": "全面推进", "version": version})
    assert response.status_code == 302
    phase.refresh_from_db()
    assert (phase.name, phase.start_on, phase.end_on) == (
        "全面推进",
        datetime.date(2026, 9, 1),
        datetime.date(2027, 7, 31),
    )
    with pytest.raises(ValidationError):  # an edit from the page shown before is refused
        services.plan_phase_update(
            actor=world.users["bureau_staff"],
            phase=phase,
            name="再改",
            start_on=phase.start_on,
            end_on=phase.end_on,
            expected_version=version,
        )
    services.plan_phase_update(
        actor=world.users["bureau_staff"],
        phase=phase,
        name="再改",
        start_on=phase.start_on,
        end_on=phase.end_on,
        expected_version=version_of(phase),
    )

"""Rules 9–12 counted at the boundaries of semesters and years (hand-built data)."""

import datetime

import pytest

from activities import rules
from activities.enums import ActivityStatus
from communities.enums import CommunityKind
from compliance.selectors import evaluate
from core.school_year import SchoolYear, Semester

from .conftest import make_activity

D = datetime.date
Y2025 = SchoolYear(2025)


def figure(community, code, year=Y2025, semester=Semester.AUTUMN):
    results = evaluate([community], year, semester)[community.pk]
    return next(r.figure for r in results if r.rule.code == code)


@pytest.fixture
def today(monkeypatch):
    def pin(day):
        monkeypatch.setattr(rules, "_today", lambda: day)

    pin(D(2026, 8, 31))
    return pin


def test_rule9_counts_held_teaching_research_in_the_semester(world, today):
    c = world.community
    make_activity(world, on=D(2025, 9, 1), kind_name="集体备课")  # first day of autumn
    make_activity(world, on=D(2026, 1, 31), kind_name="同课异构")  # last day of autumn
    make_activity(world, on=D(2026, 2, 1), kind_name="同课异构")  # spring
    make_activity(world, on=D(2025, 8, 31), kind_name="同课异构")  # the year before
    make_activity(world, on=D(2025, 10, 1), kind_name="联合教研", status=ActivityStatus.PLANNED)
    make_activity(world, on=D(2025, 10, 2), kind_name="艺术节")  # not teaching research
    returned = make_activity(world, on=D(2025, 10, 3), kind_name="听课评课")
    returned.review = "returned"
    returned.save()
    autumn = figure(c, "activity.teaching_research")
    assert (autumn.required, autumn.done) == (2, 2)
    assert autumn.met
    spring = figure(c, "activity.teaching_research", semester=Semester.SPRING)
    assert (spring.required, spring.done) == (2, 1)
    assert "semester=spring" in spring.url and f"community={c.pk}" in spring.url


def test_rule9_cluster_default_is_five(world, today):
    world.community.kind = CommunityKind.CLUSTER
    world.community.save()
    make_activity(world, on=D(2025, 11, 1), kind_name="集体备课")
    assert figure(world.community, "activity.teaching_research").required == 5


def test_rule10_needs_the_core_school_as_host(world, today):
    c = world.community
    make_activity(world, on=D(2025, 11, 1), kind_name="送教下乡", host=world.member_school)
    assert figure(c, "activity.core_famous_teacher").done == 0
    make_activity(world, on=D(2025, 11, 2), kind_name="送教下乡", host=world.core_school)
    assert figure(c, "activity.core_famous_teacher").done == 1
    assert figure(c, "activity.core_moral_education").done == 0
    make_activity(world, on=D(2026, 1, 31), kind_name="班主任论坛", host=world.core_school)
    assert figure(c, "activity.core_moral_education").met
    assert not figure(c, "activity.core_moral_education", semester=Semester.SPRING).met


def test_rule11_months_quarters_year_and_two_years(world, today):
    c = world.community
    c.kind = CommunityKind.CLUSTER
    c.save()
    today(D(2025, 12, 15))  # Sep, Oct, Nov, Dec begun; January not yet
    for day in (D(2025, 9, 30), D(2025, 10, 1), D(2025, 12, 1)):
        make_activity(world, on=day, kind_name="联席会")
    meetings = figure(c, "cluster.leadership_meeting")
    assert (meetings.required, meetings.done) == (4, 3)
    assert "2025年11月" in meetings.note
    make_activity(world, on=D(2025, 11, 30), kind_name="管理论坛")  # block Sep–Nov
    forums = figure(c, "cluster.management_forum")
    assert (forums.required, forums.done) == (2, 1)  # Dec–Jan block begun, not covered
    make_activity(world, on=D(2026, 1, 31), kind_name="管理论坛")
    assert figure(c, "cluster.management_forum").met
    # Per school year: the competition of August 2026 counts in 2025-2026, not in 2026-2027.
    make_activity(world, on=D(2026, 8, 31), kind_name="学科竞赛")
    assert figure(c, "cluster.subject_competition").done == 1
    assert figure(c, "cluster.subject_competition", year=SchoolYear(2026)).done == 0
    # Two years: a young teachers' competition of 2024-2025 counts for 2025-2026, not 2026-2027.
    make_activity(world, on=D(2024, 9, 1), kind_name="青年教师技能竞赛")
    assert figure(c, "cluster.young_teacher_competition").met
    assert not figure(c, "cluster.young_teacher_competition", year=SchoolYear(2026)).met


def test_rule11_does_not_apply_to_other_kinds(world, today):
    results = evaluate([world.community], Y2025, Semester.AUTUMN)[world.community.pk]
    assert next(r for r in results if r.rule.code == "cluster.leadership_meeting").figure is None


def test_rule12_six_ones(world, today):
    c = world.community
    c.kind = CommunityKind.BINDING
    c.save()
    for name in ("校长蹲点听课周", "专题讲座", "课堂交流周", "师生联谊", "德育论坛"):
        make_activity(world, on=D(2026, 3, 1), kind_name=name)
    make_activity(world, on=D(2026, 1, 31), kind_name="社会实践")  # autumn, not spring
    six = figure(c, "binding.six_ones", semester=Semester.SPRING)
    assert (six.required, six.done) == (6, 5)
    assert [p.label for p in six.parts if not p.met] == ["社会实践一次"]
    make_activity(world, on=D(2026, 7, 31), kind_name="社会实践")  # last day of spring
    assert figure(c, "binding.six_ones", semester=Semester.SPRING).met

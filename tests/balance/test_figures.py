"""The balance figures against a hand computation (DOMAIN.md rule 20)."""

from __future__ import annotations

import pytest

from balance import figures
from core.school_year import SchoolYear, Semester
from exchanges import services
from exchanges.enums import ExchangeKind, ExchangeStatus
from schools.enums import TeachingStage


def by_part(report):
    return {(p.school, p.stage): p for p in report.parts}


@pytest.mark.django_db
def test_hand_computed_example(county):
    """均衡县 (conftest), per 100 students (above required education, county+ backbone,
    PE/arts):

    小学 parts (P = 400):
      甲小学 200: 10 bachelor (above) of whom 2 county backbone, 体育 + 音乐 → 5.0, 1.0, 1.0
      乙小学 100: 3 大专 (above for primary), 1 中专; 1 音乐 → 3.0, 0.0, 1.0
      丙九年一贯制 小学部 100 (of 300): 4 大专, 1 中专 体育, 1 county → 4.0, 1.0, 1.0
      乙小学教学点 (30 students < 50) and the special-education school are left out.
      above:    X̄ = (200·5 + 100·3 + 100·4)/400 = 4.25
                S² = .5·.75² + .25·1.25² + .25·.25² = .6875, S = .829156, CV = .195096 → 0.195
      backbone: X̄ = (200 + 0 + 100)/400 = .75
                S² = .5·.25² + .25·.75² + .25·.25² = .1875, S = .433013, CV = .577350 → 0.577
      pe_arts:  all 1.0 → CV 0
      overall = (.195096 + .577350 + 0)/3 = .257482 → 0.257

    初中 parts (P = 300):
      丙 初中部 200: 8 bachelor (above for junior), 2 大专 (not above); 2 county; 2 美术
                → 4.0, 1.0, 1.0
      丁中学 100: 6 bachelor, 1 city backbone, no PE/arts → 6.0, 1.0, 0.0
      above:    X̄ = (800 + 600)/300 = 4.6667
                S² = (2/3)·.6667² + (1/3)·1.3333² = .888889, S = .942809, CV = .202031 → 0.202
      backbone: all 1.0 → 0
      pe_arts:  X̄ = 200/300 = .6667
                S² = (2/3)·.3333² + (1/3)·.6667² = .222222, S = .471405, CV = .707107 → 0.707
      overall = (.202031 + 0 + .707107)/3 = .303046 → 0.303

    丙's teacher without a 任教学段 counts in neither part (reported as unassigned).
    """
    report = figures.compute(county.district)

    assert figures.as_dict(report) == {
        "schools": [
            {"school": "丁中学", "stage": "初中", "students": 100,
             "above_required_education": 6.0, "county_backbone": 1.0, "pe_arts": 0.0},
            {"school": "丙九年一贯制学校", "stage": "小学", "students": 100,
             "above_required_education": 4.0, "county_backbone": 1.0, "pe_arts": 1.0},
            {"school": "丙九年一贯制学校", "stage": "初中", "students": 200,
             "above_required_education": 4.0, "county_backbone": 1.0, "pe_arts": 1.0},
            {"school": "乙小学", "stage": "小学", "students": 100,
             "above_required_education": 3.0, "county_backbone": 0.0, "pe_arts": 1.0},
            {"school": "甲小学", "stage": "小学", "students": 200,
             "above_required_education": 5.0, "county_backbone": 1.0, "pe_arts": 1.0},
        ],
        "cv": {
            "小学": {"above_required_education": 0.195, "county_backbone": 0.577,
                     "pe_arts": 0.0, "overall": 0.257},
            "初中": {"above_required_education": 0.202, "county_backbone": 0.0,
                     "pe_arts": 0.707, "overall": 0.303},
        },
    }  # fmt: skip
    parts = by_part(report)
    assert parts[("乙小学教学点", TeachingStage.PRIMARY)].left_out == "教学点不足 50 人"
    assert not any(p.school == "特殊教育学校" for p in report.parts)
    assert report.unassigned_teachers == 1
    assert report.stages[TeachingStage.PRIMARY].met is True
    assert report.stages[TeachingStage.JUNIOR].pulls[0][0].school == "丁中学"


def exchange(teacher, hosts, *, start=2025, end=2025, kind=ExchangeKind.ROTATION, **kw):
    return services.exchange_create(
        actor=None,
        teacher=teacher,
        host_schools=list(hosts),
        kind=kind,
        start_year=start,
        start_semester=kw.pop("start_semester", Semester.AUTUMN),
        end_year=end,
        end_semester=kw.pop("end_semester", Semester.SPRING),
        check_access=False,
    )


@pytest.fixture
def plan(county):
    """2025-2026: 甲's PE teacher to 丁中学 for the whole year (a draft: it counts); a cancelled
    one, a one-semester one and last year's one, which must not move anybody."""
    c = county
    c.moving = exchange(c.a_pe, [c.d])
    cancelled = exchange(c.a_plain[0], [c.b])
    services.exchange_force_status(exchange=cancelled, status=ExchangeStatus.CANCELLED)
    returned = exchange(c.a_plain[3], [c.b])
    services.exchange_force_status(exchange=returned, status=ExchangeStatus.RETURNED)
    exchange(c.a_plain[1], [c.b], end_semester=Semester.AUTUMN)
    exchange(c.a_backbone[0], [c.b], start=2024, end=2024)
    return c


@pytest.mark.django_db
def test_what_if_moves_only_whole_year_counting_exchanges(plan):
    moves = figures.what_if_moves(plan.district, SchoolYear(2025))

    assert moves == {plan.a_pe.pk: [plan.d.pk]}


@pytest.mark.django_db
def test_what_if_after_figures(plan):
    """After 甲's PE teacher (bachelor, not backbone) moves to 丁中学:

    小学: 甲 200 → 9 above (4.5), backbone 1.0, PE/arts 1 (0.5); 乙 and 丙 unchanged.
      above:   X̄ = (900 + 300 + 400)/400 = 4.0; S² = .5·.25 + .25·1 + 0 = .375;
               CV = .612372/4 = .153093 → 0.153
      backbone unchanged → 0.577
      pe_arts: X̄ = (100 + 100 + 100)/400 = .75; S² = .5·.0625 + .25·.0625 + .25·.0625 = .0625;
               CV = .25/.75 = .333333 → 0.333
      overall = (.153093 + .577350 + .333333)/3 = .354592 → 0.355
    初中: 丁 100 → 7 above (7.0), PE/arts 1 (1.0).
      above:   X̄ = (800 + 700)/300 = 5.0; S² = (2/3)·1 + (1/3)·4 = 2; CV = 1.414214/5 → 0.283
      backbone 0; pe_arts all 1.0 → 0; overall = .282843/3 = .094281 → 0.094
    """
    after = figures.as_dict(
        figures.compute(plan.district, moves=figures.what_if_moves(plan.district, SchoolYear(2025)))
    )

    assert after["cv"] == {
        "小学": {"above_required_education": 0.153, "county_backbone": 0.577,
                 "pe_arts": 0.333, "overall": 0.355},
        "初中": {"above_required_education": 0.283, "county_backbone": 0.0,
                 "pe_arts": 0.0, "overall": 0.094},
    }  # fmt: skip
    rows = {(r["school"], r["stage"]): r for r in after["schools"]}
    assert rows[("甲小学", "小学")]["pe_arts"] == 0.5
    assert rows[("丁中学", "初中")]["pe_arts"] == 1.0


@pytest.mark.django_db
def test_itinerant_teacher_counts_a_share_at_each_host(county):
    exchange(county.a_music, [county.b, county.d], kind=ExchangeKind.ITINERANT)

    moves = figures.what_if_moves(county.district, SchoolYear(2025))
    parts = by_part(figures.compute(county.district, moves=moves))

    assert moves == {county.a_music.pk: [county.b.pk, county.d.pk]}
    assert parts[("乙小学", TeachingStage.PRIMARY)].counts["pe_arts"] == 1.5
    assert parts[("丁中学", TeachingStage.JUNIOR)].counts["pe_arts"] == 0.5
    assert parts[("甲小学", TeachingStage.PRIMARY)].counts["pe_arts"] == 1.0


@pytest.mark.django_db
def test_two_part_school_without_split_is_left_out(county):
    county.c.primary_students = county.c.junior_students = 0
    county.c.save()

    parts = by_part(figures.compute(county.district))

    assert parts[("丙九年一贯制学校", TeachingStage.PRIMARY)].left_out == "未分学部填写学生数"
    assert parts[("丙九年一贯制学校", TeachingStage.JUNIOR)].left_out == "未分学部填写学生数"

"""The national balance figures (DOMAIN.md rule 20), computed from the registry.

Plain functions, no pages: the balance page, its ``.xlsx`` export and ``manage.py
balance_report`` all call :func:`compute` (and :func:`what_if_moves` for the what-if).

**School parts.** Figures are per compulsory-education *school part* (学部): a primary or
junior school is one part; a 九年一贯制 school is two (小学部, 初中部), a 完全中学 contributes its
初中部. A part's students are the school's students (one-part schools) or its students of that
part (``School.primary_students`` / ``junior_students``); a teacher counts in the part of its
任教学段 (``schools.models.teacher_part``). Left out, with the reason shown: teaching points
(a nested school) under 50 students, a two-part school whose students are not split, a part
with no students. Special-education, preschool, senior and vocational schools have no
compulsory part.

**Indicators**, per 100 students of the part: teachers above the required education (primary:
大专 or higher; junior: 本科 or higher), county-level-or-higher backbone teachers, PE and arts
(体育, 音乐, 美术) teachers.

**Coefficient of variation**, weighted by enrolment, per stage and indicator: with X_i the
part's indicator and P_i its students, P = Σ P_i, X̄ = Σ P_i·X_i / P,
S = √(Σ (P_i / P)·(X_i − X̄)²), CV = S / X̄. The overall CV is the mean of the three. Limits:
0.50 primary, 0.45 junior. "Pulling furthest": each part's share of Σ_indicators CV² —
(P_i/P)·(X_i − X̄)² / X̄² summed over the indicators.

**What-if** (:func:`what_if_moves`): the exchanges of a school year that are not 退回 / 中止
(drafts included) whose planned dates cover both semesters of the year move their teacher to the
host school; a 走教 teacher with several hosts counts 1/n at each.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings

from core.school_year import SchoolYear
from exchanges.models import Exchange, ExchangeHost
from schools.enums import (
    COUNTY_OR_HIGHER_BACKBONE,
    PART_STUDENT_FIELDS,
    PE_AND_ARTS_SUBJECTS,
    STAGE_PARTS,
    SUBJECT_SEPARATOR,
    TWO_PART_STAGES,
    Education,
    TeachingStage,
)
from schools.models import District, School, Teacher, teacher_part

PRIMARY = TeachingStage.PRIMARY
JUNIOR = TeachingStage.JUNIOR
STAGES = (PRIMARY, JUNIOR)
STAGE_LABEL = {PRIMARY: "小学", JUNIOR: "初中"}
INDICATORS = ("above_required_education", "county_backbone", "pe_arts")
INDICATOR_LABEL = {
    "above_required_education": "高于规定学历教师",
    "county_backbone": "县级及以上骨干教师",
    "pe_arts": "体育、艺术（音乐、美术）专任教师",
}
# Lowest education above the required level, per stage (Teachers Law: 中师 / 大专).
_EDUCATION_ORDER = list(Education.values)
ABOVE_FROM = {PRIMARY: Education.JUNIOR_COLLEGE, JUNIOR: Education.BACHELOR}

DEFAULT_STANDARDS = {
    # per 100 students
    PRIMARY: {"above_required_education": 4.2, "county_backbone": 1.0, "pe_arts": 0.9},
    JUNIOR: {"above_required_education": 5.3, "county_backbone": 1.0, "pe_arts": 0.9},
}
DEFAULT_CV_LIMITS = {PRIMARY: 0.50, JUNIOR: 0.45}
DEFAULT_MIN_TEACHING_POINT_STUDENTS = 50


def standards() -> dict:
    return getattr(settings, "JGT_BALANCE_STANDARDS", DEFAULT_STANDARDS)


def cv_limits() -> dict:
    return getattr(settings, "JGT_BALANCE_CV_LIMITS", DEFAULT_CV_LIMITS)


def min_point_students() -> int:
    return getattr(settings, "JGT_BALANCE_MIN_POINT_STUDENTS", DEFAULT_MIN_TEACHING_POINT_STUDENTS)


@dataclass
class Part:
    """One compulsory-education school part."""

    school_id: int
    school: str
    stage: str  # TeachingStage: primary / junior
    students: int
    teachers: float = 0
    counts: dict[str, float] = field(default_factory=lambda: dict.fromkeys(INDICATORS, 0.0))
    left_out: str = ""  # reason, or "" when the part is in the figures

    @property
    def stage_label(self) -> str:
        return STAGE_LABEL[self.stage]

    def per100(self, indicator: str) -> float:
        return self.counts[indicator] * 100 / self.students if self.students else 0.0

    @property
    def values(self) -> dict[str, float]:
        return {key: self.per100(key) for key in INDICATORS}

    @property
    def meets(self) -> dict[str, bool]:
        standard = standards()[self.stage]
        return {key: self.per100(key) >= standard[key] - 1e-9 for key in INDICATORS}


@dataclass
class StageFigures:
    stage: str
    cv: dict[str, float | None]
    overall: float | None
    limit: float
    means: dict[str, float]
    pulls: list[tuple[Part, float]]  # parts furthest from the mean, by share of CV²

    @property
    def label(self) -> str:
        return STAGE_LABEL[self.stage]

    @property
    def met(self) -> bool | None:
        return None if self.overall is None else self.overall <= self.limit + 1e-9


@dataclass
class Report:
    parts: list[Part]  # every part, left-out ones included
    stages: dict[str, StageFigures]
    unassigned_teachers: int  # teachers of two-part schools without a 任教学段

    @property
    def counted(self) -> list[Part]:
        return [p for p in self.parts if not p.left_out]


def weighted_cv(values: list[tuple[float, float]]) -> float | None:
    """CV of (weight, value) pairs, weighted: S / X̄ (None when X̄ is 0 or there is nothing)."""
    total = sum(w for w, _ in values)
    if not total:
        return None
    mean = sum(w * x for w, x in values) / total
    if mean == 0:
        return None
    variance = sum((w / total) * (x - mean) ** 2 for w, x in values)
    return math.sqrt(variance) / mean


def _parts_of(school: School, point_minimum: int) -> list[Part]:
    parts = []
    compulsory = [p for p in STAGE_PARTS.get(school.stage, ()) if p in STAGES]
    for stage in compulsory:
        if school.stage in TWO_PART_STAGES:
            students = getattr(school, PART_STUDENT_FIELDS[stage])
            reason = "" if students else "未分学部填写学生数"
        else:
            students = school.students
            reason = "" if students else "无在校学生数"
        if not reason and school.parent_id and students < point_minimum:
            reason = f"教学点不足 {point_minimum} 人"
        parts.append(Part(school.pk, school.name, stage, students, left_out=reason))
    return parts


def _teacher_counts(teacher: dict) -> dict[str, bool]:
    return {
        "county_backbone": teacher["backbone_level"] in COUNTY_OR_HIGHER_BACKBONE,
        "pe_arts": any(
            s in PE_AND_ARTS_SUBJECTS for s in teacher["subjects"].split(SUBJECT_SEPARATOR) if s
        ),
    }


def _above(education: str, stage: str) -> bool:
    return education in _EDUCATION_ORDER and _EDUCATION_ORDER.index(
        education
    ) >= _EDUCATION_ORDER.index(ABOVE_FROM[stage])


def compute(district: District, *, moves: Mapping[int, list[int]] | None = None) -> Report:
    """The figures of ``district``. ``moves`` ({teacher pk: [host school pks]}) counts those
    teachers at their hosts instead of their employing school (the what-if). Two queries."""
    moves = moves or {}
    point_minimum = min_point_students()
    schools = {
        s.pk: s
        for s in School.objects.filter(district=district).only(
            "pk",
            "name",
            "stage",
            "parent_id",
            "students",
            *PART_STUDENT_FIELDS.values(),
        )
    }
    parts: dict[tuple[int, str], Part] = {}
    for school in sorted(schools.values(), key=lambda s: s.name):
        for part in _parts_of(school, point_minimum):
            parts[(school.pk, part.stage)] = part
    unassigned = 0
    teachers = Teacher.objects.filter(school__district=district).values(
        "pk", "school_id", "teaching_stage", "education", "backbone_level", "subjects"
    )
    for teacher in teachers:
        home = schools[teacher["school_id"]]
        own_stage = teacher_part(home.stage, teacher["teaching_stage"])
        if own_stage is None and home.stage in TWO_PART_STAGES:
            unassigned += 1
        hosts = [h for h in moves.get(teacher["pk"], ()) if h in schools] or [home.pk]
        share = 1 / len(hosts)
        flags = _teacher_counts(teacher)
        for host_id in hosts:
            host = schools[host_id]
            stage = _stage_at(host, own_stage, teacher["teaching_stage"])
            part = parts.get((host_id, stage)) if stage else None
            if part is None:
                continue
            part.teachers += share
            if _above(teacher["education"], stage):
                part.counts["above_required_education"] += share
            for key, yes in flags.items():
                if yes:
                    part.counts[key] += share
    ordered = list(parts.values())
    stages = {stage: _stage_figures(stage, ordered) for stage in STAGES}
    return Report(ordered, stages, unassigned)


def _stage_at(host: School, own_stage: str | None, teaching_stage: str) -> str | None:
    """The part a teacher counts in at ``host``: the host's only part, else the teacher's own
    stage where the host has it."""
    host_parts = STAGE_PARTS.get(host.stage, ())
    if len(host_parts) == 1:
        return host_parts[0]
    wanted = own_stage or teaching_stage
    return wanted if wanted in host_parts else None


def _stage_figures(stage: str, parts: list[Part]) -> StageFigures:
    mine = [p for p in parts if p.stage == stage and not p.left_out]
    cvs = {key: weighted_cv([(p.students, p.per100(key)) for p in mine]) for key in INDICATORS}
    known = [v for v in cvs.values() if v is not None]
    overall = sum(known) / len(known) if known and len(known) == len(cvs) else None
    total = sum(p.students for p in mine)
    means = {
        key: (sum(p.students * p.per100(key) for p in mine) / total if total else 0.0)
        for key in INDICATORS
    }
    pulls = []
    for part in mine:
        share = sum(
            (part.students / total) * (part.per100(key) - means[key]) ** 2 / means[key] ** 2
            for key in INDICATORS
            if means[key]
        )
        pulls.append((part, share))
    pulls.sort(key=lambda item: (-item[1], item[0].school))
    return StageFigures(stage, cvs, overall, cv_limits()[stage], means, pulls[:5])


def what_if_moves(district: District, school_year: SchoolYear) -> dict[int, list[int]]:
    """{teacher pk: [host school pks]} of the school year's exchanges that count (drafts
    included; not 退回 / 中止) and whose planned dates cover both semesters. One query."""
    moves: dict[int, list[int]] = defaultdict(list)
    rows = (
        ExchangeHost.objects.filter(
            exchange__in=Exchange.objects.in_district(district)
            .counting()
            .covering_school_year(school_year)
        )
        .order_by("exchange_id", "order", "id")
        .values_list("exchange__teacher_id", "school_id")
    )
    for teacher_id, school_id in rows:
        if school_id not in moves[teacher_id]:
            moves[teacher_id].append(school_id)
    return dict(moves)


# --- the shapes the command and the export print ------------------------------------------


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def as_dict(report: Report) -> dict:
    """The JSON shape of ``balance_report`` (values rounded to three decimals)."""
    return {
        "schools": [
            {
                "school": p.school,
                "stage": p.stage_label,
                "students": p.students,
                **{key: _r(p.per100(key)) for key in INDICATORS},
            }
            for p in report.counted
        ],
        "cv": {
            figures.label: {
                **{key: _r(figures.cv[key]) for key in INDICATORS},
                "overall": _r(figures.overall),
            }
            for figures in report.stages.values()
        },
    }


CSV_HEADER = [
    "学校",
    "学段",
    "学生数",
    *[INDICATOR_LABEL[k] + "（每百名学生）" for k in INDICATORS],
]


def csv_rows(report: Report) -> list[list]:
    """One row per school part, then the coefficients per stage (and their mean)."""
    rows: list[list] = [CSV_HEADER]
    for p in report.counted:
        rows.append([p.school, p.stage_label, p.students, *[_r(p.per100(k)) for k in INDICATORS]])
    rows.append([])
    rows.append(["学段", "差异系数", "", *[INDICATOR_LABEL[k] for k in INDICATORS], "综合"])
    for figures in report.stages.values():
        rows.append(
            [
                figures.label,
                "差异系数",
                "",
                *[_r(figures.cv[k]) for k in INDICATORS],
                _r(figures.overall),
            ]
        )
    return rows

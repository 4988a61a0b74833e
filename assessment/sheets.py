"""Scores as a sheet: the Excel import of the bundled assessment (kind ``assessment_scores``).

The shape is the quick-entry grid laid out long, one row per school × scored indicator —
学年 / 教共体 / 学校 / 维度 / 指标 / 满分 / 得分 / 佐证说明 — because a scheme's indicators differ
from year to year while a sheet's columns are declared once, and because a bureau fills such a
list in Excel by sorting and filtering it (by school, or by indicator across all schools).
The scheme page offers the sheet pre-filled (``score_rows``): every school assessed that year
(the communities' counted members) × every scored indicator, with the scores entered so far, so
downloading it and importing it again changes nothing.

Import: a row finds the district's scheme by its 学年, the school by its name (or 10-digit
code) among the district's schools, and the indicator by 维度 and 指标 within that scheme. A row
with no 得分 is skipped (the school's score stays as it is); a blank 佐证说明 keeps the evidence
already entered. 教共体 and 满分 are there to read, not read back. Refused, each with the row and
the column: a year with no scheme, a draft scheme, a published scheme (its scores change only
through a correction, with a reason), an unknown school or one not assessed that year, an
unknown dimension or indicator, a derived indicator (the records give it; a county that counts
it elsewhere enters it on the quick-entry page), a score outside 0 … the indicator's maximum, and
the same school and indicator twice. Nothing is written unless every row is right (the engine's
transaction); writes go through ``services.score_set``, so each score's history row records the
user and the reason 「Excel 导入」.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError

from core.school_year import SchoolYear
from core.text import clean_digits, clean_text, name_key
from schools.models import School
from spreadsheets import registry
from spreadsheets.columns import ColumnSet, SheetColumn
from spreadsheets.reader import Sheet
from spreadsheets.registry import Importer
from spreadsheets.report import CREATED, UNCHANGED, UPDATED, Progress, Report
from spreadsheets.templates_xlsx import ImportTemplate

from . import results, services
from .enums import IndicatorKind, SchemeStatus, ScoreStatus
from .models import Indicator, Scheme, Score

KIND = "assessment_scores"
IMPORT_REASON = "Excel 导入"

YEAR = SheetColumn(
    "学年",
    ("考核学年",),
    required=True,
    text=True,
    width=12,
    help="考核方案的学年，如 2025-2026（也可只写起始年份 2025）。",
    examples=("2025-2026", "2025-2026"),
)
COMMUNITY = SheetColumn(
    "教共体",
    width=20,
    help="仅供核对，导入时不读取。",
    examples=("城关教共体", "城关教共体"),
)
SCHOOL = SheetColumn(
    "学校",
    ("学校名称", "校名"),
    required=True,
    width=22,
    help="本区县学校的全称（或 10 位学校标识码），须为该学年参加考核的教共体成员校。",
    examples=("城关第一小学", "河口小学"),
)
DIMENSION = SheetColumn(
    "维度",
    ("考核维度",),
    required=True,
    width=16,
    help="方案中的维度名称。",
    examples=("教育质量提升度", "教育质量提升度"),
)
INDICATOR = SheetColumn(
    "指标",
    ("考核指标",),
    required=True,
    width=20,
    help="该维度下由人工评分的指标名称（数据生成指标由系统计算，不能导入）。",
    examples=("教学质量监测", "教学质量监测"),
)
MAXIMUM = SheetColumn(
    "满分",
    width=8,
    help="仅供核对，导入时不读取。",
    examples=(15, 15),
)
POINTS = SheetColumn(
    "得分",
    ("分数", "评分"),
    required=True,
    width=10,
    help="0 到该指标满分之间，最多两位小数；留空的行不导入（原有评分不变）。",
    examples=(12.5, 13),
)
EVIDENCE = SheetColumn(
    "佐证说明",
    ("评分说明", "备注"),
    width=36,
    help="评分依据；留空则保留原有的佐证说明。",
    examples=("区质量监测报告第 3 页", ""),
)

SCORE_COLUMNS = ColumnSet(
    (YEAR, COMMUNITY, SCHOOL, DIMENSION, INDICATOR, MAXIMUM, POINTS, EVIDENCE)
)


def register() -> None:
    registry.register_importer(ScoreImporter())
    registry.register_template(ImportTemplate(KIND, "考核评分导入模板", SCORE_COLUMNS))


def _number(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.normalize():f}"


def score_rows(scheme: Scheme) -> list[list]:
    """The pre-filled sheet of ``scheme``: every assessed school (by community, the core school
    first) × every scored indicator, with the points and evidence entered so far."""
    indicators = list(
        Indicator.objects.filter(dimension__scheme=scheme, kind=IndicatorKind.SCORED)
        .select_related("dimension")
        .order_by("dimension__order", "dimension_id", "order", "id")
    )
    places = results.counted_places(scheme)
    schools = School.objects.in_bulk([place.school_id for _, place in places])
    places.sort(
        key=lambda cp: (
            cp[0].sort_key,
            cp[0].pk,
            not cp[1].is_core,
            schools[cp[1].school_id].sort_key,
        )
    )
    scores = {
        (s.indicator_id, s.school_id): s
        for s in Score.objects.filter(indicator__in=indicators, school_id__in=schools)
    }
    label = scheme.year.label
    rows = []
    for community, place in places:
        school = schools[place.school_id]
        for indicator in indicators:
            score = scores.get((indicator.pk, school.pk))
            points = score.points if score is not None else None
            rows.append(
                [
                    label,
                    community.name,
                    school.name,
                    indicator.dimension.name,
                    indicator.name,
                    float(indicator.max_score),
                    float(points) if points is not None else None,
                    score.evidence if score is not None else "",
                ]
            )
    return rows


@dataclass
class _Year:
    """One scheme as the import reads it (loaded at its first row)."""

    scheme: Scheme | None
    refusal: str = ""  # why no row of this year can be imported
    indicators: dict[tuple[str, str], list[Indicator]] = field(default_factory=dict)
    dimensions: set[str] = field(default_factory=set)
    assessed: set[int] = field(default_factory=set)


def _load_year(district, year: SchoolYear) -> _Year:
    scheme = Scheme.objects.filter(district=district, school_year=year.start).first()
    if scheme is None:
        return _Year(None, f"本区县没有 {year.label} 学年的考核方案。")
    if results.is_published(scheme):
        return _Year(
            scheme,
            f"{year.label} 学年的考核结果已发布并锁定，评分只能在学校评分页逐项提交更正（须写明原因），"
            "不能导入。",
        )
    if scheme.status != SchemeStatus.ACTIVE:
        return _Year(scheme, f"{year.label} 学年的考核方案尚未启用，不能评分。")
    loaded = _Year(scheme)
    for indicator in Indicator.objects.filter(dimension__scheme=scheme).select_related("dimension"):
        key = (name_key(indicator.dimension.name), name_key(indicator.name))
        loaded.indicators.setdefault(key, []).append(indicator)
        loaded.dimensions.add(key[0])
    loaded.assessed = {place.school_id for _, place in results.counted_places(scheme)}
    return loaded


class _Years:
    """The schemes the rows name, loaded at their first row, and how many rows (with a score)
    name each year, so a refused year is reported once, at its first row, with its count."""

    def __init__(self, district, sheet: Sheet):
        self.district = district
        self.loaded: dict[int, _Year] = {}
        self.rows: Counter[int] = Counter()
        for _, record in sheet.records():
            if clean_text(str(record.get(POINTS.label) or "")):
                try:
                    self.rows[
                        SchoolYear.parse(clean_text(str(record.get(YEAR.label) or ""))).start
                    ] += 1
                except ValueError:
                    pass


class _Schools:
    """The district's schools by 10-digit code and by name (as the reader cleans names)."""

    def __init__(self, district):
        schools = list(School.objects.filter(district=district))
        self.by_code = {s.code: s for s in schools if s.code}
        self.by_key = {s.name_key: s for s in schools}

    def find(self, text: str) -> School | None:
        digits = clean_digits(text)
        if digits.isdigit() and digits in self.by_code:
            return self.by_code[digits]
        return self.by_key.get(name_key(text))


@dataclass
class _Plan:
    row: int
    indicator: Indicator
    school: School
    value: Decimal
    evidence: str


class ScoreImporter(Importer):
    key = KIND
    label = "考核评分"
    columns = SCORE_COLUMNS

    def run(
        self, sheet: Sheet, *, report: Report, district, actor, progress: Progress, write: bool
    ) -> None:
        schools = _Schools(district)
        years = _Years(district, sheet)
        seen: dict[tuple[int, int], int] = {}
        plans: list[_Plan] = []
        skipped = 0
        for row, record in sheet.records():
            text = {c.label: clean_text(str(record.get(c.label) or "")) for c in SCORE_COLUMNS}
            if not text[POINTS.label]:
                skipped += 1
                continue
            plan = self._plan(row, record, text, report, schools, years)
            if plan is None:
                continue
            key = (plan.indicator.pk, plan.school.pk)
            if key in seen:
                report.problem(
                    row,
                    INDICATOR.label,
                    f"与第 {seen[key]} 行重复：同一学校的同一指标只能有一行。",
                )
                continue
            seen[key] = row
            plans.append(plan)
        if skipped:
            report.notes.append(f"{skipped} 行没有填写得分，已跳过（原有评分不变）。")
        self._count_and_write(plans, report, actor, write=write and report.ok)

    def _plan(self, row, record, text, report, schools, years: _Years) -> _Plan | None:
        try:
            school_year = SchoolYear.parse(text[YEAR.label])
        except ValueError as error:
            report.problem(row, YEAR.label, str(error))
            return None
        year = years.loaded.get(school_year.start)
        if year is None:
            year = years.loaded[school_year.start] = _load_year(years.district, school_year)
            if year.scheme is not None:  # the job page links back to the scheme
                report.link(f"{school_year.label}学年考核方案", year.scheme.get_absolute_url())
            if year.refusal:
                rows = years.rows[school_year.start]
                more = f"（该学年共 {rows} 行，均未导入）" if rows > 1 else ""
                report.problem(row, YEAR.label, year.refusal + more)
        if year.refusal:
            return None  # reported once, at the year's first row
        ok = True
        school = schools.find(text[SCHOOL.label]) if text[SCHOOL.label] else None
        if not text[SCHOOL.label]:
            report.problem(row, SCHOOL.label, "请填写学校。")
            ok = False
        elif school is None:
            report.problem(row, SCHOOL.label, f"本区县没有名为「{text[SCHOOL.label]}」的学校。")
            ok = False
        elif school.pk not in year.assessed:
            report.problem(
                row,
                SCHOOL.label,
                f"「{school.name}」不在 {school_year.label} 学年的考核名单中"
                "（不是任何教共体计入考核的成员校）。",
            )
            ok = False
        indicator = self._indicator(row, text, report, year, school_year)
        try:
            value = services.parse_number(record.get(POINTS.label), label=POINTS.label)
        except ValidationError as error:
            report.problem(row, POINTS.label, "；".join(error.messages))
            return None
        if indicator is None or not ok:
            return None
        problem = services.value_error(indicator, value)
        if problem:
            report.problem(row, POINTS.label, problem)
            return None
        return _Plan(row, indicator, school, value, text[EVIDENCE.label])

    def _indicator(self, row, text, report, year: _Year, school_year) -> Indicator | None:
        dimension, name = text[DIMENSION.label], text[INDICATOR.label]
        if not dimension:
            report.problem(row, DIMENSION.label, "请填写维度。")
            return None
        if not name:
            report.problem(row, INDICATOR.label, "请填写指标。")
            return None
        if name_key(dimension) not in year.dimensions:
            report.problem(
                row, DIMENSION.label, f"{school_year.label} 学年的方案中没有维度「{dimension}」。"
            )
            return None
        found = year.indicators.get((name_key(dimension), name_key(name)), [])
        if not found:
            report.problem(row, INDICATOR.label, f"维度「{dimension}」下没有指标「{name}」。")
            return None
        if len(found) > 1:
            report.problem(
                row, INDICATOR.label, f"维度「{dimension}」下有多个名为「{name}」的指标，无法确定。"
            )
            return None
        indicator = found[0]
        if indicator.kind == IndicatorKind.DERIVED:
            report.problem(
                row,
                INDICATOR.label,
                f"「{indicator.name}」是数据生成指标，由系统根据业务记录计算，不能导入得分"
                "（如需手工填报数值，请在快速录入页填写）。",
            )
            return None
        return indicator

    def _count_and_write(self, plans: list[_Plan], report: Report, actor, *, write: bool):
        existing = {
            (s.indicator_id, s.school_id): s
            for s in Score.objects.filter(
                indicator__in={p.indicator.pk for p in plans},
                school__in={p.school.pk for p in plans},
            )
        }
        for plan in plans:
            current = existing.get((plan.indicator.pk, plan.school.pk))
            label = f"{plan.school.name} · {plan.indicator.dimension.name}·{plan.indicator.name}"
            if current is None or current.points is None:
                action, detail = CREATED, f"{_number(plan.value)} 分"
            elif (
                current.points == plan.value
                and current.status == ScoreStatus.CONFIRMED
                and plan.evidence in ("", current.evidence)
            ):
                action, detail = UNCHANGED, ""
            else:
                action = UPDATED
                detail = f"{_number(current.points)} → {_number(plan.value)} 分"
                if current.status == ScoreStatus.SELF_ASSESSED:
                    detail += "（确认自评）"
            if write and action != UNCHANGED:
                services.score_set(
                    indicator=plan.indicator,
                    school=plan.school,
                    value=plan.value,
                    actor=actor,
                    evidence=plan.evidence or None,
                    reason=IMPORT_REASON,
                )
            report.count(plan.row, action, label, detail)

"""The read API of the bundled assessment: every result, score, flag and code, explained.

Used by the results pages, the panels, the reports (community PDF, district workbook, charts),
the verification page and the commands. Names here are stable; new fields are added, never
renamed.

**Entry points**

- :func:`district_results` ``(district, school_year) -> DistrictResult | None`` — every
  community and school of the district, ranked.
- :func:`community_results` ``(community, school_year) -> CommunityResult | None`` — one
  community, with its schools, bundled score, rank in the district and publication.
- :func:`school_result` ``(school, school_year) -> SchoolResult | None``.
- :func:`verify` ``(code) -> Verification`` — whether a printed report's code matches the
  record (``VerifyStatus``), the publication, and the corrections that superseded it.
- :func:`community_digest` / :func:`code_for` — how a verification code is made.

``school_year`` is a ``core.school_year.SchoolYear`` (or its start year as an int). ``None``
means the district has no scheme for that year. Visibility is the caller's job: these
functions answer for whatever they are given (pages check ``assessment.visibility`` first).

**Where the numbers come from.** Before publishing, results are computed live: confirmed
scores of scored indicators; for derived indicators the hand-entered value if any, else the
indicator's ``core.measures`` measure. Once published, results are read from the latest
:class:`~assessment.models.Publication` snapshot, so a later change of the records (an exchange
entered late, a membership edited) never changes a published result; only a correction does.

**Formulas** (every one shown with its components on the pages and in the report)

- Indicator points: a scored indicator's confirmed points (0 … max score). A derived indicator:
  ``max score × min(value / full_at, 1)`` (a value at or above ``full_at`` gets full marks,
  negative values 0), rounded to 0.01.
- **No score** — a scored indicator with no confirmed score, or a derived one with no data
  (无数据, a missing measure included): it **counts 0** in its dimension and in the total, and
  the school's result is flagged *incomplete* with the indicators named. The bureau cannot
  publish while a scored indicator is unscored (``services.results_publish``); derived
  indicators without data may stay 无数据.
- Dimension points: the sum of its indicators' points (out of the dimension's weight); the
  dimension's *share* is points / weight × 100. Total: the sum of the dimensions (out of 100).
- Progress: this year's total minus last year's (last year's published results, else live);
  ``None`` when the school has no result last year.
- Rankings: schools by total, communities by bundled score, in the district, highest first;
  equal values share a rank (1, 2, 2, 4).
- Bundled score (rule 17): ``core_weight × core school's total + members_weight × members'
  average total + progress_weight × progress index``, progress index = ``progress_base +
  progress_per_point × members' average progress`` kept within 0–100. A component with no value
  (no core school, no members, no member with last year's result) is left out and the other
  weights are scaled up to add to 1; the components list says so.
- Membership: a school is assessed in the community it belonged to for most of the school year
  (``compliance.rosters``: a member that joined mid-year counts where it spent more days;
  ``SchoolResult.joined_on`` / ``left_on`` show the partial year). Village schools and teaching
  points are assessed with their parent, not separately.
- Flags: rule 18 — a dimension marked ``decline_watch`` (quality, management) whose share fell
  two years running (year−2 > year−1 > this year); rule 19 — a satisfaction indicator
  (``surveys.satisfaction_rate``) whose value is not above the scheme's target (> 95 %).

**Verification codes.** At publishing (and at every correction) each community's results get a
content digest (SHA-256 of :func:`community_content` as canonical JSON); when it differs from
the community's last code, the report version goes up and a new code is issued:
``code_for(digest, version)`` = the first 10 base-32 characters of SHA-256 of
``"<digest>:v<version>"``, written ``XXXXX-XXXXX``. District ranks are not part of the digest,
so a correction in one community does not supersede another community's printed report.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from communities.models import Community
from compliance.enums import PeriodKind
from compliance.registry import period_of
from compliance.rosters import rosters_for
from core import measures
from core.school_year import SchoolYear
from schools.models import School

from .enums import SATISFACTION_MEASURE, FlagKind, IndicatorKind, ScoreStatus, VerifyStatus
from .models import Correction, Indicator, Publication, ReportCode, Scheme, Score

Q2 = Decimal("0.01")
HUNDRED = Decimal(100)


def q(value: Decimal) -> Decimal:
    return Decimal(value).quantize(Q2, rounding=ROUND_HALF_UP)


# --- the result shapes ------------------------------------------------------------------------


@dataclass
class IndicatorValue:
    indicator_id: int
    code: str
    name: str
    max_score: Decimal
    derived: bool
    points: Decimal | None  # None: not scored / no data (counts 0)
    raw: Decimal | None = None  # a derived indicator's value (e.g. a rate in %)
    unit: str = ""
    # "confirmed" | "self" (self-assessed, awaiting the bureau) | "missing" (未评分) |
    # "hand" (hand-entered value) | "measure" (from the records) | "no_data" (无数据)
    state: str = "missing"
    detail: str = ""
    sources: list[tuple[str, str]] = field(default_factory=list)  # (label, url)
    evidence: str = ""
    has_attachment: bool = False
    score_id: int | None = None

    @property
    def counted(self) -> Decimal:
        return self.points if self.points is not None else Decimal(0)

    @property
    def label(self) -> str:
        if self.points is not None:
            return f"{self.points}"
        return "无数据" if self.derived else ("待确认" if self.state == "self" else "未评分")


@dataclass
class DimensionScore:
    code: str
    name: str
    weight: Decimal
    points: Decimal
    indicators: list[IndicatorValue] = field(default_factory=list)
    decline_watch: bool = False
    last_points: Decimal | None = None
    last_share: Decimal | None = None

    @property
    def share(self) -> Decimal:
        return q(self.points / self.weight * HUNDRED) if self.weight else Decimal(0)

    @property
    def change(self) -> Decimal | None:
        return None if self.last_points is None else q(self.points - self.last_points)

    @property
    def complete(self) -> bool:
        return all(i.points is not None for i in self.indicators)


@dataclass
class Flag:
    kind: str  # FlagKind
    school_id: int
    school: str
    text: str

    @property
    def kind_label(self) -> str:
        return FlagKind(self.kind).label


@dataclass
class SchoolResult:
    school_id: int
    name: str
    community_id: int | None
    role: str  # communities.enums.MemberRole: core / member
    dimensions: list[DimensionScore]
    total: Decimal
    last_total: Decimal | None = None
    progress: Decimal | None = None
    rank: int | None = None  # in the district, by total
    ranked: int = 0  # how many schools ranked
    joined_on: datetime.date | None = None  # set when the school joined during the year
    left_on: datetime.date | None = None  # set when it left during the year
    flags: list[Flag] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # indicator names counted 0

    @property
    def is_core(self) -> bool:
        return self.role == "core"

    @property
    def complete(self) -> bool:
        return not self.missing

    def dimension(self, code: str) -> DimensionScore | None:
        return next((d for d in self.dimensions if d.code == code), None)


@dataclass
class Component:
    key: str  # "core" | "members" | "progress"
    label: str
    value: Decimal | None  # None: no value, left out
    weight: Decimal  # as the scheme states it
    used_weight: Decimal  # after leaving out components without value
    detail: str = ""

    @property
    def weighted(self) -> Decimal | None:
        return None if self.value is None else q(self.value * self.used_weight)


@dataclass
class Bundled:
    score: Decimal | None
    formula: str  # the scheme's formula in words
    worked: str  # the formula with this community's numbers
    components: list[Component] = field(default_factory=list)


@dataclass
class CorrectionInfo:
    id: int
    school_id: int
    school: str
    community_id: int | None
    indicator: str
    old: str
    new: str
    reason: str
    made_by: str
    made_at: datetime.datetime
    version: int  # the publication version it produced


@dataclass
class PublicationInfo:
    published: bool
    version: int | None = None  # publication version (goes up with every correction)
    published_at: datetime.datetime | None = None
    published_by: str = ""
    first_published_at: datetime.datetime | None = None
    corrections: list[CorrectionInfo] = field(default_factory=list)
    # the community's report (community_results only)
    report_version: int | None = None
    code: str = ""
    digest: str = ""


@dataclass
class DimensionHead:
    code: str
    name: str
    weight: Decimal
    decline_watch: bool


@dataclass
class CommunityResult:
    community_id: int
    name: str
    school_year: SchoolYear
    scheme_id: int
    scheme_name: str
    dimensions: list[DimensionHead]
    schools: list[SchoolResult]  # core first, then members by name
    bundled: Bundled
    rank: int | None = None  # in the district, by bundled score
    ranked: int = 0
    last_bundled: Decimal | None = None
    publication: PublicationInfo = field(default_factory=lambda: PublicationInfo(False))

    @property
    def core(self) -> SchoolResult | None:
        return next((s for s in self.schools if s.is_core), None)

    @property
    def members(self) -> list[SchoolResult]:
        return [s for s in self.schools if not s.is_core]

    @property
    def flags(self) -> list[Flag]:
        return [f for s in self.schools for f in s.flags]


@dataclass
class DistrictResult:
    district_id: int
    school_year: SchoolYear
    scheme_id: int
    scheme_name: str
    satisfaction_target: Decimal
    dimensions: list[DimensionHead]
    communities: list[CommunityResult]  # by rank
    schools: list[SchoolResult]  # by rank
    publication: PublicationInfo

    def community(self, community_id: int) -> CommunityResult | None:
        return next((c for c in self.communities if c.community_id == community_id), None)

    def school(self, school_id: int) -> SchoolResult | None:
        return next((s for s in self.schools if s.school_id == school_id), None)


@dataclass
class Verification:
    status: str  # VerifyStatus
    code: str
    community: str = ""
    community_id: int | None = None
    school_year: SchoolYear | None = None
    district: str = ""
    report_version: int | None = None
    publication_version: int | None = None
    published_at: datetime.datetime | None = None
    current_code: str = ""  # the code of the current report, when superseded
    superseded_by: list[CorrectionInfo] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return VerifyStatus(self.status).label


# --- public entry points ----------------------------------------------------------------------


def _year(school_year) -> SchoolYear:
    return school_year if isinstance(school_year, SchoolYear) else SchoolYear(int(school_year))


def scheme_of(district, school_year) -> Scheme | None:
    year = _year(school_year)
    return Scheme.objects.filter(district=district, school_year=year.start).first()


def district_results(district, school_year, *, live: bool = False) -> DistrictResult | None:
    """Every community and school of the district for the year, ranked; published years come
    from the latest publication (``live=True`` computes from the records regardless)."""
    scheme = scheme_of(district, school_year)
    if scheme is None:
        return None
    return results_of(scheme, live=live)


def results_of(scheme: Scheme, *, live: bool = False) -> DistrictResult:
    latest = None if live else latest_publication(scheme)
    if latest is not None:
        result = load(latest.snapshot)
    else:
        result = compute(scheme)
    result.publication = publication_info(scheme)
    codes = latest_codes(scheme) if result.publication.published else {}
    for community in result.communities:
        community.publication = publication_info_for(result.publication, community, codes)
    return result


def community_results(community, school_year, *, live: bool = False) -> CommunityResult | None:
    district = district_results(community.district, school_year, live=live)
    if district is None:
        return None
    return district.community(community.pk)


def school_result(school, school_year, *, live: bool = False) -> SchoolResult | None:
    district = district_results(school.district, school_year, live=live)
    return None if district is None else district.school(school.pk)


def latest_publication(scheme: Scheme) -> Publication | None:
    return scheme.publications.order_by("-version").first()


def is_published(scheme: Scheme) -> bool:
    return scheme.publications.exists()


# --- live computation -------------------------------------------------------------------------


def _heads(indicators: list[Indicator]) -> list[DimensionHead]:
    heads: dict[int, DimensionHead] = {}
    for indicator in indicators:
        d = indicator.dimension
        if d.pk not in heads:
            heads[d.pk] = DimensionHead(d.code, d.name, d.weight, d.decline_watch)
    return list(heads.values())


def _measure_values(
    codes: set[str], schools: list[School], year: SchoolYear
) -> dict[str, dict[int, measures.MeasureValue]]:
    values: dict[str, dict[int, measures.MeasureValue]] = {}
    for code in sorted(codes):
        try:
            measure = measures.get_measure(code)
        except LookupError:
            values[code] = {}
            continue
        values[code] = measure.compute(schools, year)
    return values


def _units(codes: set[str]) -> dict[str, str]:
    units = {}
    for code in codes:
        try:
            units[code] = measures.get_measure(code).unit
        except LookupError:
            units[code] = ""
    return units


def derived_points(indicator: Indicator, raw: Decimal | None) -> Decimal | None:
    if raw is None:
        return None
    if raw <= 0 or not indicator.full_at:
        return Decimal(0) if raw is not None else None
    return q(indicator.max_score * min(raw / indicator.full_at, Decimal(1)))


def _value(indicator, score, measured, unit) -> IndicatorValue:
    value = IndicatorValue(
        indicator_id=indicator.pk,
        code=indicator.code,
        name=indicator.name,
        max_score=indicator.max_score,
        derived=indicator.kind == IndicatorKind.DERIVED,
        points=None,
        unit=unit,
    )
    if score is not None:
        value.evidence = score.evidence
        value.has_attachment = score.attachment_id is not None
        value.score_id = score.pk
    if not value.derived:
        if score is None or score.points is None:
            value.state = "missing"
        elif score.status != ScoreStatus.CONFIRMED:
            value.state = "self"
        else:
            value.state = "confirmed"
            value.points = q(score.points)
        return value
    if score is not None and score.raw is not None:
        value.raw = score.raw
        value.state = "hand" if score.raw_source == "hand" else "measure"
        value.detail = score.detail or ("手工填报" if value.state == "hand" else "")
    elif measured is not None:
        value.raw = q(measured.value)
        value.state = "measure"
        value.detail = measured.detail
        value.sources = [(s.label, s.url) for s in measured.sources]
    else:
        value.state = "no_data"
        return value
    value.points = derived_points(indicator, value.raw)
    return value


def counted_places(scheme: Scheme) -> list[tuple[Community, Any]]:
    """The schools assessed in ``scheme``'s year: ``(community, roster place)`` of every school
    counted in a community of the district over the school year (a school that moved counts
    where it spent more days). Three queries."""
    return _rosters(scheme)[2]


def _rosters(scheme: Scheme):
    communities = list(Community.objects.filter(district_id=scheme.district_id))
    period = period_of(PeriodKind.SCHOOL_YEAR, scheme.year, None)
    rosters = rosters_for(communities, period)
    places = [
        (community, place)
        for community in communities
        for place in rosters[community.pk].places.values()
        if place.counted
    ]
    return communities, period, places


def compute(scheme: Scheme, *, history: bool = True, use_measures: bool = True) -> DistrictResult:
    """The district's results from the records (not the publication). Queries: a fixed
    number, plus each measure's own, plus last years' when ``history``. ``use_measures=False``
    (corrections of a published year) reads derived values only from the stored scores, which
    publishing froze."""
    year = scheme.year
    indicators = list(
        Indicator.objects.filter(dimension__scheme=scheme)
        .select_related("dimension")
        .order_by("dimension__order", "dimension_id", "order", "id")
    )
    heads = _heads(indicators)
    communities, period, places = _rosters(scheme)  # places: (community, place)
    school_ids = [place.school_id for _, place in places]
    schools = list(School.objects.filter(pk__in=school_ids))
    scores = {
        (s.indicator_id, s.school_id): s
        for s in Score.objects.filter(indicator__dimension__scheme=scheme, school_id__in=school_ids)
    }
    codes = {i.measure_code for i in indicators if i.kind == IndicatorKind.DERIVED}
    measured = _measure_values(codes, schools, year) if use_measures else {}
    units = _units(codes)
    target = scheme.satisfaction_target

    results: list[SchoolResult] = []
    for community, place in places:
        dims: dict[int, DimensionScore] = {}
        missing: list[str] = []
        flags: list[Flag] = []
        for indicator in indicators:
            d = indicator.dimension
            dim = dims.get(d.pk)
            if dim is None:
                dim = dims[d.pk] = DimensionScore(
                    d.code, d.name, d.weight, Decimal(0), decline_watch=d.decline_watch
                )
            m = measured.get(indicator.measure_code, {}).get(place.school_id)
            value = _value(
                indicator,
                scores.get((indicator.pk, place.school_id)),
                m,
                units.get(indicator.measure_code, ""),
            )
            dim.indicators.append(value)
            dim.points += value.counted
            if value.points is None:
                missing.append(f"{d.name}·{indicator.name}（{value.label}）")
            if (
                indicator.measure_code == SATISFACTION_MEASURE
                and value.raw is not None
                and value.raw <= target
            ):
                flags.append(
                    Flag(
                        FlagKind.SATISFACTION,
                        place.school_id,
                        place.name,
                        f"{indicator.name} {value.raw}{value.unit or '%'}，未高于目标 {target}%",
                    )
                )
        for dim in dims.values():
            dim.points = q(dim.points)
        total = q(sum((d.points for d in dims.values()), Decimal(0)))
        if missing:
            flags.append(
                Flag(
                    FlagKind.INCOMPLETE,
                    place.school_id,
                    place.name,
                    "以下指标按 0 分计：" + "；".join(missing),
                )
            )
        results.append(
            SchoolResult(
                school_id=place.school_id,
                name=place.name,
                community_id=community.pk,
                role=place.role,
                dimensions=list(dims.values()),
                total=total,
                joined_on=place.first_day if place.first_day > period.first_day else None,
                left_on=place.last_day if place.last_day < period.last_day else None,
                flags=flags,
                missing=missing,
            )
        )
    if history:
        _add_history(scheme, results)
    _rank(results, key=lambda s: s.total)
    for result in results:
        result.ranked = len(results)

    sort_keys = dict(School.objects.filter(pk__in=school_ids).values_list("pk", "sort_key"))
    by_community: dict[int, list[SchoolResult]] = defaultdict(list)
    for result in results:
        by_community[result.community_id].append(result)
    community_results_ = []
    last_bundled = _last_bundled(scheme) if history else {}
    for community in communities:
        rows = by_community.get(community.pk)
        if not rows:
            continue
        rows.sort(key=lambda s: (not s.is_core, sort_keys.get(s.school_id, ""), s.school_id))
        community_results_.append(
            CommunityResult(
                community_id=community.pk,
                name=community.name,
                school_year=year,
                scheme_id=scheme.pk,
                scheme_name=scheme.name,
                dimensions=heads,
                schools=rows,
                bundled=bundled(scheme, rows),
                last_bundled=last_bundled.get(community.pk),
            )
        )
    _rank(
        community_results_,
        key=lambda c: c.bundled.score if c.bundled.score is not None else Decimal(-1),
    )
    for result in community_results_:
        result.ranked = len(community_results_)
    community_results_.sort(key=lambda c: (c.rank or 10**6, c.name))
    results.sort(key=lambda s: (s.rank or 10**6, sort_keys.get(s.school_id, "")))
    return DistrictResult(
        district_id=scheme.district_id,
        school_year=year,
        scheme_id=scheme.pk,
        scheme_name=scheme.name,
        satisfaction_target=target,
        dimensions=heads,
        communities=community_results_,
        schools=results,
        publication=PublicationInfo(False),
    )


def _rank(rows: list, *, key) -> None:
    ordered = sorted(rows, key=key, reverse=True)
    previous = None
    rank = 0
    for index, row in enumerate(ordered, start=1):
        value = key(row)
        if value != previous:
            rank = index
            previous = value
        row.rank = rank


def _year_totals(scheme: Scheme | None) -> dict[int, tuple[Decimal, dict[str, Decimal]]]:
    """``{school pk: (total, {dimension code: share})}`` of a year (published, else live)."""
    if scheme is None:
        return {}
    latest = latest_publication(scheme)
    result = load(latest.snapshot) if latest is not None else compute(scheme, history=False)
    return {s.school_id: (s.total, {d.code: d.share for d in s.dimensions}) for s in result.schools}


def _last_bundled(scheme: Scheme) -> dict[int, Decimal | None]:
    previous = Scheme.objects.filter(
        district_id=scheme.district_id, school_year=scheme.school_year - 1
    ).first()
    if previous is None:
        return {}
    latest = latest_publication(previous)
    result = load(latest.snapshot) if latest is not None else compute(previous, history=False)
    return {c.community_id: c.bundled.score for c in result.communities}


def _add_history(scheme: Scheme, results: list[SchoolResult]) -> None:
    earlier = {
        s.school_year: s
        for s in Scheme.objects.filter(
            district_id=scheme.district_id,
            school_year__in=[scheme.school_year - 1, scheme.school_year - 2],
        )
    }
    last = _year_totals(earlier.get(scheme.school_year - 1))
    before = _year_totals(earlier.get(scheme.school_year - 2))
    for result in results:
        if result.school_id in last:
            total, shares = last[result.school_id]
            result.last_total = total
            result.progress = q(result.total - total)
            for dim in result.dimensions:
                if dim.code in shares:
                    dim.last_share = shares[dim.code]
                    dim.last_points = q(shares[dim.code] * dim.weight / HUNDRED)
        if result.school_id in last and result.school_id in before:
            for dim in result.dimensions:
                one = last[result.school_id][1].get(dim.code)
                two = before[result.school_id][1].get(dim.code)
                if dim.decline_watch and one is not None and two is not None:
                    if two > one > dim.share:
                        result.flags.insert(
                            0,
                            Flag(
                                FlagKind.DECLINE,
                                result.school_id,
                                result.name,
                                f"{dim.name}连续两年下降：{two}% → {one}% → {dim.share}%（得分率）",
                            ),
                        )


def bundled(scheme: Scheme, rows: list[SchoolResult]) -> Bundled:
    """The community's bundled score from its schools' results (rule 17)."""
    core = next((s for s in rows if s.is_core), None)
    members = [s for s in rows if not s.is_core]
    progressed = [s.progress for s in members if s.progress is not None]
    avg_total = q(sum((s.total for s in members), Decimal(0)) / len(members)) if members else None
    avg_progress = q(sum(progressed, Decimal(0)) / len(progressed)) if progressed else None
    index = None
    if avg_progress is not None:
        raw_index = scheme.progress_base + scheme.progress_per_point * avg_progress
        index = q(min(max(raw_index, Decimal(0)), HUNDRED))
    parts = [
        (
            "core",
            "核心校得分",
            core.total if core else None,
            scheme.core_weight,
            f"{core.name} {core.total}" if core else "无核心校",
        ),
        (
            "members",
            "成员校平均得分",
            avg_total,
            scheme.members_weight,
            f"{len(members)} 所成员校平均" if members else "无成员校",
        ),
        (
            "progress",
            "成员校进步指数",
            index,
            scheme.progress_weight,
            (
                f"{len(progressed)} 所成员校平均进步 {avg_progress} 分："
                f"{scheme.progress_base} + {scheme.progress_per_point}×{avg_progress}，限 0–100"
            )
            if avg_progress is not None
            else "成员校无上年结果，不计此项",
        ),
    ]
    present = sum((w for _, _, v, w, _ in parts if v is not None), Decimal(0))
    components = []
    for key, label, value, weight, detail in parts:
        used = Decimal(0)
        if value is not None and present:
            used = (weight / present).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        components.append(Component(key, label, value, weight, used, detail))
    formula = (
        f"教共体得分 = {scheme.core_weight}×核心校得分 + {scheme.members_weight}×成员校平均得分"
        f" + {scheme.progress_weight}×成员校进步指数；进步指数 = {scheme.progress_base}"
        f" + {scheme.progress_per_point}×成员校平均进步分（0–100 之间）"
    )
    counted = [c for c in components if c.value is not None]
    if not counted:
        return Bundled(None, formula, "无可计算的分项", components)
    score = q(sum((c.value * c.used_weight for c in counted), Decimal(0)))
    worked = " + ".join(f"{c.used_weight.normalize()}×{c.value}" for c in counted) + f" = {score}"
    if present != 1:
        worked += "（缺项不计，其余权重按比例放大到合计 1）"
    return Bundled(score, formula, worked, components)


# --- publications, corrections, verification codes ---------------------------------------------


def _correction_info(c: Correction) -> CorrectionInfo:
    def show(points, raw):
        if raw is not None:
            return f"{raw}（{points} 分）" if points is not None else f"{raw}"
        return "—" if points is None else f"{points}"

    return CorrectionInfo(
        id=c.pk,
        school_id=c.school_id,
        school=c.school.name,
        community_id=c.community_id,
        indicator=c.score.indicator.name,
        old=show(c.old_points, c.old_raw),
        new=show(c.new_points, c.new_raw),
        reason=c.reason,
        made_by=_user_name(c.made_by),
        made_at=c.made_at,
        version=c.publication.version,
    )


def _user_name(user) -> str:
    if user is None:
        return ""
    return user.display_name  # 姓 + 名, as everywhere in the UI (get_full_name is 名 姓)


def publication_info(scheme: Scheme) -> PublicationInfo:
    publications = list(scheme.publications.select_related("published_by").order_by("version"))
    if not publications:
        return PublicationInfo(False)
    latest = publications[-1]
    corrections = (
        Correction.objects.filter(scheme=scheme)
        .select_related("school", "score__indicator", "made_by", "publication")
        .order_by("made_at", "id")
    )
    return PublicationInfo(
        published=True,
        version=latest.version,
        published_at=latest.published_at,
        published_by=_user_name(latest.published_by),
        first_published_at=publications[0].published_at,
        corrections=[_correction_info(c) for c in corrections],
    )


def latest_codes(scheme: Scheme) -> dict[int, ReportCode]:
    """``{community pk: its current ReportCode}`` of a scheme, in one query."""
    codes: dict[int, ReportCode] = {}
    for row in ReportCode.objects.filter(scheme=scheme).order_by("version"):
        codes[row.community_id] = row
    return codes


def publication_info_for(
    district: PublicationInfo, result: CommunityResult, codes: dict[int, ReportCode]
) -> PublicationInfo:
    """The district's publication narrowed to one community, with its report code."""
    info = PublicationInfo(**{k: v for k, v in vars(district).items() if k != "corrections"})
    info.corrections = [c for c in district.corrections if c.community_id == result.community_id]
    if district.published:
        code = codes.get(result.community_id)
        if code is not None:
            info.report_version = code.version
            info.code = code.code
            info.digest = code.digest
    return info


def community_content(result: CommunityResult) -> dict:
    """What a community's printed report asserts, as plain data (the digest's input)."""
    return {
        "community": [result.community_id, result.name],
        "school_year": result.school_year.label,
        "scheme": result.scheme_id,
        "bundled": _plain(result.bundled.score),
        "components": [
            [c.key, _plain(c.value), _plain(c.used_weight)] for c in result.bundled.components
        ],
        "schools": [
            [
                s.school_id,
                s.name,
                s.role,
                _plain(s.total),
                _plain(s.progress),
                [
                    [d.code, _plain(d.points), [_plain(i.points) for i in d.indicators]]
                    for d in s.dimensions
                ],
                [[f.kind, f.text] for f in s.flags],
            ]
            for s in result.schools
        ],
    }


def community_digest(result: CommunityResult) -> str:
    text = json.dumps(
        community_content(result), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(text.encode()).hexdigest()


def code_for(digest: str, version: int) -> str:
    raw = hashlib.sha256(f"{digest}:v{version}".encode()).digest()
    text = base64.b32encode(raw).decode()[:10]
    return f"{text[:5]}-{text[5:]}"


def normalise_code(code: str) -> str:
    text = "".join(ch for ch in str(code or "").upper() if ch.isalnum())
    return f"{text[:5]}-{text[5:10]}" if len(text) == 10 else text


def verify(code: str) -> Verification:
    """Whether a printed report with ``code`` matches the record: ``valid`` (it is the current
    report of its community), ``superseded`` (a correction changed the community's results
    since; the corrections are listed, the current code given) or ``unknown``."""
    wanted = normalise_code(code)
    row = (
        ReportCode.objects.filter(code=wanted)
        .select_related("scheme__district", "community", "publication")
        .first()
    )
    if row is None:
        return Verification(VerifyStatus.UNKNOWN, wanted)
    current = (
        ReportCode.objects.filter(scheme_id=row.scheme_id, community_id=row.community_id)
        .order_by("-version")
        .first()
    )
    result = Verification(
        status=VerifyStatus.VALID if current.pk == row.pk else VerifyStatus.SUPERSEDED,
        code=row.code,
        community=row.community.name,
        community_id=row.community_id,
        school_year=row.scheme.year,
        district=row.scheme.district.name,
        report_version=row.version,
        publication_version=row.publication.version,
        published_at=row.publication.published_at,
    )
    if result.status == VerifyStatus.SUPERSEDED:
        result.current_code = current.code
        later = (
            Correction.objects.filter(
                scheme_id=row.scheme_id,
                community_id=row.community_id,
                publication__version__gt=row.publication.version,
            )
            .select_related("school", "score__indicator", "made_by", "publication")
            .order_by("made_at", "id")
        )
        result.superseded_by = [_correction_info(c) for c in later]
    return result


# --- snapshot (what a publication stores) -----------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, SchoolYear):
        return value.start
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return _plain(value)


def dump(result: DistrictResult) -> dict:
    data = asdict(result)
    data.pop("publication", None)
    data["school_year"] = result.school_year.start  # asdict made the SchoolYear a dict
    for community in data["communities"]:
        community.pop("publication", None)
        community["school_year"] = result.school_year.start
    return _jsonable(data)


def _d(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _school_year(value) -> SchoolYear:
    return SchoolYear(value["start"] if isinstance(value, dict) else int(value))


def _date(value) -> datetime.date | None:
    return None if value is None else datetime.date.fromisoformat(value)


def _school(data: dict) -> SchoolResult:
    dims = []
    for d in data["dimensions"]:
        indicators = [
            IndicatorValue(
                **{
                    **i,
                    "max_score": Decimal(i["max_score"]),
                    "points": _d(i["points"]),
                    "raw": _d(i["raw"]),
                    "sources": [tuple(s) for s in i["sources"]],
                }
            )
            for i in d["indicators"]
        ]
        dims.append(
            DimensionScore(
                code=d["code"],
                name=d["name"],
                weight=Decimal(d["weight"]),
                points=Decimal(d["points"]),
                indicators=indicators,
                decline_watch=d["decline_watch"],
                last_points=_d(d["last_points"]),
                last_share=_d(d["last_share"]),
            )
        )
    return SchoolResult(
        school_id=data["school_id"],
        name=data["name"],
        community_id=data["community_id"],
        role=data["role"],
        dimensions=dims,
        total=Decimal(data["total"]),
        last_total=_d(data["last_total"]),
        progress=_d(data["progress"]),
        rank=data["rank"],
        ranked=data["ranked"],
        joined_on=_date(data["joined_on"]),
        left_on=_date(data["left_on"]),
        flags=[Flag(**f) for f in data["flags"]],
        missing=list(data["missing"]),
    )


def _heads_of(data: list) -> list[DimensionHead]:
    return [
        DimensionHead(h["code"], h["name"], Decimal(h["weight"]), h["decline_watch"]) for h in data
    ]


def load(data: dict) -> DistrictResult:
    schools = {s["school_id"]: _school(s) for s in data["schools"]}
    communities = []
    for c in data["communities"]:
        b = c["bundled"]
        communities.append(
            CommunityResult(
                community_id=c["community_id"],
                name=c["name"],
                school_year=_school_year(c["school_year"]),
                scheme_id=c["scheme_id"],
                scheme_name=c["scheme_name"],
                dimensions=_heads_of(c["dimensions"]),
                schools=[schools[s["school_id"]] for s in c["schools"]],
                bundled=Bundled(
                    score=_d(b["score"]),
                    formula=b["formula"],
                    worked=b["worked"],
                    components=[
                        Component(
                            key=x["key"],
                            label=x["label"],
                            value=_d(x["value"]),
                            weight=Decimal(x["weight"]),
                            used_weight=Decimal(x["used_weight"]),
                            detail=x["detail"],
                        )
                        for x in b["components"]
                    ],
                ),
                rank=c["rank"],
                ranked=c["ranked"],
                last_bundled=_d(c["last_bundled"]),
            )
        )
    return DistrictResult(
        district_id=data["district_id"],
        school_year=_school_year(data["school_year"]),
        scheme_id=data["scheme_id"],
        scheme_name=data["scheme_name"],
        satisfaction_target=Decimal(data["satisfaction_target"]),
        dimensions=_heads_of(data["dimensions"]),
        communities=communities,
        schools=[schools[s["school_id"]] for s in data["schools"]],
        publication=PublicationInfo(False),
    )

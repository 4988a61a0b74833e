"""The year-end reports of the bundled assessment: a community's PDF, the district workbook.

Everything here reads :mod:`assessment.results` — the same ``CommunityResult`` the results pages
show and the verification code digests — so a printed report says exactly what the record says.

- :func:`community_reports` builds the report of one or many communities of a scheme from one
  computation of the district's results (``results.results_of``) and one evaluation of the
  rules (``compliance.selectors.evaluate``, both semesters), whatever the number of communities.
- :func:`report_html` / :func:`report_pdf` render ``assessment/pdf/community_report.html``
  through ``core.pdf`` (A4, CJK font, page header, 第 N 页 / 共 M 页). A published report carries
  its verification code and a QR code of the verification address
  (``core.links.public_url`` of ``assessment:verify``: ``JGT_PUBLIC_URL`` when set, else the
  request's own address).
- :func:`chart_context` gives the results page the same SVG charts (``assessment/charts.py``).
- :func:`district_sheets` / :func:`district_workbook` — the ``.xlsx``: a summary sheet, then one
  sheet per dimension, per community and per school (``assessment/workbook.py``).

Visibility is the caller's job, as in ``results``: views check ``assessment.visibility`` first,
the batch job re-checks the scheme under the job's user, commands are the IT staff's.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from communities.models import Community
from compliance.selectors import evaluate
from core import pdf
from core.links import public_url
from core.school_year import SchoolYear, Semester

from . import results
from .charts import Chart, ProfileRow, RuleRow, profile_chart, rules_chart
from .models import Scheme
from .qr import QR, qr_code
from .workbook import Sheet, workbook_bytes

TEMPLATE = "assessment/pdf/community_report.html"
UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass
class SchoolLine:
    result: results.SchoolResult
    profile: Chart

    @property
    def change_text(self) -> str:
        progress = self.result.progress
        if progress is None:
            return "—"
        return f"+{progress}" if progress > 0 else f"{progress}"

    @property
    def note(self) -> str:
        parts = []
        if self.result.joined_on:
            parts.append(f"{self.result.joined_on:%Y-%m-%d} 加入")
        if self.result.left_on:
            parts.append(f"{self.result.left_on:%Y-%m-%d} 退出")
        if self.result.missing:
            parts.append("未评分或无数据（计 0 分）：" + "、".join(self.result.missing))
        return "；".join(parts)


@dataclass
class RuleLine:
    title: str
    period: str
    required: int
    done: int

    @property
    def met(self) -> bool:
        return self.done >= self.required

    @property
    def short(self) -> int:
        return max(self.required - self.done, 0)


@dataclass
class CommunityReport:
    result: results.CommunityResult
    bureau: str
    schools: list[SchoolLine]
    rules: list[RuleLine]
    rules_chart: Chart
    generated_on: datetime.date
    verify_url: str = ""
    qr: QR | None = None
    summary: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.result.name} {self.result.school_year.label}学年捆绑考核报告"

    @property
    def publication(self) -> results.PublicationInfo:
        return self.result.publication

    @property
    def file_name(self) -> str:
        name = UNSAFE_FILE_CHARS.sub("_", self.result.name)
        return f"{name}_{self.result.school_year.label}学年考核报告.pdf"


# --- building ---------------------------------------------------------------------------------


def verify_url(code: str = "", request=None) -> str:
    path = reverse("assessment:verify")
    if code:
        path = f"{path}?{urlencode({'code': code})}"
    return public_url(path, request)


def community_reports(
    scheme: Scheme,
    communities=None,
    *,
    district: results.DistrictResult | None = None,
    request=None,
) -> list[CommunityReport]:
    """The reports of ``communities`` (default: every community with results), in the
    district's rank order. One district computation and one rules evaluation for all."""
    district = district or results.results_of(scheme)
    wanted = None if communities is None else {c.pk for c in communities}
    chosen = [c for c in district.communities if wanted is None or c.community_id in wanted]
    community_rows = Community.objects.filter(pk__in=[c.community_id for c in chosen])
    rules = rule_lines(list(community_rows), scheme.year)
    today = timezone.localdate()
    bureau = f"{scheme.district.name}教育局"
    reports = []
    # Each community's publication (code, version, corrections) is filled by results_of.
    for community in chosen:
        reports.append(
            _report(
                community,
                bureau=bureau,
                rules=rules.get(community.community_id, []),
                today=today,
                request=request,
            )
        )
    return reports


def community_report(scheme: Scheme, community, *, request=None) -> CommunityReport | None:
    found = community_reports(scheme, [community], request=request)
    return found[0] if found else None


def school_profile(school: results.SchoolResult, year: SchoolYear) -> Chart:
    """One school's dimension profile, this year against last (the report's chart, also on the
    school's results page)."""
    return profile_chart(
        f"{school.name}（{'核心校' if school.is_core else '成员校'}）各维度得分",
        [ProfileRow(d.name, d.weight, d.points, d.last_points) for d in school.dimensions],
        this_label=f"{year.label}学年",
        last_label=f"{year.previous().label}学年",
    )


def _report(
    result: results.CommunityResult,
    *,
    bureau: str,
    rules: list[RuleLine],
    today: datetime.date,
    request=None,
) -> CommunityReport:
    schools = [
        SchoolLine(result=school, profile=school_profile(school, result.school_year))
        for school in result.schools
    ]
    report = CommunityReport(
        result=result,
        bureau=bureau,
        schools=schools,
        rules=rules,
        rules_chart=rules_chart(
            "规则要求与完成情况",
            [
                RuleRow(f"{r.title}{r.period}", r.required, r.done)
                for r in rules
                if r.required or r.done  # a rule asking nothing this year is only in the table
            ],
        ),
        generated_on=today,
    )
    if result.publication.code:
        report.verify_url = verify_url(result.publication.code, request)
        report.qr = qr_code(report.verify_url)
    report.summary = _summary(report)
    return report


def rule_lines(communities: list, year) -> dict[int, list[RuleLine]]:
    """Each community's applicable rules over the school year: a per-semester rule once per
    semester, the others once. Live figures from the records (not part of the digest)."""
    if not communities:
        return {}
    lines: dict[int, list[RuleLine]] = {c.pk: [] for c in communities}
    autumn = evaluate(communities, year, Semester.AUTUMN)
    spring = evaluate(communities, year, Semester.SPRING)
    for community in communities:
        for first, second in zip(autumn[community.pk], spring[community.pk], strict=True):
            if first.figure is None:
                continue
            if first.rule.per_semester:
                for semester, answer in (
                    (Semester.AUTUMN.label, first),
                    (Semester.SPRING.label, second),
                ):
                    if answer.figure is not None:
                        lines[community.pk].append(
                            RuleLine(
                                first.rule.title,
                                f"（{semester}）",
                                answer.figure.required,
                                answer.figure.done,
                            )
                        )
            else:
                lines[community.pk].append(
                    RuleLine(first.rule.title, "", first.figure.required, first.figure.done)
                )
    return lines


def _summary(report: CommunityReport) -> list[str]:
    result = report.result
    lines = []
    core = result.core
    if core is not None:
        text = f"核心校{core.name}总分 {core.total}"
        if core.rank:
            text += f"，全县学校排名第 {core.rank} 名（共 {core.ranked} 所）"
        if core.progress is not None:
            text += f"，较上一学年{_change(core.progress)}"
        lines.append(text + "。")
    members = result.members
    if members:
        progress = [m.progress for m in members if m.progress is not None]
        text = f"成员校 {len(members)} 所，平均总分 {_mean([m.total for m in members])}"
        if progress:
            text += f"，平均较上一学年{_change(_mean(progress))}"
        lines.append(text + "。")
    met = sum(1 for r in report.rules if r.met)
    if report.rules:
        lines.append(f"对照 {len(report.rules)} 项规则要求，已达标 {met} 项。")
    flags = result.flags
    lines.append(f"预警 {len(flags)} 项。" if flags else "本学年无预警。")
    if result.publication.corrections:
        lines.append(f"发布后更正 {len(result.publication.corrections)} 次，见更正记录。")
    return lines


def _mean(values: list[Decimal]) -> Decimal:
    return results.q(sum(values, Decimal(0)) / len(values)) if values else Decimal(0)


def _change(value: Decimal) -> str:
    if value > 0:
        return f"提高 {value} 分"
    if value < 0:
        return f"下降 {-value} 分"
    return "持平"


# --- rendering --------------------------------------------------------------------------------


def report_html(report: CommunityReport) -> str:
    return render_to_string(TEMPLATE, {"title": report.title, "report": report})


def report_pdf(report: CommunityReport) -> bytes:
    return pdf.html_to_pdf(report_html(report))


def chart_context(report: CommunityReport) -> dict:
    """What ``assessment/_report_charts.html`` draws on a results page."""
    return {"report_charts": report}


# --- the district workbook --------------------------------------------------------------------


def _n(value: Decimal | None):
    return value  # Decimal or None; the writer stores numbers, never formulas


def district_sheets(district: results.DistrictResult) -> list[Sheet]:
    heads = district.dimensions
    community_of = {s.school_id: c.name for c in district.communities for s in c.schools}
    sheets = [
        Sheet(
            "教共体总表",
            ["排名", "教共体", "捆绑得分", "上年", "核心校", "成员校数", "预警数"],
            [
                [
                    c.rank,
                    c.name,
                    _n(c.bundled.score),
                    _n(c.last_bundled),
                    c.core.name if c.core else "",
                    len(c.members),
                    len(c.flags),
                ]
                for c in district.communities
            ],
            frozen_columns=2,
        ),
        Sheet(
            "学校总表",
            ["排名", "学校", "教共体", "角色", *[h.name for h in heads], "总分", "上年", "变化"],
            [
                [
                    s.rank,
                    s.name,
                    community_of.get(s.school_id, ""),
                    "核心校" if s.is_core else "成员校",
                    *[_n(d.points) for d in s.dimensions],
                    _n(s.total),
                    _n(s.last_total),
                    _n(s.progress),
                ]
                for s in district.schools
            ],
            frozen_columns=2,
        ),
    ]
    for index, head in enumerate(heads):
        indicator_names = []
        for school in district.schools:
            dim = school.dimension(head.code)
            if dim is not None:
                indicator_names = [f"{i.name}（{i.max_score}）" for i in dim.indicators]
                break
        rows = []
        for school in district.schools:
            dim = school.dimension(head.code)
            if dim is None:
                continue
            rows.append(
                [
                    school.name,
                    community_of.get(school.school_id, ""),
                    *[_n(i.points) for i in dim.indicators],
                    _n(dim.points),
                    _n(dim.share),
                    _n(dim.last_points),
                    _n(dim.change),
                ]
            )
        sheets.append(
            Sheet(
                f"维度{index + 1}_{head.name}",
                [
                    "学校",
                    "教共体",
                    *indicator_names,
                    f"得分（满分 {head.weight}）",
                    "得分率（%）",
                    "上年",
                    "变化",
                ],
                rows,
            )
        )
    for c in district.communities:
        rows = [
            [
                s.name,
                "核心校" if s.is_core else "成员校",
                *[_n(d.points) for d in s.dimensions],
                _n(s.total),
                _n(s.last_total),
                _n(s.progress),
                s.rank,
            ]
            for s in c.schools
        ]
        rows.append([])
        rows.append(["捆绑得分", "", *["" for _ in heads], _n(c.bundled.score)])
        rows.append(["组成部分", "", *["" for _ in heads], "数值", "计算权重", "计入得分", "说明"])
        for comp in c.bundled.components:
            rows.append(
                [
                    comp.label,
                    "",
                    *["" for _ in heads],
                    _n(comp.value),
                    _n(comp.used_weight),
                    _n(comp.weighted),
                    comp.detail,
                ]
            )
        rows.append(["计算", c.bundled.worked])
        sheets.append(
            Sheet(
                f"教共体_{c.name}",
                ["学校", "角色", *[h.name for h in heads], "总分", "上年", "变化", "全县排名"],
                rows,
            )
        )
    for s in district.schools:
        rows = []
        for d in s.dimensions:
            for i in d.indicators:
                rows.append(
                    [
                        d.name,
                        i.name,
                        _n(i.max_score),
                        _n(i.points),
                        i.label if i.points is None else "",
                        _n(i.raw),
                        i.detail,
                        i.evidence,
                    ]
                )
            rows.append([d.name, "维度小计", _n(d.weight), _n(d.points), "", "", "", ""])
        rows.append(["总分", "", Decimal(100), _n(s.total), "", "", "", ""])
        sheets.append(
            Sheet(
                f"学校_{s.name}",
                ["维度", "指标", "满分", "得分", "状态", "数值", "数据说明", "佐证说明"],
                rows,
                frozen_columns=2,
            )
        )
    return sheets


def district_workbook(scheme: Scheme) -> bytes:
    return workbook_bytes(district_sheets(results.results_of(scheme)))


def workbook_file_name(scheme: Scheme) -> str:
    return f"{scheme.district.name}_{scheme.year.label}学年捆绑考核结果.xlsx"

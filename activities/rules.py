"""The activity rules of DOMAIN.md §4 (rules 9–12), registered into ``compliance``.

Imported from ``ActivitiesConfig.ready``. What counts, in one place:

- **Counting activities**: ``Activity.objects.counting()`` — status 已开展 (held), verified or
  waiting for the check, not sent back by the bureau (退回). Planned and cancelled ones never
  count.
- **When**: by the activity's start date; an activity counts in the period its start date falls
  in (a two-day activity across 31 January counts in the autumn semester).
- **What**: by the kind's ``rule_tag`` (the catalogue says which kinds are teaching research,
  moral-education exchanges, …; a bureau tags the kinds it adds).
- **Where**: the activity's community (the one it was logged under); rule 10 also needs the host
  to be the community's core school over the period (``compliance.rosters``; a nested school
  counts under its parent).
- **Month and quarter rules** count only months (quarters) already begun; a semester's quarters
  are its 3-month blocks from its first month (秋季: 9–11 月, 12–1 月; 春季: 2–4 月, 5–7 月).

Each ``evaluate`` reads the activities of every community of the context in one query.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from compliance.enums import PeriodKind
from compliance.registry import Context, Figure, Param, Rule, months_in, register

from .enums import RuleTag
from .models import Activity

T = RuleTag
CLUSTER = "cluster"
BINDING = "binding"


def _today() -> datetime.date:
    """Today, for rules that count only the months already begun (tests pin it)."""
    return timezone.localdate()


def _list_url(context: Context, community, **filters) -> str:
    try:
        base = reverse("activities:activity_list")
    except NoReverseMatch:  # pages not mounted
        return ""
    query = {"community": community.pk, "school_year": context.school_year.label, **filters}
    per_semester = (PeriodKind.SEMESTER, PeriodKind.MONTH, PeriodKind.QUARTER)
    if context.semester and context.period.kind in per_semester:
        query["semester"] = context.semester
    if context.period.kind == PeriodKind.TWO_YEARS:
        query.pop("school_year")
    return f"{base}?{urlencode({k: v for k, v in query.items() if v not in (None, '')})}"


def _rows(context: Context, tags) -> list[tuple]:
    """(id, community id, host school id, start date, tag) of counting activities."""
    return list(
        Activity.objects.counting()
        .between(context.period.first_day, context.period.last_day)
        .filter(community_id__in=[c.pk for c in context.communities], kind__rule_tag__in=list(tags))
        .values_list("id", "community_id", "host_school_id", "start_date", "kind__rule_tag")
        .order_by("start_date", "id")
    )


def _count_rule(tag: str, *, core_only: bool = False):
    def evaluate(context: Context) -> dict[int, Figure]:
        rows = _rows(context, [tag])
        figures = {}
        for community in context.communities:
            roster = context.rosters[community.pk]
            mine = [r for r in rows if r[1] == community.pk]
            if core_only:
                mine = [r for r in mine if (p := roster.place_of(r[2])) is not None and p.is_core]
            need = int(context.param(community, "count"))
            figures[community.pk] = Figure(
                required=need,
                done=len(mine),
                ids=tuple(r[0] for r in mine),
                url=_list_url(context, community),
                note=f"至少 {need} 次" + ("（核心校承办）" if core_only else ""),
            )
        return figures

    return evaluate


def _blocks(context: Context, size: int) -> list[tuple[datetime.date, datetime.date]]:
    """Consecutive blocks of ``size`` months of the period already begun: (first, last day)."""
    months = months_in(context.period)
    today = _today()
    blocks = []
    for start in range(0, len(months), size):
        first = months[start]
        if first > today:
            break
        following = months[start + size] if start + size < len(months) else None
        last = (following - datetime.timedelta(days=1)) if following else context.period.last_day
        blocks.append((first, last))
    return blocks


def _every_block(tag: str, size: int, label: str):
    def evaluate(context: Context) -> dict[int, Figure]:
        rows = _rows(context, [tag])
        blocks = _blocks(context, size)
        figures = {}
        for community in context.communities:
            mine = [r for r in rows if r[1] == community.pk]
            covered = [b for b in blocks if any(b[0] <= r[3] <= b[1] for r in mine)]
            missing = [b for b in blocks if b not in covered]
            note = f"已开始的{label}：{len(blocks)} 个"
            if missing:
                note += "；缺：" + "、".join(
                    f"{b[0]:%Y年%-m月}" if size == 1 else f"{b[0]:%Y.%-m}–{b[1]:%-m}月"
                    for b in missing
                )
            figures[community.pk] = Figure(
                required=len(blocks),
                done=len(covered),
                ids=tuple(r[0] for r in mine),
                url=_list_url(context, community),
                note=note,
            )
        return figures

    return evaluate


SIX_ONES = (
    (T.PRINCIPAL_OBSERVATION, "校长蹲点听课一周"),
    (T.SPECIAL_REPORT, "专题报告一次"),
    (T.CLASSROOM_WEEK, "课堂交流一周"),
    (T.FRIENDSHIP, "师生联谊一次"),
    (T.MORAL_EDUCATION, "德育论坛一次"),
    (T.SOCIAL_PRACTICE, "社会实践一次"),
)


def six_ones(context: Context) -> dict[int, Figure]:
    """Rule 12, the 六个一 of a 1+1 binding: each item at least once a semester."""
    rows = _rows(context, [tag for tag, _ in SIX_ONES])
    figures = {}
    for community in context.communities:
        mine = [r for r in rows if r[1] == community.pk]
        parts = []
        for tag, label in SIX_ONES:
            ids = tuple(r[0] for r in mine if r[4] == tag)
            parts.append(Figure(required=1, done=len(ids), label=label, ids=ids))
        figures[community.pk] = Figure(
            required=len(parts),
            done=sum(1 for p in parts if p.met),
            parts=parts,
            url=_list_url(context, community),
            note="每学期六个一，各至少一次",
        )
    return figures


def _count(default: int, label: str = "至少（次）", **kwargs) -> tuple[Param, ...]:
    return (Param("count", label, default, maximum=100, **kwargs),)


RULES = (
    Rule(
        code="activity.teaching_research",
        title="每学期开展教共体教研活动",
        source="规则 9",
        period=PeriodKind.SEMESTER,
        evaluate=_count_rule(T.TEACHING_RESEARCH),
        params=_count(2, "每学期至少（次）", per_kind={CLUSTER: 5}),
        description="联合教研、集体备课、同课异构、听课评课等（活动类型标为「教研活动」）。"
        "小片区默认每学期 5 次学科教研（规则 11）。",
        order=110,
    ),
    Rule(
        code="activity.core_famous_teacher",
        title="核心校每学期举办名师/骨干教师交流活动",
        source="规则 10",
        period=PeriodKind.SEMESTER,
        evaluate=_count_rule(T.FAMOUS_TEACHER, core_only=True),
        params=_count(1, "每学期至少（次）"),
        kinds=frozenset({"community", "group", CLUSTER}),
        order=111,
    ),
    Rule(
        code="activity.core_moral_education",
        title="核心校每学期举办德育/班主任交流活动",
        source="规则 10",
        period=PeriodKind.SEMESTER,
        evaluate=_count_rule(T.MORAL_EDUCATION, core_only=True),
        params=_count(1, "每学期至少（次）"),
        kinds=frozenset({"community", "group", CLUSTER}),
        order=112,
    ),
    Rule(
        code="cluster.leadership_meeting",
        title="小片区每月召开领导小组会议",
        source="规则 11",
        period=PeriodKind.MONTH,
        evaluate=_every_block(T.LEADERSHIP_MEETING, 1, "月份"),
        kinds=frozenset({CLUSTER}),
        order=113,
    ),
    Rule(
        code="cluster.management_forum",
        title="小片区每季度举办管理论坛",
        source="规则 11",
        period=PeriodKind.QUARTER,
        evaluate=_every_block(T.MANAGEMENT_FORUM, 3, "季度"),
        kinds=frozenset({CLUSTER}),
        order=114,
    ),
    Rule(
        code="cluster.subject_competition",
        title="小片区每学年举办学科竞赛",
        source="规则 11",
        period=PeriodKind.SCHOOL_YEAR,
        evaluate=_count_rule(T.SUBJECT_COMPETITION),
        params=_count(1, "每学年至少（次）"),
        kinds=frozenset({CLUSTER}),
        order=115,
    ),
    Rule(
        code="cluster.young_teacher_competition",
        title="小片区每两学年举办青年教师技能竞赛",
        source="规则 11",
        period=PeriodKind.TWO_YEARS,
        evaluate=_count_rule(T.YOUNG_TEACHER_COMPETITION),
        params=_count(1, "每两学年至少（次）"),
        kinds=frozenset({CLUSTER}),
        order=116,
    ),
    Rule(
        code="binding.six_ones",
        title="捆绑结对每学期“六个一”",
        source="规则 12",
        period=PeriodKind.SEMESTER,
        evaluate=six_ones,
        kinds=frozenset({BINDING}),
        order=117,
    ),
)

for _rule in RULES:
    register(_rule)

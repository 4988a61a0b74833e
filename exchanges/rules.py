"""The exchange rules of DOMAIN.md §4 (rules 1–7), registered into ``compliance``.

Imported from ``ExchangesConfig.ready``. Each ``evaluate`` answers for every community of the
context at once, in a fixed number of queries. What counts, in one place:

- **Counting exchanges**: ``Exchange.objects.counting()`` — not 已退回 / 已中止 (drafts count:
  a plan is checked before it is filed).
- **Direction and community** of an exchange are the ones derived on its planned start
  (``exchanges.direction``; a teaching point counts under its parent's membership); a 走教
  teacher counts once for each host school.
- **Per member school** lines are required of the schools the community held for most of the
  period (``compliance.rosters``); a school that moved mid-year keeps the records it made here,
  with nothing required.
- **In a school year**: an exchange whose planned dates overlap it — a two-year exchange counts
  in both years (the teacher is at the host in both); rules about *starting* (length, filing,
  the national share) count the exchanges that start in the year.
"""

from __future__ import annotations

import math
from collections import defaultdict
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlencode

from django.db.models import Count, Min, Q, Sum
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from compliance.enums import PeriodKind
from compliance.registry import Context, Figure, Param, Rule, months_in, register
from core.school_year import SchoolYear
from schools.enums import COUNTY_OR_HIGHER_BACKBONE, BackboneLevel, Gender, Locale, StaffPosition
from schools.models import School, Teacher

from .enums import Direction, ExchangeKind, StepAction
from .models import Exchange, ExchangeHost, LessonDay, Mentorship, PrincipalPost

BINDING = "binding"
# Kinds that are a teacher's secondment for a term or more (rule 2's 1–2 school years).
SECONDMENT_KINDS = (ExchangeKind.ROTATION, ExchangeKind.SUPPORT, ExchangeKind.SHADOW)
# Kinds that count as 交流轮岗 for the national share (rule 6).
ROTATION_KINDS = (ExchangeKind.ROTATION, ExchangeKind.SUPPORT, ExchangeKind.ITINERANT)


@lru_cache(maxsize=4096)
def _reverse(name: str, args: tuple, urlconf: str | None, prefix: str) -> str:
    # A rule builds the same page's address for every member school: reverse it once.
    try:
        return reverse(name, args=args, urlconf=urlconf)
    except NoReverseMatch:  # pages not mounted (the rules run without them)
        return ""


def _url(name: str, args=(), **filters) -> str:
    base = _reverse(name, tuple(args), get_urlconf(), get_script_prefix())
    if not base:
        return ""
    query = urlencode({k: v for k, v in filters.items() if v not in (None, "")})
    return f"{base}?{query}" if query else base


def _exchange_list(context: Context, community, **filters) -> str:
    return _url(
        "exchanges:exchange_list",
        school_year=context.school_year.label,
        community=community.pk,
        **filters,
    )


def _year_hosts(context: Context, direction: str):
    """(exchange id, teacher id, home school id, host school id, host community id) of the
    counting exchanges of the year in these communities with this per-host direction."""
    return (
        ExchangeHost.objects.filter(
            community_id__in=[c.pk for c in context.communities],
            direction=direction,
            exchange__in=Exchange.objects.counting().in_school_year(context.school_year),
        )
        .values_list(
            "exchange_id",
            "exchange__teacher_id",
            "exchange__home_school_id",
            "school_id",
            "community_id",
        )
        .order_by("exchange_id")
    )


def _per_school(rows, roster, school_of) -> dict[int, dict[int, set]]:
    """{placing school pk: {teacher pk: {exchange ids}}} for rows of one community."""
    out: dict[int, dict[int, set]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        place = roster.place_of(school_of(row))
        if place is not None:
            out[place.school_id][row[1]].add(row[0])
    return out


def _roster_school_ids(context: Context) -> set[int]:
    """Every school of the context's rosters (nested ones included): what the light-record
    queries are limited to."""
    ids: set[int] = set()
    for community in context.communities:
        ids |= context.rosters[community.pk].school_ids()
    return ids


def _capped_total(parts: list[Figure], **kwargs) -> Figure:
    counted = [p for p in parts if p.counted]
    return Figure(
        required=sum(p.required for p in counted),
        done=sum(min(p.done, p.required) for p in counted),
        parts=parts,
        **kwargs,
    )


# --- rule 1: the core sends teachers to each member; the member sends the same number back ----


def core_to_member(context: Context) -> dict[int, Figure]:
    rows = list(_year_hosts(context, Direction.CORE_TO_MEMBER))
    figures = {}
    for community in context.communities:
        roster = context.rosters[community.pk]
        mine = [r for r in rows if r[4] == community.pk]
        sent = _per_school(mine, roster, school_of=lambda r: r[3])
        need = context.param(community, "teachers")
        parts = []
        for place in roster.members:
            teachers = sent.get(place.school_id, {})
            if not place.counted and not teachers:
                continue
            ids = sorted({e for ex in teachers.values() for e in ex})
            parts.append(
                Figure(
                    required=need if place.counted else 0,
                    done=len(teachers),
                    label=place.name,
                    ids=tuple(ids),
                    url=_exchange_list(
                        context,
                        community,
                        school=place.school_id,
                        direction=Direction.CORE_TO_MEMBER,
                    ),
                    counted=place.counted,
                    note="" if place.counted else "本学年大部分时间不在本教共体",
                )
            )
        figures[community.pk] = _capped_total(
            parts,
            url=_exchange_list(context, community, direction=Direction.CORE_TO_MEMBER),
            note=f"每所成员校至少 {need} 人（人数按教师计，跨学年的交流在两个学年都计）",
        )
    return figures


def member_to_core(context: Context) -> dict[int, Figure]:
    back = list(_year_hosts(context, Direction.MEMBER_TO_CORE))
    out = list(_year_hosts(context, Direction.CORE_TO_MEMBER))
    figures = {}
    for community in context.communities:
        roster = context.rosters[community.pk]
        returned = _per_school([r for r in back if r[4] == community.pk], roster, lambda r: r[2])
        received = _per_school([r for r in out if r[4] == community.pk], roster, lambda r: r[3])
        floor = context.param(community, "minimum")
        parts = []
        for place in roster.members:
            teachers = returned.get(place.school_id, {})
            got = len(received.get(place.school_id, {}))
            if not place.counted and not teachers:
                continue
            parts.append(
                Figure(
                    required=max(got, floor) if place.counted else 0,
                    done=len(teachers),
                    label=place.name,
                    ids=tuple(sorted({e for ex in teachers.values() for e in ex})),
                    url=_exchange_list(
                        context,
                        community,
                        school=place.school_id,
                        direction=Direction.MEMBER_TO_CORE,
                    ),
                    counted=place.counted,
                    note=f"收到核心校 {got} 人",
                )
            )
        figures[community.pk] = _capped_total(
            parts,
            url=_exchange_list(context, community, direction=Direction.MEMBER_TO_CORE),
            note="成员校派回核心校的人数不少于核心校派来的人数（等额）",
        )
    return figures


# --- rule 2: an exchange lasts 1–2 school years; rule 5: filed before the term starts ---------


def _starting(context: Context):
    """Counting exchanges of these communities (home school's community) starting this year."""
    return Exchange.objects.counting().filter(
        community_id__in=[c.pk for c in context.communities],
        start_year=context.school_year.start,
    )


def exchange_length(context: Context) -> dict[int, Figure]:
    rows = list(
        _starting(context)
        .filter(kind__in=SECONDMENT_KINDS)
        .values_list(
            "pk", "community_id", "start_year", "start_semester", "end_year", "end_semester"
        )
    )
    figures = {}
    for community in context.communities:
        low = context.param(community, "min_years") * 2
        high = context.param(community, "max_years") * 2
        mine = [r for r in rows if r[1] == community.pk]
        outside = [r[0] for r in mine if not low <= _semesters(*r[2:]) <= high]
        figures[community.pk] = Figure(
            required=len(mine),
            done=len(mine) - len(outside),
            ids=tuple(outside),
            url=_exchange_list(context, community),
            note=(
                f"本学年开始的交流轮岗、支教、跟岗 {len(mine)} 人次；"
                f"时长不在 {low // 2}–{high // 2} 学年的 {len(outside)} 人次"
            ),
        )
    return figures


def _semesters(start_year, start_semester, end_year, end_semester) -> int:
    def index(year, semester):
        return year * 2 + (0 if semester == "autumn" else 1)

    return index(end_year, end_semester) - index(start_year, start_semester) + 1


def filed_before_start(context: Context) -> dict[int, Figure]:
    rows = list(
        _starting(context)
        .annotate(filed_at=Min("steps__at", filter=Q(steps__action=StepAction.FILE)))
        .values_list("pk", "community_id", "planned_start", "filed_at")
    )
    figures = {}
    for community in context.communities:
        grace = context.param(community, "days_before")
        mine = [r for r in rows if r[1] == community.pk]
        late = [
            pk
            for pk, _, start, filed_at in mine
            if filed_at is None or (start - _local_date(filed_at)).days < grace
        ]
        figures[community.pk] = Figure(
            required=len(mine),
            done=len(mine) - len(late),
            ids=tuple(late),
            url=_exchange_list(context, community),
            note=f"开学前至少 {grace} 天局备案；未备案或备案过晚的 {len(late)} 人次",
        )
    return figures


def _today():
    """Today, for rules that count only the months already begun (tests pin it)."""
    return timezone.localdate()


def _local_date(moment):
    return timezone.localtime(moment).date()


# --- rule 3: 1+1 binding — principals' weeks at the partner school ---------------------------


def principal_weeks(context: Context) -> dict[int, Figure]:
    year = context.school_year.start
    rows = list(
        PrincipalPost.objects.filter(
            school_year=year,
            semester=context.semester,
            home_school_id__in=_roster_school_ids(context),
        )
        .values_list("home_school_id", "partner_school_id")
        .annotate(weeks=Sum("weeks"))
        .order_by()
    )
    figures = {}
    for community in context.communities:
        roster = context.rosters[community.pk]
        need = context.param(community, "weeks")
        weeks: dict[int, Decimal] = defaultdict(Decimal)
        for home_id, partner_id, total in rows:
            home, partner = roster.place_of(home_id), roster.place_of(partner_id)
            if home and partner and home.school_id != partner.school_id:
                weeks[home.school_id] += total
        parts = [
            Figure(
                required=need if place.counted else 0,
                done=float(weeks.get(place.school_id, 0)),
                label=place.name,
                counted=place.counted,
                url=_url(
                    "exchanges:principal_post_list",
                    school_year=context.school_year.label,
                    school=place.school_id,
                ),
            )
            for place in sorted(roster.places.values(), key=lambda p: (not p.is_core, p.name))
            if place.counted or weeks.get(place.school_id)
        ]
        figures[community.pk] = Figure(
            required=sum(p.required for p in parts if p.counted),
            done=sum(min(p.done, p.required) for p in parts if p.counted),
            parts=parts,
            note=f"双方校长每学期到对方学校挂职至少 {need} 周",
        )
    return figures


# --- rule 4: member teachers' days at the core school, each month ----------------------------


def lesson_days(context: Context) -> dict[int, Figure]:
    today = _today()
    months = [m for m in months_in(context.period) if m <= today]
    rows = list(
        LessonDay.objects.filter(month__in=months, home_school_id__in=_roster_school_ids(context))
        .values_list("home_school_id", "core_school_id", "month")
        .annotate(days=Sum("days"))
        .order_by()
    )
    figures = {}
    for community in context.communities:
        roster = context.rosters[community.pk]
        core = roster.core
        need = context.param(community, "days")
        by_member: dict[int, dict] = defaultdict(lambda: defaultdict(int))
        for home_id, host_id, month, days in rows:
            home, host = roster.place_of(home_id), roster.place_of(host_id)
            if home and host and host.is_core and not home.is_core:
                by_member[home.school_id][month] += days
        parts = []
        for place in roster.members:
            per_month = by_member.get(place.school_id, {})
            if not place.counted and not per_month:
                continue
            short_months = [m for m in months if per_month.get(m, 0) < need]
            parts.append(
                Figure(
                    required=len(months) if place.counted else 0,
                    done=len(months) - len(short_months),
                    label=place.name,
                    counted=place.counted,
                    url=_url(
                        "exchanges:lesson_day_list",
                        school_year=context.school_year.label,
                        school=place.school_id,
                    ),
                    note=(
                        "未达标月份：" + "、".join(f"{m.month} 月" for m in short_months)
                        if short_months and place.counted
                        else ""
                    ),
                )
            )
        figures[community.pk] = _capped_total(
            parts,
            note=(
                f"成员校教师每月到核心校跟班听课合计至少 {need} 天；按月份计（已过的 "
                f"{len(months)} 个月）" + ("" if core else "；本教共体没有核心校")
            ),
        )
    return figures


# --- rule 6: the national share — 10 % of eligible teachers, 20 % of them backbone ----------


def _is_exempt(teacher: Teacher, school_year: SchoolYear, params: dict) -> bool:
    """Within ``retirement_exempt_years`` of the statutory retirement age (by gender)."""
    if not teacher.birth_year:
        return False
    age = (
        params["retirement_age_female"]
        if teacher.gender == Gender.FEMALE
        else params["retirement_age_male"]
    )
    return (
        school_year.first_day.year - teacher.birth_year >= age - params["retirement_exempt_years"]
    )


def is_eligible(teacher: Teacher, school_year: SchoolYear, params: dict) -> bool:
    """Rule 6 with the rule set's exemptions: the registry's eligibility
    (``Teacher.is_rotation_eligible``, the same cutoff as ``rotation_eligible``) on the first
    day of the school year — principals and vice-principals after two terms — and not within the
    exempt years before retirement."""
    leader = teacher.position in (StaffPosition.PRINCIPAL, StaffPosition.VICE_PRINCIPAL)
    years = (
        params["leader_terms"] * params["leader_term_years"] if leader else params["eligible_years"]
    )
    return teacher.is_rotation_eligible(school_year.first_day, years=int(years)) and not _is_exempt(
        teacher, school_year, params
    )


def _national(context: Context):
    """Per community: [(place, eligible teachers, rotated teachers)] for its core and urban
    schools — in three queries for all communities, read once for both national shares."""
    key = ("exchanges.national", context.period, tuple(c.pk for c in context.communities))
    if key not in context.shared:
        context.shared[key] = _read_national(context)
    return context.shared[key]


def _read_national(context: Context):
    places = {}
    nested: set[int] = set()
    for community in context.communities:
        roster = context.rosters[community.pk]
        for place in roster.places.values():
            if place.counted:
                places.setdefault(place.school_id, []).append((community, roster))
    urban = set(
        School.objects.filter(pk__in=list(places), locale=Locale.URBAN).values_list("pk", flat=True)
    )
    wanted = {
        pk
        for pk, owners in places.items()
        if pk in urban or any(r.places[pk].is_core for _, r in owners)
    }
    # Teaching points under a wanted school, from the rosters (no join: an index scan).
    for community in context.communities:
        for pk, parent in context.rosters[community.pk].parent_of.items():
            if parent in wanted:
                nested.add(pk)
    teachers = list(
        Teacher.objects.filter(school_id__in=wanted | nested)
        .select_related("school")
        .only(
            "pk",
            "name",
            "gender",
            "birth_year",
            "position",
            "backbone_level",
            "joined_school_on",
            "school__parent_id",
        )
        .order_by()
    )
    rotated = defaultdict(set)
    for teacher_id, home_id in (
        Exchange.objects.counting()
        .filter(
            start_year=context.school_year.start,
            kind__in=ROTATION_KINDS,
            teacher__school_id__in=wanted | nested,
        )
        .exclude(direction=Direction.OUTSIDE)
        .values_list("teacher_id", "home_school_id")
    ):
        rotated[teacher_id].add(home_id)
    return places, wanted, teachers, rotated


def national_share(context: Context) -> dict[int, Figure]:
    return _national_figures(context, backbone=False)


def backbone_share(context: Context) -> dict[int, Figure]:
    return _national_figures(context, backbone=True)


def _national_figures(context: Context, *, backbone: bool) -> dict[int, Figure]:
    places, wanted, teachers, rotated = _national(context)
    staff_of: dict[int, list[Teacher]] = defaultdict(list)
    for teacher in teachers:
        staff_of[teacher.school.parent_id or teacher.school_id].append(teacher)
    figures = {}
    for community in context.communities:
        roster = context.rosters[community.pk]
        params = context.params[community.pk]
        parts = []
        for place in sorted(roster.places.values(), key=lambda p: (not p.is_core, p.name)):
            if place.school_id not in wanted or not place.counted:
                continue
            staff = staff_of.get(place.school_id, [])
            moved = [t for t in staff if t.pk in rotated]
            if backbone:
                strong = [t for t in moved if t.backbone_level in COUNTY_OR_HIGHER_BACKBONE]
                need = math.ceil(len(moved) * params["percent"] / 100 - 1e-9)
                parts.append(
                    Figure(
                        required=need,
                        done=len(strong),
                        label=place.name,
                        ids=tuple(t.pk for t in strong),
                        note=f"交流 {len(moved)} 人，其中县级及以上骨干 {len(strong)} 人",
                    )
                )
            else:
                eligible = [t for t in staff if is_eligible(t, context.school_year, params)]
                need = math.ceil(len(eligible) * params["percent"] / 100 - 1e-9)
                parts.append(
                    Figure(
                        required=need,
                        done=len(moved),
                        label=place.name,
                        ids=tuple(t.pk for t in moved),
                        note=f"符合交流条件 {len(eligible)} 人",
                    )
                )
        figures[community.pk] = _capped_total(
            parts,
            note="核心校与城区学校" + ("：交流教师中骨干占比" if backbone else "：交流比例"),
        )
    return figures


# --- rule 7: every backbone teacher mentors an apprentice ------------------------------------


def mentoring(context: Context) -> dict[int, Figure]:
    school_ids = set()
    for roster in context.rosters.values():
        school_ids |= roster.school_ids(counted_only=True)
    backbone = list(
        Teacher.objects.filter(school_id__in=school_ids)
        .exclude(backbone_level=BackboneLevel.NONE)
        .values_list("pk", "school_id")
    )
    counts = dict(
        Mentorship.objects.counting()
        .in_school_year(context.school_year)
        .filter(mentor_id__in=[pk for pk, _ in backbone])
        .values_list("mentor_id")
        .annotate(n=Count("apprentice", distinct=True))
        .order_by()
    )
    figures = {}
    for community in context.communities:
        roster = context.rosters[community.pk]
        need = context.param(community, "apprentices")
        mine = roster.school_ids(counted_only=True)
        teachers = [(pk, school) for pk, school in backbone if school in mine]
        lacking = [pk for pk, _ in teachers if counts.get(pk, 0) < need]
        figures[community.pk] = Figure(
            required=len(teachers),
            done=len(teachers) - len(lacking),
            ids=tuple(lacking),
            url=_url(
                "exchanges:mentorship_community",
                args=[community.pk],
                school_year=context.school_year.label,
            ),
            note=f"骨干教师（校级及以上）每人至少带徒 {need} 名；尚未结对 {len(lacking)} 人",
        )
    return figures


# --- registration -------------------------------------------------------------------------

RETIREMENT = "法定退休年龄正逐步提高，按本地口径设置。"

RULES = (
    Rule(
        code="exchange.core_to_member",
        title="核心校向每所成员校派出教师",
        source="规则 1、3",
        period=PeriodKind.SCHOOL_YEAR,
        evaluate=core_to_member,
        params=(Param("teachers", "每所成员校每学年至少（人）", 3, per_kind={BINDING: 2}),),
        description="核心校每学年向每所成员校派出中层干部或骨干教师；1+1 捆绑每学年至少 2 人。",
        order=10,
    ),
    Rule(
        code="exchange.member_to_core",
        title="成员校等额派回核心校",
        source="规则 1、3",
        period=PeriodKind.SCHOOL_YEAR,
        evaluate=member_to_core,
        params=(Param("minimum", "每所成员校每学年至少（人）", 0, per_kind={BINDING: 2}),),
        description="成员校派教师到核心校跟岗，人数不少于核心校派来的人数。",
        order=11,
    ),
    Rule(
        code="exchange.length",
        title="交流时长 1–2 学年",
        source="规则 2",
        period=PeriodKind.SCHOOL_YEAR,
        evaluate=exchange_length,
        params=(
            Param("min_years", "最短（学年）", 1, maximum=6),
            Param("max_years", "最长（学年）", 2, maximum=6),
        ),
        order=20,
    ),
    Rule(
        code="exchange.filed",
        title="交流计划开学前报局备案",
        source="规则 5",
        period=PeriodKind.SCHOOL_YEAR,
        evaluate=filed_before_start,
        params=(Param("days_before", "开学前至少提前（天）", 1, maximum=120),),
        order=25,
    ),
    Rule(
        code="binding.principal_weeks",
        title="校长每学期到结对学校挂职",
        source="规则 3",
        period=PeriodKind.SEMESTER,
        evaluate=principal_weeks,
        params=(Param("weeks", "每学期至少（周）", 1, maximum=26),),
        kinds=frozenset({BINDING}),
        order=30,
    ),
    Rule(
        code="exchange.lesson_days",
        title="成员校教师每月到核心校跟班听课",
        source="规则 4",
        period=PeriodKind.MONTH,
        evaluate=lesson_days,
        params=(Param("days", "每月至少（天）", 1, maximum=31),),
        order=40,
    ),
    Rule(
        code="exchange.national_share",
        title="交流教师不少于符合条件教师的 10%",
        source="规则 6",
        period=PeriodKind.SCHOOL_YEAR,
        evaluate=national_share,
        params=(
            Param("percent", "比例（%）", 10, maximum=100, whole=False),
            Param("eligible_years", "同校任教满（年）", 6, maximum=40),
            Param("leader_term_years", "校长、副校长每届（年）", 3, maximum=10),
            Param("leader_terms", "校长、副校长任满（届）", 2, maximum=5),
            Param("retirement_exempt_years", "距法定退休年龄不足（年）免交流", 5, maximum=15),
            Param("retirement_age_male", "男教师法定退休年龄", 60, minimum=50, maximum=70),
            Param(
                "retirement_age_female",
                "女教师法定退休年龄",
                55,
                minimum=45,
                maximum=70,
                help=RETIREMENT,
            ),
        ),
        description="核心校与城区学校每学年交流轮岗教师不少于符合交流条件教师的 10%。",
        order=50,
    ),
    Rule(
        code="exchange.backbone_share",
        title="骨干教师占交流教师的 20%",
        source="规则 6",
        period=PeriodKind.SCHOOL_YEAR,
        evaluate=backbone_share,
        params=(Param("percent", "比例（%）", 20, maximum=100, whole=False),),
        description="县级及以上骨干教师不少于交流轮岗教师的 20%。",
        order=51,
    ),
    Rule(
        code="mentorship.backbone",
        title="每位骨干教师至少带 1 名徒弟",
        source="规则 7",
        period=PeriodKind.SCHOOL_YEAR,
        evaluate=mentoring,
        params=(Param("apprentices", "每人至少（名）", 1, maximum=10),),
        order=60,
    ),
)

for _rule in RULES:
    register(_rule)

"""Governance rules of DOMAIN.md §4, registered into ``compliance`` (imported from
``GovernanceConfig.ready``):

- rule 11 — clusters hold a leadership meeting every month (联席会 / 理事会 / 校长办公会 /
  领导小组会议 count); months not yet begun are not counted;
- rule 14 — each group receives at least 300,000 yuan of special funds (专项经费) a school year;
- rule 15 — expenses at or above the threshold (100,000 yuan) rest on a 三重一大 decision; the
  threshold is this rule's parameter, read by ``governance.services`` when a request is made.

Each ``evaluate`` answers for every community of the context in a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from compliance.enums import PeriodKind
from compliance.registry import Context, Figure, Param, Rule, months_in, register

from .enums import LEADERSHIP_KINDS, ExpenseStatus, FundSource
from .models import Expense, FundReceipt, Meeting

CLUSTER = "cluster"
FUNDS_CODE = "governance.special_funds"
APPROVAL_CODE = "governance.expense_approval"
MEETING_CODE = "governance.monthly_meeting"
DEFAULT_THRESHOLD = 100_000


def _today():
    """Today, for rules that count only the months already begun (tests pin it)."""
    return timezone.localdate()


def _url(name: str, community, **query) -> str:
    try:
        base = reverse(name, args=[community.pk])
    except NoReverseMatch:  # pages not mounted
        return ""
    extra = "&".join(f"{k}={v}" for k, v in query.items())
    return f"{base}?{extra}" if extra else base


def yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


# --- rule 11: a leadership meeting every month (clusters) -----------------------------------


def monthly_meeting(context: Context) -> dict[int, Figure]:
    today = _today()
    months = [m for m in months_in(context.period) if m <= today]
    held = set(
        Meeting.objects.filter(
            community_id__in=[c.pk for c in context.communities],
            kind__in=LEADERSHIP_KINDS,
            held_on__gte=context.period.first_day,
            held_on__lte=min(context.period.last_day, today),
        )
        .annotate(month=TruncMonth("held_on"))
        .values_list("community_id", "month")
        .distinct()
    )
    figures = {}
    for community in context.communities:
        missing = [m for m in months if (community.pk, m) not in held]
        figures[community.pk] = Figure(
            required=len(months),
            done=len(months) - len(missing),
            url=_url("governance:meeting_list", community),
            note=(
                "未召开领导会议的月份：" + "、".join(f"{m.year}年{m.month}月" for m in missing)
                if missing
                else f"已过的 {len(months)} 个月每月都召开了领导会议"
            ),
        )
    return figures


# --- rule 14: special funds of the school year ------------------------------------------------


def special_funds(context: Context) -> dict[int, Figure]:
    received = dict(
        FundReceipt.objects.filter(
            community_id__in=[c.pk for c in context.communities],
            school_year=context.school_year.start,
            source=FundSource.SPECIAL,
        )
        .values("community_id")
        .annotate(total=Sum("amount"))
        .values_list("community_id", "total")
        .order_by()
    )
    figures = {}
    for community in context.communities:
        need = int(context.param(community, "yuan"))
        total = received.get(community.pk) or Decimal("0")
        figures[community.pk] = Figure(
            required=need,
            # Whole yuan reached: 299,999.99 is still short of 300,000.
            done=int(total),
            url=_url("governance:ledger", community, year=context.school_year.label),
            note=f"专项经费到账 {yuan(total)} 元，要求每学年不少于 {need:,} 元",
        )
    return figures


# --- rule 15: large expenses rest on a 三重一大 decision ------------------------------------


def expense_approval(context: Context) -> dict[int, Figure]:
    rows = list(
        Expense.objects.filter(
            community_id__in=[c.pk for c in context.communities],
            school_year=context.school_year.start,
            status__in=(ExpenseStatus.APPROVED, ExpenseStatus.SPENT),
        ).values_list("pk", "community_id", "amount", "decision__major")
    )
    by_community = defaultdict(list)
    for row in rows:
        by_community[row[1]].append(row)
    figures = {}
    for community in context.communities:
        threshold = Decimal(str(context.param(community, "threshold")))
        large = [r for r in by_community[community.pk] if r[2] >= threshold]
        lacking = [r[0] for r in large if not r[3]]
        figures[community.pk] = Figure(
            required=len(large),
            done=len(large) - len(lacking),
            ids=tuple(lacking),
            url=_url("governance:ledger", community, year=context.school_year.label),
            note=f"单笔 {yuan(threshold)} 元及以上的支出 {len(large)} 笔，"
            f"其中未关联三重一大决议 {len(lacking)} 笔",
        )
    return figures


RULES = (
    Rule(
        code=MEETING_CODE,
        title="小片区每月召开领导会议",
        source="规则 11",
        period=PeriodKind.MONTH,
        evaluate=monthly_meeting,
        kinds=frozenset({CLUSTER}),
        description="联席会、理事会、校长办公会或领导小组会议，每月至少一次。",
        order=70,
    ),
    Rule(
        code=FUNDS_CODE,
        title="每学年专项经费不少于 30 万元",
        source="规则 14",
        period=PeriodKind.SCHOOL_YEAR,
        evaluate=special_funds,
        params=(Param("yuan", "每学年专项经费至少（元）", 300_000, maximum=100_000_000),),
        order=80,
    ),
    Rule(
        code=APPROVAL_CODE,
        title="大额支出经三重一大集体决策",
        source="规则 15",
        period=PeriodKind.SCHOOL_YEAR,
        evaluate=expense_approval,
        params=(
            Param(
                "threshold",
                "集体决策限额（元）",
                DEFAULT_THRESHOLD,
                minimum=1,
                maximum=100_000_000,
                help="单笔达到此金额的支出须有三重一大决议并经核心校校长审批；"
                "低于此金额由成员校校长审批。",
            ),
        ),
        order=81,
    ),
)

for _rule in RULES:
    register(_rule)

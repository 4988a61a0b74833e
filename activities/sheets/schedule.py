"""The work schedule (工作安排) as a sheet: 教共体 / 学年 / 月份 / 工作内容 / 责任小组 / 备注 — the table
bureaus already write, one row per item, several communities and years in one file.

Import (kind ``schedule``): a row is matched by (community, school year, month, content); a
match with another group or note is updated, else a new item is created. Communities are
matched by name in the district, groups by name in the community; unknown ones are refused
with the row and column named. Export: the list of the items the user may see, filtered by
``community`` and ``school_year``.
"""

from __future__ import annotations

import re

from communities.models import Community, WorkGroup
from core.school_year import SchoolYear
from core.text import clean_text, to_halfwidth
from spreadsheets.columns import CellError, ColumnSet, SheetColumn, parse_text
from spreadsheets.reader import Sheet
from spreadsheets.registry import Importer
from spreadsheets.report import CREATED, UNCHANGED, UPDATED, Progress, Report

from ..models import PlanItem
from ..services import plan_item_save

_CN_MONTHS = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}


def parse_month(value) -> int:
    text = re.sub(r"\s|月份?$", "", to_halfwidth(clean_text(str(value or ""))))
    if text.endswith(".0"):
        text = text[:-2]
    month = _CN_MONTHS.get(text) or (int(text) if text.isdigit() else None)
    if month is None or not 1 <= month <= 12:
        raise CellError(f"月份「{value}」应为 1–12（如 9、9月、九月）。")
    return month


def parse_school_year(value) -> int:
    try:
        return SchoolYear.parse(str(value or "").removesuffix(".0")).start
    except ValueError as error:
        raise CellError(str(error)) from None


COMMUNITY = SheetColumn(
    "教共体",
    ("教共体名称", "集团", "片区"),
    export="community__name",
    required=True,
    width=24,
    examples=("城关教共体",),
)
YEAR = SheetColumn(
    "学年",
    ("学年度",),
    export="school_year",
    parse=parse_school_year,
    to_cell=lambda v: SchoolYear(v).label if v else "",
    required=True,
    width=12,
    help="如 2025-2026。",
    examples=("2025-2026",),
)
MONTH = SheetColumn(
    "月份",
    ("月",),
    field="month",
    parse=parse_month,
    required=True,
    width=8,
    help="1–12，可写 9 或 9月。",
    examples=(9,),
)
CONTENT = SheetColumn(
    "工作内容",
    ("内容", "工作事项", "活动内容"),
    field="content",
    parse=parse_text,
    required=True,
    width=40,
    examples=("召开联席会，部署本学年工作",),
)
GROUP = SheetColumn(
    "责任小组",
    ("负责小组", "责任组", "责任部门"),
    export="group__name",
    width=14,
    help="本教共体的工作小组名称，可不填。",
    examples=("领导小组",),
)
NOTE = SheetColumn("备注", (), field="note", parse=parse_text, width=20, examples=("",))

SCHEDULE_COLUMNS = ColumnSet((COMMUNITY, YEAR, MONTH, CONTENT, GROUP, NOTE))


class ScheduleImporter(Importer):
    key = "schedule"
    label = "教共体工作安排"
    columns = SCHEDULE_COLUMNS

    def run(
        self, sheet: Sheet, *, report: Report, district, actor, progress: Progress, write: bool
    ) -> None:
        communities = {c.name: c for c in Community.objects.filter(district=district)}
        groups = {
            (g.community_id, g.name): g
            for g in WorkGroup.objects.filter(community__district=district)
        }
        existing = {
            (i.community_id, i.school_year, i.month, i.content): i
            for i in PlanItem.objects.filter(community__district=district).select_related("group")
        }
        plans = []
        for row, record in sheet.records():
            name = clean_text(record.get(COMMUNITY.label))
            community = communities.get(name)
            if community is None:
                report.problem(row, COMMUNITY.label, f"本教育局没有名为「{name}」的教共体。")
                continue
            values = {}
            for column in (YEAR, MONTH, CONTENT, NOTE):
                try:
                    values[column.label] = column.parse(record.get(column.label))
                except CellError as error:
                    report.problem(row, column.label, str(error))
            if len(values) < 4:
                continue
            if not values[CONTENT.label]:
                report.problem(row, CONTENT.label, "工作内容不能为空。")
                continue
            group_name = clean_text(record.get(GROUP.label))
            group = groups.get((community.pk, group_name)) if group_name else None
            if group_name and group is None:
                report.problem(
                    row, GROUP.label, f"「{community.name}」没有名为「{group_name}」的工作小组。"
                )
                continue
            plans.append((row, community, values, group))
        if not (write and report.ok):
            for row, community, values, group in plans:
                key = (community.pk, values[YEAR.label], values[MONTH.label], values[CONTENT.label])
                item = existing.get(key)
                label = f"{community.name} {values[MONTH.label]}月 {values[CONTENT.label]}"
                if item is None:
                    report.count(row, CREATED, label)
                elif (
                    item.group_id != (group.pk if group else None)
                    or item.note != values[NOTE.label]
                ):
                    report.count(row, UPDATED, label)
                else:
                    report.count(row, UNCHANGED, label)
            return
        for row, community, values, group in plans:
            key = (community.pk, values[YEAR.label], values[MONTH.label], values[CONTENT.label])
            item = existing.get(key)
            label = f"{community.name} {values[MONTH.label]}月 {values[CONTENT.label]}"
            if item is None:
                item = PlanItem(
                    community=community,
                    school_year=values[YEAR.label],
                    month=values[MONTH.label],
                    content=values[CONTENT.label],
                )
                action = CREATED
            elif item.group_id != (group.pk if group else None) or item.note != values[NOTE.label]:
                action = UPDATED
            else:
                report.count(row, UNCHANGED, label)
                continue
            item.group = group
            item.note = values[NOTE.label]
            plan_item_save(item=item, actor=actor)
            existing[key] = item
            report.count(row, action, label)

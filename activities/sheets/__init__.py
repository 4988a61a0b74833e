"""What the activities app offers the spreadsheet engine: the activity list export, and the
work schedule's import (kind ``schedule``), template and export."""

from __future__ import annotations

from core.school_year import SchoolYear
from spreadsheets import registry
from spreadsheets.exports import ExportSpec
from spreadsheets.templates_xlsx import ImportTemplate

from ..selectors import activity_list
from ..visibility import plan_items_visible_to
from .columns import ACTIVITY_COLUMNS
from .schedule import SCHEDULE_COLUMNS, ScheduleImporter


def schedule_rows(*, user, params):
    """The schedule items the user may see, by ``community`` (pk) and ``school_year``."""
    rows = plan_items_visible_to(user).select_related("community", "group")
    community = str(params.get("community", ""))
    if community.isdigit():
        rows = rows.filter(community_id=int(community))
    try:
        rows = rows.filter(school_year=SchoolYear.parse(params.get("school_year", "")).start)
    except ValueError:
        pass
    return rows.order_by("community__name", "school_year", "id")


def register() -> None:
    registry.register_export(
        ExportSpec("activities", "联合活动列表", ACTIVITY_COLUMNS, activity_list)
    )
    registry.register_export(ExportSpec("schedule", "工作安排", SCHEDULE_COLUMNS, schedule_rows))
    registry.register_importer(ScheduleImporter())
    registry.register_template(ImportTemplate("schedule", "工作安排导入模板", SCHEDULE_COLUMNS))

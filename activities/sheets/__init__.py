"""What the activities app offers the spreadsheet engine: the activity list export and the
work schedule's columns (import/export on the schedule page)."""

from __future__ import annotations

from spreadsheets import registry
from spreadsheets.exports import ExportSpec

from ..selectors import activity_list
from .columns import ACTIVITY_COLUMNS


def register() -> None:
    registry.register_export(
        ExportSpec("activities", "联合活动列表", ACTIVITY_COLUMNS, activity_list)
    )

"""Spreadsheet columns of activities (the list export)."""

from __future__ import annotations

from core.school_year import SchoolYear, Semester
from spreadsheets.columns import ColumnSet, SheetColumn, choice_column

from ..enums import ActivityStatus, Review

ACTIVITY_COLUMNS = ColumnSet(
    (
        SheetColumn("开始日期", export="start_date", imported=False, width=12),
        SheetColumn("结束日期", export="end_date", imported=False, width=12),
        SheetColumn("主题", export="theme", imported=False, width=40),
        SheetColumn("活动类型", export="kind__name", imported=False, width=14),
        SheetColumn("教共体", export="community__name", imported=False, width=20),
        SheetColumn("承办学校", export="host_school__name", imported=False, width=22),
        SheetColumn(
            "学年",
            export="school_year",
            imported=False,
            width=11,
            to_cell=lambda v: SchoolYear(v).label if v else "",
        ),
        choice_column("学期", Semester, export="semester", imported=False, width=9),
        SheetColumn("地点", export="place", imported=False, width=18),
        SheetColumn("学科", export="subject", imported=False, width=8),
        SheetColumn("年级", export="grade", imported=False, width=8),
        SheetColumn("其他参与人数", export="other_participants", imported=False, width=8),
        choice_column("状态", ActivityStatus, export="status", imported=False, width=8),
        choice_column("核实", Review, export="review", imported=False, width=8),
        SheetColumn("核实意见", export="review_comment", imported=False, width=24),
    )
)

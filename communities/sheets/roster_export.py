"""The county's published roster (.xlsx): title row, header, one row per current community.

Its columns are the roster import's (``columns.ROSTER_COLUMNS``), so a downloaded roster
imports back unchanged.
"""

from __future__ import annotations

import datetime
import math
from typing import IO

from django.db.models import QuerySet

from schools.models import School
from spreadsheets.escape import escape_formula

from ..enums import MemberRole
from ..models import Membership
from .columns import ROSTER_COLUMNS, ROSTER_MEMBERS, ROSTER_STAGE
from .roster_format import format_members, format_school

ROSTER_HEADERS = tuple(c.label for c in ROSTER_COLUMNS)
ROSTER_WIDTHS = tuple(c.width for c in ROSTER_COLUMNS)
_MEMBERS_INDEX = ROSTER_HEADERS.index(ROSTER_MEMBERS.label)
_CENTRED = (0, ROSTER_HEADERS.index(ROSTER_STAGE.label))
_ROSTER_CHARS_PER_LINE = 28  # Chinese characters that fit the 成员校 column on one line


def roster_title(district_name: str) -> str:
    return f"附件：{district_name}教共体名单"


def roster_rows(communities: QuerySet) -> list[list]:
    """One row per current community, in the order they were entered; three queries in all.

    核心校 holds the core school, 成员校 the members in order of enrolment; each school is followed
    by its nested schools in parentheses (``roster_format``), which the roster import reads back.
    """
    active = communities.active().order_by("pk")
    found = list(active.values_list("pk", "name", "stage"))
    memberships = list(
        Membership.objects.current()
        .filter(community__in=active.values("pk"))
        .order_by("start_on", "pk")
        .values_list("community_id", "role", "school_id", "school__name")
    )
    enrolled = (
        Membership.objects.current().filter(community__in=active.values("pk")).values("school_id")
    )
    children: dict[int, list[str]] = {}
    for parent_id, name in (
        School.objects.filter(parent_id__in=enrolled)
        .order_by("pk")
        .values_list("parent_id", "name")
    ):
        children.setdefault(parent_id, []).append(name)

    core: dict[int, str] = {}
    members: dict[int, list[tuple[str, list[str]]]] = {}
    for community_id, role, school_id, school_name in memberships:
        if role == MemberRole.CORE:
            core[community_id] = format_school(school_name, children.get(school_id, []))
        else:
            members.setdefault(community_id, []).append((school_name, children.get(school_id, [])))

    return [
        [
            number,
            escape_formula(name),
            escape_formula(core.get(pk, "")),
            escape_formula(format_members(members.get(pk, []))),
            ROSTER_STAGE.cell(stage),
        ]
        for number, (pk, name, stage) in enumerate(found, start=1)
    ]


def write_roster(*, district_name: str, rows: list[list], target: IO[bytes] | str) -> None:
    """Title row merged across, header, one wrapped row per community, print-ready."""
    # openpyxl is imported lazily: a heavy library only this download needs.
    from openpyxl import Workbook  # noqa: PLC0415
    from openpyxl.styles import Alignment, Border, Font, Side  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "教共体名单"
    last = get_column_letter(len(ROSTER_HEADERS))
    sheet.append([roster_title(district_name)])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 28
    sheet.append(list(ROSTER_HEADERS))
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.border = border
    wrap = Alignment(wrap_text=True, vertical="center")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        sheet.append(row)
        excel_row = sheet.max_row
        for index, cell in enumerate(sheet[excel_row]):
            cell.border = border
            cell.alignment = centre if index in _CENTRED else wrap
        lines = max(1, math.ceil(len(str(row[_MEMBERS_INDEX])) / _ROSTER_CHARS_PER_LINE))
        sheet.row_dimensions[excel_row].height = max(20, 18 * lines)
    for index, width in enumerate(ROSTER_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "1:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    workbook.save(target)


def roster_filename(district_name: str, today: datetime.date) -> str:
    return f"{district_name}教共体名单-{today:%Y%m%d}.xlsx"

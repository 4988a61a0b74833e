"""The 备案 sheet (.xlsx): a community's exchanges of a school year in the form a bureau files.

Title row merged across, a line naming the community and the date, the header (序号, 姓名,
性别, 学科, 职称, 骨干级别, 派出学校, 接收学校, 交流方式, 交流方向, 起止时间, 目标任务, 状态,
备注), one row per exchange, and a signature block; landscape, print titles repeated.
"""

from __future__ import annotations

import datetime
from typing import IO

from core.school_year import SchoolYear
from spreadsheets.escape import escape_formula

FILING_HEADERS = (
    ("序号", 6),
    ("姓名", 9),
    ("性别", 5),
    ("学科", 10),
    ("职称", 8),
    ("骨干级别", 10),
    ("派出学校", 20),
    ("接收学校", 20),
    ("交流方式", 9),
    ("交流方向", 12),
    ("起止时间", 24),
    ("目标任务", 34),
    ("状态", 8),
    ("备注", 12),
)


def filing_title(community, school_year: SchoolYear) -> str:
    return f"{community.name}{school_year.label}学年教师交流轮岗备案表"


def filing_filename(community, school_year: SchoolYear) -> str:
    return f"{filing_title(community, school_year)}.xlsx"


def filing_row(number: int, exchange) -> list:
    teacher = exchange.teacher
    return [
        number,
        escape_formula(teacher.name),
        teacher.get_gender_display(),
        escape_formula(teacher.subjects),
        teacher.get_title_display(),
        teacher.get_backbone_level_display(),
        escape_formula(exchange.home_school.name),
        escape_formula(exchange.host_names or ""),
        exchange.get_kind_display(),
        exchange.get_direction_display(),
        f"{exchange.planned_start:%Y.%m}—{exchange.planned_end:%Y.%m}（{exchange.period_label}）",
        escape_formula(exchange.tasks),
        exchange.get_status_display(),
        escape_formula(exchange.note),
    ]


def write_filing_sheet(
    *, community, school_year: SchoolYear, rows: list, target: IO[bytes] | str
) -> None:
    # openpyxl is imported lazily: a heavy library only this download needs.
    from openpyxl import Workbook  # noqa: PLC0415
    from openpyxl.styles import Alignment, Border, Font, Side  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "备案表"
    width = len(FILING_HEADERS)
    last = get_column_letter(width)
    sheet.append([filing_title(community, school_year)])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30
    sheet.append(
        [
            f"填报单位（盖章）：{community.name}",
            *[""] * (width - 4),
            "填报日期：",
            datetime.date.today().strftime("%Y-%m-%d"),
            "",
        ]
    )
    sheet.append([label for label, _ in FILING_HEADERS])
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(vertical="center", wrap_text=True)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = centre
        cell.border = border
    for number, exchange in enumerate(rows, start=1):
        sheet.append(filing_row(number, exchange))
        for index, cell in enumerate(sheet[sheet.max_row]):
            cell.border = border
            cell.alignment = wrap if index in (7, 10, 11, 13) else centre
    sheet.append([])
    sheet.append([f"合计：{len(rows)} 人"])
    sheet.append([])
    sheet.append(
        [
            "教共体负责人（签字）：",
            "",
            "",
            "",
            "",
            "",
            "",
            "教育局审核意见：",
            "",
            "",
            "",
            "（盖章）",
        ]
    )
    sheet.append(["日期：", "", "", "", "", "", "", "日期："])
    for index, (_, column_width) in enumerate(FILING_HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column_width
    sheet.freeze_panes = "A4"
    sheet.print_title_rows = "1:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToHeight = 0
    workbook.save(target)

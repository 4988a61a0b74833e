"""A community's ledger of a school year as ``.xlsx``: funds received, expenses, and totals by
source, category and school. Amounts are written as exact numbers (Decimal, two places) with
the format ``#,##0.00``; text cells are escaped against formula injection."""

from __future__ import annotations

import io

from spreadsheets.escape import escape_formula

from .selectors import Ledger

MONEY = "#,##0.00"


def _sheet(book, title: str, header: list[str], rows: list[list], money_columns: set[int]):
    from openpyxl.styles import Font  # noqa: PLC0415 - heavy library, loaded for exports only

    sheet = book.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([escape_formula(v) if isinstance(v, str) else v for v in row])
    for column in money_columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = MONEY
    for index, _ in enumerate(header, start=1):
        sheet.column_dimensions[chr(64 + index)].width = 18
    return sheet


def ledger_workbook(book_data: Ledger) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415 - heavy library, loaded for exports only

    ledger = book_data
    book = Workbook()
    book.remove(book.active)
    receipts = [[r.received_on, r.get_source_display(), r.amount, r.note] for r in ledger.receipts]
    receipts.append(["合计", "", ledger.received, ""])
    _sheet(book, "经费到账", ["到账日期", "来源", "金额（元）", "备注"], receipts, {3})
    expenses = [
        [
            e.pk,
            e.school.name,
            e.get_category_display(),
            e.title,
            e.amount,
            e.actual_amount,
            e.get_status_display(),
            "是" if e.decision_id else "",
            e.approved_by.get_full_name() or e.approved_by.username if e.approved_by else "",
        ]
        for e in ledger.expenses
    ]
    expenses.append(
        ["合计（不含已退回、已撤回）", "", "", "", ledger.planned, ledger.actual, "", "", ""]
    )
    _sheet(
        book,
        "经费支出",
        [
            "编号",
            "使用学校",
            "类别",
            "事项",
            "申请金额（元）",
            "实际支出（元）",
            "状态",
            "三重一大决议",
            "审批人",
        ],
        expenses,
        {5, 6},
    )
    summary = [["到账", label, total, None] for label, total in ledger.by_source]
    summary += [["支出类别", line.label, line.planned, line.actual] for line in ledger.by_category]
    summary += [["使用学校", line.label, line.planned, line.actual] for line in ledger.by_school]
    summary.append(["合计", "到账 / 计划支出", ledger.received, ledger.planned])
    summary.append(["合计", "实际支出 / 结余", ledger.actual, ledger.balance])
    _sheet(book, "汇总", ["项目", "名称", "金额 / 计划（元）", "实际（元）"], summary, {3, 4})
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def supervision_workbook(rows, title: str) -> bytes:
    """The supervision list in the layout bureaus print: a title row, then 序号 / 工作任务 /
    牵头部门 / 责任单位 / 督办领导 / 完成时限 / 进展情况 / 未报送单位; landscape A4, fit to width."""
    from openpyxl import Workbook  # noqa: PLC0415 - heavy library, loaded for exports only
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # noqa: PLC0415

    book = Workbook()
    sheet = book.active
    sheet.title = "督办清单"
    header = [
        "序号",
        "工作任务",
        "牵头部门",
        "责任单位",
        "督办领导",
        "完成时限",
        "进展情况",
        "未报送单位",
    ]
    widths = [6, 40, 14, 28, 10, 12, 14, 24]
    sheet.append([escape_formula(title)])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(header)
    thin = Side(style="thin")
    red = Font(color="C0392B")
    for number, row in enumerate(rows, start=1):
        status = row.task.get_status_display()
        if row.overdue:
            status = f"逾期（{status}）"
        sheet.append(
            [
                number,
                escape_formula(row.task.description),
                escape_formula(row.task.lead_department),
                escape_formula("、".join(row.units)),
                escape_formula(row.task.supervisor),
                row.task.deadline,
                f"{status}；报告 {row.reports} 次",
                escape_formula("、".join(row.missing)),
            ]
        )
        if row.overdue:
            for cell in sheet[sheet.max_row]:
                cell.font = red
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    for (cell,) in sheet.iter_rows(min_row=3, min_col=6, max_col=6):
        cell.number_format = "yyyy-mm-dd"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

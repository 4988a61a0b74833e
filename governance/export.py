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
    expenses.append(["合计（不含已退回）", "", "", "", ledger.planned, ledger.actual, "", "", ""])
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

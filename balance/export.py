"""The balance figures as an ``.xlsx`` workbook: per report a sheet of school parts and one of
coefficients (``before`` / ``after`` with the what-if). openpyxl's write-only mode; every text
cell escaped against formula injection."""

from __future__ import annotations

import io

from spreadsheets.escape import escape_formula

from .figures import INDICATOR_LABEL, INDICATORS, Report


def _sheets(report: Report, suffix: str):
    parts = [
        [
            "学校",
            "学段",
            "学生数",
            "教师数",
            *[f"{INDICATOR_LABEL[k]}（每百名学生）" for k in INDICATORS],
            "达标情况",
            "说明",
        ]
    ]
    for p in report.parts:
        short = [INDICATOR_LABEL[k] for k, ok in p.meets.items() if not ok]
        parts.append(
            [
                escape_formula(p.school),
                p.stage_label,
                p.students,
                round(p.teachers, 3),
                *[round(p.per100(k), 3) for k in INDICATORS],
                "" if p.left_out else ("达标" if not short else "未达标：" + "、".join(short)),
                p.left_out and f"不计入：{p.left_out}",
            ]
        )
    cvs = [["学段", *[INDICATOR_LABEL[k] for k in INDICATORS], "综合差异系数", "标准", "是否达标"]]
    for figures in report.stages.values():
        cvs.append(
            [
                figures.label,
                *[None if figures.cv[k] is None else round(figures.cv[k], 3) for k in INDICATORS],
                None if figures.overall is None else round(figures.overall, 3),
                figures.limit,
                {True: "达标", False: "未达标", None: "无法计算"}[figures.met],
            ]
        )
    return [(f"学校{suffix}", parts), (f"差异系数{suffix}", cvs)]


def workbook_bytes(before: Report, after: Report | None = None) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415 - heavy library, loaded for exports only

    book = Workbook(write_only=True)
    sheets = _sheets(before, "（交流前）" if after else "")
    if after is not None:
        sheets += _sheets(after, "（交流后）")
    for title, rows in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.freeze_panes = "A2"
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

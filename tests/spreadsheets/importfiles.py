"""Builders of spreadsheet files for the import tests (generated, not committed)."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl

ROSTER_HEADER = ["序号", "教共体名称", "核心校", "成员校", "学段"]
ISSUE_MEMBERS = "城南镇中心小学(城南镇河口教学点、城南镇石门小学)\n江北镇中心小学、江北镇红岩小学、"


def xlsx(
    rows: list[list],
    *,
    title: str | None = None,
    blank_rows: int = 0,
    merges: list[str] = (),
    width: int | None = None,
) -> bytes:
    """An .xlsx with an optional merged title row and blank rows above the given rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    width = width or max(len(r) for r in rows)
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    for _ in range(blank_rows):
        ws.append([])
    for r in rows:
        ws.append(r)
    for ref in merges:
        ws.merge_cells(ref)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8-sig") -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode(encoding)


def xls(rows: list[list], *, title: str | None = None, merges: list[tuple] = ()) -> bytes:
    """A BIFF8 .xls written with xlwt; merges are (r0, r1, c0, c1) inclusive, after the title."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    offset = 0
    if title:
        sheet.write_merge(0, 0, 0, max(len(r) for r in rows) - 1, title)
        offset = 2  # title row, then one blank row
    merged_cells = {}
    for r0, r1, c0, c1 in merges:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                merged_cells[(r, c)] = (r0, r1, c0, c1)
    written = set()
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            span = merged_cells.get((i, j))
            if span:
                if span in written:
                    continue
                written.add(span)
                sheet.write_merge(span[0] + offset, span[1] + offset, span[2], span[3], value)
            elif value is not None:
                sheet.write(i + offset, j, value)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def replace_in_zip(
    data: bytes, name: str, content: bytes | None = None, add: dict[str, bytes] | None = None
) -> bytes:
    """Rewrite one entry of an .xlsx (or add entries)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == name and content is not None:
                body = content
            dst.writestr(item.filename, body)
        for extra, body in (add or {}).items():
            dst.writestr(extra, body)
    return out.getvalue()

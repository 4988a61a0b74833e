"""Builders of hostile .xlsx files (issue 6 §6), written as raw XML, for the tests and the
import benchmark (``manage.py bench_imports --hostile``).

Each is small on disk and was, before the reader was bounded, expensive to read:

- :func:`merged_ranges_xlsx` — 500 merged ranges of 99,999 cells each (about 7.5 KB);
- :func:`declared_dimension_xlsx` — declares ``A1:XFD1048576`` and has one cell in the last
  row, its ``<dimension>`` behind 4 KB of padding (about 5 KB);
- :func:`shared_string_xlsx` — 99,000 rows sharing one 32,767-character string (about 1.4 MB).

They use the teacher import's labels (学校, 姓名) so they can go through a preview too.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"

HEADER = ("学校", "姓名", "性别")
EXCEL_MAX_ROWS = 1_048_576


def column_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA, 16383 → XFD."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell(ref: str, value) -> str:
    """One cell: a number, an inline string, or ``("s", i)`` for shared string ``i``."""
    if isinstance(value, tuple):
        return f'<c r="{ref}" t="s"><v>{value[1]}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def row(number: int, values, *, start: int = 0) -> str:
    """Row ``number`` (1-based) with ``values`` from column ``start`` (0-based) on."""
    return sparse_row(number, {start + i: v for i, v in enumerate(values)})


def sparse_row(number: int, cells: dict[int, object]) -> str:
    """Row ``number`` (1-based) with a value per 0-based column index ("" for none)."""
    body = "".join(
        cell(f"{column_letters(c)}{number}", v) for c, v in sorted(cells.items()) if v != ""
    )
    return f'<row r="{number}">{body}</row>'


def workbook(
    sheet_xml: str | bytes,
    *,
    shared: list[str] = (),
    sheets: list[tuple[str, str]] | None = None,
) -> bytes:
    """An .xlsx of one worksheet whose XML is ``sheet_xml`` (a whole ``<worksheet>``).

    ``sheets``: (name, state) per sheet when more than one is wanted; every sheet then has the
    same XML. ``shared``: the shared strings table.
    """
    sheets = sheets or [("Sheet1", "visible")]
    entries = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                f'ContentType="{_CT}.worksheet+xml"/>'
                for i in range(1, len(sheets) + 1)
            )
            + f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            "<sheets>"
            + "".join(
                f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"'
                + ("" if state == "visible" else f' state="{state}"')
                + "/>"
                for i, (name, state) in enumerate(sheets, start=1)
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL}">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(sheets) + 1)
            )
            + f'<Relationship Id="rId{len(sheets) + 1}" Type="{_REL}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" '
            f'count="{len(shared)}" uniqueCount="{len(shared)}">'
            + "".join(f"<si><t>{escape(s)}</t></si>" for s in shared)
            + "</sst>"
        ),
    }
    for i in range(1, len(sheets) + 1):
        entries[f"xl/worksheets/sheet{i}.xml"] = sheet_xml
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, body in entries.items():
            archive.writestr(name, body if isinstance(body, bytes) else body.encode())
    return out.getvalue()


def worksheet(rows_xml: str, *, before: str = "", after: str = "") -> str:
    """A ``<worksheet>``: ``before`` the sheet data (dimension…), ``after`` it (mergeCells…)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">'
        f"{before}<sheetData>{rows_xml}</sheetData>{after}</worksheet>"
    )


def merge_cells(refs: list[str]) -> str:
    body = "".join(f'<mergeCell ref="{ref}"/>' for ref in refs)
    return f'<mergeCells count="{len(refs)}">{body}</mergeCells>'


DATA = [("河口小学", "王一", "男"), ("河口小学", "李二", "女")]


def merged_ranges_xlsx(ranges: int = 500, cells_each: int = 99_999) -> bytes:
    """A header, two data rows, and ``ranges`` merged ranges of ``cells_each`` cells, one
    column each, side by side below the data (rows 5 to 5 + cells_each - 1)."""
    rows = row(1, HEADER) + "".join(row(n, values) for n, values in enumerate(DATA, start=2))
    last = 5 + cells_each - 1
    refs = [f"{column_letters(c)}5:{column_letters(c)}{last}" for c in range(ranges)]
    return workbook(worksheet(rows, after=merge_cells(refs)))


def declared_dimension_xlsx() -> bytes:
    """Declares A1:XFD1048576 behind 4 KB of padding; a header, one data row, and one cell
    in the last cell of the sheet (XFD1048576)."""
    padding = "<!--" + "x" * 4096 + "-->"
    before = padding + '<dimension ref="A1:XFD1048576"/>'
    rows = (
        row(1, HEADER) + row(2, DATA[0]) + row(EXCEL_MAX_ROWS, ["末行"], start=16_383)  # XFD1048576
    )
    return workbook(worksheet(rows, before=before))


def shared_string_xlsx(rows: int = 99_000, length: int = 32_767) -> bytes:
    """A header and ``rows`` rows whose 学校 and 姓名 are one shared string of ``length``
    characters (the most a cell may hold)."""
    long_text = ("很长的学校名称" * (length // 7 + 1))[:length]
    body = row(1, HEADER) + "".join(row(n, [("s", 0), ("s", 0), "男"]) for n in range(2, rows + 2))
    return workbook(worksheet(body), shared=[long_text])

"""The district's assessment workbook (``.xlsx``): plain sheets of values, no formulas.

:func:`workbook_bytes` writes a list of :class:`Sheet` with openpyxl's write-only mode: the
header row frozen (and the first column, the school or community), column widths from the
longest cell (a CJK character counts two), every text cell escaped against formula injection
(``spreadsheets.escape``). :func:`sheet_title` makes a valid, unique Chinese sheet name (at most
31 characters, none of ``[]:*?/\\``, no leading or trailing apostrophe).

What goes on the sheets is :mod:`assessment.reports`' business (``district_sheets``).
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from spreadsheets.escape import escape_formula

MAX_TITLE = 31
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
MIN_WIDTH, MAX_WIDTH = 6, 48


@dataclass
class Sheet:
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    # Cells frozen left of the data (the names); the header row is always frozen.
    frozen_columns: int = 1


def sheet_title(text: str, used: set[str]) -> str:
    """A valid sheet name for ``text``, unique (case-insensitively, as Excel compares) among
    ``used``, which it joins."""
    base = FORBIDDEN.sub("_", unicodedata.normalize("NFKC", text)).strip().strip("'") or "工作表"
    if base.lower() == "history":  # reserved by Excel
        base = f"{base}_"
    title, n = base[:MAX_TITLE], 1
    while title.lower() in used:
        n += 1
        suffix = f"({n})"
        title = base[: MAX_TITLE - len(suffix)] + suffix
    used.add(title.lower())
    return title


def display_width(value) -> int:
    text = _plain(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)  # Excel stores doubles; scores have one or two decimals
    if isinstance(value, str):
        return escape_formula(value)
    return value


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def workbook_bytes(sheets: list[Sheet]) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415 - heavy library, loaded for exports only
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415 - same
    from openpyxl.styles import Font  # noqa: PLC0415 - same

    book = Workbook(write_only=True)
    used: set[str] = set()
    for spec in sheets:
        sheet = book.create_sheet(sheet_title(spec.title, used))
        sheet.freeze_panes = f"{column_letter(spec.frozen_columns)}2"
        widths = [display_width(h) for h in spec.header]
        for row in spec.rows:
            for i, value in enumerate(row[: len(widths)]):
                widths[i] = max(widths[i], display_width(value))
        for i, width in enumerate(widths):
            letter = column_letter(i)
            sheet.column_dimensions[letter].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))
        bold = Font(bold=True)
        header = []
        for label in spec.header:
            cell = WriteOnlyCell(sheet, value=_cell(label))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in spec.rows:
            sheet.append([_cell(v) for v in row])
    if not sheets:
        book.create_sheet("说明").append(["没有可导出的考核结果。"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

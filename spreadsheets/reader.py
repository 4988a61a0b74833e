"""Turn an uploaded .xlsx / .xls / .csv into clean rows, the way bureaus really write them.

django-import-export reads the first row as the header and trusts the extension; bureau sheets
have title rows merged across the top, blank rows, merged cells down a column, full-width digits
and GB18030 CSV. This module does the reading once, for the web flow, the commands and the admin:

1. the real type is sniffed from the first bytes (the extension only has to be one we accept);
2. an .xlsx is checked as a zip *before* it is opened (entry count, total uncompressed size,
   compression ratio, encrypted entries, macros), an OLE file is checked for ``EncryptedPackage``
   (a password-protected workbook);
3. openpyxl reads the first *visible* worksheet in read-only mode (flat memory); defusedxml is
   installed, so openpyxl refuses entity-expansion attacks;
4. the header row is found by its labels (with synonyms), anywhere in the first rows;
5. every cell is normalised (full-width → half-width, spaces collapsed, invisible format
   characters removed; line breaks kept in the columns that need them) and a cell still
   starting with ``=`` is reported as a formula.

Any file within the upload limit is read in bounded time and memory, whatever it declares:

- the declared ``<dimension>`` is ignored; the columns read stop at the header's width, and
  reading stops after ``JGT_IMPORT_MAX_EMPTY_ROWS`` (1,000) empty rows in a row, with a note;
- merged ranges are never expanded: each is applied to the rows actually read, clipped to the
  header's width, and the cells so filled are capped (``JGT_IMPORT_MAX_MERGED_CELLS``);
- cell problems are collected up to :data:`spreadsheets.problems.MAX_LISTED`, values echoed
  shortened; equal long texts are cleaned once and shared;
- :func:`estimate_rows` answers "large" when it cannot count cheaply, so such a file goes to
  the background job.

Every refusal is an :class:`ImportFileError` with a Chinese message for the user.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import itertools
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import tablib
from django.conf import settings

from core.text import strip_format_chars, to_halfwidth

from .problems import Problem as CellProblem
from .problems import record_problem, shorten

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# .txt: Excel's "Unicode text" export (UTF-16, tab-separated) is saved as .txt by default.
ACCEPTED_EXTENSIONS = (".xlsx", ".xls", ".csv", ".txt")
ACCEPTED_LABEL = ".xlsx、.xls、.csv 或 .txt"
TEXT_EXTENSIONS = (".csv", ".txt")
HEADER_SEARCH_ROWS = 30
# Merged ranges a sheet may declare (real sheets have tens or hundreds).
MAX_MERGED_RANGES = 10_000
# A text cell longer than this is cleaned once per distinct text (see _build).
LONG_TEXT = 200
_MISSING = object()

_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_ANY_SPACE = re.compile(r"\s+")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is shown to the user as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_bytes() -> int:
    return _setting("JGT_IMPORT_MAX_BYTES", 20 * 1024 * 1024)


def max_rows() -> int:
    return _setting("JGT_IMPORT_MAX_ROWS", 100_000)


def max_empty_rows() -> int:
    """Reading stops after this many empty rows in a row (a sheet may declare a million)."""
    return _setting("JGT_IMPORT_MAX_EMPTY_ROWS", 1_000)


def max_merged_cells() -> int:
    """How many cells merged ranges may fill, over the rows and columns actually read."""
    return _setting("JGT_IMPORT_MAX_MERGED_CELLS", 1_000_000)


# Zip limits: a real 100,000-row sheet unpacks to ~60 MB with ratios under 30.
MAX_ZIP_ENTRIES = 2_000
MAX_UNCOMPRESSED = 400 * 1024 * 1024
MAX_RATIO = 200
RATIO_APPLIES_ABOVE = 2 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    """A column the importer understands: its label on screen and the labels accepted for it."""

    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    multiline: bool = False  # keep line breaks (the 成员校 cell)

    @property
    def keys(self) -> set[str]:
        return {_header_key(x) for x in (self.label, *self.synonyms)}


@dataclass
class Sheet:
    """The clean rows: ``dataset`` has the canonical labels as headers, in the spec's order;
    ``row_numbers[i]`` is the sheet row of ``dataset[i]`` as the user sees it in Excel."""

    dataset: tablib.Dataset
    row_numbers: list[int]
    header_row: int
    kind: str
    problems: list[CellProblem] = field(default_factory=list)
    present: set[str] = field(default_factory=set)  # labels whose column exists in the file
    ignored: list[str] = field(default_factory=list)  # header cells no column matched
    notes: list[str] = field(default_factory=list)  # what the user should know (not errors)

    def records(self) -> Iterator[tuple[int, dict]]:
        headers = self.dataset.headers
        for number, values in zip(self.row_numbers, self.dataset, strict=True):
            yield number, dict(zip(headers, values, strict=True))

    def __len__(self) -> int:
        return len(self.row_numbers)


def _header_key(text) -> str:
    text = strip_format_chars(to_halfwidth(str(text or "")))
    text = re.sub(r"[\s*＊:：()（）\[\]【】]", "", text)
    return re.sub(r"(必填|选填)$", "", text)


# --- sniffing and container checks ---------------------------------------------------------


def sniff(data: bytes, filename: str) -> str:
    """Return 'xlsx', 'xls' or 'csv' (any delimited text) from the content; refuse the rest."""
    name = (filename or "").lower()
    if name.endswith((".xlsm", ".xltm", ".xlam")):
        raise ImportFileError("不接受含宏的工作簿（.xlsm），请另存为 .xlsx 后重新上传。")
    if not name.endswith(ACCEPTED_EXTENSIONS):
        raise ImportFileError(f"只能导入 {ACCEPTED_LABEL} 文件。")
    if not data or not data.strip():
        raise ImportFileError("文件是空的，没有任何内容。")
    if len(data) > max_bytes():
        raise ImportFileError(
            f"文件大小 {len(data) / 1024 / 1024:.1f} MB，超过上限 {max_bytes() / 1024 / 1024:.0f} MB，"
            "请拆分后分批导入。"
        )
    if data.startswith(ZIP_MAGIC) or data.startswith(b"PK\x05\x06"):
        _check_zip(data)
        return "xlsx"
    if data.startswith(OLE_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise ImportFileError(
                "工作簿设置了打开密码（已加密），无法读取，请取消密码后重新上传。"
            )
        return "xls"
    head = data[:4096]
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not _looks_like_text(head, utf16=utf16):
        raise ImportFileError(
            "文件内容不是 Excel 或 CSV 表格（可能是改了扩展名的其他文件），"
            f"请上传 {ACCEPTED_LABEL} 文件。"
        )
    if not name.endswith(TEXT_EXTENSIONS):
        raise ImportFileError(
            f"文件扩展名是 {name[name.rfind('.') :]}，但内容是纯文本而不是 Excel 工作簿，"
            "请用 Excel 或 WPS 另存为 .xlsx 后重新上传。"
        )
    return "csv"


def _looks_like_text(head: bytes, *, utf16: bool = False) -> bool:
    if utf16:  # Excel's "Unicode text": UTF-16 with a BOM
        text = head[: len(head) // 2 * 2].decode("utf-16", errors="replace")
        controls = sum(1 for ch in text if ch < " " and ch not in "\t\r\n")
        return controls == 0 and text.count("\ufffd") <= 1  # the end may cut a pair
    if b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if encoding == "utf-8-sig" and exc.start > len(head) - 4:
                return True  # a multi-byte character cut at the end of the sample
    return False


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as exc:
        raise ImportFileError("文件已损坏（不是完整的 .xlsx 压缩包），请重新保存后上传。") from exc
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ImportFileError("文件结构异常（压缩包内文件过多），已拒绝。")
    names = {e.filename for e in entries}
    if any(e.flag_bits & 0x1 for e in entries):
        raise ImportFileError("工作簿设置了密码（已加密），无法读取，请取消密码后重新上传。")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise ImportFileError(
            "工作簿含有宏（VBA），为安全起见不予导入，请另存为不含宏的 .xlsx 后重新上传。"
        )
    total = sum(e.file_size for e in entries)
    if total > MAX_UNCOMPRESSED:
        raise ImportFileError("文件解压后体积异常巨大（疑似压缩炸弹），已拒绝。")
    for e in entries:
        if e.file_size > RATIO_APPLIES_ABOVE and e.file_size > MAX_RATIO * max(e.compress_size, 1):
            raise ImportFileError("文件压缩比异常（疑似压缩炸弹），已拒绝。")
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise ImportFileError(
            "文件不是 Excel 工作簿（压缩包中没有工作表），请上传 .xlsx、.xls 或 .csv 文件。"
        )


# --- raw rows per format ---------------------------------------------------------------------
#
# Each opener returns a _Workbook: the rows of the one worksheet that is read, as a function
# ``rows(start, width)`` that yields the rows from 0-based row ``start`` on, each cut to
# ``width`` columns (``None``: as long as the row's last cell). Declared dimensions are never
# used: a 5 KB file may declare A1:XFD1048576.


@dataclass
class _Workbook:
    rows: Callable[[int, int | None], Iterator[Sequence]]
    merged: list[tuple[int, int, int, int]]
    close: Callable[[], None]
    sheet_name: str | None = None  # None for CSV
    hidden: list[str] = field(default_factory=list)  # hidden sheets skipped before it
    others: list[str] = field(default_factory=list)  # sheets after it, not read


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def _merged_ranges_refused() -> ImportFileError:
    return ImportFileError(
        f"表格中的合并单元格过多（超过 {MAX_MERGED_RANGES} 处），无法读取。"
        "请取消合并单元格（可先复制后“选择性粘贴 → 数值”）后重新上传。"
    )


def _xlsx_merged_ranges(ws) -> list[tuple[int, int, int, int]]:
    """Merged ranges (min_row, min_col, max_row, max_col; 0-based) read from the sheet XML.

    Read-only worksheets do not expose ``merged_cells``; ``<mergeCells>`` sits after the sheet
    data, so the XML is streamed once in chunks and matched with a regex.
    """
    ranges = set()
    tail = b""
    with ws._get_source() as src:
        while True:
            chunk = src.read(1 << 20)
            if not chunk:
                break
            buf = tail + chunk
            for m in _MERGE_REF.finditer(buf):
                ranges.add(
                    (
                        int(m.group(2)) - 1,
                        _column_index(m.group(1)),
                        int(m.group(4)) - 1,
                        _column_index(m.group(3)),
                    )
                )
            # A match straddling the boundary is found again in the next buffer (a set).
            if len(ranges) > MAX_MERGED_RANGES:
                raise _merged_ranges_refused()
            tail = buf[-200:]
    return sorted(ranges)


def _xlsx_rows(data: bytes) -> _Workbook:
    import openpyxl  # noqa: PLC0415 - lazy: heavy import, only needed for uploads

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any parser failure is a broken file for the user
        raise _broken(exc) from exc
    try:
        names = [ws.title for ws in wb.worksheets]
        visible = [i for i, ws in enumerate(wb.worksheets) if ws.sheet_state == "visible"]
        if not visible:
            raise ImportFileError("工作簿中没有可见的工作表，请取消隐藏要导入的工作表后重新上传。")
        ws = wb.worksheets[visible[0]]
        ws.reset_dimensions()  # never trust the declared <dimension>
        merged = _xlsx_merged_ranges(ws)
    except ImportFileError:
        wb.close()
        raise
    except Exception as exc:  # noqa: BLE001
        wb.close()
        raise _broken(exc) from exc

    def rows(start: int, width: int | None) -> Iterator[Sequence]:
        try:
            yield from ws.iter_rows(min_row=start + 1, max_col=width, values_only=True)
        except Exception as exc:  # noqa: BLE001
            raise _broken(exc) from exc

    return _Workbook(
        rows=rows,
        merged=merged,
        close=wb.close,
        sheet_name=ws.title,
        hidden=names[: visible[0]],
        others=names[visible[0] + 1 :],
    )


def _broken(exc: Exception) -> ImportFileError:
    chain, seen = [], set()
    node: BaseException | None = exc
    while node is not None and id(node) not in seen:  # openpyxl wraps the parser's exception
        seen.add(id(node))
        chain.append(f"{type(node).__module__}.{type(node).__name__}: {node}")
        node = node.__cause__ or node.__context__
    text = " | ".join(chain)
    if "defusedxml" in text or "Entit" in text or "DTD" in text:
        return ImportFileError("文件含有不安全的 XML 内容（实体定义，疑似 XML 攻击），已拒绝。")
    return ImportFileError("文件已损坏或格式不正确，无法读取，请用 Excel 或 WPS 重新保存后上传。")


def _xls_rows(data: bytes) -> _Workbook:
    import xlrd  # noqa: PLC0415 - lazy: only needed for .xls uploads

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
        names = book.sheet_names()
        index = next(
            (i for i in range(book.nsheets) if book.sheet_by_index(i).visibility == 0), None
        )
        if index is None:
            raise ImportFileError("工作簿中没有可见的工作表，请取消隐藏要导入的工作表后重新上传。")
        sheet = book.sheet_by_index(index)
    except ImportFileError:
        raise
    except xlrd.biffh.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise ImportFileError(
                "工作簿设置了打开密码（已加密），无法读取，请取消密码后重新上传。"
            ) from exc
        raise _broken(exc) from exc
    except Exception as exc:  # noqa: BLE001
        raise _broken(exc) from exc
    if len(sheet.merged_cells) > MAX_MERGED_RANGES:
        raise _merged_ranges_refused()
    merged = sorted((r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells)

    def value(cell):
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
            except Exception:  # noqa: BLE001
                return cell.value
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return bool(cell.value)
        if cell.ctype == xlrd.XL_CELL_ERROR:
            return None
        return cell.value

    def rows(start: int, width: int | None) -> Iterator[Sequence]:
        for r in range(start, sheet.nrows):
            yield [value(c) for c in sheet.row_slice(r, 0, width)]

    return _Workbook(
        rows=rows,
        merged=merged,
        close=book.release_resources,
        sheet_name=sheet.name,
        hidden=names[:index],
        others=names[index + 1 :],
    )


def decode_text(data: bytes) -> str:
    """The text of a CSV: UTF-16 with a BOM (Excel's "Unicode text"), UTF-8 or GB18030."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
        if text is not None and "\x00" not in text:
            return text
        raise ImportFileError(
            "文件内容不是 Excel 或 CSV 表格（可能是改了扩展名的其他文件），"
            f"请上传 {ACCEPTED_LABEL} 文件。"
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        "无法识别 CSV 文件的文字编码（支持 UTF-8、UTF-16 与 GBK/GB18030），"
        "请另存为 UTF-8 后重新上传。"
    )


def _csv_rows(data: bytes) -> _Workbook:
    text = decode_text(data)
    sample = text[:4096]
    delimiter = max([",", "\t", ";"], key=sample.count) if sample else ","

    def rows(start: int, width: int | None) -> Iterator[Sequence]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for row in itertools.islice(reader, start, None):
                yield row[:width] if width is not None else row
        except csv.Error as exc:
            raise ImportFileError("CSV 文件格式不正确（引号不配对等），无法读取。") from exc

    return _Workbook(rows=rows, merged=[], close=lambda: None)


# --- cleaning --------------------------------------------------------------------------------


def clean_value(value, *, multiline: bool = False):
    """Normalise one cell: strings half-width with spaces collapsed and invisible format
    characters removed; whole floats as ints."""
    if value is None:
        return None
    if isinstance(value, str):
        text = to_halfwidth(value)
        if text.isprintable() and "  " not in text:  # fast path, see core.text
            return text.strip() or None
        text = strip_format_chars(text)
        if multiline:
            text = "\n".join(_SPACES.sub(" ", line).strip() for line in _LINE_BREAKS.split(text))
            text = text.strip()
        else:
            text = _ANY_SPACE.sub(" ", text).strip()
        return text or None
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date()
        return value
    return value


def _is_blank(values: Iterable) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


class _MergedCells:
    """Fills merged cells with their top-left value, row by row, without expanding the ranges.

    Only the cells of rows actually read and within the used width are filled (the ranges are
    clipped to the used area), and every filled cell counts towards ``limit``: 500 ranges of
    99,999 cells each in a 7.5 KB file cannot make the server fill 50 million cells.
    """

    def __init__(self, ranges: list[tuple[int, int, int, int]], limit: int):
        self.pending = ranges  # sorted by first row
        self.next = 0
        self.active: list[tuple[int, int, int, int]] = []
        self.anchors: dict[tuple[int, int], object] = {}
        self.filled = 0
        self.limit = limit

    def clip_width(self, width: int) -> None:
        """Forget the ranges that start right of the last column read."""
        self.pending = self.pending[: self.next] + [
            r for r in self.pending[self.next :] if r[1] < width
        ]
        self.active = [r for r in self.active if r[1] < width]

    def fill(self, r: int, row: list) -> None:
        while self.next < len(self.pending) and self.pending[self.next][0] <= r:
            self.active.append(self.pending[self.next])
            self.next += 1
        if not self.active:
            return
        self.active = [m for m in self.active if m[2] >= r]
        width = len(row)
        for r0, c0, _r1, c1 in self.active:
            if c0 >= width:
                continue
            end = min(c1, width - 1)
            if r == r0:
                self.anchors[(r0, c0)] = row[c0]
            self.filled += end - c0 + (0 if r == r0 else 1)
            if self.filled > self.limit:
                raise ImportFileError(
                    f"表格中合并单元格覆盖的单元格过多（超过 {self.limit} 个），无法读取。"
                    "请取消合并单元格（可先复制后“选择性粘贴 → 数值”）后重新上传。"
                )
            value = self.anchors.get((r0, c0))
            for c in range(c0, end + 1):
                if (r != r0 or c != c0) and (row[c] is None or row[c] == ""):
                    row[c] = value


def read_sheet(
    data: bytes,
    filename: str,
    columns: list[Column],
    *,
    progress: Callable[[int], None] | None = None,
) -> Sheet:
    """Read the first visible worksheet into a :class:`Sheet` with the given columns."""
    kind = sniff(data, filename)
    opener = {"xlsx": _xlsx_rows, "xls": _xls_rows, "csv": _csv_rows}[kind]
    book = opener(data)
    try:
        return _build(book, columns, kind, progress)
    finally:
        book.close()


def _find_header(book: _Workbook, columns: list[Column], merged: _MergedCells):
    """The header among the first rows: (0-based row, {label: column index}, width, the
    header cells no column matched)."""
    by_key = {}
    for col in columns:
        for key in col.keys:
            by_key.setdefault(key, col)
    required = [c.label for c in columns if c.required]
    source = book.rows(0, None)
    try:
        top = [list(row) for row in itertools.islice(source, HEADER_SEARCH_ROWS)]
    finally:
        source.close()
    used = max((len(row) for row in top), default=0)
    for r, row in enumerate(top):
        row.extend([None] * (used - len(row)))
        merged.fill(r, row)
        found: dict[str, int] = {}
        for c, v in enumerate(row):
            col = by_key.get(_header_key(v)) if v is not None else None
            if col is not None and col.label not in found:
                found[col.label] = c
        if (
            found
            and all(label in found for label in required)
            and len(found) >= min(2, len(columns))
        ):
            width = max(c for c, v in enumerate(row) if not _is_blank([v])) + 1
            used_columns = set(found.values())
            ignored = [
                shorten(str(v).strip())
                for c, v in enumerate(row)
                if c not in used_columns and not _is_blank([v])
            ]
            return r, found, width, ignored
    raise ImportFileError(_no_header_message(book, columns))


def _no_header_message(book: _Workbook, columns: list[Column]) -> str:
    wanted = "、".join(c.label for c in columns if c.required)
    where = f"工作表「{shorten(book.sheet_name)}」" if book.sheet_name is not None else "表格"
    message = f"找不到表头行：{where}的前 {HEADER_SEARCH_ROWS} 行中没有一行列名包含「{wanted}」。"
    if book.hidden:
        message += f"已跳过隐藏的工作表{_sheet_list(book.hidden)}。"
    if book.others:
        message += (
            f"只读取第一个可见的工作表，未读取{_sheet_list(book.others)}；"
            "请把要导入的数据放在第一个可见的工作表中。"
        )
    return message


def _sheet_list(names: list[str], limit: int = 10) -> str:
    text = "、".join(f"「{shorten(n)}」" for n in names[:limit])
    return text + (f" 等 {len(names)} 个" if len(names) > limit else "")


def _build(book: _Workbook, columns: list[Column], kind: str, progress) -> Sheet:
    limit = max_rows()
    empty_run_limit = max_empty_rows()
    merged = _MergedCells(book.merged, max_merged_cells())
    header, header_index, width, ignored = _find_header(book, columns, merged)
    merged.clip_width(width)

    dataset = tablib.Dataset(headers=[c.label for c in columns])
    numbers: list[int] = []
    problems: list[CellProblem] = []
    notes: list[str] = []
    plan = [(header_index.get(col.label), col.multiline, col.label) for col in columns]
    # One cleaned copy per distinct long text: 99,000 cells sharing one 32,767-character
    # string must not become 99,000 cleaned copies of it.
    cleaned_long: dict[str, object] = {}
    seen_rows = 0
    empty_run = 0

    for r, raw in enumerate(book.rows(header + 1, width), start=header + 1):
        if _is_blank(raw):
            empty_run += 1
            if empty_run >= empty_run_limit:
                notes.append(
                    f"第 {r - empty_run + 2} 行起连续 {empty_run} 行为空，已停止读取其后的内容；"
                    "如果其后还有数据，请删除中间的空行后重新导入。"
                )
                break
            continue
        empty_run = 0
        row = list(raw)
        row.extend([None] * (width - len(row)))
        merged.fill(r, row)
        seen_rows += 1
        if seen_rows > limit:
            raise ImportFileError(f"数据超过 {limit} 行的上限，请拆分后分批导入。")
        values = []
        for c, multiline, label in plan:
            v = row[c] if c is not None else None
            if v is not None:
                if isinstance(v, str) and len(v) > LONG_TEXT:
                    key = v
                    v = cleaned_long.get(key, _MISSING)
                    if v is _MISSING:
                        v = clean_value(key, multiline=multiline)
                        if len(cleaned_long) < 10_000:
                            cleaned_long[key] = v
                else:
                    v = clean_value(v, multiline=multiline)
                if isinstance(v, str) and v.startswith("="):
                    record_problem(
                        problems,
                        CellProblem(
                            r + 1,
                            label,
                            f"单元格是公式（{shorten(v, 30)}），不接受公式，请粘贴为数值后再导入。",
                        ),
                    )
                    v = None
            values.append(v)
        if _is_blank(values):
            continue
        dataset.append(values)
        numbers.append(r + 1)
        if progress and seen_rows % 2000 == 0:
            progress(seen_rows)

    if not numbers:
        raise ImportFileError("".join(["表格只有表头，没有任何数据行。", *notes]))
    return Sheet(
        dataset=dataset,
        row_numbers=numbers,
        header_row=header + 1,
        kind=kind,
        problems=problems,
        present=set(header_index),
        ignored=ignored,
        notes=notes,
    )


# --- the size estimate -------------------------------------------------------------------------

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')
_ROW_NUMBER = re.compile(rb'<row\s[^>]*?\br="(\d+)"')
# Reading a sheet XML to count its rows is cheap up to this size (a 5,000-row sheet is ~3 MB).
ESTIMATE_SCAN_BYTES = 32 * 1024 * 1024
# What estimate_rows answers when the row count cannot be known cheaply: "treat as large".
ROWS_UNKNOWN = 10**9


def estimate_rows(data: bytes, filename: str) -> int:
    """A cheap upper bound of the rows a read may go through, to choose between an inline
    preview and a background job; :data:`ROWS_UNKNOWN` when it cannot be known cheaply.

    For .xlsx nothing the file declares is trusted to be small: the estimate is the largest of
    each worksheet's declared ``<dimension>``, its number of ``<row>`` elements and the number
    of its last row; a worksheet whose XML is over :data:`ESTIMATE_SCAN_BYTES` is not counted
    (``ROWS_UNKNOWN``).
    """
    kind = sniff(data, filename)
    if kind == "csv":
        return data.count(b"\n")
    if kind == "xls":
        return len(data) // 60
    best = 0
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            if info.file_size > ESTIMATE_SCAN_BYTES:
                return ROWS_UNKNOWN
            best = max(best, _count_rows(archive, info))
    except Exception as exc:  # noqa: BLE001
        raise _broken(exc) from exc
    return best


def _count_rows(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    with archive.open(info) as src:
        head = src.read(4096)
        m = _DIMENSION.search(head)
        declared = int(m.group(1) or 1) if m else 0
        count, last, tail, chunk = 0, 0, b"", head
        while chunk:
            buf = tail + chunk
            count += buf.count(b"<row") - tail.count(b"<row")
            m = _ROW_NUMBER.match(buf, max(buf.rfind(b"<row "), 0))
            if m:  # the last row tag of the buffer (a cut one is found whole in the next)
                last = max(last, int(m.group(1)))
            tail = buf[-512:]
            chunk = src.read(1 << 20)
        return max(declared, count, last)

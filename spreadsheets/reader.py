"""Turn an uploaded .xlsx / .xls / .csv into clean rows, the way bureaus really write them.

django-import-export reads the first row as the header and trusts the extension; bureau sheets
have title rows merged across the top, blank rows, merged cells down a column, full-width digits
and GB18030 CSV. This module does the reading once, for the web flow, the commands and the admin:

1. the real type is sniffed from the first bytes (the extension only has to be one we accept);
2. an .xlsx is checked as a zip *before* it is opened (entry count, total uncompressed size,
   compression ratio, encrypted entries, macros), an OLE file is checked for ``EncryptedPackage``
   (a password-protected workbook);
3. openpyxl reads in read-only mode (flat memory); defusedxml is installed, so openpyxl refuses
   entity-expansion attacks; merged ranges are read from the sheet XML and filled in;
4. the header row is found by its labels (with synonyms), anywhere in the first rows;
5. every cell is normalised (full-width → half-width, spaces collapsed; line breaks kept in the
   columns that need them) and a cell still starting with ``=`` is reported as a formula.

Every refusal is an :class:`ImportFileError` with a Chinese message for the user.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import tablib
from django.conf import settings

from core.text import to_halfwidth

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ACCEPTED_EXTENSIONS = (".xlsx", ".xls", ".csv")
HEADER_SEARCH_ROWS = 30

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
class CellProblem:
    row: int
    column: str
    message: str


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

    def records(self) -> Iterator[tuple[int, dict]]:
        headers = self.dataset.headers
        for number, values in zip(self.row_numbers, self.dataset, strict=True):
            yield number, dict(zip(headers, values, strict=True))

    def __len__(self) -> int:
        return len(self.row_numbers)


def _header_key(text) -> str:
    text = to_halfwidth(str(text or ""))
    text = re.sub(r"[\s*＊:：()（）\[\]【】]", "", text)
    return re.sub(r"(必填|选填)$", "", text)


# --- sniffing and container checks ---------------------------------------------------------


def sniff(data: bytes, filename: str) -> str:
    """Return 'xlsx', 'xls' or 'csv' from the content; refuse anything else."""
    name = (filename or "").lower()
    if name.endswith((".xlsm", ".xltm", ".xlam")):
        raise ImportFileError("不接受含宏的工作簿（.xlsm），请另存为 .xlsx 后重新上传。")
    if not name.endswith(ACCEPTED_EXTENSIONS):
        raise ImportFileError("只能导入 .xlsx、.xls 或 .csv 文件。")
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
    if b"\x00" in head or not _looks_like_text(head):
        raise ImportFileError(
            "文件内容不是 Excel 或 CSV 表格（可能是改了扩展名的其他文件），"
            "请上传 .xlsx、.xls 或 .csv 文件。"
        )
    if not name.endswith(".csv"):
        raise ImportFileError(
            f"文件扩展名是 {name[name.rfind('.') :]}，但内容是纯文本而不是 Excel 工作簿，"
            "请用 Excel 或 WPS 另存为 .xlsx 后重新上传。"
        )
    return "csv"


def _looks_like_text(head: bytes) -> bool:
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


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def _xlsx_merged_ranges(ws) -> list[tuple[int, int, int, int]]:
    """Merged ranges (min_row, min_col, max_row, max_col; 0-based) read from the sheet XML.

    Read-only worksheets do not expose ``merged_cells``; ``<mergeCells>`` sits after the sheet
    data, so the XML is streamed once in chunks and matched with a regex.
    """
    ranges = []
    tail = b""
    with ws._get_source() as src:
        while True:
            chunk = src.read(1 << 20)
            if not chunk:
                break
            buf = tail + chunk
            for m in _MERGE_REF.finditer(buf):
                ranges.append(
                    (
                        int(m.group(2)) - 1,
                        _column_index(m.group(1)),
                        int(m.group(4)) - 1,
                        _column_index(m.group(3)),
                    )
                )
            tail = buf[-200:]
            # A match straddling the boundary is found again in the next buffer; drop dupes.
    return sorted(set(ranges))


def _xlsx_rows(data: bytes) -> tuple[Iterator[list], list[tuple[int, int, int, int]], Callable]:
    import openpyxl  # lazy: heavy import, only needed for uploads

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        ws = wb.worksheets[0]
        merged = _xlsx_merged_ranges(ws)
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure is a broken file for the user
        raise _broken(exc) from exc

    def rows() -> Iterator[list]:
        try:
            for row in ws.iter_rows(values_only=True):
                yield list(row)
        except Exception as exc:  # noqa: BLE001
            raise _broken(exc) from exc

    return rows(), merged, wb.close


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


def _xls_rows(data: bytes) -> tuple[Iterator[list], list[tuple[int, int, int, int]], Callable]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
        sheet = book.sheet_by_index(0)
    except xlrd.biffh.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise ImportFileError(
                "工作簿设置了打开密码（已加密），无法读取，请取消密码后重新上传。"
            ) from exc
        raise _broken(exc) from exc
    except Exception as exc:  # noqa: BLE001
        raise _broken(exc) from exc
    merged = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]

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

    def rows() -> Iterator[list]:
        for r in range(sheet.nrows):
            yield [value(c) for c in sheet.row(r)]

    return rows(), merged, book.release_resources


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        "无法识别 CSV 文件的文字编码（支持 UTF-8 与 GBK/GB18030），请另存为 UTF-8 后重新上传。"
    )


def _csv_rows(data: bytes) -> tuple[Iterator[list], list, Callable]:
    text = decode_text(data)
    sample = text[:4096]
    delimiter = max([",", "\t", ";"], key=sample.count) if sample else ","
    try:
        rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise ImportFileError("CSV 文件格式不正确（引号不配对等），无法读取。") from exc
    return iter(rows), [], lambda: None


# --- cleaning --------------------------------------------------------------------------------


def clean_value(value, *, multiline: bool = False):
    """Normalise one cell: strings half-width with spaces collapsed; whole floats as ints."""
    if value is None:
        return None
    if isinstance(value, str):
        text = to_halfwidth(value)
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


def read_sheet(
    data: bytes,
    filename: str,
    columns: list[Column],
    *,
    progress: Callable[[int], None] | None = None,
) -> Sheet:
    """Read the first worksheet into a :class:`Sheet` with the given columns."""
    kind = sniff(data, filename)
    opener = {"xlsx": _xlsx_rows, "xls": _xls_rows, "csv": _csv_rows}[kind]
    raw_rows, merged, close = opener(data)
    try:
        return _build(raw_rows, merged, columns, kind, progress)
    finally:
        close()


def _build(raw_rows: Iterator[list], merged, columns: list[Column], kind: str, progress) -> Sheet:
    limit = max_rows()
    # Merged ranges: value of the top-left cell, applied to every cell of the range.
    fill: dict[tuple[int, int], tuple[int, int]] = {}
    for r0, c0, r1, c1 in merged:
        if (r1 - r0 + 1) * (c1 - c0 + 1) > 100_000:
            continue  # absurd range: ignore rather than blow up memory
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    fill[(r, c)] = (r0, c0)
    anchors = {v for v in fill.values()}
    anchor_values: dict[tuple[int, int], object] = {}

    header_index: dict[str, int] | None = None
    header_row = 0
    dataset = tablib.Dataset(headers=[c.label for c in columns])
    numbers: list[int] = []
    problems: list[CellProblem] = []
    present: set[str] = set()
    ignored: list[str] = []
    by_key = {}
    for col in columns:
        for key in col.keys:
            by_key.setdefault(key, col)
    seen_rows = 0
    plan = None

    for r, row in enumerate(raw_rows):
        if anchors or fill:
            for c, v in enumerate(row):
                if (r, c) in anchors:
                    anchor_values[(r, c)] = v
            for c in range(len(row)):
                src = fill.get((r, c))
                if src is not None and (row[c] is None or row[c] == ""):
                    row[c] = anchor_values.get(src)
        if header_index is None:
            if r >= HEADER_SEARCH_ROWS:
                break
            found: dict[str, int] = {}
            for c, v in enumerate(row):
                col = by_key.get(_header_key(v)) if v is not None else None
                if col is not None and col.label not in found:
                    found[col.label] = c
            required = [c.label for c in columns if c.required]
            if (
                found
                and all(label in found for label in required)
                and len(found) >= min(2, len(columns))
            ):
                header_index = found
                header_row = r + 1
                present = set(found)
                used = set(found.values())
                ignored = [
                    str(v).strip()
                    for c, v in enumerate(row)
                    if c not in used and not _is_blank([v])
                ]
            continue
        if _is_blank(row):
            continue
        seen_rows += 1
        if seen_rows > limit:
            raise ImportFileError(f"数据超过 {limit} 行的上限，请拆分后分批导入。")
        if plan is None:
            plan = [(header_index.get(col.label), col.multiline, col.label) for col in columns]
        values = []
        width = len(row)
        for c, multiline, label in plan:
            v = row[c] if c is not None and c < width else None
            if v is not None:
                v = clean_value(v, multiline=multiline)
                if isinstance(v, str) and v.startswith("="):
                    problems.append(
                        CellProblem(
                            r + 1,
                            label,
                            f"单元格是公式（{v[:30]}），不接受公式，请粘贴为数值后再导入。",
                        )
                    )
                    v = None
            values.append(v)
        if _is_blank(values):
            continue
        dataset.append(values)
        numbers.append(r + 1)
        if progress and seen_rows % 2000 == 0:
            progress(seen_rows)

    if header_index is None:
        wanted = "、".join(c.label for c in columns if c.required)
        raise ImportFileError(
            f"找不到表头行：请确认表格前 {HEADER_SEARCH_ROWS} 行中有一行列名包含「{wanted}」。"
        )
    if not numbers:
        raise ImportFileError("表格只有表头，没有任何数据行。")
    return Sheet(
        dataset=dataset,
        row_numbers=numbers,
        header_row=header_row,
        kind=kind,
        problems=problems,
        present=present,
        ignored=ignored,
    )


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')


def estimate_rows(data: bytes, filename: str) -> int:
    """A cheap row count to decide between an inline preview and a background job.

    For .xlsx the worksheets' ``<dimension>`` is read from the first bytes of each sheet XML;
    a sheet without one (files written by scripts) has its ``<row`` tags counted while streaming.
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
            with archive.open(info) as src:
                head = src.read(4096)
                m = _DIMENSION.search(head)
                if m:
                    best = max(best, int(m.group(1) or 1))
                    continue
                count, tail = head.count(b"<row"), head[-8:]
                while chunk := src.read(1 << 20):
                    count += (tail + chunk).count(b"<row") - tail.count(b"<row")
                    tail = chunk[-8:]
                best = max(best, count)
    except Exception as exc:  # noqa: BLE001
        raise _broken(exc) from exc
    return best

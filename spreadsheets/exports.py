"""List exports (.xlsx / .csv), generated from the entity's column declaration.

A domain app registers an :class:`ExportSpec` per list (``spreadsheets.registry``): its title,
its :class:`~spreadsheets.columns.ColumnSet` (the same declaration as the import template and
the reader) and the selector giving the user's rows (the list page's own selector), so an
export never shows a row the user's list page would not.

Big exports keep memory flat: rows come from ``values_list(...).iterator(chunk_size=2000)`` as
tuples, go through one converter per column (choice labels, 是/否, formula escaping) and are
written by ``xlsx_writer`` (XlsxWriter in constant_memory mode; see there for why) or by
``csv`` in batches for a streaming response.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import quote

from django.db.models import QuerySet

from .columns import ColumnSet, SheetColumn
from .escape import escape_formula
from .xlsx_writer import write_sheet

CHUNK_SIZE = 2000
CSV_BATCH_ROWS = 1000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")


def converter(column: SheetColumn) -> Callable[[Any], Any]:
    """Stored value → exported cell: the column's cell form, escaped against formulas."""
    if column.to_cell is None:
        return escape_formula
    to_cell = column.to_cell
    return lambda value: escape_formula(to_cell(value))


@dataclass(frozen=True)
class ExportSpec:
    """A list page's export: file title, sheet name, columns and the selector giving rows."""

    name: str
    title: str
    columns: ColumnSet
    selector: Callable[..., QuerySet]

    @property
    def exported(self) -> tuple[SheetColumn, ...]:
        return self.columns.exported

    def queryset(self, *, user, params) -> QuerySet:
        return self.selector(user=user, params=params)

    def filename(self, fmt: str, today: datetime.date) -> str:
        return f"{self.title}-{today:%Y%m%d}.{fmt}"

    def ascii_filename(self, fmt: str, today: datetime.date) -> str:
        return f"{self.name}-{today:%Y%m%d}.{fmt}"


# --- rows --------------------------------------------------------------------------------


def iter_rows(columns: Iterable[SheetColumn], queryset: QuerySet) -> Iterator[list]:
    """Converted rows, one query streamed in chunks; never a model instance."""
    columns = tuple(columns)
    converters = [converter(column) for column in columns]
    fields = [column.export_path for column in columns]
    for raw in queryset.values_list(*fields).iterator(chunk_size=CHUNK_SIZE):
        yield [convert(value) for convert, value in zip(converters, raw, strict=True)]


# --- xlsx --------------------------------------------------------------------------------


def write_xlsx(
    *,
    columns: Iterable[SheetColumn],
    rows: Iterable[list],
    target: IO[bytes] | str,
    sheet_title: str,
) -> int:
    """Write a one-sheet workbook, streamed by ``xlsx_writer``; returns the number of data rows."""
    columns = tuple(columns)
    return write_sheet(
        target=target,
        sheet_title=sheet_title,
        headers=[column.label for column in columns],
        widths=[column.width for column in columns],
        rows=rows,
    )


def export_to_file(
    spec: ExportSpec, queryset: QuerySet, target: IO[bytes] | str, fmt: str = "xlsx"
) -> int:
    """The one builder behind the export view and ``bench_exports``; returns the row count."""
    rows = iter_rows(spec.exported, queryset)
    if fmt == "xlsx":
        return write_xlsx(columns=spec.exported, rows=rows, target=target, sheet_title=spec.title)
    count = 0
    with open(target, "wb") if isinstance(target, str) else nullcontext(target) as out:
        for chunk, n in _csv_chunks(spec.exported, rows):
            out.write(chunk)
            count += n
    return count


# --- csv ---------------------------------------------------------------------------------


def _csv_chunks(
    columns: tuple[SheetColumn, ...], rows: Iterable[list]
) -> Iterator[tuple[bytes, int]]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.label for column in columns])
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8"), 0
    buffer.seek(0)
    buffer.truncate()
    pending = 0
    for row in rows:
        writer.writerow(row)
        pending += 1
        if pending == CSV_BATCH_ROWS:
            yield buffer.getvalue().encode("utf-8"), pending
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue().encode("utf-8"), pending


def iter_csv(spec: ExportSpec, queryset: QuerySet) -> Iterator[bytes]:
    """UTF-8 with BOM (so Excel opens it right), dates as YYYY-MM-DD; for a streaming response."""
    for chunk, _ in _csv_chunks(spec.exported, iter_rows(spec.exported, queryset)):
        yield chunk


def attachment_header(filename: str, fallback: str) -> str:
    """Content-Disposition with an ASCII fallback and the Chinese name per RFC 5987."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"

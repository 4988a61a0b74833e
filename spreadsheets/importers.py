"""Import services: ``import_preview`` (writes nothing) and ``import_apply`` (all or nothing).

The engine reads and cleans the file (``reader``) with the columns the kind declares, then
hands the clean sheet to the kind's :class:`~spreadsheets.registry.Importer` (registered by a
domain app, e.g. ``schools.sheets``). The importer plans every row into the :class:`Report`
(created, updated or unchanged, and every problem: sheet row, column label, Chinese message);
``import_apply`` plans again against the database as it is now and, only when no row has a
problem, lets it write the plan in one transaction. A column of the file that no import column
matches is named in the report ("未识别的列：… 已忽略"), never dropped silently.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from . import registry
from .problems import extend_problems
from .reader import ImportFileError, Sheet, read_sheet
from .report import Progress, Report, no_progress


def load_sheet(
    kind: str, data: bytes, filename: str, report: Report, progress: Progress | None = None
) -> Sheet | None:
    """Read and clean the file (no database access); problems go to ``report``."""
    progress = progress or no_progress
    importer = _importer(kind)
    progress(1, "正在读取文件")
    try:
        sheet = read_sheet(
            data,
            filename,
            importer.columns.reader_columns(),
            progress=lambda n: progress(min(35, 2 + n // 2000), f"已读取 {n} 行"),
        )
    except ImportFileError as exc:
        report.problem(None, "文件", exc.message)
        return None
    report.rows = len(sheet)
    report.ignore_columns(sheet.ignored)
    extend_problems(report.problems, sheet.problems)
    report.notes.extend(sheet.notes)
    return sheet


def _importer(kind: str) -> registry.Importer:
    found = registry.importer(kind)
    if found is None:  # pragma: no cover - kinds come from the registry
        raise ValueError(f"unknown import kind {kind!r}")
    return found


def _run(kind, sheet, report, district, actor, progress, write: bool) -> Report:
    progress(40, "正在检查数据")
    _importer(kind).run(
        sheet, report=report, district=district, actor=actor, progress=progress, write=write
    )
    return report


def import_preview(
    *, kind: str, data: bytes, filename: str, district, progress: Progress | None = None
) -> Report:
    """What the file would do; writes nothing."""
    progress = progress or no_progress
    report = Report(kind=kind)
    sheet = load_sheet(kind, data, filename, report, progress)
    if sheet is not None:
        _run(kind, sheet, report, district, None, progress, write=False)
    progress(100, "检查完成")
    return report


class _Rollback(Exception):
    pass


def import_apply(
    *,
    kind: str,
    data: bytes,
    filename: str,
    district,
    actor=None,
    progress: Progress | None = None,
    dry_run: bool = False,
) -> Report:
    """Validate again and write everything in one transaction, or nothing when any row fails."""
    progress = progress or no_progress
    report = Report(kind=kind)
    # Reading happens outside the transaction (it is the slow part and writes nothing), so a
    # background job's progress stays visible to the page polling it.
    sheet = load_sheet(kind, data, filename, report, progress)
    if sheet is None:
        return report
    try:
        with transaction.atomic():
            _run(kind, sheet, report, district, actor, progress, write=True)
            if not report.ok or dry_run:
                raise _Rollback
    except _Rollback:
        return report
    except ValidationError as exc:
        report.problem(None, "数据", "；".join(exc.messages))
        report.written = False
        return report
    report.written = True
    progress(100, "导入完成")
    return report

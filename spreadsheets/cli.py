"""Shared body of the import commands (``import_schools``, ``import_teachers``,
``import_roster``): the same options, the same summary, the same exit status.

The engine knows no district model: the domain's command resolves ``--district`` /
``--district-name`` to the owner it passes to :func:`run`.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from . import registry
from .importers import import_apply
from .problems import count_problems
from .report import Report


def add_arguments(parser) -> None:
    parser.add_argument("file", help=".xlsx、.xls 或 .csv 文件")
    parser.add_argument("--district", required=True, help="教育局行政区划代码（6 位）")
    parser.add_argument("--district-name", help="教育局不存在时，用此名称新建")
    parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")


def run(command: BaseCommand, kind: str, options: dict, district) -> Report:
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(f"找不到文件：{path}")
    data = path.read_bytes()
    report = import_apply(
        kind=kind, data=data, filename=path.name, district=district, dry_run=options["dry_run"]
    )
    out = command.stdout
    out.write(f"{registry.importer(kind).label}：{path.name}（{report.rows} 行数据）")
    out.write(
        f"新建 {report.created}  更新 {report.updated}  未变 {report.unchanged}  "
        f"错误 {count_problems(report.problems)}"
    )
    for note in report.notes:
        out.write(note)
    for change in report.changes[:50]:
        out.write(f"  第 {change.row} 行 {change.action}：{change.label} {change.detail}".rstrip())
    for p in report.problems:
        where = f"第 {p.row} 行" if p.row else "文件"
        command.stderr.write(f"  {where}「{p.column}」：{p.message}")
    if report.problems:
        raise CommandError(f"有 {count_problems(report.problems)} 个错误，未写入任何数据。")
    if options["dry_run"]:
        out.write("试运行（--dry-run）：未写入任何数据。")
    else:
        out.write(command.style.SUCCESS("导入完成。"))
    return report

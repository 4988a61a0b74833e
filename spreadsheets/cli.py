"""Shared body of the import_* management commands."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schools.models import District

from .importers import KIND_LABELS, Report, import_apply
from .problems import count_problems


def add_arguments(parser) -> None:
    parser.add_argument("file", help=".xlsx、.xls 或 .csv 文件")
    parser.add_argument("--district", required=True, help="教育局行政区划代码（6 位）")
    parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")


def get_district(code: str, name: str | None = None) -> District:
    district = District.objects.filter(code=code).first()
    if district is not None:
        return district
    if not name:
        raise CommandError(f"教育局 {code} 不存在（如需新建，请同时给出 --district-name）。")
    district = District(code=code, name=name)
    try:
        district.full_clean()
    except Exception as exc:  # noqa: BLE001
        raise CommandError(f"无法新建教育局：{exc}") from exc
    return district


def run(command: BaseCommand, kind: str, options: dict, district: District) -> Report:
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(f"找不到文件：{path}")
    data = path.read_bytes()
    report = import_apply(
        kind=kind, data=data, filename=path.name, district=district, dry_run=options["dry_run"]
    )
    out = command.stdout
    out.write(f"{KIND_LABELS[kind]}：{path.name}（{report.rows} 行数据）")
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

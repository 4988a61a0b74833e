"""The restore drill: restore a backup into a fresh database and media folder and compare it,
table by table and file by file, with the backup's manifest.

    python manage.py restore_drill DIR [--keep] [--work /tmp]

Prints one line per table and per file; exits non-zero when anything differs. The scratch
database (PostgreSQL ``jgt_drill_<time>``, or a SQLite file) and folder are removed unless
``--keep``.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = "恢复演练：把备份恢复到新的数据库与文件目录，逐表、逐文件与清单比对。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", help="backup 命令写出的目录")
        parser.add_argument("--keep", action="store_true", help="保留恢复出的数据库与目录")
        parser.add_argument("--work", default=None, help="放恢复文件的目录（默认临时目录）")

    def handle(self, *args, folder: str, keep: bool, work: str | None, **options) -> None:
        source = Path(folder)
        manifest_path = source / backup.MANIFEST
        if not manifest_path.exists():
            raise CommandError(f"{source} 中没有 {backup.MANIFEST}，不是一个备份目录。")
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        work_dir = Path(work or tempfile.mkdtemp(prefix="jgt-drill-"))
        work_dir.mkdir(parents=True, exist_ok=True)
        try:
            result = backup.restore_and_compare(source, manifest, work=work_dir, keep=keep)
        except RuntimeError as error:
            raise CommandError(str(error)) from error

        self.stdout.write(f"备份：{source}（{manifest['created']}）→ 恢复到：{result['where']}")
        tables = backup.compare(manifest["tables"], result["tables"])
        media = backup.compare_media(manifest["media"], result["media"])
        width = max((len(line.name) for line in tables + media), default=10)
        self.stdout.write(f"{'表':<{width}}  {'备份（行数 校验值）':<24}  {'恢复后':<24}  结果")
        for line in tables:
            self.stdout.write(self._row(line, width))
        self.stdout.write(f"{'文件':<{width}}  {'备份（字节 校验值）':<24}  {'恢复后':<24}  结果")
        for line in media:
            self.stdout.write(self._row(line, width))
        bad = [line.name for line in tables + media if not line.ok]
        rows = sum(t["rows"] for t in manifest["tables"].values())
        summary = (
            f"{len(tables)} 张表（{rows} 行）、{len(media)} 个文件："
            f"{len(tables) + len(media) - len(bad)} 一致，{len(bad)} 不一致。"
        )
        if bad:
            raise CommandError(f"恢复演练失败：{summary} 不一致：{'、'.join(bad[:20])}")
        self.stdout.write(f"恢复演练通过：{summary}")

    @staticmethod
    def _row(line, width: int) -> str:
        mark = "一致" if line.ok else "不一致"
        return f"{line.name:<{width}}  {line.expected:<24}  {line.found:<24}  {mark}"

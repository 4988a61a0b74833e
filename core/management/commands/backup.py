"""Back up the database and the uploaded files, with a manifest to check a restore against.

    python manage.py backup --output DIR [--replace]

PostgreSQL: ``pg_dump`` custom format from a snapshot shared with the manifest's reads.
SQLite: the online backup API. Then a copy of MEDIA_ROOT and ``manifest.json`` (per table:
rows and a SHA-256 of its rows; per file: size and SHA-256). See ``core/backup.py`` and
``manage.py restore_drill``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = "备份数据库与上传文件，并写出清单（每张表的行数与校验值）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", required=True, help="备份目录（必须不存在或为空）")
        parser.add_argument("--replace", action="store_true", help="目录已存在时先删除")

    def handle(self, *args, output: str, replace: bool, **options) -> None:
        folder = Path(output)
        if folder.exists():
            if replace:
                shutil.rmtree(folder)
            elif any(folder.iterdir()):
                raise CommandError(f"备份目录 {folder} 已存在且不为空（可加 --replace）。")
            else:
                folder.rmdir()
        try:
            manifest = backup.backup(folder)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        (folder / backup.MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"已备份到 {folder}：{len(manifest['tables'])} 张表 {rows} 行，"
            f"{len(manifest['media'])} 个文件（{manifest['vendor']}）。"
        )

"""python manage.py export_roster --district CODE --output FILE.xlsx"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from communities.models import Community
from communities.sheets.roster_export import roster_rows, write_roster
from schools.models import District


class Command(BaseCommand):
    help = "按县里公布的格式导出教共体名单（序号、教共体名称、核心校、成员校、学段）。"

    def add_arguments(self, parser):
        parser.add_argument("--district", required=True, help="教育局的 6 位行政区划代码")
        parser.add_argument("--output", required=True, help="输出文件路径（.xlsx）")

    def handle(self, *args, district: str, output: str, **options):
        if not output.lower().endswith(".xlsx"):
            raise CommandError("输出文件（--output）须以 .xlsx 结尾。")
        found = District.objects.filter(code=district.strip()).first()
        if found is None:
            raise CommandError(f"没有行政区划代码为 {district} 的教育局（--district）。")
        rows = roster_rows(Community.objects.in_district(found))
        try:
            write_roster(district_name=found.name, rows=rows, target=output)
        except OSError as exc:
            raise CommandError(f"无法写入输出文件 {output}：{exc.strerror}") from exc
        self.stdout.write(f"已导出 {found.name} 的 {len(rows)} 个教共体到 {output}")

"""python manage.py year_end_reports --district CODE --school-year 2025-2026 --output DIR

Writes every community's year-end report (PDF) and the district's workbook (.xlsx) into DIR,
for the bureau's IT staff and for scheduling. Prints one line per file written.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment import reports, results
from core.school_year import SchoolYear
from schools.models import District


class Command(BaseCommand):
    help = "Write every community's year-end assessment report (PDF) and the district workbook into a folder."

    def add_arguments(self, parser):
        parser.add_argument("--district", required=True, help="行政区划代码（6 位）")
        parser.add_argument("--school-year", required=True, help="学年，如 2025-2026")
        parser.add_argument("--output", required=True, help="输出目录（不存在时创建）")

    def handle(self, *args, **options):
        district = District.objects.filter(code=options["district"]).first()
        if district is None:
            raise CommandError(f"没有行政区划代码为 {options['district']} 的教育局。")
        try:
            year = SchoolYear.parse(options["school_year"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        scheme = results.scheme_of(district, year)
        if scheme is None:
            raise CommandError(f"{district.name}没有 {year.label} 学年的考核方案。")
        output = Path(options["output"])
        output.mkdir(parents=True, exist_ok=True)
        district_result = results.results_of(scheme)
        built = reports.community_reports(scheme, district=district_result)
        for report in built:
            path = output / report.file_name
            path.write_bytes(reports.report_pdf(report))
            self.stdout.write(str(path))
        path = output / reports.workbook_file_name(scheme)
        path.write_bytes(reports.workbook_bytes(reports.district_sheets(district_result)))
        self.stdout.write(str(path))
        self.stdout.write(
            self.style.SUCCESS(f"已写入 {len(built)} 份教共体报告和 1 份全县工作簿：{output}")
        )

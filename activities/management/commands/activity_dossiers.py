"""Write one dossier PDF per activity of a district and school year (for binding at year end).

    python manage.py activity_dossiers --district 330100 --school-year 2025-2026 --output DIR

Only held activities (已开展) not sent back are written; ``--all`` includes the others. File
names are the activities' display names (date + theme), made safe for a file system.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from activities.dossier import file_name, render_dossier
from activities.models import Activity
from core.school_year import SchoolYear
from schools.models import District


class Command(BaseCommand):
    help = "按教育局和学年批量生成联合活动档案 PDF（每个活动一份）。"

    def add_arguments(self, parser):
        parser.add_argument("--district", required=True, help="教育局代码")
        parser.add_argument("--school-year", required=True, help="学年，如 2025-2026")
        parser.add_argument("--output", required=True, help="输出目录")
        parser.add_argument("--all", action="store_true", help="包括计划、取消和退回的活动")

    def handle(self, *args, **options):
        try:
            district = District.objects.get(code=options["district"])
        except District.DoesNotExist:
            raise CommandError(f"没有代码为 {options['district']} 的教育局。") from None
        try:
            year = SchoolYear.parse(options["school_year"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        out = Path(options["output"])
        out.mkdir(parents=True, exist_ok=True)
        activities = Activity.objects.filter(district=district, school_year=year.start)
        if not options["all"]:
            activities = activities.counting()
        activities = activities.select_related("kind", "community", "host_school").order_by(
            "start_date", "id"
        )
        written = 0
        used: set[str] = set()
        for activity in activities.iterator(chunk_size=200):
            name = file_name(activity)
            if name in used:
                name = f"{name}_{activity.pk}"
            used.add(name)
            (out / f"{name}.pdf").write_bytes(render_dossier(activity))
            written += 1
        self.stdout.write(f"已生成 {written} 份活动档案：{out}")

"""python manage.py balance_report --district CODE [--school-year 2025-2026] [--what-if]
[--format csv|json]

Prints the national balance figures (DOMAIN.md rule 20) of a district: one row per school
part and the coefficients of variation per stage (CSV, the default), or JSON rounded to three
decimals. With ``--what-if``, JSON prints {"before": …, "after": …}; CSV prints the two tables
one after the other, each under a title line.
"""

from __future__ import annotations

import csv
import json

from django.core.management.base import BaseCommand, CommandError

from balance import figures
from core.school_year import SchoolYear
from schools.models import District


class Command(BaseCommand):
    help = "Print the national balance figures of a district (rule 20), optionally before and after the school year's exchanges."

    def add_arguments(self, parser):
        parser.add_argument("--district", required=True, help="行政区划代码（6 位）")
        parser.add_argument("--school-year", default="", help="学年，如 2025-2026（默认当前学年）")
        parser.add_argument("--what-if", action="store_true", help="按本学年的交流计划比较前后")
        parser.add_argument("--format", choices=("csv", "json"), default="csv")

    def handle(self, *args, **options):
        district = District.objects.filter(code=options["district"]).first()
        if district is None:
            raise CommandError(f"没有行政区划代码为 {options['district']} 的教育局。")
        try:
            year = (
                SchoolYear.parse(options["school_year"])
                if options["school_year"]
                else SchoolYear.current()
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        before = figures.compute(district)
        after = (
            figures.compute(district, moves=figures.what_if_moves(district, year))
            if options["what_if"]
            else None
        )
        if options["format"] == "json":
            data = (
                {"before": figures.as_dict(before), "after": figures.as_dict(after)}
                if after is not None
                else figures.as_dict(before)
            )
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        writer = csv.writer(self.stdout, lineterminator="\n")
        if after is None:
            writer.writerows(figures.csv_rows(before))
            return
        writer.writerow([f"交流前（{year.label} 学年）"])
        writer.writerows(figures.csv_rows(before))
        writer.writerow([])
        writer.writerow([f"交流后（{year.label} 学年，计划覆盖两个学期的交流）"])
        writer.writerows(figures.csv_rows(after))

"""Benchmark: importing N teachers from .xlsx, the project's path against a bare baseline.

    python manage.py bench_imports [--rows 50000] [--schools 200] [--preview-rows 5000]
    python manage.py bench_imports --hostile

In one run it generates the files in a temporary directory, pre-creates the schools, then
measures, each in a transaction that is rolled back (nothing stays in the database):

(a) the project's path: ``import_apply`` — reader (sniffing, zip checks, header detection,
    normalisation), validation of every cell, matching, ``bulk_create_with_history``;
(b) the bare baseline: openpyxl read-only rows + ``bulk_create`` of the same teachers;
(c) ``import_preview`` of a smaller file (what the web page waits for);
(d) with ``--with-resource``: django-import-export's ``TeacherResource`` tuned for pure creates
    (``use_bulk``, ``skip_diff``, ``force_init_instance``, cached school lookups) fed by our
    reader, on the smaller file — the alternative the project's own bulk path was chosen over.

With ``--hostile`` it measures instead the three hostile files of issue 6 §6
(``spreadsheets.hostile_files``: 500 merged ranges of 99,999 cells, a declared A1:XFD1048576,
99,000 rows sharing a 32,767-character string): for each, its size estimate, reading it with
the reader, and previewing it as a teacher file.

Time is measured in a first pass, peak Python memory (tracemalloc) in a second pass, because
tracemalloc itself slows the code down; "RSS growth" is how much the process's peak resident
size grew during the first pass (0 when an earlier step already reached a higher peak). This is
a command, not a timed test.
"""

from __future__ import annotations

import io
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from schools.enums import Locale, Stage
from schools.models import District, School, Teacher
from schools.sheets.columns import TEACHER_COLUMNS
from schools.sheets.resources import TeacherResource
from schools.sheets.samples import sample_teacher, teacher_header, teacher_row
from spreadsheets import hostile_files
from spreadsheets.importers import import_apply, import_preview
from spreadsheets.jobs import needs_background
from spreadsheets.problems import count_problems
from spreadsheets.reader import ImportFileError, estimate_rows, read_sheet


class _Rollback(Exception):
    pass


def _write_teachers(path: Path, rows: int, schools: list[School]) -> None:
    """A title row, a blank row, the header, then ``rows`` generated teachers; unique 工号."""
    import openpyxl  # noqa: PLC0415 - lazy: a heavy library, only for generating the files

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("教师")
    ws.append(["附件：教师名单"])
    ws.append([])
    ws.append(teacher_header())
    for i in range(rows):
        ws.append(teacher_row(sample_teacher(schools[i % len(schools)], i)))
    wb.save(path)


def _baseline(data: bytes, schools: dict[str, int]) -> int:
    """openpyxl read-only + bulk_create, with just the lookups the rows need."""
    import openpyxl  # noqa: PLC0415 - lazy: a heavy library, only for generating the files

    header = teacher_header()
    at = {label: header.index(label) for label in header}
    gender, education = TEACHER_COLUMNS["性别"].parse, TEACHER_COLUMNS["最高学历"].parse
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    ws = wb.worksheets[0]
    objs = []
    for row in ws.iter_rows(min_row=4, values_only=True):
        if not row or row[0] is None:
            continue
        objs.append(
            Teacher(
                school_id=schools[row[at["学校"]]],
                name=row[at["姓名"]],
                gender=gender(row[at["性别"]]),
                birth_year=row[at["出生年份"]],
                subjects=row[at["任教学科"]],
                education=education(row[at["最高学历"]]),
                joined_school_on=row[at["到校日期"]].date(),
                staff_number=row[at["工号"]],
            )
        )
    wb.close()
    Teacher.objects.bulk_create(objs, batch_size=1000)
    return len(objs)


def _resource_path(data: bytes, district) -> int:
    class BulkTeacherResource(TeacherResource):
        class Meta(TeacherResource.Meta):
            use_bulk = True
            batch_size = 1000
            force_init_instance = True
            skip_unchanged = False
            use_transactions = False

    sheet = read_sheet(data, "p.xlsx", TEACHER_COLUMNS.reader_columns())
    result = BulkTeacherResource(district=district).import_data(sheet.dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows[:1]
    return result.totals["new"]


class Command(BaseCommand):
    help = "测量从 .xlsx 导入教师的速度与内存（本项目导入路径 vs. openpyxl + bulk_create 基线）。"

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=50_000)
        parser.add_argument("--schools", type=int, default=200)
        parser.add_argument("--preview-rows", type=int, default=5_000)
        parser.add_argument("--no-memory", action="store_true", help="跳过 tracemalloc 内存测量")
        parser.add_argument(
            "--with-resource",
            action="store_true",
            help="同时测量 django-import-export Resource（批量模式）在小文件上的速度",
        )
        parser.add_argument(
            "--hostile",
            action="store_true",
            help="改为测量三个恶意构造的文件（合并单元格、虚报尺寸、超长共享字符串）的读取与预览",
        )
        parser.add_argument(
            "--hostile-rows",
            type=int,
            default=99_000,
            help="超长共享字符串文件的行数（默认 99,000，与 issue 6 的原文件相同）",
        )

    def handle(self, *args, **options):
        if options["hostile"]:
            self._hostile(not options["no_memory"], options["hostile_rows"])
            return
        rows, preview_rows = options["rows"], options["preview_rows"]
        results = []
        with tempfile.TemporaryDirectory() as tmp:
            try:
                with transaction.atomic():
                    district = District.objects.create(code="000099", name="基准测试县")
                    names = [f"基准测试第{i}小学" for i in range(options["schools"])]
                    School.objects.bulk_create(
                        [
                            School(
                                district=district,
                                name=n,
                                name_key=n,
                                stage=Stage.PRIMARY,
                                locale=Locale.RURAL,
                            )
                            for n in names
                        ]
                    )
                    school_ids = dict(
                        School.objects.filter(district=district).values_list("name", "id")
                    )
                    big, small = Path(tmp) / "teachers.xlsx", Path(tmp) / "preview.xlsx"
                    started = time.perf_counter()
                    schools = list(School.objects.filter(district=district).order_by("pk"))
                    _write_teachers(big, rows, schools)
                    _write_teachers(small, preview_rows, schools)
                    self.stdout.write(
                        f"生成文件：{rows} 行 {big.stat().st_size / 1e6:.1f} MB，"
                        f"用时 {time.perf_counter() - started:.1f} 秒"
                    )
                    data, small_data = big.read_bytes(), small.read_bytes()

                    def project():
                        report = import_apply(
                            kind="teachers", data=data, filename="t.xlsx", district=district
                        )
                        assert report.written and report.created == rows, report.problems[:3]
                        return report.created

                    def baseline():
                        return _baseline(data, school_ids)

                    def preview():
                        report = import_preview(
                            kind="teachers", data=small_data, filename="p.xlsx", district=district
                        )
                        assert report.ok and report.created == preview_rows, report.problems[:3]
                        return report.created

                    def resource():
                        return _resource_path(small_data, district)

                    runs = [
                        ("本项目导入（读取+校验+写入+历史）", project),
                        ("基线（openpyxl 只读 + bulk_create）", baseline),
                        ("预览（读取+校验，不写入）", preview),
                    ]
                    if options["with_resource"]:
                        runs.append(("import-export Resource（批量，无历史）", resource))
                    for label, func in runs:
                        results.append((label, *self._measure(func, not options["no_memory"])))
                    raise _Rollback
            except _Rollback:
                pass
        self._print(results)

    def _hostile(self, memory: bool, shared_rows: int) -> None:
        files = [
            ("合并单元格 500×99,999", "merged.xlsx", hostile_files.merged_ranges_xlsx()),
            ("虚报尺寸 A1:XFD1048576", "dimension.xlsx", hostile_files.declared_dimension_xlsx()),
            (
                f"{shared_rows:,} 行共享 32,767 字",
                "shared.xlsx",
                hostile_files.shared_string_xlsx(rows=shared_rows),
            ),
        ]
        peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"构造文件后进程 RSS 峰值 {peak_rss:.0f} MB（其后的增长见表）")
        rows = []
        try:
            with transaction.atomic():
                district = District.objects.create(code="000099", name="基准测试县")
                for label, name, data in files:
                    estimate = estimate_rows(data, name)
                    background = "后台" if needs_background(data, name) else "页面内"
                    self.stdout.write(
                        f"{label}：{len(data) / 1024:,.1f} KB，估计 {estimate:,} 行 → {background}"
                    )

                    def read(data=data, name=name):
                        try:
                            sheet = read_sheet(data, name, TEACHER_COLUMNS.reader_columns())
                        except ImportFileError as exc:
                            return f"拒绝：{exc.message[:30]}"
                        return f"{len(sheet)} 行，{len(sheet.problems)} 个问题"

                    def preview(data=data, name=name):
                        report = import_preview(
                            kind="teachers", data=data, filename=name, district=district
                        )
                        longest = max((len(p.message) for p in report.problems), default=0)
                        return (
                            f"{count_problems(report.problems):,} 个问题，列出 "
                            f"{len(report.problems)} 条，最长 {longest} 字"
                        )

                    for step, func in (("读取", read), ("预览", preview)):
                        rows.append((label, step, *self._measure(func, memory)))
                        self.stdout.write(f"  {step}：{rows[-1][3]:.2f} 秒，{rows[-1][2]}")
                        self.stdout.flush()
                raise _Rollback
        except _Rollback:
            pass
        self.stdout.write("")
        self.stdout.write(
            f"{'文件':<24}{'步骤':<6}{'秒':>7}{'峰值内存MB':>12}{'RSS增长MB':>11}  结果"
        )
        for label, step, outcome, seconds, peak, rss in rows:
            peak_mb = f"{peak / 1e6:.1f}" if peak is not None else "—"
            self.stdout.write(
                f"{label:<24}{step:<6}{seconds:>7.2f}{peak_mb:>12}{rss / 1024:>11.0f}  {outcome}"
            )

    def _measure(self, func, memory: bool):
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        count, seconds = self._once(func)
        rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
        peak = None
        if memory:
            tracemalloc.start()
            self._once(func)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        return count, seconds, peak, rss_growth

    def _once(self, func):
        try:
            with transaction.atomic():
                started = time.perf_counter()
                count = func()
                seconds = time.perf_counter() - started
                raise _Rollback
        except _Rollback:
            pass
        return count, seconds

    def _print(self, results):
        self.stdout.write("")
        self.stdout.write(
            f"{'路径':<36}{'行数':>8}{'秒':>8}{'行/秒':>10}{'峰值内存MB':>12}{'RSS增长MB':>11}"
        )
        for label, count, seconds, peak, rss in results:
            peak_mb = f"{peak / 1e6:.0f}" if peak is not None else "—"
            self.stdout.write(
                f"{label:<36}{count:>8}{seconds:>8.1f}{count / seconds:>10,.0f}"
                f"{peak_mb:>12}{rss / 1024:>11.0f}"
            )
        project = next(r for r in results if r[0].startswith("本项目"))
        base = next(r for r in results if r[0].startswith("基线"))
        ratio = (project[1] / project[2]) / (base[1] / base[2])
        self.stdout.write(f"\n本项目速度为基线的 {ratio:.0%}（目标 ≥ 50%）。")

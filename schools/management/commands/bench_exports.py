"""python manage.py bench_exports [--rows 40000 400000] [--formats xlsx csv]

Generates teachers in a temporary district (inside a transaction that is rolled back at the
end, so nothing stays behind) and exports them through the same selector and builder as the
export view. For each size and format it prints seconds, rows/s and peak memory twice: the
tracemalloc peak of the export step (Python allocations) and the growth of the resident set
(peak RSS during the export minus RSS before it). Memory must not grow with the row count.

Each export runs twice: once plain for the timing and the RSS, once under tracemalloc (which
slows Python down) for the allocation peak.
"""

from __future__ import annotations

import os
import tempfile
import time
import tracemalloc

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.enums import Role
from accounts.models import User
from core.text import name_key
from schools.enums import Locale, Stage
from schools.models import District, School, Teacher
from schools.sheets.samples import sample_teacher
from spreadsheets import registry
from spreadsheets.exports import FORMATS, export_to_file

BATCH = 5000
SCHOOLS = 200
# Consecutive rows go to the same school, so inserts append to the (school, name) index instead
# of touching 200 places of it per batch: 400,000 rows went from ~230 s to far less on SQLite.
PER_SCHOOL_BLOCK = 2000


class _Rollback(Exception):
    pass


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _reset_peak_rss() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # resets VmHWM to the current RSS (Linux >= 4.0)
        return True
    except OSError:
        return False


class Command(BaseCommand):
    help = "导出性能测试：生成临时教师数据（结束时回滚），测量导出速度与内存峰值。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--rows",
            type=int,
            nargs="+",
            default=[40000, 400000],
            help="要测试的行数（递增），默认 40000 400000",
        )
        parser.add_argument(
            "--formats",
            nargs="+",
            default=list(FORMATS),
            choices=FORMATS,
            help="导出格式，默认 xlsx csv",
        )

    def handle(self, *args, rows: list[int], formats: list[str], **options):
        sizes = sorted(set(rows))
        if not sizes or sizes[0] <= 0:
            raise CommandError("行数（--rows）须为正整数。")
        results: list[tuple] = []
        try:
            with transaction.atomic():
                self._run(sizes, formats, results)
                raise _Rollback
        except _Rollback:
            pass
        self._print(results)

    def _run(self, sizes: list[int], formats: list[str], results: list[tuple]) -> None:
        code = next(
            f"{n:06d}"
            for n in range(990000, 1000000)
            if not District.objects.filter(code=f"{n:06d}").exists()
        )
        district = District.objects.create(name="性能测试临时县", code=code)
        schools = School.objects.bulk_create(
            [
                School(
                    district=district,
                    name=f"测试学校{n:03d}",
                    name_key=name_key(f"测试学校{n:03d}"),
                    stage=Stage.PRIMARY,
                    locale=Locale.RURAL,
                    township="测试镇",
                )
                for n in range(SCHOOLS)
            ]
        )
        user = User.objects.create(
            username=f"bench-exports-{code}", role=Role.BUREAU_STAFF, district=district
        )
        spec = registry.export("teachers")
        made = 0
        for size in sizes:
            started = time.perf_counter()
            while made < size:
                batch = min(BATCH, size - made)
                Teacher.objects.bulk_create(
                    [
                        sample_teacher(
                            schools[((made + i) // PER_SCHOOL_BLOCK) % SCHOOLS], made + i
                        )
                        for i in range(batch)
                    ],
                    batch_size=BATCH,
                )
                made += batch
            generated = time.perf_counter() - started
            self.stdout.write(f"生成教师 {size:,} 行（本轮新增用时 {generated:.1f} 秒）")
            for fmt in formats:
                results.append((size, fmt, *self._measure(spec, user, fmt)))
                self.stdout.write(f"  {fmt}: {results[-1][2]:.1f} 秒")

    def _measure(self, spec, user, fmt: str) -> tuple:
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, f"bench.{fmt}")
            queryset = spec.queryset(user=user, params={})
            exact_peak = _reset_peak_rss()
            rss_before = _status_kb("VmRSS")
            started = time.perf_counter()
            count = export_to_file(spec, queryset, path, fmt)
            seconds = time.perf_counter() - started
            rss_delta = (_status_kb("VmHWM") - rss_before) if exact_peak else None
            size_mb = os.path.getsize(path) / 1e6

            tracemalloc.start()
            tracemalloc.reset_peak()
            export_to_file(spec, spec.queryset(user=user, params={}), path, fmt)
            _, traced_peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        return seconds, count, size_mb, traced_peak / 1e6, rss_delta

    def _print(self, results: list[tuple]) -> None:
        self.stdout.write("")
        header = (
            f"{'行数':>9} {'格式':>5} {'秒':>7} {'行/秒':>9} {'文件MB':>8} "
            f"{'tracemalloc峰值MB':>18} {'RSS增量MB':>10}"
        )
        self.stdout.write(header)
        for _size, fmt, seconds, count, size_mb, traced, rss_delta in results:
            rss = f"{rss_delta / 1024:.1f}" if rss_delta is not None else "n/a"
            self.stdout.write(
                f"{count:>9,} {fmt:>7} {seconds:>8.1f} {count / seconds:>10,.0f} "
                f"{size_mb:>9.1f} {traced / 1:>21.1f} {rss:>12}"
            )
        self.stdout.write("（数据在事务中生成，已全部回滚。）")

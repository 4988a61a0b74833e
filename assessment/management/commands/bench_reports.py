"""python manage.py bench_reports [--district CODE] [--school-year 2025-2026] [--batch 20] [--repeat 5]

Times the year-end reports on this machine:

1. One community's report, built as its PDF view builds it: the total (the district's
   results, the community's rules and charts, the template, the PDF) against
   WeasyPrint's own time rendering the same final HTML again in the same run (after one
   warm-up rendering, so neither pays for loading Pango and the fonts).
2. A district batch of ``--batch`` reports (the district's communities, repeated to reach the
   number) with one worker process and with two, each process computing the district's results
   once and rendering its share of the PDFs, as a ``db_worker`` would.

Default district: the first one with a scheme for the school year (the demo county after
``seed_demo``); default school year: the latest with a scheme.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from assessment import reports, results
from assessment.models import Scheme
from communities.models import Community
from core import pdf
from core.school_year import SchoolYear


def _render_share(scheme_pk: int, community_ids: list[int], answers) -> None:
    """One worker process: the district's results once, then its share of the PDFs. Puts
    (its pid, the PDFs' total size, how many it rendered) on ``answers``."""
    connections.close_all()  # never use the parent's connection in a forked child
    scheme = Scheme.objects.select_related("district").get(pk=scheme_pk)
    by_id = {r.result.community_id: r for r in reports.community_reports(scheme)}
    size = 0
    for community_id in community_ids:
        size += len(reports.report_pdf(by_id[community_id]))
    connections.close_all()
    answers.put((os.getpid(), size, len(community_ids)))


def run_batch(scheme_pk: int, batch: list[int], workers: int) -> tuple[float, set[int], int, int]:
    """Render ``batch`` in ``workers`` forked processes, one share each, started together.
    Returns the wall time, the workers' pids, the PDFs' total size and how many were rendered."""
    context = multiprocessing.get_context("fork")
    answers = context.Queue()
    connections.close_all()  # a forked process opens its own connection
    started = time.perf_counter()
    processes = [
        context.Process(target=_render_share, args=(scheme_pk, batch[w::workers], answers))
        for w in range(workers)
    ]
    for process in processes:
        process.start()
    found = [answers.get() for _ in processes]
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started
    if any(process.exitcode for process in processes):
        raise CommandError("有工作进程异常退出。")
    return (
        elapsed,
        {pid for pid, _, _ in found},
        sum(s for _, s, _ in found),
        sum(n for *_, n in found),
    )


class Command(BaseCommand):
    help = "Benchmark the year-end assessment reports (one report; a batch with 1 and 2 workers)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--district", default="", help="行政区划代码（默认：第一个有考核方案的）"
        )
        parser.add_argument(
            "--school-year", default="", help="学年，如 2025-2026（默认：最近一个）"
        )
        parser.add_argument("--batch", type=int, default=20, help="批量报告份数（默认 20）")
        parser.add_argument(
            "--repeat", type=int, default=5, help="单份报告计时次数，取中位数（默认 5）"
        )

    def handle(self, *args, **options):
        schemes = Scheme.objects.select_related("district").order_by("-school_year", "pk")
        if options["district"]:
            schemes = schemes.filter(district__code=options["district"])
        if options["school_year"]:
            try:
                year = SchoolYear.parse(options["school_year"])
            except ValueError as error:
                raise CommandError(str(error)) from error
            schemes = schemes.filter(school_year=year.start)
        scheme = schemes.first()
        if scheme is None:
            raise CommandError("没有符合条件的考核方案（先运行 seed_demo）。")
        district = results.results_of(scheme)
        if not district.communities:
            raise CommandError("该方案没有教共体的考核结果。")
        community_ids = [c.community_id for c in district.communities]

        # warm-up: load WeasyPrint, Pango and the fonts once
        warm = reports.community_reports(scheme, district=district)[0]
        pdf.html_to_pdf(reports.report_html(warm))

        # what the community's PDF view does: the district's results, this community's rules
        # and charts, the template, the PDF
        # (each measured --repeat times, alternately; the medians are printed)
        community = Community.objects.get(pk=community_ids[0])
        totals, renders = [], []
        for _ in range(options["repeat"]):
            started = time.perf_counter()
            report = reports.community_report(scheme, community)
            html = reports.report_html(report)
            content = pdf.html_to_pdf(html)
            totals.append(time.perf_counter() - started)
            started = time.perf_counter()
            pdf.html_to_pdf(html)
            renders.append(time.perf_counter() - started)
        total, render = statistics.median(totals), statistics.median(renders)
        self.stdout.write(
            f"一份报告（{report.result.name}，{len(report.schools)} 所学校，{len(content) // 1024} KB，"
            f"{options['repeat']} 次的中位数）：总计 {total:.2f} s，"
            f"其中 WeasyPrint 渲染同一 HTML {render:.2f} s，总计 / 渲染 = {total / render:.2f}"
        )

        batch = [community_ids[i % len(community_ids)] for i in range(options["batch"])]
        for workers in (1, 2):
            elapsed, pids, size, rendered = run_batch(scheme.pk, batch, workers)
            self.stdout.write(
                f"批量 {rendered} 份（{workers} 个工作进程，进程号 "
                f"{'、'.join(str(p) for p in sorted(pids))}）：{elapsed:.2f} s，"
                f"每份 {elapsed / rendered:.2f} s，共 {size // 1024} KB"
            )

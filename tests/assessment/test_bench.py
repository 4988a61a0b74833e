"""``manage.py bench_reports`` on a tiny batch: one report timed against WeasyPrint's render, then
the batch really rendered by one and by two worker processes (distinct process ids)."""

import io
import os
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)  # the forked workers read committed rows


def test_bench_reports_renders_the_batch_in_one_and_two_processes(assessed):
    out = io.StringIO()

    call_command("bench_reports", "--batch", "3", "--repeat", "1", stdout=out)

    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert re.match(
        r"一份报告（东片教共体，1 所学校，\d+ KB，1 次的中位数）：总计 [\d.]+ s，", lines[0]
    )
    assert "WeasyPrint 渲染同一 HTML" in lines[0]
    one = re.match(r"批量 3 份（1 个工作进程，进程号 (\d+)）：[\d.]+ s，", lines[1])
    two = re.match(r"批量 3 份（2 个工作进程，进程号 (\d+)、(\d+)）：[\d.]+ s，", lines[2])
    assert one and two
    pids = {int(one[1]), int(two[1]), int(two[2])}
    assert len(pids) == 3 and os.getpid() not in pids

"""``bench_pages`` runs end to end on a tiny district (its figures come from real runs, README
Benchmarks), refuses a database that already holds schools, and leaves nothing behind."""

import io

import pytest
from django.core.management import CommandError, call_command

from schools.models import District, School, Teacher
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_bench_pages_prints_one_table_and_cleans_up():
    out = io.StringIO()
    call_command(
        "bench_pages",
        "--schools",
        "150",
        "--teachers",
        "300",
        "--communities",
        "5",
        "--runs",
        "1",
        stdout=out,
    )
    lines = [line for line in out.getvalue().splitlines() if line.startswith("| ")]
    assert lines[0] == "| page | rows | queries | median | p95 | bare view | ratio |"
    assert len(lines) == 7  # header + six pages
    assert "教师列表 第 1 页 | 50 |" in lines[1]
    assert "教共体详情（81 所成员校）" in lines[6]
    # A list seen before reads fewer queries than a first visit (its count is kept).
    queries = lines[1].split(" | ")[2]
    warm, cold = (int(n) for n in queries.replace("(", "").replace(")", "").split())
    assert warm < cold
    assert not School.objects.exists() and not Teacher.objects.exists()
    assert not District.objects.exists()


def test_bench_pages_refuses_a_database_with_schools(district):
    SchoolFactory(district=district)
    with pytest.raises(CommandError, match="已有学校数据"):
        call_command("bench_pages", "--runs", "1", stdout=io.StringIO())

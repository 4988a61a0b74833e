"""The benchmark commands run end to end on tiny inputs (their figures come from real runs;
these only prove the commands still work after the code they measure moves)."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _rows_measured(out: str) -> dict[str, str]:
    """{path label: rows} from the printed table."""
    table = {}
    for line in out.splitlines():
        label, _, rest = line.partition("  ")
        if rest.strip() and rest.split()[0].isdigit():
            table[label.strip()] = rest.split()[0]
    return table


def test_bench_imports_measures_the_project_path_and_the_baseline():
    out = _run("bench_imports", "--rows", "40", "--preview-rows", "20", "--schools", "5")

    assert _rows_measured(out) == {
        "本项目导入（读取+校验+写入+历史）": "40",
        "基线（openpyxl 只读 + bulk_create）": "40",
        "预览（读取+校验，不写入）": "20",
    }
    assert "本项目速度为基线的" in out


def test_bench_imports_hostile_reads_each_file_within_bounds():
    out = _run("bench_imports", "--hostile", "--hostile-rows", "300", "--no-memory")

    assert "合并单元格 500×99,999：" in out
    assert "虚报尺寸 A1:XFD1048576：1.9 KB，估计 1,048,576 行 → 后台" in out
    assert "300 行共享 32,767 字" in out
    assert "600 个问题，列出 600 条，最长 73 字" in out


def test_bench_exports_measures_each_size_and_format():
    out = _run("bench_exports", "--rows", "20", "30", "--formats", "csv", "xlsx")

    measured = [
        line.split()[:2] for line in out.splitlines() if line.split()[:1] in (["20"], ["30"])
    ]
    assert measured == [["20", "csv"], ["20", "xlsx"], ["30", "csv"], ["30", "xlsx"]]
    assert "已全部回滚" in out

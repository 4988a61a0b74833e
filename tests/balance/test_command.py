"""manage.py balance_report, on the hand-computed county of test_figures."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from .test_figures import plan  # noqa: F401 - the fixture


def run(*args) -> str:
    out = io.StringIO()
    call_command("balance_report", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_json(county):
    data = json.loads(run("--district", "666666", "--format", "json"))

    assert list(data) == ["schools", "cv"]
    assert data["cv"]["小学"] == {
        "above_required_education": 0.195,
        "county_backbone": 0.577,
        "pe_arts": 0.0,
        "overall": 0.257,
    }
    assert data["schools"][0] == {
        "school": "丁中学",
        "stage": "初中",
        "students": 100,
        "above_required_education": 6.0,
        "county_backbone": 1.0,
        "pe_arts": 0.0,
    }


@pytest.mark.django_db
def test_json_what_if(plan):  # noqa: F811
    data = json.loads(
        run("--district", "666666", "--school-year", "2025-2026", "--what-if", "--format", "json")
    )

    assert list(data) == ["before", "after"]
    assert data["before"]["cv"]["小学"]["overall"] == 0.257
    assert data["after"]["cv"]["小学"]["overall"] == 0.355
    assert data["after"]["cv"]["初中"]["overall"] == 0.094


@pytest.mark.django_db
def test_csv_default(county):
    rows = list(csv.reader(io.StringIO(run("--district", "666666"))))

    assert rows[0][:3] == ["学校", "学段", "学生数"]
    assert rows[1] == ["丁中学", "初中", "100", "6.0", "1.0", "0.0"]
    assert len([r for r in rows[1:] if r and r[1] in ("小学", "初中")]) == 5
    assert rows[-2] == ["小学", "差异系数", "", "0.195", "0.577", "0.0", "0.257"]
    assert rows[-1] == ["初中", "差异系数", "", "0.202", "0.0", "0.707", "0.303"]


@pytest.mark.django_db
def test_unknown_district_and_bad_year(county):
    with pytest.raises(CommandError, match="没有行政区划代码为 123456 的教育局"):
        run("--district", "123456")
    with pytest.raises(CommandError, match="格式不对"):
        run("--district", "666666", "--school-year", "明年")


@pytest.mark.django_db
def test_csv_what_if_prints_both_tables(plan):  # noqa: F811
    text = run("--district", "666666", "--school-year", "2025", "--what-if")
    rows = list(csv.reader(io.StringIO(text)))

    titles = [r[0] for r in rows if r and r[0].startswith("交流")]
    assert titles == [
        "交流前（2025-2026 学年）",
        "交流后（2025-2026 学年，计划覆盖两个学期的交流）",
    ]
    coefficients = [r for r in rows if len(r) > 1 and r[1] == "差异系数" and r[0] != "学段"]
    assert [r[-1] for r in coefficients] == ["0.257", "0.303", "0.355", "0.094"]

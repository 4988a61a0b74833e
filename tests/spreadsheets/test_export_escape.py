import datetime
from decimal import Decimal

import pytest

from communities.sheets.roster_format import format_members, format_school
from spreadsheets.escape import escape_formula


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+1", "-1", "@SUM(A1)", "\tcmd", "\rcmd", '=HYPERLINK("http://evil.example","点我")'],
)
def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert escape_formula(text) == "'" + text


@pytest.mark.parametrize("text", ["城关第一小学", "", "1+1", "a=b", "'=already"])
def test_ordinary_text_is_unchanged(text):
    assert escape_formula(text) == text


@pytest.mark.parametrize(
    "value", [-5, 3, 2.5, Decimal("-1.5"), None, True, datetime.date(2025, 9, 1)]
)
def test_numbers_dates_and_empty_values_are_unchanged(value):
    assert escape_formula(value) is value


def test_member_cell_puts_nested_schools_in_parentheses():
    cell = format_members(
        [
            ("城南镇中心小学", ["城南镇河口教学点", "城南镇石门小学"]),
            ("江北镇中心小学", []),
        ]
    )

    assert cell == "城南镇中心小学(城南镇河口教学点、城南镇石门小学)、江北镇中心小学"


def test_member_without_children_is_its_name_and_no_members_is_empty():
    assert format_school("孤岛小学") == "孤岛小学"
    assert format_members([]) == ""

"""The streaming sheet writer behind the list exports, read back with openpyxl."""

import datetime
from decimal import Decimal

import openpyxl

from spreadsheets.xlsx_writer import write_sheet


def test_values_keep_their_types_and_odd_text_survives(tmp_path):
    path = tmp_path / "out.xlsx"
    rows = [
        ["a<b&c>\"'", 7, 2.5, Decimal("3.25"), datetime.date(2025, 9, 1), None, ""],
        [
            "bad\x00\x07chars",
            -1,
            0,
            Decimal("0"),
            datetime.datetime(2025, 9, 1, 8, 30),
            True,
            "行一\n行二",
        ],
    ]

    count = write_sheet(
        target=str(path),
        sheet_title="O'Brien 名单",
        headers=list("ABCDEFG"),
        widths=[10] * 7,
        rows=iter(rows),
    )

    assert count == 2
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    assert sheet.title == "O'Brien 名单"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b is True
    assert sheet["E2"].number_format == "yyyy-mm-dd"
    assert list(sheet.iter_rows(values_only=True)) == [
        tuple("ABCDEFG"),
        ("a<b&c>\"'", 7, 2.5, 3.25, datetime.datetime(2025, 9, 1), None, None),
        ("badchars", -1, 0, 0, datetime.datetime(2025, 9, 1, 8, 30), True, "行一\n行二"),
    ]
    assert sheet.auto_filter.ref == "A1:G3"


def test_carriage_return_is_kept(tmp_path):
    path = tmp_path / "cr.xlsx"

    write_sheet(target=str(path), sheet_title="x", headers=["A"], widths=[10], rows=[["'\rcmd"]])

    # Stored the OOXML way (_x000D_), which Excel turns back into a carriage return; openpyxl
    # does not decode it, so compare the stored form.
    assert openpyxl.load_workbook(path).worksheets[0]["A2"].value == "'_x000D_cmd"


def test_header_only_sheet(tmp_path):
    path = tmp_path / "empty.xlsx"

    count = write_sheet(
        target=str(path), sheet_title="空", headers=["学校", "姓名"], widths=[10, 10], rows=[]
    )

    assert count == 0
    assert list(openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True)) == [
        ("学校", "姓名")
    ]

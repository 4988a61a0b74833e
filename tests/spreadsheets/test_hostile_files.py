"""Files made to attack or confuse the importer (issue 6 §6): the reader refuses or clips them,
with a Chinese message; nothing here asserts a timing.

Each test builds its file itself, from raw XML (``spreadsheets.hostile_files``) or openpyxl.
"""

import io

import openpyxl
import pytest

from schools.models import School, Teacher
from schools.sheets.columns import TEACHER_COLUMNS
from spreadsheets import hostile_files as hostile
from spreadsheets.hostile_files import merge_cells, row, sparse_row, workbook, worksheet
from spreadsheets.importers import import_apply, import_preview
from spreadsheets.jobs import needs_background
from spreadsheets.problems import NOT_LISTED_COLUMN, count_problems
from spreadsheets.reader import ROWS_UNKNOWN, ImportFileError, estimate_rows, read_sheet

from .importfiles import xlsx

TEACHER_HEADER = ["学校", "姓名", "性别", "出生年份", "最高学历", "到校日期", "工号"]


def read(data, filename="名单.xlsx"):
    return read_sheet(data, filename, TEACHER_COLUMNS.reader_columns())


def values(sheet, *labels):
    return [tuple(record[label] for label in labels) for _, record in sheet.records()]


def refusal(data, filename="名单.xlsx"):
    with pytest.raises(ImportFileError) as caught:
        read(data, filename)
    return caught.value.message


# --- 1. merged ranges ------------------------------------------------------------------------


def test_500_merged_ranges_of_99999_cells_are_clipped_to_the_rows_read():
    data = hostile.merged_ranges_xlsx(ranges=500, cells_each=99_999)
    assert len(data) < 10_000
    sheet = read(data)
    assert values(sheet, "学校", "姓名", "性别") == [
        ("河口小学", "王一", "男"),
        ("河口小学", "李二", "女"),
    ]
    assert sheet.row_numbers == [2, 3]


def test_merged_school_down_a_column_fills_only_the_rows_that_exist():
    rows = row(1, ["学校", "姓名"]) + "".join(
        row(n, ["河口小学" if n == 2 else "", f"教师{n}"]) for n in range(2, 6)
    )
    data = workbook(worksheet(rows, after=merge_cells(["A2:A1048576", "C1:XFD1048576"])))
    sheet = read(data)
    assert values(sheet, "学校", "姓名") == [("河口小学", f"教师{n}") for n in range(2, 6)]


def test_merged_cells_over_the_cap_are_refused(settings):
    settings.JGT_IMPORT_MAX_MERGED_CELLS = 5
    rows = row(1, ["学校", "姓名"]) + "".join(
        row(n, ["河口小学" if n == 2 else "", f"教师{n}"]) for n in range(2, 10)
    )
    data = workbook(worksheet(rows, after=merge_cells(["A2:A9"])))
    assert refusal(data) == (
        "表格中合并单元格覆盖的单元格过多（超过 5 个），无法读取。"
        "请取消合并单元格（可先复制后“选择性粘贴 → 数值”）后重新上传。"
    )


def test_overlapping_merged_ranges_count_every_cell_they_fill(settings):
    settings.JGT_IMPORT_MAX_MERGED_CELLS = 100
    rows = row(1, ["学校", "姓名"]) + "".join(
        row(n, ["河口小学", f"教师{n}"]) for n in range(2, 30)
    )
    data = workbook(worksheet(rows, after=merge_cells(["A2:B29", "A3:B29", "A4:B29"])))
    assert refusal(data).startswith("表格中合并单元格覆盖的单元格过多（超过 100 个）")


def test_too_many_merged_ranges_are_refused():
    refs = [f"A{n}:B{n}" for n in range(2, 10_003)]
    data = workbook(worksheet(row(1, ["学校", "姓名"]), after=merge_cells(refs)))
    assert refusal(data) == (
        "表格中的合并单元格过多（超过 10000 处），无法读取。"
        "请取消合并单元格（可先复制后“选择性粘贴 → 数值”）后重新上传。"
    )


# --- 2. declared dimensions ------------------------------------------------------------------


def test_declared_dimension_is_not_trusted_and_reading_stops_after_empty_rows():
    data = hostile.declared_dimension_xlsx()
    assert len(data) < 5_000
    sheet = read(data)
    assert values(sheet, "学校", "姓名", "性别") == [("河口小学", "王一", "男")]
    assert sheet.notes == [
        "第 3 行起连续 1000 行为空，已停止读取其后的内容；"
        "如果其后还有数据，请删除中间的空行后重新导入。"
    ]


def test_the_empty_row_limit_is_a_setting(settings):
    settings.JGT_IMPORT_MAX_EMPTY_ROWS = 3
    rows = row(1, ["学校", "姓名"]) + row(2, ["河口小学", "王一"]) + row(6, ["河口小学", "李二"])
    sheet = read(workbook(worksheet(rows)))
    assert values(sheet, "姓名") == [("王一",)]
    assert sheet.notes == [
        "第 3 行起连续 3 行为空，已停止读取其后的内容；如果其后还有数据，请删除中间的空行后重新导入。"
    ]
    rows = row(1, ["学校", "姓名"]) + row(2, ["河口小学", "王一"]) + row(5, ["河口小学", "李二"])
    assert values(read(workbook(worksheet(rows))), "姓名") == [("王一",), ("李二",)]


def test_the_empty_row_note_reaches_the_import_report(world, settings):
    settings.JGT_IMPORT_MAX_EMPTY_ROWS = 2
    data = xlsx(
        [TEACHER_HEADER, [world.core_school.name, "新老师", "女", 1990, "本科", "", ""]]
        + [[None] * 7] * 2
        + [[world.core_school.name, "另一位", "女", 1990, "本科", "", ""]]
    )
    report = import_preview(kind="teachers", data=data, filename="a.xlsx", district=world.district)
    assert report.rows == 1
    assert report.notes == [
        "第 3 行起连续 2 行为空，已停止读取其后的内容；如果其后还有数据，请删除中间的空行后重新导入。"
    ]


def test_columns_stop_at_the_header_width():
    # A row whose last cell is XFD2, under a declared A1:XFD2: only the header's columns are read.
    rows = row(1, ["学校", "姓名"]) + sparse_row(2, {0: "河口小学", 1: "王一", 16_383: "远处"})
    sheet = read(workbook(worksheet(rows, before='<dimension ref="A1:XFD2"/>')))
    assert sheet.dataset.width == len(TEACHER_COLUMNS.reader_columns())
    assert values(sheet, "学校", "姓名") == [("河口小学", "王一")]


def test_estimate_is_not_fooled_by_a_dimension_behind_padding(settings):
    data = hostile.declared_dimension_xlsx()
    assert estimate_rows(data, "a.xlsx") == 1_048_576
    assert needs_background(data, "a.xlsx") is True


def test_a_sheet_too_big_to_count_cheaply_goes_to_the_background(monkeypatch, settings):
    settings.JGT_IMPORT_BACKGROUND_ROWS = 5_000
    data = xlsx([TEACHER_HEADER, ["河口小学", "王一", "男", 1980, "本科", "", ""]])
    assert needs_background(data, "a.xlsx") is False
    monkeypatch.setattr("spreadsheets.reader.ESTIMATE_SCAN_BYTES", 100)
    assert estimate_rows(data, "a.xlsx") == ROWS_UNKNOWN
    assert needs_background(data, "a.xlsx") is True


# --- 3. long shared strings and many problems ------------------------------------------------


def test_long_echoed_values_are_shortened_and_problems_capped(world):
    data = hostile.shared_string_xlsx(rows=1_200, length=32_767)
    report = import_preview(kind="teachers", data=data, filename="a.xlsx", district=world.district)
    # Every row has an unknown school and a name over 30 characters: 2,400 problems.
    assert count_problems(report.problems) == 2_400
    assert len(report.problems) == 1_001
    assert [(p.row, p.column) for p in report.problems[:2]] == [(2, "学校"), (2, "姓名")]
    long_school = "很长的学校名称" * 8
    assert report.problems[0].message == (
        f"学校「{long_school[:50]}…」在本教育局不存在，请先导入学校名单。"
    )
    last = report.problems[-1]
    assert (last.row, last.column, last.message) == (
        None,
        NOT_LISTED_COLUMN,
        "另有 1400 个问题未列出（只列出前 1000 个）。请先改正以上问题后重新检查。",
    )
    assert max(len(p.message) for p in report.problems) < 100
    assert report.to_dict()["error_count"] == 2_400


def test_equal_long_texts_are_cleaned_once():
    sheet = read(hostile.shared_string_xlsx(rows=50, length=32_767))
    schools = {id(record["学校"]) for _, record in sheet.records()}
    assert len(sheet) == 50
    assert len(schools) == 1


def test_formula_problems_are_capped_too(world):
    rows = [TEACHER_HEADER] + [
        ["=A1" + "x" * 100, f"教师{i}", "男", 1980, "本科", "", ""] for i in range(1_100)
    ]
    report = import_apply(
        kind="teachers", data=xlsx(rows), filename="a.xlsx", district=world.district
    )
    # Each row: the formula, then the school left empty by refusing it.
    assert count_problems(report.problems) == 2_200
    assert len(report.problems) == 1_001
    assert report.problems[0].message == (
        f"单元格是公式（{('=A1' + 'x' * 100)[:30]}…），不接受公式，请粘贴为数值后再导入。"
    )
    assert report.problems[-1].message.startswith("另有 1200 个问题未列出")


# --- 4. invisible characters -----------------------------------------------------------------


@pytest.mark.parametrize("char", ["\u200b", "\ufeff", "\u00ad"], ids=["zwsp", "bom", "shy"])
def test_invisible_characters_make_no_second_teacher_and_no_unknown_school(world, char):
    school = world.core_school
    teacher = world.core_teacher
    teachers = Teacher.objects.count()
    data = xlsx(
        [
            TEACHER_HEADER,
            [
                f"{school.name[:2]}{char}{school.name[2:]}",
                f"{teacher.name[0]}{char}{teacher.name[1:]}",
                "",
                "",
                "",
                "",
                "",
            ],
        ]
    )
    report = import_apply(
        kind="teachers",
        data=data,
        filename="a.xlsx",
        district=world.district,
        actor=world.users["bureau_staff"],
    )
    assert [(p.row, p.column, p.message) for p in report.problems] == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert Teacher.objects.count() == teachers


def test_invisible_characters_in_a_header_label_are_ignored():
    sheet = read(xlsx([["\ufeff学校", "姓\u200b名"], ["河口小学", "王一"]]))
    assert values(sheet, "学校", "姓名") == [("河口小学", "王一")]


def test_school_name_key_ignores_invisible_characters(world):
    school = School(
        district=world.district,
        name="新\u200b学校",
        stage=world.core_school.stage,
        locale=world.core_school.locale,
    )
    school.save()
    assert school.name_key == "新学校"


# --- 5. Excel's "Unicode text" ---------------------------------------------------------------


@pytest.mark.parametrize("filename", ["名单.txt", "名单.csv"])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_excel_unicode_text_is_read(world, filename, encoding):
    lines = ["学校名称\t学校标识码\t学段\t城乡类别\t上级学校", "新建中心小学\t\t小学\t镇区\t"]
    text = "\r\n".join(lines) + "\r\n"
    data = text.encode(encoding) if encoding == "utf-16" else b"\xfe\xff" + text.encode(encoding)
    report = import_apply(
        kind="schools",
        data=data,
        filename=filename,
        district=world.district,
        actor=world.users["bureau_staff"],
    )
    assert [(p.row, p.column, p.message) for p in report.problems] == []
    assert report.created == 1
    assert School.objects.filter(district=world.district, name="新建中心小学").count() == 1


def test_utf16_bom_before_binary_is_still_refused():
    message = refusal(b"\xff\xfe" + bytes(range(256)) * 8, "名单.txt")
    assert "改了扩展名" in message


# --- 6. hidden sheets --------------------------------------------------------------------------


def _workbook_with(sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, state, rows in sheets:
        ws = wb.create_sheet(title)
        ws.sheet_state = state
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_hidden_first_sheet_is_skipped():
    data = _workbook_with(
        [
            ("选项", "hidden", [["甲", "乙"]]),
            ("教师", "visible", [["学校", "姓名"], ["河口小学", "王一"]]),
        ]
    )
    assert values(read(data), "学校", "姓名") == [("河口小学", "王一")]


def test_no_header_message_names_the_sheets_looked_at_and_skipped():
    data = _workbook_with(
        [
            ("旧名单", "hidden", [["学校", "姓名"], ["河口小学", "王一"]]),
            ("说明", "visible", [["填写说明"]]),
            ("教师", "visible", [["学校", "姓名"], ["河口小学", "王一"]]),
        ]
    )
    assert refusal(data) == (
        "找不到表头行：工作表「说明」的前 30 行中没有一行列名包含「学校、姓名」。"
        "已跳过隐藏的工作表「旧名单」。"
        "只读取第一个可见的工作表，未读取「教师」；请把要导入的数据放在第一个可见的工作表中。"
    )


def test_a_workbook_with_no_visible_sheet_is_refused():
    data = workbook(worksheet(row(1, ["学校", "姓名"])), sheets=[("Sheet1", "hidden")])
    assert refusal(data) == "工作簿中没有可见的工作表，请取消隐藏要导入的工作表后重新上传。"

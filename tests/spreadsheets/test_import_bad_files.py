"""Hostile and broken input: every kind gives a clear Chinese message and writes nothing."""

import io
import re
import zipfile

import pytest

from communities.models import Community, Membership
from schools.models import School, Teacher
from spreadsheets.importers import import_apply
from spreadsheets.reader import OLE_MAGIC

from .importfiles import ROSTER_HEADER, csv_bytes, replace_in_zip, xlsx

TEACHER_HEADER = ["学校", "姓名", "性别", "出生年份", "最高学历", "到校日期", "工号"]
SCHOOL_HEADER = ["学校名称", "学校标识码", "学段", "城乡类别", "上级学校"]


def snapshot():
    return (
        School.objects.count(),
        Teacher.objects.count(),
        Community.objects.count(),
        Membership.objects.count(),
        Membership.objects.filter(end_on__isnull=False).count(),
    )


def run(world, kind, data, filename="名单.xlsx"):
    before = snapshot()
    report = import_apply(
        kind=kind,
        data=data,
        filename=filename,
        district=world.district,
        actor=world.users["bureau_staff"],
    )
    assert report.written is False
    assert snapshot() == before
    return [(p.row, p.column, p.message) for p in report.problems]


def file_error(world, kind, data, filename="名单.xlsx"):
    problems = run(world, kind, data, filename)
    assert len(problems) == 1
    row, column, message = problems[0]
    assert (row, column) == (None, "文件")
    return message


GOOD_ROSTER = xlsx([ROSTER_HEADER, [1, "新教共体", "新中心小学", "新村小学", "小学"]])


def test_empty_file(world):
    assert file_error(world, "roster", b"", "名单.xlsx") == "文件是空的，没有任何内容。"
    assert file_error(world, "roster", b"  \r\n", "名单.csv") == "文件是空的，没有任何内容。"


def test_header_only(world):
    assert file_error(world, "roster", xlsx([ROSTER_HEADER])) == "表格只有表头，没有任何数据行。"


def test_no_header_row(world):
    message = file_error(world, "roster", xlsx([["甲", "乙"], ["1", "2"]]))
    assert message.startswith("找不到表头行")
    assert "教共体名称、核心校" in message


def test_wrong_extension(world):
    assert (
        file_error(world, "roster", GOOD_ROSTER, "名单.pdf")
        == "只能导入 .xlsx、.xls、.csv 或 .txt 文件。"
    )


def test_disguised_binary_file(world):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    assert "改了扩展名" in file_error(world, "roster", png, "名单.xlsx")


def test_text_disguised_as_xlsx(world):
    data = csv_bytes([ROSTER_HEADER, [1, "新教共体", "新中心小学", "", "小学"]])
    assert "内容是纯文本" in file_error(world, "roster", data, "名单.xlsx")


def test_corrupt_zip(world):
    assert "已损坏" in file_error(world, "roster", GOOD_ROSTER[: len(GOOD_ROSTER) // 2])


def test_corrupt_sheet_xml(world):
    data = replace_in_zip(GOOD_ROSTER, "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row>")
    assert "已损坏" in file_error(world, "roster", data)


def test_password_protected_workbook(world):
    # Excel writes an encrypted .xlsx as an OLE compound file holding an EncryptedPackage stream.
    data = OLE_MAGIC + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512
    assert "密码" in file_error(world, "roster", data)


def test_macro_workbook_by_content(world):
    data = replace_in_zip(GOOD_ROSTER, "", add={"xl/vbaProject.bin": b"\x00" * 64})
    assert "宏" in file_error(world, "roster", data)


def test_macro_workbook_by_extension(world):
    assert "宏" in file_error(world, "roster", GOOD_ROSTER, "名单.xlsm")


def test_over_size_limit(world, settings):
    settings.JGT_IMPORT_MAX_BYTES = 1000
    message = file_error(world, "roster", GOOD_ROSTER)
    assert "超过上限" in message


def test_over_row_limit(world, settings):
    settings.JGT_IMPORT_MAX_ROWS = 3
    rows = [ROSTER_HEADER] + [[i, f"教共体{i}", f"核心{i}小学", "", "小学"] for i in range(5)]
    assert file_error(world, "roster", xlsx(rows)) == "数据超过 3 行的上限，请拆分后分批导入。"


def test_zip_bomb_rejected_before_unpacking(world, monkeypatch):
    # 3 MB of zeros compresses to a few KB: a ratio far above any real sheet.
    data = replace_in_zip(GOOD_ROSTER, "", add={"xl/media/bomb.bin": b"\x00" * (3 * 1024 * 1024)})
    assert len(data) < 60_000
    opened = []
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: opened.append(1))
    assert "压缩炸弹" in file_error(world, "roster", data)
    assert opened == []


def test_zip_total_size_limit(world, monkeypatch):
    monkeypatch.setattr("spreadsheets.reader.MAX_UNCOMPRESSED", 10_000)
    assert "压缩炸弹" in file_error(world, "roster", GOOD_ROSTER)


def test_zip_with_too_many_entries(world):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i in range(2100):
            z.writestr(f"x/{i}", b"")
    assert "文件过多" in file_error(world, "roster", buf.getvalue())


def test_zip_that_is_not_a_workbook(world):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", b"hello")
    assert "不是 Excel 工作簿" in file_error(world, "roster", buf.getvalue())


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>教共体名称</t></is></c><c r="B1" t="inlineStr"><is><t>核心校</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>&lol3;</t></is></c><c r="B2" t="inlineStr"><is><t>甲小学</t></is></c></row>
</sheetData></worksheet>""".encode()


def test_xml_entity_expansion(world):
    data = replace_in_zip(GOOD_ROSTER, "xl/worksheets/sheet1.xml", BILLION_LAUGHS)
    assert (
        file_error(world, "roster", data)
        == "文件含有不安全的 XML 内容（实体定义，疑似 XML 攻击），已拒绝。"
    )


def test_xml_entity_expansion_in_shared_strings(world):
    sst = BILLION_LAUGHS.split(b"<worksheet")[0] + (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol3;</t></si></sst>'
    )
    rels = (
        zipfile.ZipFile(io.BytesIO(GOOD_ROSTER))
        .read("xl/_rels/workbook.xml.rels")
        .replace(
            b"</Relationships>",
            b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
    )
    types = (
        zipfile.ZipFile(io.BytesIO(GOOD_ROSTER))
        .read("[Content_Types].xml")
        .replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
    )
    data = replace_in_zip(
        GOOD_ROSTER, "xl/_rels/workbook.xml.rels", rels, add={"xl/sharedStrings.xml": sst}
    )
    data = replace_in_zip(data, "[Content_Types].xml", types)
    assert (
        file_error(world, "roster", data)
        == "文件含有不安全的 XML 内容（实体定义，疑似 XML 攻击），已拒绝。"
    )


def test_unknown_schools_in_a_teacher_file(world):
    data = xlsx(
        [
            TEACHER_HEADER,
            ["不存在的学校", "王老师", "男", 1980, "本科", "2015-09-01", ""],
            [world.core_school.name, "新老师", "女", 1990, "本科", "", ""],
        ]
    )
    assert run(world, "teachers", data) == [
        (2, "学校", "学校「不存在的学校」在本教育局不存在，请先导入学校名单。")
    ]


def test_teacher_of_another_district_school_is_unknown(world):
    data = xlsx([TEACHER_HEADER, [world.other_school.name, "王老师", "男", 1980, "本科", "", ""]])
    assert run(world, "teachers", data)[0][1] == "学校"


def test_duplicate_rows_in_teacher_file(world):
    row = [world.core_school.name, "新老师", "女", 1990, "本科", "", "T9"]
    assert run(world, "teachers", xlsx([TEACHER_HEADER, row, row])) == [
        (3, "工号", "与第 2 行重复（同一学校的同一教师）。")
    ]


def test_duplicate_rows_in_school_file(world):
    row = ["新中心小学", "", "小学", "镇区", ""]
    assert run(
        world, "schools", xlsx([SCHOOL_HEADER, row, ["新中心 小学", "", "小学", "镇区", ""]])
    ) == [(3, "学校名称", "与第 2 行重复（同名学校）。")]


def test_duplicate_rows_in_roster(world):
    row = [1, "新教共体", "新中心小学", "新村小学", "小学"]
    assert run(world, "roster", xlsx([ROSTER_HEADER, row, row])) == [
        (3, "教共体名称", "与第 2 行重复（同名教共体）。")
    ]


def test_school_in_two_communities(world):
    data = xlsx(
        [
            ROSTER_HEADER,
            [1, "甲教共体", "甲中心小学", "共用小学", "小学"],
            [2, "乙教共体", "乙中心小学", "乙村小学、共用小学", "小学"],
        ]
    )
    assert run(world, "roster", data) == [
        (3, "成员校", "「共用小学」同时出现在第 2 行「甲教共体」中，一所学校只能属于一个教共体。")
    ]


def test_nested_school_in_two_communities(world):
    data = xlsx(
        [
            ROSTER_HEADER,
            [1, "甲教共体", "甲中心小学", "甲镇小学(共用教学点)", "小学"],
            [2, "乙教共体", "乙中心小学", "乙镇小学（共用教学点）", "小学"],
        ]
    )
    assert run(world, "roster", data)[0][0:2] == (3, "成员校")


def test_core_also_listed_as_member(world):
    data = xlsx([ROSTER_HEADER, [1, "甲教共体", "甲中心小学", "甲村小学、甲中心小学", "小学"]])
    assert run(world, "roster", data) == [
        (2, "成员校", "「甲中心小学」是本教共体的核心校，不能同时列为成员校。")
    ]


def test_unknown_stage(world):
    data = xlsx([ROSTER_HEADER, [1, "甲教共体", "甲中心小学", "", "大学"]])
    problems = run(world, "roster", data)
    assert [(r, c) for r, c, _ in problems] == [(2, "学段")]
    assert problems[0][2].startswith("「大学」不是有效的学段")


def test_unbalanced_parentheses_in_members(world):
    data = xlsx([ROSTER_HEADER, [1, "甲教共体", "甲中心小学", "甲镇小学（甲教学点", "小学"]])
    assert run(world, "roster", data) == [(2, "成员校", "括号不配对：缺少右括号「)」。")]


def test_nested_school_listed_on_its_own(world):
    data = xlsx([ROSTER_HEADER, [1, "甲教共体", "甲中心小学", "河口教学点", "小学"]])
    assert run(world, "roster", data)[0][0:2] == (2, "成员校")


def test_invalid_school_code(world):
    data = xlsx([SCHOOL_HEADER, ["新中心小学", "35100", "小学", "镇区", ""]])
    assert run(world, "schools", data) == [
        (2, "学校标识码", "「35100」不是 10 位数字的学校标识码。")
    ]


def test_school_code_of_another_district(world):
    world.other_school.code = "8880000001"
    world.other_school.save()
    data = xlsx([SCHOOL_HEADER, ["新中心小学", "8880000001", "小学", "镇区", ""]])
    assert run(world, "schools", data) == [
        (2, "学校标识码", "学校标识码 8880000001 已被其他教育局的学校使用。")
    ]


def test_invalid_dates_and_choices_in_teacher_file(world):
    data = xlsx(
        [TEACHER_HEADER, [world.core_school.name, "新老师", "未知", 1890, "本科", "2015-13-45", ""]]
    )
    problems = run(world, "teachers", data)
    assert [(r, c) for r, c, _ in problems] == [(2, "性别"), (2, "出生年份"), (2, "到校日期")]
    assert problems[2][2] == "「2015-13-45」不是有效日期（应写成 2015-09-01）。"


def test_formulas_in_cells(world):
    data = xlsx([ROSTER_HEADER, [1, "甲教共体", '=A1&"小学"', "", "小学"]])
    problems = run(world, "roster", data)
    assert problems[0][0:2] == (2, "核心校")
    assert "公式" in problems[0][2]


def test_one_bad_row_writes_nothing_of_the_good_rows(world):
    data = xlsx(
        [SCHOOL_HEADER, ["好学校", "", "小学", "镇区", ""], ["坏学校", "", "大学", "镇区", ""]]
    )
    problems = run(world, "schools", data)
    assert [(r, c) for r, c, _ in problems] == [(3, "学段")]
    assert not School.objects.filter(name="好学校").exists()


def test_missing_parent_school(world):
    data = xlsx([SCHOOL_HEADER, ["新教学点", "", "小学", "乡村", "没有的中心校"]])
    assert run(world, "schools", data) == [
        (2, "上级学校", "上级学校在本表和系统中都不存在，请先导入上级学校。")
    ]


def test_parent_cycle_in_file(world):
    data = xlsx(
        [SCHOOL_HEADER, ["甲校", "", "小学", "乡村", "乙校"], ["乙校", "", "小学", "乡村", "甲校"]]
    )
    assert [(r, c) for r, c, _ in run(world, "schools", data)] == [(2, "上级学校"), (3, "上级学校")]


@pytest.mark.parametrize("kind", ["schools", "teachers", "roster"])
def test_unreadable_csv_encoding_still_reads_or_rejects(world, kind):
    # Bytes valid in neither UTF-8 nor GB18030 cannot happen for GB18030 (it maps every byte
    # sequence), so a random binary-ish CSV is rejected as not a table instead.
    data = b"\xff\xfe\x00\x00" * 100
    assert "改了扩展名" in file_error(world, kind, data, "名单.csv")


def test_estimate_rows_reads_dimension_or_counts_rows():
    from spreadsheets.reader import estimate_rows

    rows = [ROSTER_HEADER] + [[i, f"教共体{i}", f"核心{i}小学", "", "小学"] for i in range(30)]
    assert estimate_rows(xlsx(rows, title="标题"), "a.xlsx") == 32
    without_dimension = replace_in_zip(
        xlsx(rows),
        "xl/worksheets/sheet1.xml",
        re.sub(
            rb"<dimension[^>]*/>",
            b"",
            zipfile.ZipFile(io.BytesIO(xlsx(rows))).read("xl/worksheets/sheet1.xml"),
        ),
    )
    sheet = zipfile.ZipFile(io.BytesIO(without_dimension)).read("xl/worksheets/sheet1.xml")
    assert b"<dimension" not in sheet
    assert estimate_rows(without_dimension, "a.xlsx") == 31
    assert estimate_rows(csv_bytes(rows), "a.csv") == 31

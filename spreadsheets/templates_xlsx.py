"""Downloadable import templates (.xlsx): header, example rows, drop-downs and a 说明 sheet.

The headers are the import columns. Choice columns get a list validation whose values sit on a
hidden sheet (选项), so long lists work and the labels are the ones the importer accepts
(schools.enums / communities.enums labels, 是/否 for flags).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from communities.enums import CommunityStage
from schools.enums import (
    BackboneLevel,
    Education,
    Gender,
    Locale,
    StaffPosition,
    Stage,
    Subject,
    Title,
)

from .roster_format import format_members

TEMPLATE_KINDS = ("schools", "teachers", "roster")
TEMPLATE_ROWS = 20000  # rows covered by the drop-downs below the header
OPTIONS_SHEET = "选项"
YES_NO = ("是", "否")


def _labels(choices) -> tuple[str, ...]:
    return tuple(str(label) for _, label in choices.choices)


@dataclass(frozen=True)
class TemplateColumn:
    header: str
    help: str
    required: bool = False
    choices: tuple[str, ...] | None = None
    # "stop" rejects other values; "information" lets the user type something else.
    error_style: str = "stop"
    whole: tuple[int, int] | None = None  # whole-number range
    text: bool = False  # keep as text (codes with leading zeros)
    width: float = 14


@dataclass(frozen=True)
class ImportTemplate:
    kind: str
    title: str
    columns: tuple[TemplateColumn, ...]
    examples: tuple[tuple[Any, ...], ...]
    notes: tuple[str, ...] = field(default=())

    def filename(self) -> str:
        return f"{self.title}.xlsx"


SCHOOLS = ImportTemplate(
    kind="schools",
    title="学校导入模板",
    columns=(
        TemplateColumn(
            "学校名称",
            "学校全称。同一教育局内不能重名（比较时忽略全角半角与空格）；"
            "与系统中已有学校同名时更新该校。",
            required=True,
            width=28,
        ),
        TemplateColumn("学校标识码", "10 位国家学校标识码，未知可不填。", text=True, width=14),
        TemplateColumn(
            "学段", "从下拉列表中选择。", required=True, choices=_labels(Stage), width=11
        ),
        TemplateColumn(
            "城乡类别", "从下拉列表中选择。", required=True, choices=_labels(Locale), width=10
        ),
        TemplateColumn("乡镇", "所在乡镇或街道。", width=14),
        TemplateColumn(
            "上级学校",
            "村小、教学点填写所属中心校的名称（该校须在本表或系统中）；其他学校留空。",
            width=24,
        ),
        TemplateColumn(
            "独立法人", "是否具有独立法人资格，不填视为「是」。", choices=YES_NO, width=9
        ),
        TemplateColumn("校长", "校长姓名。", width=10),
        TemplateColumn("联系电话", "办公电话或手机号。", text=True, width=16),
        TemplateColumn("在校学生数", "整数，不填视为 0。", whole=(0, 100000), width=11),
        TemplateColumn("班级数", "整数，不填视为 0。", whole=(0, 2000), width=8),
    ),
    examples=(
        (
            "城南镇中心小学",
            "3501000001",
            "小学",
            "镇区",
            "城南镇",
            "",
            "是",
            "张明",
            "0591-12345678",
            860,
            18,
        ),
        ("城南镇河口教学点", "", "小学", "乡村", "城南镇", "城南镇中心小学", "否", "", "", 24, 3),
    ),
)

TEACHERS = ImportTemplate(
    kind="teachers",
    title="教师导入模板",
    columns=(
        TemplateColumn(
            "学校",
            "所在学校的名称或 10 位学校标识码，须为系统中已有的学校。",
            required=True,
            error_style="warning",
            width=26,
        ),
        TemplateColumn("姓名", "教师姓名。", required=True, width=10),
        TemplateColumn(
            "性别", "从下拉列表中选择。", required=True, choices=_labels(Gender), width=6
        ),
        TemplateColumn("出生年份", "4 位年份，如 1986。", whole=(1940, 2010), width=9),
        TemplateColumn(
            "任教学科",
            "多个学科以「、」分隔，如：语文、道德与法治。",
            choices=_labels(Subject),
            error_style="information",
            width=16,
        ),
        TemplateColumn(
            "最高学历", "从下拉列表中选择。", required=True, choices=_labels(Education), width=12
        ),
        TemplateColumn(
            "职称", "从下拉列表中选择，不填视为「未定级」。", choices=_labels(Title), width=8
        ),
        TemplateColumn(
            "骨干级别",
            "从下拉列表中选择，不填视为「无」。",
            choices=_labels(BackboneLevel),
            width=10,
        ),
        TemplateColumn(
            "职务", "从下拉列表中选择，不填视为「教师」。", choices=_labels(StaffPosition), width=8
        ),
        TemplateColumn("班主任", "是否担任班主任，不填视为「否」。", choices=YES_NO, width=7),
        TemplateColumn("到校日期", "到本校工作的日期，日期格式，如 2015-09-01。", width=12),
        TemplateColumn(
            "工号", "学校或教育局编制的工号，可不填；填写时用于识别同一教师。", text=True, width=12
        ),
    ),
    examples=(
        (
            "城南镇中心小学",
            "张丽",
            "女",
            1986,
            "语文、道德与法治",
            "本科",
            "一级",
            "县级骨干",
            "教师",
            "是",
            datetime.date(2015, 9, 1),
            "T0001",
        ),
    ),
)

ROSTER = ImportTemplate(
    kind="roster",
    title="教共体名单导入模板",
    columns=(
        TemplateColumn("序号", "行号，可不填。", whole=(1, 100000), width=6),
        TemplateColumn("教共体名称", "教共体（教育集团、小片区）名称。", required=True, width=24),
        TemplateColumn("核心校", "核心校（总校、龙头校）名称。", required=True, width=24),
        TemplateColumn(
            "成员校",
            "成员校名称，以「、」分隔；中心校所属的村小、教学点写在其后的括号中，"
            "如：城南镇中心小学(城南镇河口教学点、城南镇石门小学)、江北镇中心小学。"
            "系统中没有的学校会被新建。",
            width=60,
        ),
        TemplateColumn(
            "学段", "从下拉列表中选择。", required=True, choices=_labels(CommunityStage), width=9
        ),
    ),
    examples=(
        (
            1,
            "城南教共体",
            "城关第一小学",
            format_members(
                [("城南镇中心小学", ["城南镇河口教学点", "城南镇石门小学"]), ("江北镇中心小学", [])]
            ),
            "小学",
        ),
    ),
)

TEMPLATES: dict[str, ImportTemplate] = {t.kind: t for t in (SCHOOLS, TEACHERS, ROSTER)}

GENERAL_NOTES = (
    "第一行为表头，请勿修改或删除列名；列的顺序可以调整。",
    "第二行起为示例数据，导入前请删除示例行，再逐行填写。",
    "带下拉箭头的列请从列表中选择；必填列不能为空。",
    "可保存为 .xlsx、.xls 或 .csv（UTF-8 或 GBK 编码均可）后上传，上传后先预览再确认导入。",
)


def write_template(
    template: ImportTemplate, target: IO[bytes] | str, *, school_names: Sequence[str] = ()
) -> None:
    """Write the template workbook. ``school_names`` fills the 学校 drop-down of teacher sheets."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = template.title.removesuffix("模板")
    options = workbook.create_sheet(OPTIONS_SHEET)
    options.sheet_state = "hidden"
    notes = workbook.create_sheet("说明")

    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="F8D7DA")
    optional_fill = PatternFill("solid", fgColor="DDE7F0")
    sheet.append([column.header for column in template.columns])
    for column, cell in zip(template.columns, sheet[1], strict=True):
        cell.font = bold
        cell.fill = required_fill if column.required else optional_fill
        cell.alignment = Alignment(horizontal="center")
    for example in template.examples:
        sheet.append(list(example))
    sheet.freeze_panes = "A2"

    option_column = 0
    for index, column in enumerate(template.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        cell_range = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
        if column.text:
            for row in range(2, len(template.examples) + 2):
                sheet[f"{letter}{row}"].number_format = "@"
        choices = column.choices
        if template.kind == "teachers" and column.header == "学校":
            choices = tuple(school_names) or None
        if choices:
            option_column += 1
            options_letter = get_column_letter(option_column)
            options.cell(row=1, column=option_column, value=column.header)
            for offset, label in enumerate(choices, start=2):
                options.cell(row=offset, column=option_column, value=label)
            formula = (
                f"{quote_sheetname(OPTIONS_SHEET)}!${options_letter}$2:"
                f"${options_letter}${len(choices) + 1}"
            )
            validation = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=True,
                errorStyle=column.error_style,
                showErrorMessage=True,
                errorTitle="输入有误",
                error=f"「{column.header}」请从下拉列表中选择。",
                showInputMessage=True,
                promptTitle=column.header,
                prompt=column.help[:250],
            )
        elif column.whole:
            low, high = column.whole
            validation = DataValidation(
                type="whole",
                operator="between",
                formula1=str(low),
                formula2=str(high),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="输入有误",
                error=f"「{column.header}」须为 {low} 到 {high} 之间的整数。",
            )
        else:
            continue
        validation.add(cell_range)
        sheet.add_data_validation(validation)

    notes.append([f"{template.title}填写说明"])
    notes["A1"].font = Font(bold=True, size=14)
    for number, line in enumerate(GENERAL_NOTES, start=1):
        notes.append([f"{number}. {line}"])
    notes.append([])
    notes.append(["列名", "是否必填", "可选值", "说明"])
    for cell in notes[notes.max_row]:
        cell.font = bold
        cell.fill = optional_fill
    for column in template.columns:
        listed = "、".join(column.choices) if column.choices else ""
        if template.kind == "teachers" and column.header == "学校":
            listed = "见下拉列表（您可查看的学校）" if school_names else ""
        notes.append([column.header, "必填" if column.required else "选填", listed, column.help])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in notes.iter_rows(min_row=len(GENERAL_NOTES) + 3):
        for cell in row:
            cell.alignment = wrap
    for letter, width in zip("ABCD", (14, 10, 40, 70), strict=True):
        notes.column_dimensions[letter].width = width
    workbook.active = 0
    workbook.save(target)

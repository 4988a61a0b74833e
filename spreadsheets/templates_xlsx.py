"""Downloadable import templates (.xlsx): header, example rows, drop-downs and a 说明 sheet.

Generated from the entity's column declaration (``spreadsheets.columns``): the headers are the
import columns, in order; choice columns get a list validation whose values sit on a hidden
sheet (选项), so long lists work and the labels are the ones the importer accepts; whole-number
columns get their range; the 说明 sheet repeats each column's help. A column whose choices
depend on the user (the teacher sheet's 学校: the schools the user may see) gets them from the
template's ``user_choices``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO

from .columns import ColumnSet, SheetColumn

TEMPLATE_ROWS = 20000  # rows covered by the drop-downs below the header
OPTIONS_SHEET = "选项"


@dataclass(frozen=True)
class ImportTemplate:
    kind: str
    title: str
    columns: ColumnSet
    # label → the user's own choices for that column, and how the 说明 sheet names them.
    user_choices: Mapping[str, Callable[[object], Sequence[str]]] = field(default_factory=dict)
    user_choices_note: str = "见下拉列表"

    @property
    def template_columns(self) -> tuple[SheetColumn, ...]:
        return self.columns.imported

    @property
    def headers(self) -> list[str]:
        return [column.label for column in self.template_columns]

    @property
    def examples(self) -> list[list]:
        count = max((len(c.examples) for c in self.template_columns), default=0)
        return [
            [c.examples[i] if i < len(c.examples) else None for c in self.template_columns]
            for i in range(count)
        ]

    def choices_for(self, user) -> dict[str, list[str]]:
        return {label: list(choices(user)) for label, choices in self.user_choices.items()}

    def filename(self) -> str:
        return f"{self.title}.xlsx"


GENERAL_NOTES = (
    "第一行为表头，请勿修改或删除列名；列的顺序可以调整。",
    "第二行起为示例数据，导入前请删除示例行，再逐行填写。",
    "带下拉箭头的列请从列表中选择；必填列不能为空。",
    "可保存为 .xlsx、.xls 或 .csv（UTF-8 或 GBK 编码均可）后上传，上传后先预览再确认导入。",
)
FILLED_NOTE = "第二行起为按当前数据预先填好的行：只需填写或修改要导入的单元格，用不到的行可以删除。"


def write_template(
    template: ImportTemplate,
    target: IO[bytes] | str,
    *,
    choices: Mapping[str, Sequence[str]] | None = None,
    rows: Sequence[Sequence] | None = None,
) -> None:
    """Write the template workbook. ``choices`` fills the user-dependent drop-downs by label
    (``template.choices_for(user)``). ``rows``: a sheet pre-filled for the user (one value per
    template column) in place of the example rows, and the 说明 sheet says so."""
    # openpyxl is imported lazily: a heavy library only this download needs.
    from openpyxl import Workbook  # noqa: PLC0415
    from openpyxl.styles import Alignment, Font, PatternFill  # noqa: PLC0415
    from openpyxl.utils import get_column_letter, quote_sheetname  # noqa: PLC0415
    from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = template.title.removesuffix("模板")
    options = workbook.create_sheet(OPTIONS_SHEET)
    options.sheet_state = "hidden"
    notes = workbook.create_sheet("说明")

    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="F8D7DA")
    optional_fill = PatternFill("solid", fgColor="DDE7F0")
    choices = choices or {}
    columns = template.template_columns
    sheet.append(template.headers)
    for column, cell in zip(columns, sheet[1], strict=True):
        cell.font = bold
        cell.fill = required_fill if column.marked_required else optional_fill
        cell.alignment = Alignment(horizontal="center")
    body = template.examples if rows is None else [list(row) for row in rows]
    for example in body:
        sheet.append(example)
    sheet.freeze_panes = "A2"

    option_column = 0
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        cell_range = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
        if column.text:
            for row in range(2, len(body) + 2):
                sheet[f"{letter}{row}"].number_format = "@"
        offered = column.choices
        if column.label in template.user_choices:
            offered = tuple(choices.get(column.label, ()))
        if offered:
            option_column += 1
            options_letter = get_column_letter(option_column)
            options.cell(row=1, column=option_column, value=column.label)
            for offset, label in enumerate(offered, start=2):
                options.cell(row=offset, column=option_column, value=label)
            formula = (
                f"{quote_sheetname(OPTIONS_SHEET)}!${options_letter}$2:"
                f"${options_letter}${len(offered) + 1}"
            )
            validation = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=True,
                errorStyle=column.error_style,
                showErrorMessage=True,
                errorTitle="输入有误",
                error=f"「{column.label}」请从下拉列表中选择。",
                showInputMessage=True,
                promptTitle=column.label,
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
                error=f"「{column.label}」须为 {low} 到 {high} 之间的整数。",
            )
        else:
            continue
        validation.add(cell_range)
        sheet.add_data_validation(validation)

    notes.append([f"{template.title}填写说明"])
    notes["A1"].font = Font(bold=True, size=14)
    general = GENERAL_NOTES if rows is None else (GENERAL_NOTES[0], FILLED_NOTE, *GENERAL_NOTES[2:])
    for number, line in enumerate(general, start=1):
        notes.append([f"{number}. {line}"])
    notes.append([])
    notes.append(["列名", "是否必填", "可选值", "说明"])
    for cell in notes[notes.max_row]:
        cell.font = bold
        cell.fill = optional_fill
    for column in columns:
        listed = "、".join(column.choices) if column.choices else ""
        if column.label in template.user_choices:
            listed = template.user_choices_note if choices.get(column.label) else ""
        notes.append(
            [column.label, "必填" if column.marked_required else "选填", listed, column.help]
        )
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in notes.iter_rows(min_row=len(GENERAL_NOTES) + 3):
        for cell in row:
            cell.alignment = wrap
    for letter, width in zip("ABCD", (14, 10, 40, 70), strict=True):
        notes.column_dimensions[letter].width = width
    workbook.active = 0
    workbook.save(target)

"""The spreadsheet columns of an exchange plan, declared once: the import template, the plan
import, the list export and the 备案 sheet's labels all come from here."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from core.school_year import SchoolYear, Semester
from core.text import clean_digits, clean_text
from schools.enums import BackboneLevel, Gender, Title
from spreadsheets.columns import CellError, ColumnSet, SheetColumn, choice_column

from ..enums import AssessmentResult, Direction, ExchangeKind, ExchangeStatus

HOST_SEPARATORS = re.compile(r"[、，,;；/\n]+")


def parse_school_year(value) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(int(value))
    try:
        return SchoolYear.parse(clean_digits(str(value))).start
    except ValueError as exc:
        raise CellError(str(exc)) from exc


def year_cell(value) -> str:
    return SchoolYear(value).label if value else ""


def parse_money(value) -> Decimal:
    text = clean_digits(str(value)).replace("元", "").replace(",", "").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise CellError(f"「{value}」不是金额（填数字，如 300）。") from exc
    if amount < 0 or amount >= Decimal("10000000"):
        raise CellError(f"金额 {amount} 超出范围。")
    return amount.quantize(Decimal("0.01"))


def parse_hosts(value) -> list[str]:
    names = [clean_text(part) for part in HOST_SEPARATORS.split(str(value))]
    return [name for name in names if name]


def _labels(choices):
    table = dict(choices.choices)
    return lambda value: table.get(value, value)


SEMESTER_WORDS = {
    "秋季": Semester.AUTUMN,
    "秋": Semester.AUTUMN,
    "上学期": Semester.AUTUMN,
    "第一学期": Semester.AUTUMN,
    "春季": Semester.SPRING,
    "春": Semester.SPRING,
    "下学期": Semester.SPRING,
    "第二学期": Semester.SPRING,
}

TEACHER_NAME = SheetColumn(
    "姓名",
    ("教师姓名", "交流教师"),
    export="teacher__name",
    required=True,
    help="交流教师的姓名，须为派出学校在系统中的教师。",
    width=10,
    examples=("张丽",),
)
HOME_SCHOOL = SheetColumn(
    "派出学校",
    ("原学校", "所在学校", "派出单位"),
    export="home_school__name",
    required=True,
    help="教师人事关系所在学校（名称或 10 位学校标识码）。",
    width=22,
    examples=("城关第一小学",),
)
HOSTS = SheetColumn(
    "接收学校",
    ("交流学校", "接收单位", "支教学校"),
    export="host_names",
    required=True,
    help="接收学校名称；走教可填多所，以「、」分隔。",
    width=26,
    examples=("河口小学",),
)
KIND = choice_column(
    "交流方式",
    ExchangeKind,
    extra={
        "轮岗": ExchangeKind.ROTATION,
        "跟岗": ExchangeKind.SHADOW,
        "送教下乡": ExchangeKind.DELIVERY,
    },
    synonyms=("交流形式", "类型"),
    field="kind",
    required=True,
    help="从下拉列表中选择。",
    width=10,
    examples=("交流轮岗",),
)
START_YEAR = SheetColumn(
    "开始学年",
    ("起始学年",),
    field="start_year",
    parse=parse_school_year,
    to_cell=year_cell,
    required=True,
    help="如 2025-2026。",
    text=True,
    width=11,
    examples=("2025-2026",),
)
START_SEMESTER = choice_column(
    "开始学期",
    Semester,
    extra=SEMESTER_WORDS,
    field="start_semester",
    required=True,
    help="秋季学期或春季学期。",
    width=10,
    examples=("秋季学期",),
)
END_YEAR = SheetColumn(
    "结束学年",
    (),
    field="end_year",
    parse=parse_school_year,
    to_cell=year_cell,
    required=True,
    help="如 2025-2026（交流一般为 1—2 个学年）。",
    text=True,
    width=11,
    examples=("2025-2026",),
)
END_SEMESTER = choice_column(
    "结束学期",
    Semester,
    extra=SEMESTER_WORDS,
    field="end_semester",
    required=True,
    help="秋季学期或春季学期。",
    width=10,
    examples=("春季学期",),
)


def _money_column(label: str, field: str, synonyms=()) -> SheetColumn:
    return SheetColumn(
        label,
        synonyms,
        field=field,
        parse=parse_money,
        help="元/月，可不填。",
        width=12,
        examples=(0,),
    )


def _info(label: str, path: str, choices=None, width: float = 10) -> SheetColumn:
    """A column the export shows and the import reads past (the teacher's registry data)."""
    return SheetColumn(
        label,
        export=path,
        to_cell=_labels(choices) if choices is not None else None,
        imported=False,
        width=width,
    )


EXCHANGE_COLUMNS = ColumnSet(
    (
        TEACHER_NAME,
        _info("性别", "teacher__gender", Gender, 6),
        _info("学科", "teacher__subjects", None, 12),
        _info("职称", "teacher__title", Title, 8),
        _info("骨干级别", "teacher__backbone_level", BackboneLevel, 10),
        HOME_SCHOOL,
        HOSTS,
        KIND,
        START_YEAR,
        START_SEMESTER,
        END_YEAR,
        END_SEMESTER,
        SheetColumn(
            "目标任务",
            ("交流任务", "工作任务", "目标"),
            field="tasks",
            parse=clean_text,
            help="交流期间的目标任务，可不填。",
            width=30,
            examples=("承担六年级数学教学，指导青年教师 2 名",),
        ),
        _money_column("乡镇工作津贴", "subsidy_township", ("乡镇津贴",)),
        _money_column("交通补贴", "subsidy_transport"),
        _money_column("乡村教师生活补贴", "subsidy_rural", ("生活补贴",)),
        _info("状态", "status", ExchangeStatus, 8),
        _info("交流方向", "direction", Direction, 12),
        _info("教共体", "community__name", None, 18),
        _info("考核结果", "result", AssessmentResult, 8),
        SheetColumn(
            "备注",
            (),
            field="note",
            parse=clean_text,
            help="可不填。",
            width=16,
            examples=("",),
        ),
    )
)

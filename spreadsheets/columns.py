"""One declaration per spreadsheet column, and the cell parsers they use.

A domain app declares each entity's columns once, as a :class:`ColumnSet` of
:class:`SheetColumn` (label, synonyms, parser, the stored value's cell form, template help and
choices). Everything else is generated from that declaration: the reader's header plan
(:meth:`ColumnSet.reader_columns`), the import template (``templates_xlsx``), the list export
(``exports``) and the admin's django-import-export Resource (``resources``). Changing a label or
a choice list in the declaration changes all of them.

Range rules come from the model where the model has them (:func:`model_checked` runs a model
field's validators on the parsed value), so an import refuses exactly what a form refuses.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from core.text import clean_digits, clean_text, name_key

from .reader import Column

YES, NO = "是", "否"
TRUE_WORDS = {"是", "有", "y", "yes", "true", "1", "√", "✓"}
FALSE_WORDS = {"否", "无", "n", "no", "false", "0", "×", "x"}
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?$")
# Excel's day 0 (its 1900 leap-year bug makes 1899-12-30 the right origin for serials > 60).
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_EXCEL_LAST_SERIAL = 2_958_465  # 9999-12-31


class CellError(ValueError):
    """A cell's value cannot be used; the message is shown to the user as is."""


Parser = Callable[[Any], Any]


# --- the declaration -------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetColumn:
    """One spreadsheet column of an entity, for import, template, export and admin alike."""

    label: str
    synonyms: tuple[str, ...] = ()
    # The model attribute the column reads and writes (None: the importer handles it itself).
    field: str | None = None
    # Cell → value to store; raises CellError. None: the importer reads the cleaned text.
    parse: Parser | None = None
    # ``values_list`` path for exports; "" means ``field``; None: not exported.
    export: str | None = ""
    # Stored value → what the cell shows (choice labels, 是/否); None: the value itself.
    to_cell: Callable[[Any], Any] | None = None
    imported: bool = True  # False: an export-only column (counts, annotations)
    required: bool = False  # the header must have it and every row must fill it
    required_for_new: bool = False  # a new row must fill it (template: 必填)
    multiline: bool = False  # keep line breaks (the roster's 成员校 cell)
    # The template: help text, drop-down labels, whole-number range, text format, width.
    help: str = ""
    choices: tuple[str, ...] = ()
    error_style: str = "stop"  # "stop" rejects other values; "information"/"warning" allow them
    whole: tuple[int, int] | None = None
    text: bool = False
    width: float = 14
    examples: tuple = ()  # the template's example rows, one value per row
    # A django-import-export widget factory for the admin Resource (foreign keys).
    widget: Callable[[], Any] | None = None

    @property
    def export_path(self) -> str | None:
        if self.export is None:
            return None
        return self.export or self.field

    @property
    def marked_required(self) -> bool:
        return self.required or self.required_for_new

    def reader_column(self) -> Column:
        return Column(self.label, self.synonyms, required=self.required, multiline=self.multiline)

    def cell(self, value):
        """The stored value as the export and the Resource show it."""
        return self.to_cell(value) if self.to_cell is not None else value


@dataclass(frozen=True)
class ColumnSet:
    """An entity's columns in sheet order; the single source of the generated artefacts."""

    columns: tuple[SheetColumn, ...]

    def __iter__(self) -> Iterator[SheetColumn]:
        return iter(self.columns)

    def __getitem__(self, label: str) -> SheetColumn:
        for column in self.columns:
            if column.label == label:
                return column
        raise KeyError(label)

    @property
    def imported(self) -> tuple[SheetColumn, ...]:
        return tuple(c for c in self.columns if c.imported)

    @property
    def exported(self) -> tuple[SheetColumn, ...]:
        return tuple(c for c in self.columns if c.export_path is not None)

    def reader_columns(self) -> list[Column]:
        """The reader's header plan: label and synonyms of every imported column."""
        return [c.reader_column() for c in self.imported]

    def parsed_fields(self) -> dict[str, tuple[str, Parser]]:
        """label → (model attribute, parser) of the columns an importer copies onto the row."""
        return {
            c.label: (c.field, c.parse)
            for c in self.imported
            if c.field is not None and c.parse is not None
        }


# --- parsers ---------------------------------------------------------------------------------


def choice_lookup(choices, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """name_key(label or value or synonym) → stored value."""
    table = {}
    for value, label in choices.choices:
        table[name_key(str(label))] = value
        table[name_key(str(value))] = value
    for key, value in (extra or {}).items():
        table[name_key(key)] = value
    return table


def parse_choice(value, table: Mapping[str, str], label: str, allowed: Iterable[str]) -> str:
    """The stored value of a label or synonym; else a message naming the canonical labels
    (``allowed``, the choices' own labels in their order), never the synonyms."""
    key = name_key(str(value))
    if key in table:
        return table[key]
    raise CellError(f"「{value}」不是有效的{label}（可填：{'、'.join(allowed)}）。")


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    key = name_key(str(value))
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    raise CellError(f"「{value}」应填“是”或“否”。")


def parse_int(value, *, low: int = 0, high: int = 1_000_000) -> int:
    if isinstance(value, bool):
        raise CellError(f"「{value}」不是整数。")
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(f"「{value}」不是整数。")
        value = int(value)
    if isinstance(value, str):
        text = clean_digits(value)
        if not re.fullmatch(r"-?\d+", text):
            raise CellError(f"「{value}」不是整数。")
        value = int(text)
    if not isinstance(value, int):
        raise CellError(f"「{value}」不是整数。")
    if value < low or value > high:
        raise CellError(f"{value} 超出允许范围（{low}–{high}）。")
    return value


def parse_date(value) -> datetime.date:
    """A date cell: a real date, an Excel date serial, or text such as 2015-09-01 / 2015年9月.

    A number that is not a whole day serial is refused: Excel stores a typed ``2015.10`` as the
    number 2015.1, which must not become 2015-01-01.
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise CellError(f"「{value}」不是有效日期（应写成 2015-09-01）。")
    if isinstance(value, float) and not value.is_integer():
        raise CellError(
            f"「{value}」是数字而不是日期（Excel 会把 2015.10 存成 2015.1），"
            "请写成 2015-10-01 这样的日期，或把该列设为文本后重新填写。"
        )
    if isinstance(value, int | float):
        return _from_number(int(value))
    text = clean_digits(value)
    m = _DATE.match(text)
    if not m and re.fullmatch(r"\d{8}", text):
        m = re.match(r"(\d{4})(\d{2})(\d{2})", text)
    if m:
        try:
            return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
        except ValueError:
            pass
    raise CellError(f"「{value}」不是有效日期（应写成 2015-09-01）。")


def _from_number(number: int) -> datetime.date:
    """A whole number in a date column: 20150901, or an Excel day serial (a date cell whose
    date format was lost); anything else is refused."""
    text = str(number)
    if len(text) == 8:
        try:
            return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            pass
    if 60 < number <= _EXCEL_LAST_SERIAL and len(text) != 4:
        return _EXCEL_EPOCH + datetime.timedelta(days=number)
    raise CellError(f"「{number}」不是有效日期（应写成 2015-09-01）。")


def parse_year(value) -> int:
    """A year cell: 1986, '1986年', a date or '1986-05'. Anything else gets a year message."""
    if isinstance(value, datetime.date):
        return value.year
    if isinstance(value, str) and re.fullmatch(r"\d{4}年?", clean_digits(value)):
        return int(clean_digits(value)[:4])
    try:
        if isinstance(value, str):
            return parse_date(value).year
        return parse_int(value, low=0, high=9999)
    except CellError:
        raise CellError(f"「{value}」不是有效年份（应写成 1986 或 1986年）。") from None


def parse_code(value) -> str:
    text = clean_digits(value)
    if not re.fullmatch(r"\d{10}", text):
        raise CellError(f"「{value}」不是 10 位数字的学校标识码。")
    return text


def parse_text(value) -> str:
    return clean_text(value)


def model_checked(model, field_name: str, parse: Parser = parse_text) -> Parser:
    """``parse``, then the model field's own validators (length, range): one rule, one place."""
    model_field = model._meta.get_field(field_name)

    def parse_and_check(value):
        parsed = parse(value)
        try:
            model_field.run_validators(parsed)
        except ValidationError as exc:
            raise CellError("；".join(exc.messages)) from exc
        return parsed

    return parse_and_check


def model_range(model, field_name: str) -> tuple[int, int]:
    """(min, max) of a model field's Min/MaxValueValidators, for a template's whole-number rule."""
    low = high = None
    for validator in model._meta.get_field(field_name).validators:
        if isinstance(validator, MinValueValidator):
            low = validator.limit_value
        elif isinstance(validator, MaxValueValidator):
            high = validator.limit_value
    if low is None or high is None:
        raise ValueError(f"{model.__name__}.{field_name} has no value range")
    return low, high


# --- column factories ------------------------------------------------------------------------


def choice_column(
    label: str, choices, *, extra: Mapping[str, str] | None = None, **options
) -> SheetColumn:
    """A column of a TextChoices field: parses labels and synonyms, shows labels, offers them."""
    table = choice_lookup(choices, extra)
    labels = {value: str(text) for value, text in choices.choices}
    return SheetColumn(
        label,
        parse=lambda value: parse_choice(value, table, label, labels.values()),
        to_cell=lambda value: labels.get(value, value),
        choices=tuple(labels.values()),
        **options,
    )


def yes_no_column(label: str, **options) -> SheetColumn:
    return SheetColumn(
        label,
        parse=parse_bool,
        to_cell=lambda value: YES if value else NO,
        choices=(YES, NO),
        **options,
    )


def int_column(label: str, *, low: int, high: int, **options) -> SheetColumn:
    return SheetColumn(
        label,
        parse=lambda value: parse_int(value, low=low, high=high),
        whole=(low, high),
        **options,
    )


@dataclass
class Memo:
    """Parsers are pure and a column repeats few values: remember each answer per column."""

    answers: dict = field(default_factory=dict)

    def parse(self, label: str, parse: Parser, raw):
        key = (label, type(raw), raw)
        try:
            answer = self.answers[key]
        except KeyError:
            try:
                answer = parse(raw)
            except CellError as exc:
                answer = exc
            self.answers[key] = answer
        if isinstance(answer, CellError):
            raise answer
        return answer

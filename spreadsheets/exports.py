"""Spreadsheet builders: list exports (.xlsx / .csv) and the county's published roster.

Views and commands hand these functions an already scoped queryset (from the list selectors or
``access.communities_visible_to``); nothing here decides who may see what.

Big exports keep memory flat: rows come from ``values_list(...).iterator(chunk_size=2000)`` as
tuples, go through one converter per column (choice labels, 是/否, formula escaping) and are
written by ``xlsx_writer`` (XlsxWriter in constant_memory mode; see there for why) or by
``csv`` in batches for a streaming response. The small, styled roster workbook uses openpyxl,
imported lazily.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import quote

from django.db.models import QuerySet

from communities.enums import Closeness, CommunityKind, CommunityModel, CommunityStage, MemberRole
from schools.enums import BackboneLevel, Education, Gender, Locale, StaffPosition, Stage, Title

from .escape import escape_formula
from .roster_format import format_members, format_school
from .xlsx_writer import write_sheet

CHUNK_SIZE = 2000
CSV_BATCH_ROWS = 1000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")
YES, NO = "是", "否"


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


@dataclass(frozen=True)
class Column:
    """One exported column: its Chinese header, the ``values_list`` field, its width."""

    header: str
    field: str
    width: float = 14
    labels: Mapping[str, str] | None = None  # choice value -> label shown
    boolean: bool = False

    def converter(self) -> Callable[[Any], Any]:
        if self.labels is not None:
            labels = self.labels
            return lambda value: escape_formula(labels.get(value, value))
        if self.boolean:
            return lambda value: YES if value else NO
        return escape_formula


@dataclass(frozen=True)
class ExportSpec:
    """A list page's export: file title, sheet name, columns and the selector giving rows."""

    name: str
    title: str
    columns: tuple[Column, ...]
    selector: Callable[..., QuerySet]

    def queryset(self, *, user, params) -> QuerySet:
        return self.selector(user=user, params=params)

    def filename(self, fmt: str, today: datetime.date) -> str:
        return f"{self.title}-{today:%Y%m%d}.{fmt}"

    def ascii_filename(self, fmt: str, today: datetime.date) -> str:
        return f"{self.name}-{today:%Y%m%d}.{fmt}"


def _school_list(*, user, params):
    from schools.selectors import school_list

    return school_list(user=user, params=params)


def _teacher_list(*, user, params):
    from schools.selectors import teacher_list

    return teacher_list(user=user, params=params)


def _community_list(*, user, params):
    from communities.selectors import community_list

    return community_list(user=user, params=params)


SCHOOL_COLUMNS = (
    Column("学校名称", "name", 28),
    Column("学校标识码", "code", 14),
    Column("学段", "stage", 11, labels=_labels(Stage)),
    Column("城乡类别", "locale", 9, labels=_labels(Locale)),
    Column("乡镇", "township", 14),
    Column("上级学校", "parent__name", 24),
    Column("独立法人", "is_legal_entity", 9, boolean=True),
    Column("校长", "principal", 10),
    Column("联系电话", "phone", 16),
    Column("在校学生数", "students", 11),
    Column("班级数", "classes", 8),
    Column("所属教共体", "community_name_now", 24),
    Column("教师数", "teacher_count", 8),
)

TEACHER_COLUMNS = (
    Column("学校", "school__name", 26),
    Column("姓名", "name", 10),
    Column("性别", "gender", 6, labels=_labels(Gender)),
    Column("出生年份", "birth_year", 9),
    Column("任教学科", "subjects", 16),
    Column("最高学历", "education", 12, labels=_labels(Education)),
    Column("职称", "title", 8, labels=_labels(Title)),
    Column("骨干级别", "backbone_level", 10, labels=_labels(BackboneLevel)),
    Column("职务", "position", 8, labels=_labels(StaffPosition)),
    Column("班主任", "is_head_teacher", 7, boolean=True),
    Column("到校日期", "joined_school_on", 12),
    Column("工号", "staff_number", 12),
)

COMMUNITY_COLUMNS = (
    Column("教共体名称", "name", 26),
    Column("类型", "kind", 10, labels=_labels(CommunityKind)),
    Column("紧密程度", "closeness", 9, labels=_labels(Closeness)),
    Column("模式", "model", 11, labels=_labels(CommunityModel)),
    Column("学段", "stage", 8, labels=_labels(CommunityStage)),
    Column("核心校", "core_school_name", 26),
    Column("成员校数", "member_count", 9),
    Column("成员校上限", "member_limit", 10),
    Column("成立日期", "founded_on", 12),
    Column("撤销日期", "dissolved_on", 12),
)

EXPORTS: dict[str, ExportSpec] = {
    "schools": ExportSpec("schools", "学校名单", SCHOOL_COLUMNS, _school_list),
    "teachers": ExportSpec("teachers", "教师名单", TEACHER_COLUMNS, _teacher_list),
    "communities": ExportSpec("communities", "教共体列表", COMMUNITY_COLUMNS, _community_list),
}


# --- rows --------------------------------------------------------------------------------


def iter_rows(columns: tuple[Column, ...], queryset: QuerySet) -> Iterator[list]:
    """Converted rows, one query streamed in chunks; never a model instance."""
    converters = [column.converter() for column in columns]
    fields = [column.field for column in columns]
    for raw in queryset.values_list(*fields).iterator(chunk_size=CHUNK_SIZE):
        yield [convert(value) for convert, value in zip(converters, raw, strict=True)]


# --- xlsx --------------------------------------------------------------------------------


def write_xlsx(
    *, columns: tuple[Column, ...], rows: Iterable[list], target: IO[bytes] | str, sheet_title: str
) -> int:
    """Write a one-sheet workbook, streamed by ``xlsx_writer``; returns the number of data rows."""
    return write_sheet(
        target=target,
        sheet_title=sheet_title,
        headers=[column.header for column in columns],
        widths=[column.width for column in columns],
        rows=rows,
    )


def export_to_file(
    spec: ExportSpec, queryset: QuerySet, target: IO[bytes] | str, fmt: str = "xlsx"
) -> int:
    """The one builder behind the export view and ``bench_exports``; returns the row count."""
    rows = iter_rows(spec.columns, queryset)
    if fmt == "xlsx":
        return write_xlsx(columns=spec.columns, rows=rows, target=target, sheet_title=spec.title)
    count = 0
    with open(target, "wb") if isinstance(target, str) else nullcontext(target) as out:
        for chunk, n in _csv_chunks(spec.columns, rows):
            out.write(chunk)
            count += n
    return count


# --- csv ---------------------------------------------------------------------------------


def _csv_chunks(columns: tuple[Column, ...], rows: Iterable[list]) -> Iterator[tuple[bytes, int]]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.header for column in columns])
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8"), 0
    buffer.seek(0)
    buffer.truncate()
    pending = 0
    for row in rows:
        writer.writerow(row)
        pending += 1
        if pending == CSV_BATCH_ROWS:
            yield buffer.getvalue().encode("utf-8"), pending
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue().encode("utf-8"), pending


def iter_csv(spec: ExportSpec, queryset: QuerySet) -> Iterator[bytes]:
    """UTF-8 with BOM (so Excel opens it right), dates as YYYY-MM-DD; for a streaming response."""
    for chunk, _ in _csv_chunks(spec.columns, iter_rows(spec.columns, queryset)):
        yield chunk


def attachment_header(filename: str, fallback: str) -> str:
    """Content-Disposition with an ASCII fallback and the Chinese name per RFC 5987."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


# --- the county's published roster -------------------------------------------------------

ROSTER_HEADERS = ("序号", "教共体名称", "核心校", "成员校", "学段")
ROSTER_WIDTHS = (6, 24, 24, 60, 9)
_ROSTER_CHARS_PER_LINE = 28  # Chinese characters that fit the 成员校 column on one line


def roster_title(district_name: str) -> str:
    return f"附件：{district_name}教共体名单"


def roster_rows(communities: QuerySet) -> list[list]:
    """One row per current community, in the order they were entered; three queries in all.

    核心校 holds the core school, 成员校 the members in order of enrolment; each school is followed
    by its nested schools in parentheses (``roster_format``), which the roster import reads back.
    """
    from communities.models import Membership
    from schools.models import School

    active = communities.active().order_by("pk")
    found = list(active.values_list("pk", "name", "stage"))
    memberships = list(
        Membership.objects.current()
        .filter(community__in=active.values("pk"))
        .order_by("start_on", "pk")
        .values_list("community_id", "role", "school_id", "school__name")
    )
    enrolled = (
        Membership.objects.current().filter(community__in=active.values("pk")).values("school_id")
    )
    children: dict[int, list[str]] = {}
    for parent_id, name in (
        School.objects.filter(parent_id__in=enrolled)
        .order_by("pk")
        .values_list("parent_id", "name")
    ):
        children.setdefault(parent_id, []).append(name)

    core: dict[int, str] = {}
    members: dict[int, list[tuple[str, list[str]]]] = {}
    for community_id, role, school_id, school_name in memberships:
        if role == MemberRole.CORE:
            core[community_id] = format_school(school_name, children.get(school_id, []))
        else:
            members.setdefault(community_id, []).append((school_name, children.get(school_id, [])))

    stage_labels = _labels(CommunityStage)
    return [
        [
            number,
            escape_formula(name),
            escape_formula(core.get(pk, "")),
            escape_formula(format_members(members.get(pk, []))),
            stage_labels.get(stage, stage),
        ]
        for number, (pk, name, stage) in enumerate(found, start=1)
    ]


def write_roster(*, district_name: str, rows: list[list], target: IO[bytes] | str) -> None:
    """Title row merged across, header, one wrapped row per community, print-ready."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "教共体名单"
    last = get_column_letter(len(ROSTER_HEADERS))
    sheet.append([roster_title(district_name)])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 28
    sheet.append(list(ROSTER_HEADERS))
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.border = border
    wrap = Alignment(wrap_text=True, vertical="center")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        sheet.append(row)
        excel_row = sheet.max_row
        for index, cell in enumerate(sheet[excel_row]):
            cell.border = border
            cell.alignment = centre if index in (0, 4) else wrap
        lines = max(1, math.ceil(len(str(row[3])) / _ROSTER_CHARS_PER_LINE))
        sheet.row_dimensions[excel_row].height = max(20, 18 * lines)
    for index, width in enumerate(ROSTER_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "1:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    workbook.save(target)


def roster_filename(district_name: str, today: datetime.date) -> str:
    return f"{district_name}教共体名单-{today:%Y%m%d}.xlsx"

"""The school list import (kind ``schools``): plan every row, then write in bulk.

Schools are matched by 学校标识码, then by normalised name (``School.name_key``, the key of
the model's uniqueness constraint). Parents may be in the file or already in the district; a
parent chain that loops is refused with the model's own rule (``parent_chain_loop``). New
schools are written in waves (a school once its parent exists) with
``bulk_create_with_history``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.text import clean_digits, clean_text, name_key
from spreadsheets.columns import CellError
from spreadsheets.reader import Sheet
from spreadsheets.registry import Importer
from spreadsheets.report import CREATED, UNCHANGED, UPDATED, Progress, Report

from ..enums import PART_STUDENT_FIELDS
from ..models import District, School, parent_chain_loop, stage_students_errors
from .columns import SCHOOL_CODE, SCHOOL_COLUMNS, SCHOOL_NAME, SCHOOL_PARENT

REASON = "表格导入"
_NAME_MAX = School._meta.get_field("name").max_length
_LABEL_OF = {attr: label for label, (attr, _) in SCHOOL_COLUMNS.parsed_fields().items()}


@dataclass
class _SchoolRow:
    row: int
    name: str
    values: dict
    parent_key: str | None
    school: School | None  # existing


def _parent_key(school: School) -> str | None:
    return school.parent.name_key if school.parent_id else None


class SchoolImporter(Importer):
    key = "schools"
    label = "学校名单"
    columns = SCHOOL_COLUMNS

    def run(
        self, sheet: Sheet, *, report: Report, district, actor, progress: Progress, write: bool
    ) -> None:
        plans = _plan(sheet, district, report)
        _describe_and_write(plans, district, report, actor, progress, write and report.ok)


def _plan(sheet: Sheet, district: District, report: Report) -> list[_SchoolRow]:
    fields = SCHOOL_COLUMNS.parsed_fields()
    fields.pop(SCHOOL_NAME.label)
    required_for_new = [c.label for c in SCHOOL_COLUMNS.imported if c.required_for_new]
    existing = list(School.objects.filter(district=district).select_related("parent"))
    by_key = {s.name_key: s for s in existing}
    by_code = {s.code: s for s in existing if s.code}
    codes = [
        clean_digits(r[SCHOOL_CODE.label]) for _, r in sheet.records() if r.get(SCHOOL_CODE.label)
    ]
    foreign_codes = set(
        School.objects.exclude(district=district)
        .filter(code__in=codes)
        .values_list("code", flat=True)
    )
    plans: list[_SchoolRow] = []
    seen_keys: dict[str, int] = {}
    seen_codes: dict[str, int] = {}
    for row, record in sheet.records():
        name = clean_text(record.get(SCHOOL_NAME.label))
        if not name:
            report.problem(row, SCHOOL_NAME.label, "学校名称不能为空。")
            continue
        if len(name) > _NAME_MAX:
            report.problem(row, SCHOOL_NAME.label, f"学校名称超过 {_NAME_MAX} 个字。")
            continue
        key = name_key(name)
        if key in seen_keys:
            report.problem(row, SCHOOL_NAME.label, f"与第 {seen_keys[key]} 行重复（同名学校）。")
            continue
        seen_keys[key] = row
        values = {}
        bad = False
        blank = set()
        for label, (attr, parser) in fields.items():
            raw = record.get(label)
            if raw is None or raw == "":
                blank.add(label)
                continue
            try:
                values[attr] = parser(raw)
            except CellError as exc:
                report.problem(row, label, str(exc))
                bad = True
        code = values.get("code")
        if code:
            if code in seen_codes:
                report.problem(
                    row, SCHOOL_CODE.label, f"与第 {seen_codes[code]} 行的学校标识码重复。"
                )
                bad = True
            seen_codes[code] = row
            if code in foreign_codes:
                report.problem(
                    row, SCHOOL_CODE.label, f"学校标识码 {code} 已被其他教育局的学校使用。"
                )
                bad = True
        school = by_code.get(code) if code else None
        if school is None:
            school = by_key.get(key)
            if school is not None and code and school.code and school.code != code:
                report.problem(
                    row,
                    SCHOOL_CODE.label,
                    f"系统中「{school.name}」的标识码是 {school.code}，与表中 {code} 不一致。",
                )
                bad = True
        elif school.name_key != key and key in by_key:
            report.problem(
                row,
                SCHOOL_NAME.label,
                f"标识码 {code} 属于「{school.name}」，而系统中另有名为「{name}」的学校。",
            )
            bad = True
        if not bad and not _parts_ok(row, values, school, report):
            bad = True
        if school is None:
            for label in required_for_new:
                if label in blank:
                    report.problem(row, label, f"新建学校必须填写{label}。")
                    bad = True
        parent_name = clean_text(record.get(SCHOOL_PARENT.label))
        parent_key = name_key(parent_name) if parent_name else None
        if parent_key == key:
            report.problem(row, SCHOOL_PARENT.label, "上级学校不能是本校。")
            bad = True
        if bad:
            continue
        plans.append(_SchoolRow(row, name, values, parent_key, school))

    # Parents: in the file or already in the district; no cycles (the model's rule).
    file_keys = {name_key(p.name): p for p in plans}

    def parent_of(key: str) -> str | None:
        planned = file_keys.get(key)
        if planned is not None:
            return planned.parent_key
        school = by_key.get(key)
        return _parent_key(school) if school is not None else None

    for plan in plans:
        if plan.parent_key and plan.parent_key not in file_keys and plan.parent_key not in by_key:
            report.problem(
                plan.row,
                SCHOOL_PARENT.label,
                "上级学校在本表和系统中都不存在，请先导入上级学校。",
            )
        elif parent_chain_loop(name_key(plan.name), parent_of) is not None:
            report.problem(plan.row, SCHOOL_PARENT.label, "上级学校关系形成循环。")
    return plans


def _parts_ok(row: int, values: dict, school: School | None, report: Report) -> bool:
    """Students per part (学部) against the model's rule, on the row's values over the school's."""

    def value(attr, default):
        return values[attr] if attr in values else getattr(school, attr, default)

    stage = value("stage", "")
    if not stage:
        return True
    errors = stage_students_errors(
        stage,
        value("students", 0) or 0,
        {f: value(f, 0) or 0 for f in PART_STUDENT_FIELDS.values()},
    )
    for attr, message in errors.items():
        report.problem(row, _LABEL_OF[attr], message)
    return not errors


def _describe_and_write(
    plans: list[_SchoolRow],
    district: District,
    report: Report,
    actor,
    progress: Progress,
    write: bool,
) -> None:
    fields = SCHOOL_COLUMNS.parsed_fields()
    fields.pop(SCHOOL_NAME.label)
    by_key = {
        s.name_key: s for s in School.objects.filter(district=district).select_related("parent")
    }
    creates: list[tuple[_SchoolRow, School]] = []
    updates: list[School] = []
    update_fields: set[str] = set()
    parent_links: list[tuple[School, str | None]] = []
    for plan in plans:
        if plan.school is None:
            school = School(
                district=district, name=plan.name, name_key=name_key(plan.name), **plan.values
            )
            creates.append((plan, school))
            parent_links.append((school, plan.parent_key))
            report.count(plan.row, CREATED, plan.name)
            continue
        school = plan.school
        changed = []
        if school.name != plan.name:
            changed.append(SCHOOL_NAME.label)
            school.name, school.name_key = plan.name, name_key(plan.name)
            update_fields.update({"name", "name_key"})
        for label, (attr, _) in fields.items():
            if attr in plan.values and getattr(school, attr) != plan.values[attr]:
                setattr(school, attr, plan.values[attr])
                changed.append(label)
                update_fields.add(attr)
        if plan.parent_key and plan.parent_key != _parent_key(school):
            changed.append(SCHOOL_PARENT.label)
            parent_links.append((school, plan.parent_key))
        if changed:
            updates.append(school)
            report.count(plan.row, UPDATED, plan.name, "、".join(changed))
        else:
            report.count(plan.row, UNCHANGED, plan.name)
    if not write:
        return
    progress(60, "正在写入学校")
    # New schools in waves: a school is created once its parent exists.
    pending = list(creates)
    known = dict(by_key)
    while pending:
        wave = [(p, s) for p, s in pending if not p.parent_key or p.parent_key in known]
        if not wave:  # cycles were rejected by the planner
            raise ValidationError("上级学校关系形成循环。")
        for p, s in wave:
            if p.parent_key:
                s.parent = known[p.parent_key]
        bulk_create_with_history(
            [s for _, s in wave],
            School,
            batch_size=500,
            default_user=actor,
            default_change_reason=REASON,
        )
        for _, s in wave:
            known[s.name_key] = s
        done = {id(s) for _, s in wave}
        pending = [(p, s) for p, s in pending if id(s) not in done]
    for school, parent_key in parent_links:
        if school.pk and parent_key and school.parent_id != known[parent_key].pk:
            school.parent = known[parent_key]
            update_fields.add("parent")
            if school not in updates:
                updates.append(school)
    if updates and update_fields:
        bulk_update_with_history(
            updates,
            School,
            sorted(update_fields),
            batch_size=500,
            default_user=actor,
            default_change_reason=REASON,
        )

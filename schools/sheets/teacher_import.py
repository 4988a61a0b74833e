"""The teacher list import (kind ``teachers``): plan every row, then write in bulk.

A row's school is found by 10-digit code or normalised name; the existing teacher it designates
by the one identity rule of ``schools.identity`` (the admin's Resource uses the same). Two rows
of one file that may be the same teacher (the same 工号 or name, or one with a 工号 and one
without) are an error naming both rows. Every cell goes through its column's parser, which runs
the model field's validators (birth year range, 到校日期 from 1950 to today, lengths).
"""

from __future__ import annotations

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.text import clean_digits, clean_text, name_key
from spreadsheets.columns import CellError, Memo
from spreadsheets.reader import Sheet
from spreadsheets.registry import Importer
from spreadsheets.report import CREATED, UNCHANGED, UPDATED, Progress, Report

from ..identity import TeacherIdentity, row_identity
from ..models import School, Teacher, teaching_stage_error
from .columns import (
    TEACHER_COLUMNS,
    TEACHER_NAME,
    TEACHER_NUMBER,
    TEACHER_SCHOOL,
    TEACHER_TEACHING_STAGE,
)

REASON = "表格导入"
_NAME_MAX = Teacher._meta.get_field("name").max_length


class TeacherImporter(Importer):
    key = "teachers"
    label = "教师名单"
    columns = TEACHER_COLUMNS

    def run(
        self, sheet: Sheet, *, report: Report, district, actor, progress: Progress, write: bool
    ) -> None:
        _plan_and_write(sheet, district, report, actor, progress, write)


def _plan_and_write(sheet: Sheet, district, report: Report, actor, progress, write) -> None:
    fields = TEACHER_COLUMNS.parsed_fields()
    for own in (TEACHER_NAME, TEACHER_NUMBER):
        fields.pop(own.label)
    required_for_new = [(c.label, c.field) for c in TEACHER_COLUMNS.imported if c.required_for_new]
    schools = list(School.objects.filter(district=district).only("id", "name", "name_key", "code"))
    school_by_code = {s.code: s for s in schools if s.code}
    school_by_key = {s.name_key: s for s in schools}
    identity = TeacherIdentity(Teacher.objects.filter(school__district=district))

    creates: list[Teacher] = []
    updates: list[Teacher] = []
    update_fields: set[str] = set()
    seen: dict[tuple, tuple[int, str, dict]] = {}  # row identity → (row, name, values)
    seen_names: dict[tuple[int, str], tuple[int, str]] = {}  # (school, name key) → (row, 工号)
    memo = Memo()
    school_memo: dict[str, School | None] = {}
    total = max(len(sheet), 1)
    for i, (row, record) in enumerate(sheet.records()):
        if i % 5000 == 0:
            progress(40 + int(15 * i / total), f"正在检查第 {i + 1} 行")
        school_text = clean_text(record.get(TEACHER_SCHOOL.label))
        name = clean_text(record.get(TEACHER_NAME.label))
        bad = False
        if not school_text:
            report.problem(row, TEACHER_SCHOOL.label, "学校不能为空。")
            bad = True
        school = None
        if school_text:
            if school_text not in school_memo:
                digits = clean_digits(school_text)
                found = school_by_code.get(digits) if digits.isdigit() else None
                school_memo[school_text] = found or school_by_key.get(name_key(school_text))
            school = school_memo[school_text]
            if school is None:
                report.problem(
                    row,
                    TEACHER_SCHOOL.label,
                    f"学校「{school_text}」在本教育局不存在，请先导入学校名单。",
                )
                bad = True
        if not name:
            report.problem(row, TEACHER_NAME.label, "姓名不能为空。")
            bad = True
        elif len(name) > _NAME_MAX:
            report.problem(row, TEACHER_NAME.label, f"姓名超过 {_NAME_MAX} 个字。")
            bad = True
        number = ""
        raw_number = record.get(TEACHER_NUMBER.label)
        if raw_number not in (None, ""):
            try:
                number = memo.parse(TEACHER_NUMBER.label, TEACHER_NUMBER.parse, raw_number)
            except CellError as exc:
                report.problem(row, TEACHER_NUMBER.label, str(exc))
                bad = True
        values = {}
        for label, (attr, parser) in fields.items():
            raw = record.get(label)
            if raw is None or raw == "":
                continue
            try:
                values[attr] = memo.parse(label, parser, raw)
            except CellError as exc:
                report.problem(row, label, str(exc))
                bad = True
        if not bad and values.get("teaching_stage"):
            error = teaching_stage_error(school.stage, values["teaching_stage"])
            if error:
                report.problem(row, TEACHER_TEACHING_STAGE.label, error)
                bad = True
        if bad:
            continue
        if _same_teacher_twice(report, row, school, name, number, values, seen, seen_names):
            continue
        matches = identity.matches(school_id=school.pk, name=name, staff_number=number)
        if len(matches) > 1:
            report.problem(
                row,
                TEACHER_NAME.label,
                f"「{school.name}」有 {len(matches)} 位同名教师，请填写工号以区分。",
            )
            continue
        teacher = matches[0] if matches else None
        label = f"{school.name} · {name}"
        if teacher is None:
            missing = [lbl for lbl, attr in required_for_new if attr not in values]
            if missing:
                for lbl in missing:
                    report.problem(row, lbl, f"新增教师必须填写{lbl}。")
                continue
            creates.append(Teacher(school=school, name=name, staff_number=number, **values))
            report.count(row, CREATED, label)
            continue
        changed = []
        if teacher.name != name:
            teacher.name = name
            changed.append(TEACHER_NAME.label)
            update_fields.add("name")
        if number and teacher.staff_number != number:
            teacher.staff_number = number
            changed.append(TEACHER_NUMBER.label)
            update_fields.add("staff_number")
        for lbl, (attr, _) in fields.items():
            if attr in values and getattr(teacher, attr) != values[attr]:
                setattr(teacher, attr, values[attr])
                changed.append(lbl)
                update_fields.add(attr)
        if changed:
            updates.append(teacher)
            report.count(row, UPDATED, label, "、".join(changed))
        else:
            report.count(row, UNCHANGED, label)
    if not write or report.problems:
        return
    progress(60, "正在写入教师")
    for start in range(0, len(creates), 5000):
        bulk_create_with_history(
            creates[start : start + 5000],
            Teacher,
            batch_size=1000,
            default_user=actor,
            default_change_reason=REASON,
        )
        progress(60 + int(35 * (start + 5000) / max(len(creates), 1)), "正在写入教师")
    if updates:
        bulk_update_with_history(
            updates,
            Teacher,
            sorted(update_fields),
            batch_size=500,
            default_user=actor,
            default_change_reason=REASON,
        )


def _same_teacher_twice(report, row, school, name, number, values, seen, seen_names) -> bool:
    """Report a row that repeats, or may repeat, an earlier row's teacher; True if it does."""
    key = row_identity(school_id=school.pk, name=name, staff_number=number)
    if key in seen:
        first, first_name, first_values = seen[key]
        column = TEACHER_NUMBER.label if number else TEACHER_NAME.label
        if first_name != name or first_values != values:
            report.problem(
                row,
                column,
                f"与第 {first} 行是同一位教师，但两行填写的内容不一致，请只保留正确的一行。",
            )
        else:
            report.problem(row, column, f"与第 {first} 行重复（同一学校的同一教师）。")
        return True
    seen[key] = (row, name, values)
    name_at_school = (school.pk, name_key(name))
    earlier = seen_names.get(name_at_school)
    if earlier is not None and (not number or not earlier[1]):
        report.problem(
            row,
            TEACHER_NAME.label,
            f"与第 {earlier[0]} 行同名，一行有工号、一行没有，无法确定是否为同一位教师；"
            "请为两行都填写工号，或删除重复的一行。",
        )
        return True
    seen_names.setdefault(name_at_school, (row, number))
    return False

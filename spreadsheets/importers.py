"""Import services: ``preview`` (writes nothing) and ``apply`` (all or nothing) per kind.

Each kind has a *planner* that reads the clean sheet and the district's current rows and decides,
row by row, what would be created, updated or left unchanged and every problem (sheet row,
column label, Chinese message). ``preview`` returns that plan's report; ``apply`` plans again
against the database as it is now and, only when no row has a problem, writes the plan in one
transaction, recording history with the acting user. Importing the same file twice plans
"unchanged" for every row the second time.

Schools and teachers are written in bulk (``bulk_create_with_history`` /
``bulk_update_with_history``) with every foreign key resolved from dictionaries loaded once —
the benchmark (``manage.py bench_imports``) compares this path with a bare openpyxl +
``bulk_create`` baseline. Rosters are small (tens of rows) and go through
``communities.services`` so the membership rules are the same as on screen.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from communities import services as community_services
from communities.enums import CommunityStage, MemberRole
from communities.models import Community, Membership
from core.text import clean_digits, clean_text, name_key
from schools.enums import (
    SUBJECT_SEPARATOR,
    BackboneLevel,
    Education,
    Gender,
    Locale,
    StaffPosition,
    Stage,
    Subject,
    Title,
)
from schools.models import District, School, Teacher

from .problems import Problem, count_problems, extend_problems, record_problem
from .reader import Column, ImportFileError, Sheet, read_sheet
from .roster import RosterParseError, parse_members, parse_school

Progress = Callable[[int, str], None]
_MISSING = object()
MAX_CHANGES_KEPT = 200

CREATED, UPDATED, UNCHANGED = "新建", "更新", "未变"


# --- the report ------------------------------------------------------------------------------


@dataclass
class Change:
    row: int
    action: str
    label: str
    detail: str = ""


@dataclass
class Report:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, row: int | None, column: str, message: str) -> None:
        """Record a problem; echoed values are shortened and only the first 1,000 are kept."""
        record_problem(self.problems, Problem(row, column, message))

    def count(self, row: int, action: str, label: str, detail: str = "") -> None:
        if action == CREATED:
            self.created += 1
        elif action == UPDATED:
            self.updated += 1
        else:
            self.unchanged += 1
        if action != UNCHANGED and len(self.changes) < MAX_CHANGES_KEPT:
            self.changes.append(Change(row, action, label, detail))

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "error_count": count_problems(self.problems),
            "problems": [asdict(p) for p in self.problems],
            "changes": [asdict(c) for c in self.changes],
            "notes": self.notes,
            "written": self.written,
        }


def _noop(percent: int, message: str) -> None:
    pass


# --- cell parsers ----------------------------------------------------------------------------


class CellError(ValueError):
    pass


def _choice_lookup(choices, extra: dict[str, str] | None = None) -> dict[str, str]:
    table = {}
    for value, label in choices.choices:
        table[name_key(str(label))] = value
        table[name_key(str(value))] = value
    for key, value in (extra or {}).items():
        table[name_key(key)] = value
    return table


STAGES = _choice_lookup(
    Stage,
    {
        "幼儿园": Stage.PRESCHOOL,
        "学前教育": Stage.PRESCHOOL,
        "九年制": Stage.NINE_YEAR,
        "九年一贯": Stage.NINE_YEAR,
        "小学教育": Stage.PRIMARY,
        "初级中学": Stage.JUNIOR,
        "高级中学": Stage.SENIOR,
        "普通高中": Stage.SENIOR,
        "职业教育": Stage.VOCATIONAL,
        "中职": Stage.VOCATIONAL,
        "职高": Stage.VOCATIONAL,
        "特教": Stage.SPECIAL,
    },
)
COMMUNITY_STAGES = _choice_lookup(
    CommunityStage,
    {
        "幼儿园": CommunityStage.PRESCHOOL,
        "学前教育": CommunityStage.PRESCHOOL,
        "九年一贯制": CommunityStage.NINE_YEAR,
        "义务教育": CommunityStage.NINE_YEAR,
        "普通高中": CommunityStage.SENIOR,
        "职业教育": CommunityStage.VOCATIONAL,
        "中职": CommunityStage.VOCATIONAL,
    },
)
LOCALES = _choice_lookup(
    Locale,
    {
        "城市": Locale.URBAN,
        "城镇": Locale.TOWN,
        "镇": Locale.TOWN,
        "农村": Locale.RURAL,
        "乡镇": Locale.TOWN,
    },
)
GENDERS = _choice_lookup(Gender, {"男性": Gender.MALE, "女性": Gender.FEMALE})
EDUCATIONS = _choice_lookup(
    Education,
    {
        "高中": Education.HIGH_SCHOOL,
        "中专": Education.SECONDARY_NORMAL,
        "中师": Education.SECONDARY_NORMAL,
        "专科": Education.JUNIOR_COLLEGE,
        "大学本科": Education.BACHELOR,
        "研究生": Education.MASTER,
        "硕士": Education.MASTER,
        "博士": Education.DOCTOR,
    },
)
TITLES = _choice_lookup(
    Title,
    {
        "无": Title.NONE,
        "未评": Title.NONE,
        "中小学三级教师": Title.THIRD,
        "中小学二级教师": Title.SECOND,
        "中小学一级教师": Title.FIRST,
        "中小学高级教师": Title.SENIOR,
        "正高级教师": Title.PROFESSOR,
        "三级教师": Title.THIRD,
        "二级教师": Title.SECOND,
        "一级教师": Title.FIRST,
        "高级教师": Title.SENIOR,
    },
)
BACKBONES = _choice_lookup(
    BackboneLevel,
    {
        "校级": BackboneLevel.SCHOOL,
        "县级": BackboneLevel.COUNTY,
        "市级": BackboneLevel.CITY,
        "省级": BackboneLevel.PROVINCE,
        "特级": BackboneLevel.SPECIAL,
        "否": BackboneLevel.NONE,
    },
)
POSITIONS = _choice_lookup(
    StaffPosition, {"专任教师": StaffPosition.TEACHER, "中层干部": StaffPosition.MIDDLE_MANAGER}
)
SUBJECTS = _choice_lookup(
    Subject,
    {
        "思想品德": Subject.MORALITY,
        "思品": Subject.MORALITY,
        "道法": Subject.MORALITY,
        "信息": Subject.IT,
        "心理": Subject.PSYCHOLOGY,
        "综合": Subject.PRACTICE,
    },
)
TRUE_WORDS = {"是", "有", "y", "yes", "true", "1", "√", "✓"}
FALSE_WORDS = {"否", "无", "n", "no", "false", "0", "×", "x"}
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?$")


def parse_choice(value, table: dict[str, str], label: str) -> str:
    key = name_key(str(value))
    if key in table:
        return table[key]
    allowed = "、".join(sorted({k for k in table if not k.isascii()})[:12])
    raise CellError(f"「{value}」不是有效的{label}（可填：{allowed}）。")


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
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
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


def parse_code(value) -> str:
    text = clean_digits(value)
    if not re.fullmatch(r"\d{10}", text):
        raise CellError(f"「{value}」不是 10 位数字的学校标识码。")
    return text


def _text(value, max_length: int, label: str) -> str:
    text = clean_text(value)
    if len(text) > max_length:
        raise CellError(f"超过 {max_length} 个字。")
    return text


def _load(
    data: bytes, filename: str, columns: list[Column], report: Report, progress: Progress
) -> Sheet | None:
    progress(1, "正在读取文件")
    try:
        sheet = read_sheet(
            data,
            filename,
            columns,
            progress=lambda n: progress(min(35, 2 + n // 2000), f"已读取 {n} 行"),
        )
    except ImportFileError as exc:
        report.problem(None, "文件", exc.message)
        return None
    report.rows = len(sheet)
    extend_problems(report.problems, sheet.problems)
    report.notes.extend(sheet.notes)
    return sheet


# --- schools ---------------------------------------------------------------------------------

SCHOOL_COLUMNS = [
    Column("学校名称", ("校名", "学校", "学校全称", "单位名称"), required=True),
    Column("学校标识码", ("标识码", "学校代码", "学校识别码")),
    Column("学段", ("办学类型", "学校类型")),
    Column("城乡类别", ("城乡分类", "城乡")),
    Column("乡镇", ("乡镇/街道", "乡镇街道", "所在乡镇", "街道")),
    Column("上级学校", ("所属中心校", "上级单位", "所属学校", "中心校")),
    Column("独立法人", ("是否独立法人", "法人")),
    Column("校长", ("校长姓名",)),
    Column("联系电话", ("电话", "联系方式")),
    Column("在校学生数", ("学生数", "在校生数", "学生人数")),
    Column("班级数", ("班数",)),
]

# label -> (attribute, parser)
_SCHOOL_FIELDS = {
    "学校标识码": ("code", parse_code),
    "学段": ("stage", lambda v: parse_choice(v, STAGES, "学段")),
    "城乡类别": ("locale", lambda v: parse_choice(v, LOCALES, "城乡类别")),
    "乡镇": ("township", lambda v: _text(v, 50, "乡镇")),
    "独立法人": ("is_legal_entity", parse_bool),
    "校长": ("principal", lambda v: _text(v, 30, "校长")),
    "联系电话": ("phone", lambda v: _text(v, 30, "联系电话")),
    "在校学生数": ("students", lambda v: parse_int(v, high=100_000)),
    "班级数": ("classes", lambda v: parse_int(v, high=2_000)),
}


@dataclass
class _SchoolRow:
    row: int
    name: str
    values: dict
    parent_key: str | None
    school: School | None  # existing


def _plan_schools(sheet: Sheet, district: District, report: Report) -> list[_SchoolRow]:
    existing = list(School.objects.filter(district=district))
    by_key = {s.name_key: s for s in existing}
    by_code = {s.code: s for s in existing if s.code}
    codes = [clean_digits(r["学校标识码"]) for _, r in sheet.records() if r.get("学校标识码")]
    foreign_codes = set(
        School.objects.exclude(district=district)
        .filter(code__in=codes)
        .values_list("code", flat=True)
    )
    plans: list[_SchoolRow] = []
    seen_keys: dict[str, int] = {}
    seen_codes: dict[str, int] = {}
    for row, record in sheet.records():
        name = clean_text(record.get("学校名称"))
        if not name:
            report.problem(row, "学校名称", "学校名称不能为空。")
            continue
        if len(name) > 100:
            report.problem(row, "学校名称", "学校名称超过 100 个字。")
            continue
        key = name_key(name)
        if key in seen_keys:
            report.problem(row, "学校名称", f"与第 {seen_keys[key]} 行重复（同名学校）。")
            continue
        seen_keys[key] = row
        values = {}
        bad = False
        blank = set()
        for label, (attr, parser) in _SCHOOL_FIELDS.items():
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
                report.problem(row, "学校标识码", f"与第 {seen_codes[code]} 行的学校标识码重复。")
                bad = True
            seen_codes[code] = row
            if code in foreign_codes:
                report.problem(row, "学校标识码", f"学校标识码 {code} 已被其他教育局的学校使用。")
                bad = True
        school = by_code.get(code) if code else None
        if school is None:
            school = by_key.get(key)
            if school is not None and code and school.code and school.code != code:
                report.problem(
                    row,
                    "学校标识码",
                    f"系统中「{school.name}」的标识码是 {school.code}，与表中 {code} 不一致。",
                )
                bad = True
        elif school.name_key != key and key in by_key:
            report.problem(
                row,
                "学校名称",
                f"标识码 {code} 属于「{school.name}」，而系统中另有名为「{name}」的学校。",
            )
            bad = True
        if school is None:
            for label in ("学段", "城乡类别"):
                if label in blank:
                    report.problem(row, label, f"新建学校必须填写{label}。")
                    bad = True
        parent_name = clean_text(record.get("上级学校"))
        parent_key = name_key(parent_name) if parent_name else None
        if parent_key == key:
            report.problem(row, "上级学校", "上级学校不能是本校。")
            bad = True
        if bad:
            continue
        plans.append(_SchoolRow(row, name, values, parent_key, school))

    # Parents: in the file or already in the district; no cycles.
    file_keys = {name_key(p.name): p for p in plans}
    for plan in plans:
        if plan.parent_key and plan.parent_key not in file_keys and plan.parent_key not in by_key:
            report.problem(
                plan.row, "上级学校", "上级学校在本表和系统中都不存在，请先导入上级学校。"
            )
    for plan in plans:
        seen, key = set(), name_key(plan.name)
        while key is not None and key not in seen:
            seen.add(key)
            nxt = file_keys.get(key)
            if nxt is not None:
                key = nxt.parent_key
            else:
                school = by_key.get(key)
                key = school.parent.name_key if school and school.parent_id else None
        if key is not None:
            report.problem(plan.row, "上级学校", "上级学校关系形成循环。")
    return plans


def _schools_write(
    plans: list[_SchoolRow],
    district: District,
    report: Report,
    actor,
    progress: Progress,
    write: bool,
) -> None:
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
            changed.append("学校名称")
            school.name, school.name_key = plan.name, name_key(plan.name)
            update_fields.update({"name", "name_key"})
        for label, (attr, _) in _SCHOOL_FIELDS.items():
            if attr in plan.values and getattr(school, attr) != plan.values[attr]:
                setattr(school, attr, plan.values[attr])
                changed.append(label)
                update_fields.add(attr)
        current_parent = by_key_parent(school)
        if plan.parent_key and plan.parent_key != current_parent:
            changed.append("上级学校")
            parent_links.append((school, plan.parent_key))
        if changed:
            updates.append(school)
            report.count(plan.row, UPDATED, plan.name, "、".join(changed))
        else:
            report.count(plan.row, UNCHANGED, plan.name)
    if not write:
        return
    progress(60, "正在写入学校")
    reason = "表格导入"
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
            default_change_reason=reason,
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
            default_change_reason=reason,
        )


def by_key_parent(school: School) -> str | None:
    return school.parent.name_key if school.parent_id else None


# --- teachers --------------------------------------------------------------------------------

TEACHER_COLUMNS = [
    Column("学校", ("学校名称", "所在学校", "任教学校", "学校标识码", "单位"), required=True),
    Column("姓名", ("教师姓名", "名字"), required=True),
    Column("性别"),
    Column("出生年份", ("出生年", "出生年月", "出生日期")),
    Column("任教学科", ("学科", "任教科目")),
    Column("最高学历", ("学历",)),
    Column("职称", ("专业技术职称", "职称等级")),
    Column("骨干级别", ("骨干教师", "骨干")),
    Column("职务", ("行政职务",)),
    Column("班主任", ("是否班主任",)),
    Column("到校日期", ("到本校工作日期", "到本校日期", "调入日期")),
    Column("工号", ("教师编号", "编号", "职工号")),
]


def _parse_birth_year(value) -> int:
    if isinstance(value, datetime.date):
        year = value.year
    elif isinstance(value, str) and re.fullmatch(r"\d{4}年?", clean_digits(value)):
        year = int(clean_digits(value)[:4])
    elif isinstance(value, str):
        year = parse_date(value).year
    else:
        year = parse_int(value, low=0, high=9999)
    if not 1940 <= year <= 2010:
        raise CellError(f"出生年份 {year} 不在 1940–2010 之间。")
    return year


def _parse_subjects(value) -> str:
    parts = [p for p in re.split(r"[、,，;；/\s]+", clean_text(value)) if p]
    out = []
    for part in parts:
        subject = parse_choice(part, SUBJECTS, "任教学科")
        if subject not in out:
            out.append(subject)
    text = SUBJECT_SEPARATOR.join(out)
    if len(text) > 100:
        raise CellError("超过 100 个字。")
    return text


_TEACHER_FIELDS = {
    "性别": ("gender", lambda v: parse_choice(v, GENDERS, "性别")),
    "出生年份": ("birth_year", _parse_birth_year),
    "任教学科": ("subjects", _parse_subjects),
    "最高学历": ("education", lambda v: parse_choice(v, EDUCATIONS, "最高学历")),
    "职称": ("title", lambda v: parse_choice(v, TITLES, "职称")),
    "骨干级别": ("backbone_level", lambda v: parse_choice(v, BACKBONES, "骨干级别")),
    "职务": ("position", lambda v: parse_choice(v, POSITIONS, "职务")),
    "班主任": ("is_head_teacher", parse_bool),
    "到校日期": ("joined_school_on", parse_date),
}
_TEACHER_ATTRS = [attr for attr, _ in _TEACHER_FIELDS.values()]


def _teachers_plan_and_write(
    sheet: Sheet, district: District, report: Report, actor, progress: Progress, write: bool
) -> None:
    schools = list(School.objects.filter(district=district).only("id", "name", "name_key", "code"))
    school_by_code = {s.code: s for s in schools if s.code}
    school_by_key = {s.name_key: s for s in schools}
    by_number: dict[tuple[int, str], Teacher] = {}
    by_name: dict[tuple[int, str], list[Teacher]] = {}
    for t in Teacher.objects.filter(school__district=district):
        if t.staff_number:
            by_number[(t.school_id, t.staff_number)] = t
        by_name.setdefault((t.school_id, name_key(t.name)), []).append(t)

    creates: list[Teacher] = []
    updates: list[Teacher] = []
    update_fields: set[str] = set()
    seen: dict[tuple, int] = {}
    memo: dict[tuple, object] = {}
    school_memo: dict[str, School | None] = {}
    total = max(len(sheet), 1)
    for i, (row, record) in enumerate(sheet.records()):
        if i % 5000 == 0:
            progress(40 + int(15 * i / total), f"正在检查第 {i + 1} 行")
        school_text = clean_text(record.get("学校"))
        name = clean_text(record.get("姓名"))
        bad = False
        if not school_text:
            report.problem(row, "学校", "学校不能为空。")
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
                    row, "学校", f"学校「{school_text}」在本教育局不存在，请先导入学校名单。"
                )
                bad = True
        if not name:
            report.problem(row, "姓名", "姓名不能为空。")
            bad = True
        elif len(name) > 30:
            report.problem(row, "姓名", "姓名超过 30 个字。")
            bad = True
        number = clean_text(record.get("工号"))
        if len(number) > 30:
            report.problem(row, "工号", "工号超过 30 个字。")
            bad = True
        values = {}
        for label, (attr, parser) in _TEACHER_FIELDS.items():
            raw = record.get(label)
            if raw is None or raw == "":
                continue
            # Parsers are pure and a column repeats few values: remember each answer.
            memo_key = (label, type(raw), raw)
            parsed = memo.get(memo_key, _MISSING)
            if parsed is _MISSING:
                try:
                    parsed = parser(raw)
                except CellError as exc:
                    parsed = exc
                memo[memo_key] = parsed
            if isinstance(parsed, CellError):
                report.problem(row, label, str(parsed))
                bad = True
            else:
                values[attr] = parsed
        if bad:
            continue
        identity = (school.pk, "#" + number) if number else (school.pk, name_key(name))
        if identity in seen:
            report.problem(
                row,
                "工号" if number else "姓名",
                f"与第 {seen[identity]} 行重复（同一学校的同一教师）。",
            )
            continue
        seen[identity] = row
        teacher = by_number.get((school.pk, number)) if number else None
        if teacher is None:
            namesakes = [
                t
                for t in by_name.get((school.pk, name_key(name)), [])
                if not number or not t.staff_number
            ]
            if len(namesakes) > 1:
                report.problem(
                    row,
                    "姓名",
                    f"「{school.name}」有 {len(namesakes)} 位同名教师，请填写工号以区分。",
                )
                continue
            teacher = namesakes[0] if namesakes else None
        label = f"{school.name} · {name}"
        if teacher is None:
            missing = [
                lbl
                for lbl, attr in (("性别", "gender"), ("最高学历", "education"))
                if attr not in values
            ]
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
            changed.append("姓名")
            update_fields.add("name")
        if number and teacher.staff_number != number:
            teacher.staff_number = number
            changed.append("工号")
            update_fields.add("staff_number")
        for lbl, (attr, _) in _TEACHER_FIELDS.items():
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
    reason = "表格导入"
    for start in range(0, len(creates), 5000):
        bulk_create_with_history(
            creates[start : start + 5000],
            Teacher,
            batch_size=1000,
            default_user=actor,
            default_change_reason=reason,
        )
        progress(60 + int(35 * (start + 5000) / max(len(creates), 1)), "正在写入教师")
    if updates:
        bulk_update_with_history(
            updates,
            Teacher,
            sorted(update_fields),
            batch_size=500,
            default_user=actor,
            default_change_reason=reason,
        )


# --- community roster ------------------------------------------------------------------------

ROSTER_COLUMNS = [
    Column("序号", ("编号", "序")),
    Column(
        "教共体名称",
        ("名称", "集团名称", "教共体", "共同体名称", "教育集团名称", "片区名称"),
        required=True,
    ),
    Column("核心校", ("总校", "龙头校", "核心学校", "集团总校", "牵头学校"), required=True),
    Column("成员校", ("分校", "成员学校", "受援学校", "成员单位"), multiline=True),
    Column("学段", ("类别", "学段类别")),
]

_STAGE_FOR_SCHOOL = {
    CommunityStage.PRESCHOOL: Stage.PRESCHOOL,
    CommunityStage.PRIMARY: Stage.PRIMARY,
    CommunityStage.JUNIOR: Stage.JUNIOR,
    CommunityStage.NINE_YEAR: Stage.NINE_YEAR,
    CommunityStage.SENIOR: Stage.SENIOR,
    CommunityStage.VOCATIONAL: Stage.VOCATIONAL,
}


def guess_stage(name: str, default: str) -> str:
    if "幼儿园" in name:
        return Stage.PRESCHOOL
    if "教学点" in name or "村小" in name or name.endswith("小学"):
        return Stage.PRIMARY
    if "九年" in name:
        return Stage.NINE_YEAR
    if "高中" in name or "高级中学" in name:
        return Stage.SENIOR
    if "初中" in name or "初级中学" in name:
        return Stage.JUNIOR
    return default


def guess_locale(name: str) -> str:
    if "教学点" in name or "村" in name:
        return Locale.RURAL
    if "镇" in name or "乡" in name:
        return Locale.TOWN
    return Locale.URBAN


@dataclass
class _RosterRow:
    row: int
    name: str
    stage: str | None
    core: str  # name key
    members: list[str]  # name keys, top level
    children: dict[str, list[str]]  # parent key -> child keys
    community: Community | None = None


def _roster_plan(sheet: Sheet, district: District, report: Report):
    schools = {
        s.name_key: s for s in School.objects.filter(district=district).select_related("parent")
    }
    communities = {name_key(c.name): c for c in Community.objects.filter(district=district)}
    names: dict[str, str] = {}  # key -> name as written (for new schools)
    stage_for: dict[str, str] = {}
    where: dict[str, tuple[int, str]] = {}  # school key -> (row, community) within the file
    rows: list[_RosterRow] = []
    seen_names: dict[str, int] = {}
    for row, record in sheet.records():
        name = clean_text(record.get("教共体名称"))
        if not name:
            report.problem(row, "教共体名称", "教共体名称不能为空。")
            continue
        if len(name) > 100:
            report.problem(row, "教共体名称", "教共体名称超过 100 个字。")
            continue
        if name_key(name) in seen_names:
            report.problem(
                row, "教共体名称", f"与第 {seen_names[name_key(name)]} 行重复（同名教共体）。"
            )
            continue
        seen_names[name_key(name)] = row
        stage = None
        if record.get("学段"):
            try:
                stage = parse_choice(record["学段"], COMMUNITY_STAGES, "学段")
            except CellError as exc:
                report.problem(row, "学段", str(exc))
        elif name_key(name) not in communities:
            report.problem(row, "学段", "新建教共体必须填写学段。")
        try:
            core = parse_school(record.get("核心校"))
        except RosterParseError as exc:
            report.problem(row, "核心校", str(exc))
            continue
        if core is None:
            report.problem(row, "核心校", "核心校不能为空。")
            continue
        try:
            members = parse_members(record.get("成员校"))
        except RosterParseError as exc:
            report.problem(row, "成员校", str(exc))
            continue
        default_stage = _STAGE_FOR_SCHOOL.get(stage, Stage.PRIMARY)
        plan = _RosterRow(row, name, stage, name_key(core.name), [], {})
        entries = [(core, "核心校")] + [(m, "成员校") for m in members]
        for entry, column in entries:
            key = name_key(entry.name)
            for k, n in [(key, entry.name)] + [(name_key(c), c) for c in entry.children]:
                if len(n) > 100:
                    report.problem(row, column, f"「{n[:20]}…」学校名称超过 100 个字。")
                if k in where:
                    other_row, other = where[k]
                    if other_row == row and k == plan.core and column == "成员校":
                        report.problem(
                            row, column, f"「{n}」是本教共体的核心校，不能同时列为成员校。"
                        )
                    elif other_row == row:
                        report.problem(row, column, f"「{n}」在本行重复出现。")
                    else:
                        report.problem(
                            row,
                            column,
                            f"「{n}」同时出现在第 {other_row} 行「{other}」中，"
                            "一所学校只能属于一个教共体。",
                        )
                    continue
                where[k] = (row, name)
                names.setdefault(k, n)
                stage_for.setdefault(k, guess_stage(n, default_stage))
            if column == "成员校":
                plan.members.append(key)
            if entry.children:
                plan.children[key] = [name_key(c) for c in entry.children]
        for key in [plan.core, *plan.members]:
            school = schools.get(key)
            if school is not None and school.parent_id:
                report.problem(
                    row,
                    "成员校" if key != plan.core else "核心校",
                    f"「{school.name}」隶属于「{school.parent.name}」，不能单独加入教共体；"
                    "请将它写在上级学校后的括号中。",
                )
        plan.community = communities.get(name_key(name))
        rows.append(plan)
    # Schools placed by the file must not be cores of communities the file does not mention.
    file_names = {name_key(p.name) for p in rows}
    current = (
        Membership.objects.current()
        .filter(community__district=district)
        .select_related("community", "school")
    )
    core_elsewhere = {
        m.school.name_key: m
        for m in current
        if m.role == MemberRole.CORE and name_key(m.community.name) not in file_names
    }
    for plan in rows:
        for key in [plan.core, *plan.members]:
            m = core_elsewhere.get(key)
            if m is not None:
                report.problem(
                    plan.row,
                    "成员校" if key != plan.core else "核心校",
                    f"「{m.school.name}」目前是「{m.community.name}」的核心校，"
                    "请先在该教共体更换核心校。",
                )
    return rows, schools, names, stage_for


def _roster_run(
    sheet: Sheet, district: District, report: Report, actor, progress: Progress, write: bool
) -> None:
    rows, schools, names, stage_for = _roster_plan(sheet, district, report)
    if report.problems:
        return
    today = timezone.localdate()
    current = list(
        Membership.objects.current()
        .filter(community__district=district)
        .select_related("community", "school")
    )
    by_community: dict[int, list[Membership]] = {}
    for m in current:
        by_community.setdefault(m.community_id, []).append(m)
    parent_of: dict[str, str] = {}
    for plan in rows:
        for parent, kids in plan.children.items():
            for kid in kids:
                parent_of[kid] = parent

    # Describe the plan per row.
    new_keys = [k for k in names if k not in schools]
    for plan in rows:
        detail = []
        created_here = [
            names[k]
            for k in [
                plan.core,
                *plan.members,
                *[c for kids in plan.children.values() for c in kids],
            ]
            if k not in schools
        ]
        if created_here:
            detail.append("新建学校：" + "、".join(created_here))
        reparented = [
            names[k]
            for k, p in parent_of.items()
            if k in schools
            and p in [plan.core, *plan.members]
            and (schools[k].parent.name_key if schools[k].parent_id else None) != p
        ]
        if reparented:
            detail.append("调整上级学校：" + "、".join(reparented))
        if plan.community is None:
            report.count(plan.row, CREATED, plan.name, "；".join(detail))
            continue
        c = plan.community
        ms = by_community.get(c.pk, [])
        core_now = next((m.school.name_key for m in ms if m.role == MemberRole.CORE), None)
        members_now = {m.school.name_key for m in ms if m.role == MemberRole.MEMBER}
        if core_now != plan.core:
            detail.append(f"核心校改为「{names[plan.core]}」")
        joined = [names[k] for k in plan.members if k not in members_now]
        left = [
            m.school.name
            for m in ms
            if m.role == MemberRole.MEMBER
            and m.school.name_key not in plan.members
            and m.school.name_key != plan.core
        ]
        if joined:
            detail.append("加入：" + "、".join(joined))
        if left:
            detail.append("退出：" + "、".join(left))
        if plan.stage and plan.stage != c.stage:
            detail.append("学段改为" + CommunityStage(plan.stage).label)
        report.count(plan.row, UPDATED if detail else UNCHANGED, plan.name, "；".join(detail))
    if new_keys:
        report.notes.append(
            f"将新建学校 {len(new_keys)} 所（学段、城乡类别按名称推断，导入后请在学校页面核对）。"
        )
    if not write:
        return

    progress(50, "正在写入学校")
    reason = "教共体名单导入"
    # 1. schools: top level first, then nested ones with their parent.
    for wave in (lambda k: k not in parent_of, lambda k: k in parent_of):
        batch = []
        for key in new_keys:
            if not wave(key):
                continue
            school = School(
                district=district,
                name=names[key],
                name_key=key,
                stage=stage_for[key],
                locale=guess_locale(names[key]),
            )
            if key in parent_of:
                school.parent = schools[parent_of[key]]
            batch.append(school)
        if batch:
            bulk_create_with_history(
                batch, School, default_user=actor, default_change_reason=reason
            )
            for s in batch:
                schools[s.name_key] = s
    for kid, parent in parent_of.items():
        school = schools[kid]
        if school.parent_id != schools[parent].pk:
            # A school that becomes nested leaves any community it was enrolled in.
            for m in Membership.objects.current().filter(school=school):
                _end(m, today, actor, "并入上级学校")
            school.parent = schools[parent]
            school._change_reason = reason
            school.full_clean()
            if actor is not None and getattr(actor, "is_authenticated", False):
                school._history_user = actor
            school.save()

    progress(70, "正在写入教共体")
    listed = {}
    for plan in rows:
        for key in [plan.core, *plan.members]:
            listed[key] = name_key(plan.name)
    file_names = {name_key(p.name) for p in rows}
    # 2. end memberships the sheet no longer lists (frees schools moving between communities).
    for m in (
        Membership.objects.current()
        .filter(community__district=district)
        .select_related("community", "school")
    ):
        target = listed.get(m.school.name_key)
        community_key = name_key(m.community.name)
        in_file = community_key in file_names
        if m.role == MemberRole.MEMBER and (
            (in_file and target != community_key) or (not in_file and target is not None)
        ):
            _end(m, today, actor, "按导入名单调整")
    # 3. communities: create, or set stage and core.
    for plan in rows:
        core = schools[plan.core]
        if plan.community is None:
            community = Community(
                district=district, name=plan.name, stage=plan.stage, founded_on=today
            )
            community_services.community_create(
                community=community, core_school=core, start_on=today, actor=actor
            )
            plan.community = community
            continue
        community = plan.community
        if plan.stage and community.stage != plan.stage:
            community.stage = plan.stage
            community_services.community_update(community=community, actor=actor)
        old = community_services.current_core(community)
        if old is None or old.school_id != core.pk:
            community_services.core_replace(
                community=community,
                school=core,
                on=today,
                actor=actor,
                keep_old_as_member=old is not None and old.school.name_key in plan.members,
            )
    # 4. members.
    for plan in rows:
        present = set(
            Membership.objects.current()
            .filter(community=plan.community)
            .values_list("school__name_key", flat=True)
        )
        for key in plan.members:
            if key not in present:
                community_services.membership_add(
                    community=plan.community, school=schools[key], start_on=today, actor=actor
                )


def _end(membership: Membership, on: datetime.date, actor, note: str) -> None:
    community_services.membership_end(
        membership=membership, end_on=max(on, membership.start_on), note=note, actor=actor
    )


# --- entry points ----------------------------------------------------------------------------

COLUMNS = {"schools": SCHOOL_COLUMNS, "teachers": TEACHER_COLUMNS, "roster": ROSTER_COLUMNS}
KIND_LABELS = {"schools": "学校名单", "teachers": "教师名单", "roster": "教共体名单"}


def load_sheet(
    kind: str, data: bytes, filename: str, report: Report, progress: Progress | None = None
) -> Sheet | None:
    """Read and clean the file (no database access); problems go to ``report``."""
    return _load(data, filename, COLUMNS[kind], report, progress or _noop)


def _run(
    kind: str,
    sheet: Sheet,
    report: Report,
    district: District,
    actor,
    progress: Progress,
    write: bool,
) -> Report:
    progress(40, "正在检查数据")
    if kind == "schools":
        plans = _plan_schools(sheet, district, report)
        _schools_write(plans, district, report, actor, progress, write and report.ok)
    elif kind == "teachers":
        _teachers_plan_and_write(sheet, district, report, actor, progress, write)
    elif kind == "roster":
        _roster_run(sheet, district, report, actor, progress, write)
    else:  # pragma: no cover - kinds come from ImportKind
        raise ValueError(kind)
    return report


def import_preview(
    *, kind: str, data: bytes, filename: str, district: District, progress: Progress | None = None
) -> Report:
    """What the file would do; writes nothing."""
    progress = progress or _noop
    report = Report(kind=kind)
    sheet = load_sheet(kind, data, filename, report, progress)
    if sheet is not None:
        _run(kind, sheet, report, district, None, progress, write=False)
    progress(100, "检查完成")
    return report


class _Rollback(Exception):
    pass


def import_apply(
    *,
    kind: str,
    data: bytes,
    filename: str,
    district: District,
    actor=None,
    progress: Progress | None = None,
    dry_run: bool = False,
) -> Report:
    """Validate again and write everything in one transaction, or nothing when any row fails."""
    progress = progress or _noop
    report = Report(kind=kind)
    # Reading happens outside the transaction (it is the slow part and writes nothing), so a
    # background job's progress stays visible to the page polling it.
    sheet = load_sheet(kind, data, filename, report, progress)
    if sheet is None:
        return report
    try:
        with transaction.atomic():
            _run(kind, sheet, report, district, actor, progress, write=True)
            if not report.ok or dry_run:
                raise _Rollback
    except _Rollback:
        return report
    except ValidationError as exc:
        report.problem(None, "数据", "；".join(exc.messages))
        report.written = False
        return report
    report.written = True
    progress(100, "导入完成")
    return report

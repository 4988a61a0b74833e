"""The exchange plan import (kind ``exchanges``): one row, one exchange in 草稿.

A row's teacher is found by name within the home school (派出学校, by name or 10-digit code);
host schools by name or code, several (走教) separated by 、. A row that repeats an exchange
already in the system (same teacher, same planned semesters, same hosts, kind and tasks) is
unchanged, so the same file imported twice changes nothing the second time; a row that overlaps
another exchange of the same teacher — in the system or earlier in the file — is an error naming
it. Every cell goes through its column's parser; creation goes through
``services.exchange_create``, the one write path, so the import refuses what the form refuses.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError

from core.school_year import semester_index
from core.text import clean_digits, clean_text, name_key
from schools.models import School, Teacher
from spreadsheets.columns import CellError, Memo
from spreadsheets.reader import Sheet
from spreadsheets.registry import Importer
from spreadsheets.report import CREATED, UNCHANGED, Progress, Report

from .. import direction, services
from ..enums import ExchangeKind
from ..models import Exchange
from .columns import (
    END_SEMESTER,
    END_YEAR,
    EXCHANGE_COLUMNS,
    HOME_SCHOOL,
    HOSTS,
    KIND,
    START_SEMESTER,
    START_YEAR,
    TEACHER_NAME,
    parse_hosts,
)

REQUIRED_PLAN = (KIND, START_YEAR, START_SEMESTER, END_YEAR, END_SEMESTER)


class ExchangePlanImporter(Importer):
    key = "exchanges"
    label = "教师交流计划"
    columns = EXCHANGE_COLUMNS

    def run(
        self, sheet: Sheet, *, report: Report, district, actor, progress: Progress, write: bool
    ) -> None:
        _plan_and_write(sheet, district, report, actor, progress, write)


class _Schools:
    def __init__(self, district):
        schools = list(School.objects.filter(district=district))
        self.by_code = {s.code: s for s in schools if s.code}
        self.by_key = {s.name_key: s for s in schools}

    def find(self, text: str) -> School | None:
        digits = clean_digits(text)
        if digits.isdigit() and digits in self.by_code:
            return self.by_code[digits]
        return self.by_key.get(name_key(text))


def _plan_and_write(sheet: Sheet, district, report: Report, actor, progress, write) -> None:
    fields = EXCHANGE_COLUMNS.parsed_fields()
    schools = _Schools(district)
    teachers: dict[tuple[int, str], list[Teacher]] = defaultdict(list)
    for teacher in Teacher.objects.filter(school__district=district).select_related("school"):
        teachers[(teacher.school_id, name_key(teacher.name))].append(teacher)
    existing: dict[int, list[Exchange]] = defaultdict(list)
    for exchange in (
        Exchange.objects.counting().filter(district=district).prefetch_related("host_links")
    ):
        existing[exchange.teacher_id].append(exchange)
    in_file: dict[int, list[tuple[int, int, int]]] = defaultdict(list)  # teacher → (from, to, row)

    plans = []
    memo = Memo()
    total = max(len(sheet), 1)
    for i, (row, record) in enumerate(sheet.records()):
        if i % 1000 == 0:
            progress(40 + int(15 * i / total), f"正在检查第 {i + 1} 行")
        bad = False
        name = clean_text(record.get(TEACHER_NAME.label))
        home_text = clean_text(record.get(HOME_SCHOOL.label))
        host_texts = parse_hosts(record.get(HOSTS.label) or "")
        if not name:
            report.problem(row, TEACHER_NAME.label, "姓名不能为空。")
            bad = True
        home = schools.find(home_text) if home_text else None
        if not home_text:
            report.problem(row, HOME_SCHOOL.label, "派出学校不能为空。")
            bad = True
        elif home is None:
            report.problem(row, HOME_SCHOOL.label, f"学校「{home_text}」在本教育局不存在。")
            bad = True
        hosts = []
        if not host_texts:
            report.problem(row, HOSTS.label, "接收学校不能为空。")
            bad = True
        for text in host_texts:
            host = schools.find(text)
            if host is None:
                report.problem(row, HOSTS.label, f"学校「{text}」在本教育局不存在。")
                bad = True
            elif host in hosts:
                report.problem(row, HOSTS.label, f"接收学校「{host.name}」重复填写。")
                bad = True
            elif home is not None and host.pk == home.pk:
                report.problem(row, HOSTS.label, f"接收学校「{host.name}」就是派出学校。")
                bad = True
            else:
                hosts.append(host)
        values = {}
        failed: set[str] = set()
        for label, (attr, parser) in fields.items():
            raw = record.get(label)
            if raw is None or raw == "":
                continue
            try:
                values[attr] = memo.parse(label, parser, raw)
            except CellError as exc:
                report.problem(row, label, str(exc))
                failed.add(label)
                bad = True
        for column in REQUIRED_PLAN:
            if column.field not in values and column.label not in failed:
                report.problem(row, column.label, f"{column.label}不能为空。")
                bad = True
        if bad:
            continue
        if len(hosts) > 1 and values["kind"] != ExchangeKind.ITINERANT:
            report.problem(row, HOSTS.label, "只有走教可以填写多个接收学校。")
            continue
        first = semester_index(values["start_year"], values["start_semester"])
        last = semester_index(values["end_year"], values["end_semester"])
        if last < first:
            report.problem(row, END_SEMESTER.label, "结束学期不能早于开始学期。")
            continue
        found = teachers.get((home.pk, name_key(name)), [])
        if not found:
            report.problem(
                row,
                TEACHER_NAME.label,
                f"「{home.name}」没有名为「{name}」的教师，请先导入教师名单。",
            )
            continue
        if len(found) > 1:
            report.problem(
                row,
                TEACHER_NAME.label,
                f"「{home.name}」有 {len(found)} 位名为「{name}」的教师，无法区分。",
            )
            continue
        teacher = found[0]
        clash = next(
            ((a, b, r) for a, b, r in in_file[teacher.pk] if a <= last and first <= b), None
        )
        if clash:
            report.problem(
                row, START_SEMESTER.label, f"与第 {clash[2]} 行是同一教师，交流时间重叠。"
            )
            continue
        in_file[teacher.pk].append((first, last, row))
        label = f"{home.name} · {name}"
        same = _existing_match(existing[teacher.pk], first, last)
        if same is not None:
            if _unchanged(same, values, hosts):
                report.count(row, UNCHANGED, label)
                continue
            report.problem(
                row,
                START_SEMESTER.label,
                f"系统中已有{name}{same.period_label}的交流（{same.get_status_display()}），"
                "内容与本行不同；请在系统中修改，或删除本行。",
            )
            continue
        overlapping = next(
            (
                e
                for e in existing[teacher.pk]
                if semester_index(e.start_year, e.start_semester) <= last
                and first <= semester_index(e.end_year, e.end_semester)
            ),
            None,
        )
        if overlapping is not None:
            report.problem(
                row,
                START_SEMESTER.label,
                f"{name}在{overlapping.period_label}已有交流安排"
                f"（{overlapping.get_status_display()}），时间不能重叠。",
            )
            continue
        plans.append((row, teacher, hosts, values))
        report.count(row, CREATED, label, "、".join(h.name for h in hosts))
    if not write or report.problems:
        return
    progress(60, "正在写入交流计划")
    placements_by_day: dict = {}
    for done, (row, teacher, hosts, values) in enumerate(plans):
        try:
            exchange = Exchange(**values)
            exchange.derive_dates()
            day = exchange.planned_start
            if day not in placements_by_day:
                placements_by_day[day] = direction.placements_on(
                    School.objects.filter(district=district), day
                )
            services.exchange_create(
                actor=actor,
                teacher=teacher,
                host_schools=hosts,
                check_access=False,
                placements=placements_by_day[day],
                **values,
            )
        except ValidationError as exc:
            for message in exc.messages:
                report.problem(row, "", message)
        if done % 200 == 0:
            progress(60 + int(35 * done / max(len(plans), 1)), "正在写入交流计划")


def _existing_match(exchanges: list[Exchange], first: int, last: int) -> Exchange | None:
    for exchange in exchanges:
        if (
            semester_index(exchange.start_year, exchange.start_semester) == first
            and semester_index(exchange.end_year, exchange.end_semester) == last
        ):
            return exchange
    return None


def _unchanged(exchange: Exchange, values: dict, hosts: list[School]) -> bool:
    if [link.school_id for link in exchange.host_links.all()] != [h.pk for h in hosts]:
        return False
    return all(getattr(exchange, attr) == value for attr, value in values.items())

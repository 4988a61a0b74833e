"""Remote-lesson sessions as a sheet (the timetable's 开课记录): one row per lesson —
日期 / 主讲学校 / 主讲年级 / 主讲班级 / 学科 / 开课情况 / 未开课原因 / 说明.

Import (kind ``remote_sessions``): a row finds its pairing by the core school's name, grade,
class and subject among the district's pairings whose days hold the date (one and only one);
its session of that day is created, or updated when the file says otherwise, or left unchanged.
未开课 needs a reason (停电、网络故障、考试、节假日、其他; 其他 also a 说明); 已开课 takes no reason.
A pairing and date twice in the file is refused. Every problem names the row and the column;
nothing is written unless every row is right (the engine's transaction).

Export: the sessions of the pairings of the list as filtered, with the export-only columns
课堂类型 and 教共体 after the import columns, so an exported file imports again unchanged.
"""

from __future__ import annotations

from collections import defaultdict

from core.text import clean_text, name_key
from spreadsheets.columns import (
    CellError,
    ColumnSet,
    SheetColumn,
    choice_column,
    parse_date,
    parse_text,
)
from spreadsheets.reader import Sheet
from spreadsheets.registry import Importer
from spreadsheets.report import CREATED, UNCHANGED, UPDATED, Progress, Report

from ..enums import NotHeldReason, RemoteKind, SessionStatus
from ..models import RemotePairing, RemoteSession
from ..services import session_log
from ..weeks import week_number

DATE = SheetColumn(
    "日期",
    ("上课日期", "开课日期"),
    export="date",
    parse=parse_date,
    required=True,
    width=12,
    help="上课日期，如 2025-09-18。",
    examples=("2025-09-18", "2025-09-25"),
)
SCHOOL = SheetColumn(
    "主讲学校",
    ("主讲校", "核心校", "授课学校"),
    export="pairing__core_school__name",
    required=True,
    width=22,
    help="结对的主讲学校全称。",
    examples=("城关第一小学", "城关第一小学"),
)
GRADE = SheetColumn(
    "主讲年级",
    ("年级",),
    export="pairing__core_grade",
    required=True,
    width=10,
    examples=("三年级", "三年级"),
)
CLASS = SheetColumn(
    "主讲班级",
    ("班级",),
    export="pairing__core_class",
    required=True,
    width=10,
    examples=("（2）班", "（2）班"),
)
SUBJECT = SheetColumn(
    "学科",
    ("科目", "课程"),
    export="pairing__subject",
    required=True,
    width=8,
    examples=("英语", "英语"),
)
STATUS = choice_column(
    "开课情况",
    SessionStatus,
    extra={"已开": "held", "开课": "held", "是": "held", "未开": "not_held", "否": "not_held"},
    export="status",
    required=True,
    width=10,
    examples=("已开课", "未开课"),
)
REASON = choice_column(
    "未开课原因",
    NotHeldReason,
    export="reason",
    width=12,
    help="未开课时必填；已开课时不填。",
    examples=("", "停电"),
)
NOTE = SheetColumn(
    "说明",
    ("备注",),
    export="note",
    parse=parse_text,
    width=24,
    help="原因为「其他」时必填。",
    examples=("", "全镇检修线路"),
)


SESSION_COLUMNS = ColumnSet(
    (
        DATE,
        SCHOOL,
        GRADE,
        CLASS,
        SUBJECT,
        STATUS,
        REASON,
        NOTE,
        choice_column("课堂类型", RemoteKind, export="pairing__kind", imported=False, width=10),
        SheetColumn("教共体", export="pairing__community__name", imported=False, width=22),
    )
)


def _key(*parts: str) -> tuple[str, ...]:
    """Names compared as the reader cleans them: （2）班 and (2)班 are one class."""
    return tuple(name_key(part) for part in parts)


class SessionImporter(Importer):
    key = "remote_sessions"
    label = "远程课堂开课记录"
    columns = SESSION_COLUMNS

    def run(
        self, sheet: Sheet, *, report: Report, district, actor, progress: Progress, write: bool
    ) -> None:
        pairings = defaultdict(list)
        for pairing in RemotePairing.objects.filter(district=district).select_related(
            "core_school"
        ):
            key = _key(
                pairing.core_school.name, pairing.core_grade, pairing.core_class, pairing.subject
            )
            pairings[key].append(pairing)
        plans = []
        seen: dict[tuple, int] = {}
        for row, record in sheet.records():
            values = {}
            for column in (DATE, STATUS, REASON, NOTE):
                raw = record.get(column.label)
                if column in (REASON, NOTE) and clean_text(str(raw or "")) == "":
                    values[column.label] = ""
                    continue
                try:
                    values[column.label] = column.parse(raw)
                except CellError as error:
                    report.problem(row, column.label, str(error))
            texts = {
                c.label: clean_text(str(record.get(c.label) or ""))
                for c in (SCHOOL, GRADE, CLASS, SUBJECT)
            }
            if len(values) < 4:
                continue
            day = values[DATE.label]
            key = _key(*(texts[c.label] for c in (SCHOOL, GRADE, CLASS, SUBJECT)))
            candidates = [p for p in pairings.get(key, ()) if p.first_day <= day <= p.last_day]
            name = "".join(texts[c.label] for c in (SCHOOL, GRADE, CLASS, SUBJECT))
            if not candidates:
                if pairings.get(key):
                    report.problem(
                        row, DATE.label, f"{day:%Y-%m-%d} 不在「{name}」结对的开课期间内。"
                    )
                else:
                    report.problem(
                        row,
                        SCHOOL.label,
                        f"没有找到主讲学校、年级、班级、学科为「{name}」的远程课堂结对。",
                    )
                continue
            if len(candidates) > 1:
                report.problem(
                    row, SCHOOL.label, f"「{name}」在 {day:%Y-%m-%d} 有多个结对，无法确定是哪一个。"
                )
                continue
            pairing = candidates[0]
            status, reason, note = values[STATUS.label], values[REASON.label], values[NOTE.label]
            if status == SessionStatus.NOT_HELD and not reason:
                report.problem(row, REASON.label, "未开课时请填写未开课原因。")
                continue
            if status == SessionStatus.HELD and reason:
                report.problem(row, REASON.label, "已开课的行不填未开课原因。")
                continue
            if reason == NotHeldReason.OTHER and not note:
                report.problem(row, NOTE.label, "原因为「其他」时请写明说明。")
                continue
            if (pairing.pk, day) in seen:
                report.problem(
                    row,
                    DATE.label,
                    f"与第 {seen[pairing.pk, day]} 行重复：同一结对同一天只能有一条记录。",
                )
                continue
            seen[pairing.pk, day] = row
            plans.append((row, pairing, day, status, reason, note))
        existing = {
            (s.pairing_id, s.date): s
            for s in RemoteSession.objects.filter(pairing_id__in={p[1].pk for p in plans}).only(
                "pairing_id", "date", "status", "reason", "note"
            )
        }
        writing = write and report.ok
        for row, pairing, day, status, reason, note in plans:
            label = (
                f"{pairing.display_name} {day:%Y-%m-%d}（第{week_number(pairing.first_day, day)}周）"
                f" {SessionStatus(status).label}"
            )
            current = existing.get((pairing.pk, day))
            if current is None:
                action = CREATED
            elif (current.status, current.reason, current.note) != (status, reason, note):
                action = UPDATED
            else:
                action = UNCHANGED
            if writing and action != UNCHANGED:
                session_log(
                    pairing=pairing, date=day, status=status, reason=reason, note=note, actor=actor
                )
            report.count(row, action, label)

"""The demo county's teacher exchanges, 挂职 posts, 跟班听课 days and mentorships, for the
last school year and this one (written below as 2024-2025 and 2025-2026, shifted by ``_y`` to
the day the demo is built).

Built through ``exchanges.services`` (each exchange's past workflow replayed with its own dates),
so every record has its history and derived direction. Some communities keep their plan's rules
and some fall short, on purpose, so the rule checks have something real to show:

- 示范县实验小学教育集团 (group): the core sends 3 teachers to each member a year and each member
  sends 3 back (等额), filed before term; except 2024-2025 where 柳桥 sends only 2 back. Its
  backbone teachers mentor apprentices, a few do not (they show on the mentorship page); its
  members' teachers attend lessons at the core school every month. In 2025-2026 some proposals
  are still moving (a draft and a returned one at 河口, submitted ones for the leader to review,
  approved ones for the bureau to file), and two are two-year exchanges into 2026-2027.
- 城西教共体 (community): falls short — 1–2 sent to some members, almost none back, filed after
  term start, one cancelled; lesson days missing in some months.
- the 1+1 binding: 2 teachers each way a year and a week per semester of principals' posts,
  except 2025-2026 when 青山 sends 1 and its principal spends half a week.
- 白沙小片区: a music teacher 走教 between two members (several hosts).
- 实验中学教共体: a two-school-year 支教, and a teacher sent across communities.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from core.school_year import SchoolYear, Semester, semester_index
from exchanges import services
from exchanges.enums import (
    AssessmentResult,
    ExchangeKind,
    ExchangeStatus,
    MentorshipStatus,
    StepAction,
)
from schools.enums import COUNTY_OR_HIGHER_BACKBONE, StaffPosition

from . import layout

S = ExchangeStatus
A = StepAction
AUTUMN, SPRING = Semester.AUTUMN, Semester.SPRING

TASKS = {
    ExchangeKind.ROTATION: "承担{subject}学科教学，每学期上示范课 2 节，指导青年教师 1—2 名，参与受援学校教研组建设。",
    ExchangeKind.SHADOW: "到核心校跟岗学习{subject}教学与教研管理，每周听课不少于 5 节，返校后上汇报课并开展校本培训。",
    ExchangeKind.SUPPORT: "支教{subject}学科，承担毕业年级教学，牵头学科组集体备课。",
    ExchangeKind.ITINERANT: "在两所学校轮流任教{subject}，开齐开足课程，组织学生社团活动。",
}


def _y(year: int) -> int:
    """The demo was written with 2025-2026 as the current school year; this shifts its years so
    that the latest year of records is always the school year of the day it is built."""
    return year + SchoolYear.current().start - 2025


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class ExchangeDemo:
    def __init__(self, builder) -> None:
        self.b = builder
        # A generator of its own: the county's other random draws stay as they were.
        self.rng = random.Random(layout.SEED + 7)
        self.users = {u.username: u for u in builder.summary.users}
        self.busy: dict[int, list[tuple[int, int]]] = {}  # teacher pk → semester spans
        self.count = 0

    # --- picking teachers -----------------------------------------------------------------

    def _free(self, teacher, first: int, last: int) -> bool:
        return all(b < first or last < a for a, b in self.busy.get(teacher.pk, []))

    def pick(self, key: str, n: int, first: int, last: int, backbone: bool = False) -> list:
        staff = [
            t
            for t in self.b.staff[key]
            if t.position in (StaffPosition.TEACHER, StaffPosition.MIDDLE_MANAGER)
            and self._free(t, first, last)
        ]
        if backbone:
            staff.sort(key=lambda t: t.backbone_level not in COUNTY_OR_HIGHER_BACKBONE)
        else:
            self.rng.shuffle(staff)
        chosen = staff[:n]
        for teacher in chosen:
            self.busy.setdefault(teacher.pk, []).append((first, last))
        return chosen

    # --- one exchange -----------------------------------------------------------------------

    def exchange(
        self,
        teacher,
        hosts: list[str],
        kind: str,
        start: tuple[int, str],
        end: tuple[int, str],
        path: str,
        *,
        filed_on: datetime.date | None = None,
        result: str = AssessmentResult.PASS,
        reason: str = "",
    ):
        subject = (teacher.subjects.split("、") or ["语文"])[0] or "语文"
        exchange = services.exchange_create(
            actor=None,
            teacher=teacher,
            host_schools=[self.b.schools[k] for k in hosts],
            kind=kind,
            start_year=start[0],
            start_semester=start[1],
            end_year=end[0],
            end_semester=end[1],
            tasks=TASKS.get(kind, "").format(subject=subject),
            subsidy_township=Decimal("300") if kind != ExchangeKind.SHADOW else Decimal("0"),
            subsidy_transport=Decimal("200"),
            subsidy_rural=Decimal("0"),
            check_access=False,
        )
        self.count += 1
        year = SchoolYear(start[0])
        term = year.semester_first_day(start[1])
        filed_on = filed_on or term - datetime.timedelta(days=10)
        school_user = (
            self.users["demo_school"]
            if teacher.school_id == self.b.schools[layout.DEMO_SCHOOL].pk
            else None
        )
        leader = (
            self.users["demo_leader"]
            if exchange.community_id == self.b.communities[layout.DEMO_LEADER_COMMUNITY].pk
            else None
        )
        bureau = self.users["demo_bureau"]
        submitted = filed_on - datetime.timedelta(days=40)
        plan = [
            (A.SUBMIT, S.SUBMITTED, _at(submitted), school_user, ""),
            (A.APPROVE, S.APPROVED, _at(submitted + datetime.timedelta(days=12)), leader, "同意"),
            (A.FILE, S.FILED, _at(filed_on), bureau, "已备案"),
            (A.START, S.SERVING, _at(term, 9), None, ""),
        ]
        changes: dict = {}
        if path == "draft":
            return exchange
        if path == "returned":
            steps = [
                plan[0],
                (A.RETURN, S.RETURNED, plan[1][2], leader, "目标任务不具体，请补充后重新申报。"),
            ]
        elif path == "submitted":
            steps = plan[:1]
        elif path == "approved":
            steps = plan[:2]
        elif path == "filed":
            steps = plan[:3]
        elif path == "cancelled":
            steps = [
                *plan[:3],
                (A.CANCEL, S.CANCELLED, _at(term + datetime.timedelta(days=20)), bureau, reason),
            ]
        elif path == "serving":
            steps = plan
            changes["actual_start"] = term
        elif path == "assessed":
            end_day = SchoolYear(end[0]).semester_last_day(end[1]) - datetime.timedelta(days=20)
            steps = [
                *plan,
                (
                    A.ASSESS,
                    S.ASSESSED,
                    _at(end_day),
                    None,
                    "完成交流任务，考核" + AssessmentResult(result).label,
                ),
            ]
            changes.update(
                actual_start=term,
                actual_end=end_day,
                result=result,
                result_comment="完成交流任务。",
                assessed_by=exchange.host_links.first().school,
            )
        else:  # pragma: no cover - a typo in this module
            raise ValueError(path)
        services.exchange_replay(exchange=exchange, steps=steps, **changes)
        return exchange

    def batch(self, home: str, hosts: list[str], n: int, kind: str, year: int, path, **kw):
        """``n`` teachers of ``home`` to ``hosts`` for the school year ``year``; ``path`` is a
        status path or a list of them (one per teacher)."""
        start, end = (year, AUTUMN), kw.pop("end", (year, SPRING))
        first, last = semester_index(*start), semester_index(*end)
        teachers = self.pick(home, n, first, last, backbone=kw.pop("backbone", False))
        paths = path if isinstance(path, list) else [path] * len(teachers)
        for teacher, one in zip(teachers, paths, strict=False):
            self.exchange(teacher, hosts, kind, start, end, one, **kw)

    # --- the county ---------------------------------------------------------------------------

    def build(self) -> int:
        self.group()
        self.west()
        self.binding()
        self.cluster_and_junior()
        self.lesson_days()
        self.mentorships()
        return self.count

    def group(self) -> None:
        core, members = "sy_xx", ["cn_xx", "cb_xx", "hk_zx", "sm_zx", "lq_zx"]
        rot, shadow = ExchangeKind.ROTATION, ExchangeKind.SHADOW
        good = [AssessmentResult.EXCELLENT, AssessmentResult.PASS, AssessmentResult.PASS]
        for member in members:
            for result in good:
                self.batch(
                    core, [member], 1, rot, _y(2024), "assessed", result=result, backbone=True
                )
            back = 2 if member == "lq_zx" else 3
            self.batch(member, [core], back, shadow, _y(2024), "assessed")
        # 2025-2026: most filed and serving; some still moving through the workflow.
        for member in members:
            if member == "hk_zx":
                self.batch(
                    core,
                    [member],
                    2,
                    rot,
                    _y(2025),
                    "serving",
                    end=(_y(2026), SPRING),
                    backbone=True,
                )
                self.batch(core, [member], 1, rot, _y(2025), "serving", backbone=True)
                self.batch(member, [core], 3, shadow, _y(2025), ["serving", "draft", "returned"])
            elif member == "cb_xx":
                self.batch(core, [member], 3, rot, _y(2025), "serving", backbone=True)
                self.batch(member, [core], 3, shadow, _y(2025), "submitted")
            elif member == "sm_zx":
                self.batch(core, [member], 3, rot, _y(2025), "approved", backbone=True)
                self.batch(member, [core], 3, shadow, _y(2025), "serving")
            else:
                self.batch(core, [member], 3, rot, _y(2025), "serving", backbone=True)
                self.batch(member, [core], 3, shadow, _y(2025), "serving")

    def west(self) -> None:
        """城西教共体 falls short: few sent, almost none back, filed late."""
        rot, shadow = ExchangeKind.ROTATION, ExchangeKind.SHADOW
        late24, late25 = datetime.date(_y(2024), 9, 20), datetime.date(_y(2025), 9, 15)
        self.batch("sy_ex", ["mb_zx"], 1, rot, _y(2024), "assessed", filed_on=late24)
        self.batch("sy_ex", ["gt_zx"], 2, rot, _y(2024), "assessed", filed_on=late24)
        self.batch("mb_zx", ["sy_ex"], 1, shadow, _y(2024), "assessed", filed_on=late24)
        self.batch(
            "jb_zx", ["sy_ex"], 1, shadow, _y(2024), "cancelled", reason="教师病休，中止交流。"
        )
        for member in ("mb_zx", "gt_zx", "jb_zx"):
            self.batch("sy_ex", [member], 2, rot, _y(2025), "serving", filed_on=late25)
        self.batch("gt_zx", ["sy_ex"], 1, shadow, _y(2025), "serving", filed_on=late25)

    def binding(self) -> None:
        """1+1: two teachers each way a year, a week per semester of principals' posts."""
        rot = ExchangeKind.ROTATION
        for year in (_y(2024), _y(2025)):
            self.batch(
                "cg_2x", ["qs_zx"], 2, rot, year, "assessed" if year == _y(2024) else "serving"
            )
            back = 2 if year == _y(2024) else 1
            self.batch(
                "qs_zx", ["cg_2x"], back, rot, year, "assessed" if year == _y(2024) else "serving"
            )
        urban, rural = self.b._principal("cg_2x"), self.b._principal("qs_zx")
        posts = [
            (urban, "qs_zx", _y(2024), AUTUMN, "1"),
            (rural, "cg_2x", _y(2024), AUTUMN, "1"),
            (urban, "qs_zx", _y(2024), SPRING, "1"),
            (rural, "cg_2x", _y(2024), SPRING, "1"),
            (urban, "qs_zx", _y(2025), AUTUMN, "1"),
            (rural, "cg_2x", _y(2025), AUTUMN, "0.5"),
        ]
        for teacher, partner, year, semester, weeks in posts:
            services.principal_post_create(
                actor=None,
                teacher=teacher,
                partner_school=self.b.schools[partner],
                school_year=year,
                semester=semester,
                weeks=Decimal(weeks),
                post="挂职副校长" if teacher is urban else "跟岗学习",
            )
        # The group's core principal holds a week's post at two members.
        core_head = self.b._principal("sy_xx")
        for member in ("hk_zx", "lq_zx"):
            services.principal_post_create(
                actor=None,
                teacher=core_head,
                partner_school=self.b.schools[member],
                school_year=_y(2025),
                semester=AUTUMN,
                weeks=Decimal("1"),
                post="蹲点指导",
            )

    def cluster_and_junior(self) -> None:
        music = next(
            (t for t in self.b.staff["bs_zx"] if "音乐" in t.subjects),
            self.b.staff["bs_zx"][-1],
        )
        self.busy.setdefault(music.pk, []).append(
            (semester_index(_y(2024), AUTUMN), semester_index(_y(2025), SPRING))
        )
        self.exchange(
            music,
            ["ty_zx", "lx_zx"],
            ExchangeKind.ITINERANT,
            (_y(2024), AUTUMN),
            (_y(2024), SPRING),
            "assessed",
        )
        self.exchange(
            music,
            ["ty_zx", "lx_zx"],
            ExchangeKind.ITINERANT,
            (_y(2025), AUTUMN),
            (_y(2025), SPRING),
            "serving",
        )
        # Two school years of 支教 (2024-2025 and 2025-2026), and one across communities.
        self.batch(
            "sy_zx", ["mb_cz"], 1, ExchangeKind.SUPPORT, _y(2024), "serving", end=(_y(2025), SPRING)
        )
        self.batch("sy_zx", ["hk_cz"], 2, ExchangeKind.ROTATION, _y(2025), "filed")
        self.batch("sy_xx", ["qs_zx"], 1, ExchangeKind.SUPPORT, _y(2025), "serving")

    def lesson_days(self) -> None:
        """Member teachers' days at the core school: the group every month, 城西 some months."""
        months_2024 = [datetime.date(_y(2024), m, 1) for m in (9, 10, 11, 12)] + [
            datetime.date(_y(2025), m, 1) for m in (1, 3, 4, 5, 6)
        ]
        months_2025 = [datetime.date(_y(2025), m, 1) for m in (9, 10, 11)]
        plans = [
            ("sy_xx", ["cn_xx", "cb_xx", "hk_zx", "sm_zx", "lq_zx"], months_2024 + months_2025, 2),
            ("sy_ex", ["mb_zx", "gt_zx"], months_2024[::3] + months_2025[:1], 1),
        ]
        for core, members, months, per_school in plans:
            for member in members:
                attendees = [
                    t for t in self.b.staff[member] if t.position == StaffPosition.TEACHER
                ][:per_school]
                for teacher in attendees:
                    for month in months:
                        services.lesson_day_create(
                            actor=None,
                            teacher=teacher,
                            core_school=self.b.schools[core],
                            month=month,
                            days=self.rng.choice((1, 1, 2, 2, 3)),
                        )

    def mentorships(self) -> None:
        """The group's county-or-higher backbone teachers mentor young member teachers; a few
        have no apprentice in _y(2025)-_y(2026)."""
        backbones = [
            t
            for key in ("sy_xx", "cn_xx")
            for t in self.b.staff[key]
            if t.backbone_level in COUNTY_OR_HIGHER_BACKBONE
        ]
        young = [
            t
            for key in ("hk_zx", "lq_zx", "sm_zx", "cb_xx")
            for t in self.b.staff[key]
            if t.position == StaffPosition.TEACHER and t.birth_year >= 1995
        ]
        self.rng.shuffle(young)
        for index, mentor in enumerate(backbones):
            if not young:
                break
            apprentice = young.pop()
            subject = (mentor.subjects.split("、") or [""])[0]
            services.mentorship_create(
                actor=None,
                mentor=mentor,
                apprentice=apprentice,
                subject=subject,
                start_on=datetime.date(_y(2024), 9, 1),
                end_on=datetime.date(_y(2025), 7, 10),
                status=MentorshipStatus.COMPLETED,
                goals="一年内独立上好公开课，完成教学设计 10 篇。",
                review="徒弟完成结对目标，公开课获校级一等奖。",
            )
            if index % 4 == 3 or not young:
                continue  # no apprentice in 2025-2026: shown on the community's page
            services.mentorship_create(
                actor=None,
                mentor=mentor,
                apprentice=young.pop(),
                subject=subject,
                start_on=datetime.date(_y(2025), 9, 1),
                goals="每周互相听课 1 节，每学期共同打磨 1 节研究课。",
            )


def build_exchanges(builder) -> int:
    """Exchanges and the light records of the demo county; returns the number of exchanges."""
    return ExchangeDemo(builder).build()

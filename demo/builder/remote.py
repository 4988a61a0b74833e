"""Demo remote lessons: each community has 1–3 pairings (同步课堂 / 专递课堂 / 名师课堂) of its
core school's classes with member-school classes, in the previous semester and in the current
one (the semester of the day the demo is built), and their sessions up to today: most held,
some not held for 停电, 网络故障, 考试 or 其他 (with a note), the National Day and Spring Festival
weeks as 节假日, and a few weeks left unlogged."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from activities.remote import services as remote_services
from activities.remote.enums import NotHeldReason, RemoteKind, SessionStatus
from activities.remote.models import RemotePairing
from communities.enums import MemberRole
from communities.models import Community, Membership
from core.school_year import SchoolYear, Semester, semester_of
from schools.models import Teacher

from . import layout

# (kind, subject, grade, weekday, start) of a community's pairings, in order.
PLANS = [
    (RemoteKind.SYNC, "英语", "三年级", 2, datetime.time(9, 50)),
    (RemoteKind.DELIVERED, "音乐", "四年级", 4, datetime.time(14, 30)),
    (RemoteKind.FAMOUS, "数学", "五年级", 3, datetime.time(10, 40)),
]
NOTES = {
    NotHeldReason.POWER: "乡镇线路检修停电",
    NotHeldReason.NETWORK: "接收端网络中断，课后补看录像",
    NotHeldReason.EXAM: "期中质量检测",
    NotHeldReason.OTHER: "主讲教师外出参加培训",
}


def _terms(today: datetime.date) -> list[tuple[int, str]]:
    year, semester = semester_of(today)
    if semester == Semester.AUTUMN:
        return [(year.start - 1, Semester.SPRING), (year.start, Semester.AUTUMN)]
    return [(year.start, Semester.AUTUMN), (year.start, Semester.SPRING)]


def _holiday(day: datetime.date) -> bool:
    return (day.month == 10 and day.day <= 7) or (day.month == 2 and day.day <= 20)


class RemoteBuilder:
    def __init__(self, district, *, actor, today: datetime.date | None = None) -> None:
        self.district = district
        self.actor = actor
        self.today = today or timezone.localdate()
        self.rng = random.Random(layout.SEED + 9)
        self.pairings = 0
        self.sessions = 0

    def build(self) -> int:
        for index, community in enumerate(
            Community.objects.filter(district=self.district).order_by("pk")
        ):
            self._community(community, count=1 + index % 3)
        return self.pairings

    def _community(self, community: Community, *, count: int) -> None:
        current = list(
            Membership.objects.current().filter(community=community).select_related("school")
        )
        core = next((m.school for m in current if m.role == MemberRole.CORE), None)
        members = [m.school for m in current if m.role == MemberRole.MEMBER]
        if core is None or not members:
            return
        teachers = list(Teacher.objects.filter(school=core).order_by("sort_key")[:40])
        for number, (kind, subject, grade, weekday, start) in enumerate(PLANS[:count]):
            receiving = (
                members[:3] if number == 0 else self.rng.sample(members, k=min(len(members), 2))
            )
            teacher = next((t for t in teachers if subject in t.subject_list), None)
            for school_year, semester in _terms(self.today):
                pairing = RemotePairing(
                    community=community,
                    kind=kind,
                    subject=subject,
                    core_school=core,
                    core_grade=grade,
                    core_class=f"（{number + 1}）班",
                    school_year=school_year,
                    semester=semester,
                    weekday=weekday,
                    start_time=start,
                    end_time=(
                        datetime.datetime.combine(self.today, start)
                        + datetime.timedelta(minutes=40)
                    ).time(),
                    first_day=SchoolYear(school_year).semester_first_day(semester)
                    + datetime.timedelta(days=7),
                    last_day=SchoolYear(school_year).semester_last_day(semester)
                    - datetime.timedelta(days=10),
                )
                remote_services.pairing_save(
                    pairing=pairing,
                    classes=[
                        {"school": school, "grade": grade, "class_name": f"（{i + 1}）班"}
                        for i, school in enumerate(receiving)
                    ],
                    teachers=[teacher] if teacher else [],
                    actor=self.actor,
                )
                self.pairings += 1
                self._sessions(pairing, reliable=number == 0)

    def _sessions(self, pairing: RemotePairing, *, reliable: bool) -> None:
        for week in pairing.weeks():
            if week.due is None or week.due > self.today:
                continue
            if _holiday(week.due):
                status, reason = SessionStatus.NOT_HELD, NotHeldReason.HOLIDAY
            else:
                draw = self.rng.random()
                if draw < (0.9 if reliable else 0.74):
                    status, reason = SessionStatus.HELD, ""
                elif draw < 0.95:
                    status = SessionStatus.NOT_HELD
                    reason = self.rng.choice(
                        [
                            NotHeldReason.POWER,
                            NotHeldReason.NETWORK,
                            NotHeldReason.EXAM,
                            NotHeldReason.OTHER,
                        ]
                    )
                else:
                    continue  # not logged
            remote_services.session_log(
                pairing=pairing,
                date=week.due,
                status=status,
                reason=reason,
                note=NOTES.get(reason, ""),
                actor=self.actor,
            )
            self.sessions += 1

"""Builds the demo county 示范县 from ``demo.builder.layout`` with one seeded random generator.

Schools, communities, memberships, positions and work groups are written through the services
(so validation and history apply); the ~2,000 teachers go in with simple-history's
``bulk_create_with_history`` so each has its creation record. Call ``build_demo_county`` inside
``transaction.atomic``.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts import services as account_services
from accounts.enums import Role
from accounts.models import User
from communities import services as community_services
from communities.enums import PositionTitle
from communities.models import Community, Membership, Position, WorkGroup
from core import pdf
from schools import services as school_services
from schools.enums import (
    BackboneLevel,
    Education,
    Gender,
    Locale,
    StaffPosition,
    Stage,
    TeachingStage,
    Title,
)
from schools.models import District, School, Teacher

from . import layout
from .activities import ActivityBuilder
from .assessment import build_assessment
from .exchanges import build_exchanges
from .governance import build_governance
from .layout import SchoolSpec
from .library import LibraryBuilder
from .names import NameGenerator
from .remote import RemoteBuilder
from .rule_settings import demo_rule_settings
from .surveys import build_surveys

REF_YEAR = layout.REFERENCE_DATE.year

# Pupils per teacher, by stage (teaching points get 1–3 teachers whatever their size).
PUPILS_PER_TEACHER = {
    Stage.PRESCHOOL: 14.0,
    Stage.PRIMARY: 18.5,
    Stage.JUNIOR: 13.5,
    Stage.NINE_YEAR: 14.5,
    Stage.SENIOR: 13.0,
    Stage.VOCATIONAL: 15.0,
    Stage.SPECIAL: 3.5,
}
PUPILS_PER_CLASS = {
    Stage.PRESCHOOL: 30,
    Stage.PRIMARY: 44,
    Stage.JUNIOR: 48,
    Stage.NINE_YEAR: 42,
    Stage.SENIOR: 50,
    Stage.VOCATIONAL: 45,
    Stage.SPECIAL: 10,
}
FEMALE_SHARE = {
    Stage.PRESCHOOL: 0.97,
    Stage.PRIMARY: 0.72,
    Stage.JUNIOR: 0.60,
    Stage.NINE_YEAR: 0.64,
    Stage.SENIOR: 0.52,
    Stage.VOCATIONAL: 0.46,
    Stage.SPECIAL: 0.75,
}
SUBJECT_WEIGHTS = {
    Stage.PRIMARY: {
        "语文": 34,
        "数学": 29,
        "英语": 8,
        "科学": 5,
        "道德与法治": 4,
        "体育": 7,
        "音乐": 4,
        "美术": 4,
        "信息技术": 2,
        "综合实践": 1,
        "心理健康": 1,
        "劳动": 1,
    },
    Stage.JUNIOR: {
        "语文": 15,
        "数学": 15,
        "英语": 14,
        "物理": 7,
        "化学": 5,
        "生物": 5,
        "道德与法治": 6,
        "历史": 6,
        "地理": 5,
        "体育": 8,
        "音乐": 3,
        "美术": 3,
        "信息技术": 3,
        "心理健康": 1,
    },
    Stage.SENIOR: {
        "语文": 14,
        "数学": 14,
        "英语": 13,
        "物理": 9,
        "化学": 8,
        "生物": 7,
        "道德与法治": 6,
        "历史": 6,
        "地理": 6,
        "体育": 6,
        "音乐": 2,
        "美术": 2,
        "信息技术": 3,
        "心理健康": 1,
        "其他": 2,
    },
    Stage.VOCATIONAL: {
        "语文": 10,
        "数学": 10,
        "英语": 8,
        "信息技术": 10,
        "体育": 6,
        "道德与法治": 5,
        "音乐": 2,
        "美术": 3,
        "其他": 46,
    },
    Stage.PRESCHOOL: {"学前教育": 88, "音乐": 5, "美术": 4, "体育": 3},
    Stage.SPECIAL: {"特殊教育": 80, "体育": 6, "音乐": 7, "美术": 7},
}
MAIN_SUBJECTS = frozenset({"语文", "数学", "英语", "学前教育", "特殊教育"})
SECOND_SUBJECTS = ["音乐", "美术", "体育", "科学", "道德与法治"]


@dataclass
class Summary:
    schools: int = 0
    teachers: int = 0
    communities: int = 0
    memberships: int = 0
    positions: int = 0
    work_groups: int = 0
    exchanges: int = 0
    activities: int = 0
    survey_responses: int = 0
    users: list[User] = field(default_factory=list)


class CountyBuilder:
    def __init__(self, seed: int = layout.SEED) -> None:
        self.rng = random.Random(seed)
        # A second stream for the students per part, so the main draws stay as they were.
        self.part_rng = random.Random(seed + 1)
        self.names = NameGenerator(self.rng)
        self.schools: dict[str, School] = {}
        self.staff: dict[str, list[Teacher]] = {}
        self.communities: dict[str, Community] = {}
        self.summary = Summary()
        self._staff_seq = 0

    # --- entry point --------------------------------------------------------------------

    def build(self) -> Summary:
        self.district = District(name=layout.DISTRICT_NAME, code=layout.DISTRICT_CODE)
        self.district.full_clean()
        self.district.save()
        pending_teachers: list[Teacher] = []
        for index, spec in enumerate(layout.all_schools(), start=1):
            school, teachers = self._school(spec, index)
            self.schools[spec.key] = school
            pending_teachers.extend(teachers)
        created = bulk_create_with_history(
            pending_teachers, Teacher, batch_size=500, default_change_reason="示范数据"
        )
        key_of = {school.pk: key for key, school in self.schools.items()}
        for teacher in created:
            self.staff.setdefault(key_of[teacher.school_id], []).append(teacher)
        self._honours()
        for spec in layout.COMMUNITIES:
            self.communities[spec.key] = self._community(spec)
        self._positions()
        self._work_groups()
        self._users()
        self._charter(actor=self.summary.users[0])
        self._teacher_moves(actor=self.summary.users[0])
        self.summary.exchanges = build_exchanges(self)
        demo_rule_settings(self.communities, actor=self.summary.users[0])
        s_activities = ActivityBuilder(
            self.district, bureau=self.summary.users[0], rng=self.rng
        ).build()
        users = {user.username: user for user in self.summary.users}
        LibraryBuilder(
            self.district, rng=random.Random(layout.SEED + 9), school_leader=users["demo_school"]
        ).build(timezone.localdate())
        RemoteBuilder(self.district, actor=users["demo_bureau"]).build()
        build_governance(
            self.communities,
            bureau=users["demo_bureau"],
            leader=users["demo_leader"],
            school_leader=users["demo_school"],
        )
        s_responses = build_surveys(
            self.district, list(self.schools.values()), bureau=users["demo_bureau"]
        )
        # After the surveys: the scheme's satisfaction indicator reads their rates.
        build_assessment(self.district, bureau=users["demo_bureau"])
        s = self.summary
        s.schools = len(self.schools)
        s.teachers = len(created)
        s.communities = len(self.communities)
        s.memberships = Membership.objects.filter(community__district=self.district).count()
        s.positions = Position.objects.filter(community__district=self.district).count()
        s.work_groups = WorkGroup.objects.filter(community__district=self.district).count()
        s.activities = s_activities
        s.survey_responses = s_responses
        return s

    # --- schools and teachers -----------------------------------------------------------

    def _school(self, spec: SchoolSpec, index: int) -> tuple[School, list[Teacher]]:
        rng = self.rng
        students = rng.randint(*spec.students)
        if spec.kind == "point":
            classes = 1 if students < 15 else rng.randint(2, 3)  # mixed-grade classes
            headcount = 1 if students < 15 else rng.randint(2, 3)
        elif spec.kind == "village":
            classes = min(6, max(3, round(students / 25)))
            headcount = max(classes + 1, round(students / 14))
        else:
            classes = max(1, round(students / PUPILS_PER_CLASS[spec.stage]))
            headcount = max(3, round(students / PUPILS_PER_TEACHER[spec.stage]))
        female_share = FEMALE_SHARE[spec.stage] if spec.kind != "point" else 0.45
        principal_female = rng.random() < (0.85 if spec.stage == Stage.PRESCHOOL else 0.4)
        surname, given = self.names.full(principal_female)
        parent = self.schools[spec.parent] if spec.parent else None
        school = School(
            district=self.district,
            name=spec.name,
            stage=spec.stage,
            locale=spec.locale,
            township=spec.township,
            parent=parent,
            is_legal_entity=spec.is_legal_entity,
            code=f"1{layout.DISTRICT_CODE}{index:03d}" if spec.has_code else "",
            principal=surname + given,
            phone=f"0999-{rng.randint(6100000, 6899999)}",
            students=students,
            classes=classes,
            address=self._address(spec),
            **self._students_per_part(spec, students),
        )
        school_services.school_save(school=school)
        teachers = [
            self._teacher(
                spec, school, StaffPosition.PRINCIPAL, principal_female, name=(surname, given)
            )
        ]
        vice = 3 if headcount >= 80 else 2 if headcount >= 30 else 1 if headcount >= 10 else 0
        middle = round(headcount * 0.08) if headcount >= 15 else 0
        used = {surname + given}
        for i in range(headcount - 1):
            position = (
                StaffPosition.VICE_PRINCIPAL
                if i < vice
                else StaffPosition.MIDDLE_MANAGER
                if i < vice + middle
                else StaffPosition.TEACHER
            )
            female = rng.random() < (
                female_share if position == StaffPosition.TEACHER else female_share - 0.15
            )
            teacher = self._teacher(spec, school, position, female, used=used)
            teachers.append(teacher)
        self._assign_head_teachers(teachers, classes)
        return school, teachers

    def _students_per_part(self, spec: SchoolSpec, students: int) -> dict[str, int]:
        """A 九年一贯制 school keeps its 小学部 / 初中部 students (about three fifths primary)."""
        if spec.stage != Stage.NINE_YEAR or spec.kind == "point":
            return {}
        primary = round(students * self.part_rng.uniform(0.55, 0.68))
        return {"primary_students": primary, "junior_students": students - primary}

    def _address(self, spec: SchoolSpec) -> str:
        roads = ["文昌路", "人民路", "育才路", "建设路", "滨江路", "解放街", "学府路", "新华街"]
        if spec.locale == Locale.URBAN:
            return f"示范县{spec.township}{self.rng.choice(roads)}{self.rng.randint(1, 199)}号"
        village = spec.name.removeprefix(spec.township)[:2]
        return f"示范县{spec.township}{village}村"

    def _teacher(
        self,
        spec: SchoolSpec,
        school: School,
        position: str,
        female: bool,
        *,
        name: tuple[str, str] | None = None,
        used: set[str] | None = None,
    ) -> Teacher:
        rng = self.rng
        if name is None:
            for _ in range(5):
                name = self.names.full(female)
                if used is None or name[0] + name[1] not in used:
                    break
            if used is not None:
                used.add(name[0] + name[1])
        birth_year = self._birth_year(spec, position)
        age = REF_YEAR - birth_year
        self._staff_seq += 1
        subjects, part = self._subjects(spec)
        return Teacher(
            school=school,
            name=name[0] + name[1],
            gender=Gender.FEMALE if female else Gender.MALE,
            birth_year=birth_year,
            subjects=subjects,
            teaching_stage=part if spec.stage == Stage.NINE_YEAR else "",
            education=self._education(spec, birth_year, position),
            title=self._title(age, position),
            backbone_level=self._backbone(age, position),
            position=position,
            joined_school_on=self._joined(spec, age, position),
            staff_number="" if rng.random() < 0.08 else f"SF{self._staff_seq:05d}",
        )

    def _birth_year(self, spec: SchoolSpec, position: str) -> int:
        rng = self.rng
        if position == StaffPosition.PRINCIPAL:
            return rng.randint(1966, 1982)
        if position == StaffPosition.VICE_PRINCIPAL:
            return rng.randint(1968, 1987)
        if position == StaffPosition.MIDDLE_MANAGER:
            return rng.randint(1970, 1992)
        mode = 1971 if spec.kind == "point" else 1988
        return min(2001, max(1965, int(rng.triangular(1965, 2002, mode))))

    def _education(self, spec: SchoolSpec, birth_year: int, position: str) -> str:
        r = self.rng.random()
        if spec.stage in (Stage.SENIOR,) or position != StaffPosition.TEACHER:
            master = 0.16 if spec.stage == Stage.SENIOR else 0.06
            return Education.MASTER if r < master else Education.BACHELOR
        if spec.stage == Stage.PRESCHOOL:
            table = [
                (0.10, Education.SECONDARY_NORMAL),
                (0.48, Education.JUNIOR_COLLEGE),
                (1.0, Education.BACHELOR),
            ]
        elif birth_year < 1975:
            table = [
                (0.15, Education.SECONDARY_NORMAL),
                (0.48, Education.JUNIOR_COLLEGE),
                (1.0, Education.BACHELOR),
            ]
        elif birth_year < 1990:
            table = [
                (0.02, Education.SECONDARY_NORMAL),
                (0.20, Education.JUNIOR_COLLEGE),
                (0.96, Education.BACHELOR),
                (1.0, Education.MASTER),
            ]
        else:
            table = [
                (0.07, Education.JUNIOR_COLLEGE),
                (0.93, Education.BACHELOR),
                (1.0, Education.MASTER),
            ]
        return next(value for limit, value in table if r < limit)

    def _title(self, age: int, position: str) -> str:
        r = self.rng.random()
        if position == StaffPosition.PRINCIPAL:
            return Title.SENIOR if r < 0.8 else Title.FIRST
        if age < 25:
            table = [(0.5, Title.NONE), (0.6, Title.THIRD), (1.0, Title.SECOND)]
        elif age < 33:
            table = [(0.05, Title.NONE), (0.65, Title.SECOND), (1.0, Title.FIRST)]
        elif age < 45:
            table = [(0.2, Title.SECOND), (0.8, Title.FIRST), (1.0, Title.SENIOR)]
        else:
            table = [
                (0.04, Title.SECOND),
                (0.54, Title.FIRST),
                (0.995, Title.SENIOR),
                (1.0, Title.PROFESSOR),
            ]
        return next(value for limit, value in table if r < limit)

    def _backbone(self, age: int, position: str) -> str:
        if age < 26:
            return BackboneLevel.NONE
        r = self.rng.random()
        if position != StaffPosition.TEACHER:
            r *= 0.6  # managers are more often backbone teachers
        if r < 0.016:
            return BackboneLevel.CITY
        if r < 0.072:
            return BackboneLevel.COUNTY
        if r < 0.185:
            return BackboneLevel.SCHOOL
        return BackboneLevel.NONE

    def _subjects(self, spec: SchoolSpec) -> tuple[str, str]:
        """The subjects, and the part (任教学段) they are taught in."""
        rng = self.rng
        if spec.kind == "point":  # one or two teachers teach everything (包班)
            subjects = ["语文", "数学", *rng.sample(SECOND_SUBJECTS, rng.randint(1, 3))]
            return "、".join(subjects), TeachingStage.PRIMARY
        if spec.stage == Stage.NINE_YEAR:
            stage = Stage.PRIMARY if rng.random() < 0.5 else Stage.JUNIOR
        else:
            stage = spec.stage
        part = TeachingStage.JUNIOR if stage == Stage.JUNIOR else TeachingStage.PRIMARY
        weights = SUBJECT_WEIGHTS[stage]
        subject = rng.choices(list(weights), weights=list(weights.values()), k=1)[0]
        if spec.kind == "village" and subject in ("语文", "数学") and rng.random() < 0.5:
            extra = rng.choice(SECOND_SUBJECTS)
            return f"{subject}、{extra}", part
        return subject, part

    def _joined(self, spec: SchoolSpec, age: int, position: str) -> datetime.date:
        rng = self.rng
        if spec.kind == "new":  # opened in autumn 2025
            return datetime.date(2025, 8, rng.randint(20, 31))
        career = max(0, min(age - 21, 36))
        if career >= 6 and rng.random() < 0.62:
            years = rng.randint(6, career)  # eligible for rotation (rule 6)
        else:
            years = rng.randint(0, min(career, 5))
        month, day = rng.choice([(9, 1), (9, 1), (9, 1), (8, 28), (2, 20), (3, 1)])
        year = REF_YEAR - years
        if (month, day) > (layout.REFERENCE_DATE.month, layout.REFERENCE_DATE.day):
            year -= 1
        return datetime.date(year, month, day)

    def _assign_head_teachers(self, teachers: list[Teacher], classes: int) -> None:
        candidates = [t for t in teachers if t.position == StaffPosition.TEACHER]
        candidates.sort(
            key=lambda t: t.subject_list[0] not in MAIN_SUBJECTS if t.subject_list else True
        )
        if len(teachers) <= 3:  # a teaching point: everyone is a head teacher
            candidates = teachers
        for teacher in candidates[:classes]:
            teacher.is_head_teacher = True

    def _honours(self) -> None:
        """The county's few provincial backbone teachers and its one 特级教师."""

        def senior_teachers(key: str) -> list[Teacher]:
            return [
                t
                for t in self.staff[key]
                if t.position == StaffPosition.TEACHER and REF_YEAR - t.birth_year >= 40
            ]

        picks = [
            (senior_teachers("sy_xx")[0], BackboneLevel.SPECIAL),
            (senior_teachers("sy_xx")[1], BackboneLevel.PROVINCE),
            (senior_teachers("sy_zx")[0], BackboneLevel.PROVINCE),
        ]
        for teacher, level in picks:
            teacher.backbone_level = level
            teacher.title = Title.PROFESSOR if level == BackboneLevel.SPECIAL else Title.SENIOR
            school_services.teacher_save(teacher=teacher)

    # --- communities --------------------------------------------------------------------

    def _community(self, spec: layout.CommunitySpec) -> Community:
        community = Community(
            district=self.district,
            name=spec.name,
            kind=spec.kind,
            closeness=spec.closeness,
            model=spec.model,
            stage=spec.stage,
            founded_on=spec.founded_on,
            member_limit=spec.member_limit,
            note=spec.note,
        )
        community_services.community_create(
            community=community, core_school=self.schools[spec.core], start_on=spec.founded_on
        )
        # Members join in date order; a school that left another community earlier (that
        # community comes first in the layout) joins here after its old row was closed.
        for m in spec.members:
            membership = community_services.membership_add(
                community=community,
                school=self.schools[m.school],
                start_on=m.start_on,
                note=m.note if m.end_on is None else "",
            )
            if m.end_on:
                community_services.membership_end(
                    membership=membership, end_on=m.end_on, note=m.note
                )
        if spec.core_replaced_by:
            key, on = spec.core_replaced_by
            community_services.core_replace(community=community, school=self.schools[key], on=on)
        return community

    def _principal(self, key: str) -> Teacher:
        return next(t for t in self.staff[key] if t.position == StaffPosition.PRINCIPAL)

    def _with_position(self, key: str, position: str) -> list[Teacher]:
        return [t for t in self.staff[key] if t.position == position]

    def _position(
        self,
        community_key: str,
        title: str,
        start_on: datetime.date,
        *,
        teacher: Teacher | None = None,
        person_name: str = "",
        school: School | None = None,
        end_on: datetime.date | None = None,
        note: str = "",
    ) -> None:
        community_services.position_save(
            position=Position(
                community=self.communities[community_key],
                title=title,
                teacher=teacher,
                person_name=person_name,
                school=school,
                start_on=start_on,
                end_on=end_on,
                note=note,
            )
        )

    def _positions(self) -> None:
        P = PositionTitle
        for spec in layout.COMMUNITIES:
            key, start = spec.key, spec.founded_on
            core = spec.core_replaced_by[0] if spec.core_replaced_by else spec.core
            members = [m for m in spec.members if m.end_on is None and m.school != core]
            if spec.core_replaced_by:
                members.append(layout.Member(spec.core, start))
            if spec.kind == "binding":
                partner = members[0].school
                self._position(
                    key,
                    P.FIRST_PRINCIPAL,
                    start,
                    teacher=self._principal(core),
                    school=self.schools[partner],
                    note="城区学校校长兼任受援学校第一校长",
                )
                self._position(
                    key,
                    P.EXECUTIVE_PRINCIPAL,
                    start,
                    teacher=self._principal(partner),
                    school=self.schools[partner],
                )
                self._position(
                    key,
                    P.LIAISON,
                    start,
                    teacher=self._with_position(partner, StaffPosition.MIDDLE_MANAGER)[0],
                )
                continue
            if spec.core_replaced_by:
                on = spec.core_replaced_by[1]
                self._position(
                    key,
                    P.CHAIR,
                    start,
                    teacher=self._principal(spec.core),
                    end_on=on,
                    note="核心校调整后离任",
                )
                self._position(key, P.CHAIR, on, teacher=self._principal(core))
            else:
                self._position(key, P.CHAIR, start, teacher=self._principal(core))
            if spec.kind == "group":
                self._position(key, P.GENERAL_PRINCIPAL, start, teacher=self._principal(core))
                self._position(
                    key,
                    P.PARTY_SECRETARY,
                    start,
                    teacher=self._with_position(core, StaffPosition.VICE_PRINCIPAL)[0],
                )
            for i, m in enumerate(members):
                title = P.VICE_CHAIR if i == 0 and len(members) > 2 else P.COUNCIL_MEMBER
                self._position(
                    key, title, max(start, m.start_on), teacher=self._principal(m.school)
                )
            if spec.model == "fused":  # each campus run by an executive principal
                for m in members:
                    self._position(
                        key,
                        P.EXECUTIVE_PRINCIPAL,
                        m.start_on,
                        teacher=self._principal(m.school),
                        school=self.schools[m.school],
                    )
            elif spec.key == "group":  # core school's vice principals head two members
                vices = self._with_position(core, StaffPosition.VICE_PRINCIPAL)[1:3]
                for vice, m in zip(vices, members[2:4], strict=False):
                    self._position(
                        key,
                        P.EXECUTIVE_PRINCIPAL,
                        m.start_on,
                        teacher=vice,
                        school=self.schools[m.school],
                        note="核心校派驻",
                    )
                self._position(
                    key,
                    P.COUNCIL_MEMBER,
                    start,
                    person_name=layout.OUTSIDER_NAME,
                    note=layout.OUTSIDER_NOTE,
                )
            managers = self._with_position(core, StaffPosition.MIDDLE_MANAGER)
            if managers:
                self._position(key, P.LIAISON, start, teacher=managers[0])

    def _work_groups(self) -> None:
        duties = {
            "领导小组": "统筹规划、制度建设、重大事项决策，每月召开一次会议。",
            "教学联络组": "组织联合教研、集体备课、同课异构与学科竞赛。",
            "德育联络组": "组织德育论坛、班主任论坛与师生联谊活动。",
            "后勤联络组": "统筹经费、场地、交通与资料归档。",
        }
        for spec in layout.COMMUNITIES:
            community = self.communities[spec.key]
            core = spec.core_replaced_by[0] if spec.core_replaced_by else spec.core
            schools = [core] + [
                m.school for m in spec.members if m.end_on is None and m.school != core
            ]
            if spec.core_replaced_by:
                schools.append(spec.core)
            for name in spec.work_groups:
                if name == "领导小组":
                    members = [self._principal(s) for s in schools]
                elif name == "教学联络组":
                    members = [self._best_teacher(s) for s in schools]
                else:
                    members = [self._manager_or_teacher(s, name) for s in schools]
                group = WorkGroup(
                    community=community, name=name, leader=members[0], duties=duties[name]
                )
                if spec.key == "group" and name == "领导小组":
                    group.other_members = layout.OUTSIDER_NAME
                community_services.workgroup_save(group=group, members=members)

    def _best_teacher(self, key: str) -> Teacher:
        order = list(BackboneLevel.values)
        return max(self.staff[key], key=lambda t: (order.index(t.backbone_level), -t.pk))

    def _manager_or_teacher(self, key: str, group_name: str) -> Teacher:
        managers = self._with_position(key, StaffPosition.MIDDLE_MANAGER)
        pool = managers or self.staff[key]
        index = 1 if group_name == "后勤联络组" and len(pool) > 1 else 0
        return pool[index]

    def _charter(self, *, actor: User) -> None:
        """The 1+N group's charter: a PDF drawn by core.pdf, uploaded through the files module
        as a bureau user would, so the community page offers a protected download."""
        spec = next(s for s in layout.COMMUNITIES if s.key == layout.DEMO_LEADER_COMMUNITY)
        community = self.communities[spec.key]
        title = f"{community.name}章程"
        pdf_bytes = pdf.render(
            "demo/charter.html",
            {
                "title": title,
                "name": community.name,
                "district": self.district.name,
                "founded_on": spec.founded_on,
                "core": self.schools[spec.core].name,
                "members": [self.schools[m.school].name for m in spec.members if not m.end_on],
            },
        )
        upload = SimpleUploadedFile(f"{title}.pdf", pdf_bytes, content_type="application/pdf")
        community_services.community_update(community=community, charter=upload, actor=actor)

    def _teacher_moves(self, *, actor: User) -> None:
        """Three teachers moved to the new 城东小学 when it opened, recorded by the bureau."""
        new_school = self.schools["cd_xx"]
        movers = [
            t
            for t in self.staff["sy_xx"]
            if t.position == StaffPosition.TEACHER
            and t.backbone_level == BackboneLevel.NONE
            and t.joined_school_on < datetime.date(2024, 9, 1)
        ][-3:]
        for teacher in movers:
            school_services.teacher_move(
                teacher=teacher,
                to_school=new_school,
                moved_on=datetime.date(2025, 8, 25),
                note="新校开办，从实验小学调入",
                actor=actor,
            )
            self.staff["sy_xx"].remove(teacher)
            self.staff["cd_xx"].append(teacher)

    # --- users --------------------------------------------------------------------------

    def _users(self) -> None:
        password = make_password(layout.DEMO_PASSWORD)
        group = self.communities[layout.DEMO_LEADER_COMMUNITY]
        group_core = next(
            s for s in layout.COMMUNITIES if s.key == layout.DEMO_LEADER_COMMUNITY
        ).core
        leader = self._principal(group_core)
        school_head = self._principal(layout.DEMO_SCHOOL)
        for username, role, first, last in layout.DEMO_USERS:
            user = User(
                username=username,
                role=role,
                district=self.district,
                password=password,
                first_name=first or "",
                last_name=last or "",
            )
            if role == Role.BUREAU_ADMIN:
                user.is_staff = True
            elif role == Role.COMMUNITY_LEADER:
                user.community = group
                user.last_name, user.first_name = _split_name(leader.name)
            elif role == Role.SCHOOL_LEADER:
                user.school = self.schools[layout.DEMO_SCHOOL]
                user.last_name, user.first_name = _split_name(school_head.name)
            self.summary.users.append(account_services.user_save(user=user))


def _split_name(name: str) -> tuple[str, str]:
    for surname in ("欧阳", "司马"):
        if name.startswith(surname):
            return surname, name[len(surname) :]
    return name[:1], name[1:]


def build_demo_county(seed: int = layout.SEED) -> Summary:
    return CountyBuilder(seed).build()

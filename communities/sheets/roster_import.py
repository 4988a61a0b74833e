"""The county's roster import (kind ``roster``): communities, their core and member schools.

One row per community: 教共体名称, 核心校, 成员校 (nested schools in parentheses after their
parent, ``roster_parse``) and 学段. Communities are matched by their normalised name
(``Community.name_key``, the key of the model's uniqueness constraint). Schools the district
does not have yet are created (stage and locale guessed from the name, to be checked); every
membership change goes through ``communities.services`` so the rules are the ones the pages
apply (which schools may be enrolled, one core school, history kept).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.text import clean_text, name_key
from schools.enums import Locale, Stage
from schools.models import District, School
from schools.services import school_save
from spreadsheets.columns import CellError
from spreadsheets.reader import Sheet
from spreadsheets.registry import Importer
from spreadsheets.report import CREATED, UNCHANGED, UPDATED, Progress, Report

from .. import services as community_services
from ..enums import CommunityStage, MemberRole
from ..models import Community, Membership
from .columns import ROSTER_COLUMNS, ROSTER_CORE, ROSTER_MEMBERS, ROSTER_NAME, ROSTER_STAGE
from .roster_parse import RosterParseError, parse_members, parse_school

REASON = "教共体名单导入"
_NAME_MAX = Community._meta.get_field("name").max_length
_SCHOOL_NAME_MAX = School._meta.get_field("name").max_length


class RosterImporter(Importer):
    key = "roster"
    label = "教共体名单"
    columns = ROSTER_COLUMNS

    def run(
        self, sheet: Sheet, *, report: Report, district, actor, progress: Progress, write: bool
    ) -> None:
        _roster_run(sheet, district, report, actor, progress, write)


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
    communities = {c.name_key: c for c in Community.objects.filter(district=district)}
    names: dict[str, str] = {}  # key -> name as written (for new schools)
    stage_for: dict[str, str] = {}
    where: dict[str, tuple[int, str]] = {}  # school key -> (row, community) within the file
    rows: list[_RosterRow] = []
    seen_names: dict[str, int] = {}
    for row, record in sheet.records():
        name = clean_text(record.get(ROSTER_NAME.label))
        if not name:
            report.problem(row, ROSTER_NAME.label, "教共体名称不能为空。")
            continue
        if len(name) > _NAME_MAX:
            report.problem(row, ROSTER_NAME.label, f"教共体名称超过 {_NAME_MAX} 个字。")
            continue
        if name_key(name) in seen_names:
            report.problem(
                row, ROSTER_NAME.label, f"与第 {seen_names[name_key(name)]} 行重复（同名教共体）。"
            )
            continue
        seen_names[name_key(name)] = row
        stage = None
        if record.get(ROSTER_STAGE.label):
            try:
                stage = ROSTER_STAGE.parse(record[ROSTER_STAGE.label])
            except CellError as exc:
                report.problem(row, ROSTER_STAGE.label, str(exc))
        elif name_key(name) not in communities:
            report.problem(row, ROSTER_STAGE.label, f"新建教共体必须填写{ROSTER_STAGE.label}。")
        try:
            core = parse_school(record.get(ROSTER_CORE.label))
        except RosterParseError as exc:
            report.problem(row, ROSTER_CORE.label, str(exc))
            continue
        if core is None:
            report.problem(row, ROSTER_CORE.label, "核心校不能为空。")
            continue
        try:
            members = parse_members(record.get(ROSTER_MEMBERS.label))
        except RosterParseError as exc:
            report.problem(row, ROSTER_MEMBERS.label, str(exc))
            continue
        default_stage = _STAGE_FOR_SCHOOL.get(stage, Stage.PRIMARY)
        plan = _RosterRow(row, name, stage, name_key(core.name), [], {})
        entries = [(core, ROSTER_CORE.label)] + [(m, ROSTER_MEMBERS.label) for m in members]
        for entry, column in entries:
            key = name_key(entry.name)
            for k, n in [(key, entry.name)] + [(name_key(c), c) for c in entry.children]:
                if len(n) > _SCHOOL_NAME_MAX:
                    report.problem(
                        row, column, f"「{n[:20]}…」学校名称超过 {_SCHOOL_NAME_MAX} 个字。"
                    )
                if k in where:
                    other_row, other = where[k]
                    if other_row == row and k == plan.core and column == ROSTER_MEMBERS.label:
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
            if column == ROSTER_MEMBERS.label:
                plan.members.append(key)
            if entry.children:
                plan.children[key] = [name_key(c) for c in entry.children]
        for key in [plan.core, *plan.members]:
            school = schools.get(key)
            error = community_services.enrolment_error(school) if school is not None else None
            if error:
                report.problem(
                    row,
                    _column_of(key, plan),
                    f"{error}请将它写在上级学校后的括号中。",
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
        if m.role == MemberRole.CORE and m.community.name_key not in file_names
    }
    for plan in rows:
        for key in [plan.core, *plan.members]:
            m = core_elsewhere.get(key)
            if m is not None:
                report.problem(
                    plan.row,
                    _column_of(key, plan),
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
                batch, School, default_user=actor, default_change_reason=REASON
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
            school_save(school=school, actor=actor, reason=REASON)

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
        community_key = m.community.name_key
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


def _column_of(key: str, plan: _RosterRow) -> str:
    return ROSTER_CORE.label if key == plan.core else ROSTER_MEMBERS.label

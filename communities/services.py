"""Writes to communities, memberships, positions and work groups.

Invariants kept here (and backed by database constraints where a database can express them):
a community has exactly one current core school; a school has at most one current membership;
nested schools (with a parent) are never enrolled on their own; a change closes the old row and
opens a new one — history is never overwritten.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Literal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from core import files
from core.concurrency import check_version
from core.services import validated_save
from schools.enums import Stage
from schools.models import School, Teacher

from .enums import CommunityStage, MemberRole
from .models import CHARTER, Community, Membership, Position, WorkGroup


def community_create(
    *, community: Community, core_school: School, start_on: datetime.date, actor=None
) -> Community:
    """A community is born with its core school, so it always has exactly one."""
    with transaction.atomic():
        validated_save(community, actor=actor)
        membership_add(
            community=community,
            school=core_school,
            role=MemberRole.CORE,
            start_on=start_on,
            actor=actor,
        )
    return community


def community_update(
    *,
    community: Community,
    actor=None,
    charter: UploadedFile | Literal[False] | None = None,
    expected_version: str | None = None,
) -> Community:
    """Save the community's fields; ``charter`` is a new upload, False to remove it, or None.

    ``expected_version``: refuse to save over a change made since the form was shown."""
    with transaction.atomic():
        check_version(community, expected_version)  # before a file is written
        if charter is False:
            community.charter = None
        elif charter is not None:
            community.full_clean()  # before the file is written: a refused save leaves none
            try:
                community.charter = files.store(charter, policy=CHARTER)
            except ValidationError as error:
                raise ValidationError({"charter": error.messages}) from error
        return validated_save(community, actor=actor)


def enrolment_error(school: School) -> str | None:
    """Why a school cannot be enrolled on its own, or None. A nested school (village school,
    teaching point) belongs to its parent's community and is never enrolled itself; the pages,
    the admin and the roster import all ask this one rule."""
    if school.parent_id:
        return (
            f"「{school.name}」隶属于「{school.parent.name}」，随上级学校所在教共体，不能单独加入。"
        )
    return None


# School stages that fit a community of each stage; any other is enrolled only when the user
# confirms it (a senior high school in a primary community is usually a mistake, rarely intended).
FITTING_STAGES = {
    CommunityStage.PRESCHOOL: {Stage.PRESCHOOL},
    CommunityStage.PRIMARY: {Stage.PRIMARY, Stage.NINE_YEAR},
    CommunityStage.JUNIOR: {Stage.JUNIOR, Stage.NINE_YEAR, Stage.COMPLETE_SECONDARY},
    CommunityStage.NINE_YEAR: {Stage.PRIMARY, Stage.JUNIOR, Stage.NINE_YEAR},
    CommunityStage.SENIOR: {Stage.SENIOR, Stage.COMPLETE_SECONDARY},
    CommunityStage.VOCATIONAL: {Stage.VOCATIONAL},
}


def stage_mismatch(community: Community, school: School) -> str | None:
    """A question for the user when the school's stage does not fit the community's, or None."""
    fitting = FITTING_STAGES.get(community.stage)
    if fitting is None or school.stage in fitting:
        return None
    return (
        f"「{school.name}」是{school.get_stage_display()}学校，本教共体的学段是"
        f"{community.get_stage_display()}。确需加入，请勾选「确认加入」后再提交。"
    )


def _check_can_join(
    *, community: Community, school: School, start_on: datetime.date, field: str = "school"
) -> None:
    if school.district_id != community.district_id:
        raise ValidationError({field: f"「{school.name}」不属于本教育局。"})
    error = enrolment_error(school)
    if error:
        raise ValidationError({field: error})
    current = Membership.objects.current().filter(school=school).select_related("community").first()
    if current:
        where = (
            "本教共体" if current.community_id == community.pk else f"「{current.community.name}」"
        )
        raise ValidationError({field: f"「{school.name}」目前已在{where}中，请先办理退出。"})
    last_end = (
        Membership.objects.filter(school=school, end_on__isnull=False)
        .order_by("-end_on")
        .values_list("end_on", flat=True)
        .first()
    )
    if last_end and start_on < last_end:
        raise ValidationError(
            {"start_on": f"加入日期不能早于该校上次退出日期 {last_end:%Y-%m-%d}。"}
        )


def membership_add(
    *,
    community: Community,
    school: School,
    start_on: datetime.date,
    role: str = MemberRole.MEMBER,
    note: str = "",
    actor=None,
) -> Membership:
    if role == MemberRole.CORE:
        core = current_core(community)
        if core is not None:
            raise ValidationError(
                {"role": f"本教共体已有核心校「{core.school.name}」，请使用「更换核心校」。"}
            )
    _check_can_join(community=community, school=school, start_on=start_on)
    membership = Membership(
        community=community, school=school, role=role, start_on=start_on, note=note
    )
    with transaction.atomic():
        return validated_save(membership, actor=actor)


def membership_end(
    *,
    membership: Membership,
    end_on: datetime.date,
    note: str = "",
    actor=None,
    expected_version: str | None = None,
) -> Membership:
    """A member leaves on a date. The core school leaves only through ``core_replace``."""
    if membership.end_on is not None:
        raise ValidationError({"end_on": "该成员关系已结束。"})
    if membership.role == MemberRole.CORE:
        raise ValidationError({"end_on": "核心校不能直接退出，请使用「更换核心校」。"})
    if end_on < membership.start_on:
        raise ValidationError({"end_on": "退出日期不能早于加入日期。"})
    with transaction.atomic():
        check_version(membership, expected_version)
        membership.end_on = end_on
        if note:
            membership.note = note
        return validated_save(membership, actor=actor)


def core_replace(
    *,
    community: Community,
    school: School,
    on: datetime.date,
    keep_old_as_member: bool = True,
    actor=None,
) -> Membership:
    """Hand the core role to another school on a date: close both rows, open new ones."""
    old = current_core(community)
    if old and old.school_id == school.pk:
        raise ValidationError({"school": "该校已是本教共体的核心校。"})
    if old and on < old.start_on:
        raise ValidationError({"start_on": "更换日期不能早于原核心校的加入日期。"})
    with transaction.atomic():
        if old:
            old.end_on = on
            validated_save(old, actor=actor, reason="更换核心校")
        as_member = Membership.objects.current().filter(community=community, school=school).first()
        if as_member:
            if on < as_member.start_on:
                raise ValidationError({"start_on": "更换日期不能早于该校的加入日期。"})
            as_member.end_on = on
            validated_save(as_member, actor=actor, reason="转为核心校")
        new_core = membership_add(
            community=community, school=school, role=MemberRole.CORE, start_on=on, actor=actor
        )
        if old and keep_old_as_member:
            membership_add(
                community=community,
                school=old.school,
                role=MemberRole.MEMBER,
                start_on=on,
                note="原核心校",
                actor=actor,
            )
    return new_core


def current_core(community: Community) -> Membership | None:
    return (
        Membership.objects.current()
        .filter(community=community, role=MemberRole.CORE)
        .select_related("school")
        .first()
    )


def _check_teacher_in_district(teacher: Teacher | None, community: Community, field: str) -> None:
    if teacher is not None and teacher.school.district_id != community.district_id:
        raise ValidationError({field: "只能选择本教育局的教师。"})


def position_save(
    *, position: Position, actor=None, expected_version: str | None = None
) -> Position:
    _check_teacher_in_district(position.teacher, position.community, "teacher")
    if position.school_id and position.school.district_id != position.community.district_id:
        raise ValidationError({"school": "只能选择本教育局的学校。"})
    with transaction.atomic():
        check_version(position, expected_version)
        return validated_save(position, actor=actor)


def position_end(*, position: Position, end_on: datetime.date, actor=None) -> Position:
    if position.end_on is not None:
        raise ValidationError({"end_on": "该职务已结束。"})
    position.end_on = end_on
    return position_save(position=position, actor=actor)


def workgroup_save(*, group: WorkGroup, members: Iterable[Teacher], actor=None) -> WorkGroup:
    members = list(members)
    _check_teacher_in_district(group.leader, group.community, "leader")
    for teacher in members:
        _check_teacher_in_district(teacher, group.community, "members")
    with transaction.atomic():
        validated_save(group, actor=actor)
        group.members.set(members)
    return group


def workgroup_delete(*, group: WorkGroup, actor=None) -> None:
    if actor is not None and getattr(actor, "is_authenticated", False):
        group._history_user = actor
    with transaction.atomic():
        group.delete()

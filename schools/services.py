"""Writes to schools and teachers. Views, imports, commands and tests all call these."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts import access
from core.concurrency import check_version
from core.services import validated_save

from .models import School, Teacher, TeacherMove

# A school's registry identity: the bureau's to keep (a school leader edits the rest).
IDENTITY_FIELDS = ("name", "code", "stage", "locale", "parent")


def _identity_changes(school: School) -> list[str]:
    saved = (
        School.objects.filter(pk=school.pk)
        .values(*[f"{f}_id" if f == "parent" else f for f in IDENTITY_FIELDS])
        .first()
    )
    if saved is None:
        return []
    return [
        str(School._meta.get_field(name).verbose_name)
        for name in IDENTITY_FIELDS
        if getattr(school, f"{name}_id" if name == "parent" else name)
        != saved[f"{name}_id" if name == "parent" else name]
    ]


def school_save(
    *, school: School, actor=None, reason: str = "", expected_version: str | None = None
) -> School:
    """Create or update a school after validating it (name key, code, parent chain).

    Only the bureau creates schools and changes their registry identity (``IDENTITY_FIELDS``);
    another acting user (a school leader editing its school) is refused such a change.
    ``expected_version`` (from the edit form, ``core.concurrency``): refuse to save over a
    change made since the form was shown."""
    if actor is not None and not access.can_manage_rosters(actor):
        if school.pk is None:
            raise ValidationError("新建学校由教育局办理。")
        changed = _identity_changes(school)
        if changed:
            raise ValidationError(f"{'、'.join(changed)}由教育局维护，不能修改。")
    with transaction.atomic():
        check_version(school, expected_version)
        return validated_save(school, actor=actor, reason=reason)


def teacher_save(*, teacher: Teacher, actor=None, expected_version: str | None = None) -> Teacher:
    with transaction.atomic():
        check_version(teacher, expected_version)
        return validated_save(teacher, actor=actor)


def teacher_move(
    *, teacher: Teacher, to_school: School, moved_on: datetime.date, note: str = "", actor=None
) -> TeacherMove:
    """Move a teacher to another school of the same district; the move is kept on record.

    This is the one write that changes a teacher's employing school (``Teacher.school``) and
    restarts the years counted for rotation. An exchange (交流轮岗, 支教 …) is not a move: the
    teacher keeps the home school (身份不变) and the exchanges app records where the teacher
    serves, for which dates, without touching ``school``.
    """
    if to_school.pk == teacher.school_id:
        raise ValidationError({"to_school": "调入学校不能与当前学校相同。"})
    if to_school.district_id != teacher.school.district_id:
        raise ValidationError({"to_school": "只能调动到本教育局的学校。"})
    if teacher.joined_school_on and moved_on < teacher.joined_school_on:
        raise ValidationError({"moved_on": "调动日期不能早于到当前学校工作的日期。"})
    with transaction.atomic():
        move = TeacherMove(
            teacher=teacher,
            from_school=teacher.school,
            to_school=to_school,
            moved_on=moved_on,
            note=note,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        move.full_clean()
        move.save()
        teacher.school = to_school
        teacher.joined_school_on = moved_on
        validated_save(teacher, actor=actor, reason=f"调动：{move.from_school} → {to_school}")
    return move

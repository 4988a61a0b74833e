"""Visibility rules of the models that read only the schools app (see ``core.scoping``).

School and teacher visibility depend on memberships, so those rules live in
``communities.visibility``; a teacher move is visible with its teacher.
"""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.access import is_platform
from core.scoping import visibility_rule, visible

from .models import District, Teacher, TeacherMove


@visibility_rule(District)
def districts_visible_to(user) -> QuerySet[District]:
    if not user.is_authenticated:
        return District.objects.none()
    if is_platform(user):
        return District.objects.all()
    if user.district_id is None:
        return District.objects.none()
    return District.objects.filter(pk=user.district_id)


@visibility_rule(TeacherMove)
def teacher_moves_visible_to(user) -> QuerySet[TeacherMove]:
    return TeacherMove.objects.filter(teacher__in=visible(user, Teacher).values("pk"))

"""What each role may do — the named predicates every view, export, import and command asks.

Which rows a user may *see* is a visibility rule per model, registered in ``core.scoping`` by the
lowest app that holds the models it reads (``communities.visibility`` for schools, teachers and
communities). This module holds the role predicates: edit rights on an object already known to
be visible. Visible but not editable answers 403; not visible answers 404.

Roles (DOMAIN.md §5):
- bureau administrator / bureau staff: the whole district; rosters, communities, imports.
- community leader: its community and its schools (read); the community's positions and work
  groups (write). Rosters stay with the bureau.
- school leader: its own school, its teachers, and its community's overview (read); edits only
  its own school and teachers.
- platform operator: a superuser with no district, sees every district. A superuser *with* a
  district is scoped like its role.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .enums import BUREAU_ROLES, Role


def is_platform(user) -> bool:
    """A platform operator: a superuser bound to no district."""
    return bool(user.is_authenticated and user.is_superuser and user.district_id is None)


def is_bureau(user) -> bool:
    return user.is_authenticated and user.district_id is not None and user.role in BUREAU_ROLES


def is_bureau_admin(user) -> bool:
    return user.is_authenticated and user.district_id is not None and user.role == Role.BUREAU_ADMIN


def is_community_leader(user) -> bool:
    return (
        user.is_authenticated
        and user.district_id is not None
        and user.role == Role.COMMUNITY_LEADER
        and user.community_id is not None
    )


def is_school_leader(user) -> bool:
    return (
        user.is_authenticated
        and user.district_id is not None
        and user.role == Role.SCHOOL_LEADER
        and user.school_id is not None
    )


# --- edit rights: predicates on objects already known to be visible -----------------------


def can_manage_rosters(user) -> bool:
    """Create and edit schools, communities and memberships; import rosters."""
    return is_bureau(user) or is_platform(user)


def can_edit_school(user, school) -> bool:
    if can_manage_rosters(user):
        return True
    return is_school_leader(user) and school.pk == user.school_id


def can_see_teachers_of(user, school) -> bool:
    """Whether a school page (of a school already visible) may list its teachers: the bureau and
    a community leader see the teachers of every school they see; a school leader only those of
    its own school and of its teaching points (teachers are personal data)."""
    if can_manage_rosters(user) or is_bureau(user) or is_community_leader(user):
        return True
    return is_school_leader(user) and user.school_id in (school.pk, school.parent_id)


def can_edit_teachers_of(user, school) -> bool:
    if can_manage_rosters(user):
        return True
    return is_school_leader(user) and user.school_id in (school.pk, school.parent_id)


def can_edit_teacher(user, teacher) -> bool:
    return can_edit_teachers_of(user, teacher.school)


def can_move_teacher(user, teacher) -> bool:
    """A move crosses schools, so it is the bureau's act."""
    return can_manage_rosters(user)


def can_manage_governance(user, community) -> bool:
    """Positions and work groups: the bureau, or the community's own leader."""
    if can_manage_rosters(user):
        return True
    return is_community_leader(user) and user.community_id == community.pk


def can_manage_assessment(user) -> bool:
    """Assessment schemes, scores, publishing and corrections (DOMAIN.md §5: the bureau)."""
    return is_bureau(user) or is_platform(user)


def can_self_assess(user, school) -> bool:
    """A school's self-assessment of its self-scored indicators: its own leader, or the
    community's leader (already known to see the school); the bureau enters and confirms."""
    if can_manage_assessment(user):
        return True
    if is_school_leader(user):
        return school.pk == user.school_id
    return is_community_leader(user)


def can_manage_users(user) -> bool:
    return is_bureau_admin(user) or is_platform(user)


# --- helpers for views ---------------------------------------------------------------------


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("您没有权限执行此操作。")


def needs_second_factor(user) -> bool:
    """Who must use a second factor when ``REQUIRE_2FA`` is on: bureau administrators and
    superusers (platform operators)."""
    return is_bureau_admin(user) or bool(user.is_authenticated and user.is_superuser)


def can_read_access_log(user) -> bool:
    """The access log: a bureau administrator its own district's part, a platform operator
    all of it."""
    return is_bureau_admin(user) or is_platform(user)
